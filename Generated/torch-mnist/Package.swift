// swift-tools-version: 5.9
// torch-mnist: a standalone trainer for Specs/torch-mnist.yaml, written by `lenetc emit`.
// Generated; do not edit. It depends on no package: Sources/torch-mnist/ holds the specialised network
// (Network.swift), the trainer (main.swift) and lenetc's runtime files, copied verbatim.
import PackageDescription

#if arch(x86_64)
// The kernels compute on 8-wide float vectors: AVX2 and FMA (x86-64-v3) make each one instruction.
let cpu = ["-Xcc", "-march=x86-64-v3"]
#else
let cpu: [String] = []
#endif

let package = Package(
    name: "torch-mnist",
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(
            name: "torch-mnist",
            dependencies: ["CZlib"],
            path: "Sources/torch-mnist",
            swiftSettings: [
                .unsafeFlags(cpu),
                .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
            ]),
    ]
)
