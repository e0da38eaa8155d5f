// swift-tools-version: 5.9
// tf-deep-mnist: a standalone trainer for Specs/tf-deep-mnist.yaml, written by `lenetc emit`.
// Generated; do not edit. It depends on no package: Sources/tf-deep-mnist/ holds the specialised network
// (Network.swift), the trainer (main.swift) and lenetc's runtime files, copied verbatim.
import PackageDescription

#if arch(x86_64)
// The kernels compute on 8-wide float vectors: AVX2 and FMA (x86-64-v3) make each one instruction.
let cpu = ["-Xcc", "-march=x86-64-v3"]
#else
let cpu: [String] = []
#endif

let package = Package(
    name: "tf-deep-mnist",
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(
            name: "tf-deep-mnist",
            dependencies: ["CZlib"],
            path: "Sources/tf-deep-mnist",
            swiftSettings: [
                .unsafeFlags(cpu),
                .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
            ]),
    ]
)
