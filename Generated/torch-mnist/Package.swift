// swift-tools-version: 6.0
// torch-mnist: a standalone trainer for Specs/torch-mnist.yaml, written by `lenetc emit`.
// Generated; do not edit. It depends on no package: Sources/torch-mnist/ holds what is specific to the
// spec, the network (Network.swift) and its recipe (main.swift); Sources/LenetRuntime/ holds lenetc's
// runtime files, copied verbatim (the training loop, data, checkpoints, vector math).
import PackageDescription

#if arch(x86_64)
// The kernels compute on 8-wide float vectors: AVX2 and FMA (x86-64-v3) make each one instruction.
let cpu = ["-Xcc", "-march=x86-64-v3"]
#else
let cpu: [String] = []
#endif
let optimized: [SwiftSetting] = [
    .unsafeFlags(cpu),
    .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

let package = Package(
    name: "torch-mnist",
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "LenetRuntime",
            dependencies: ["CZlib"],
            path: "Sources/LenetRuntime",
            swiftSettings: optimized),
        .executableTarget(
            name: "torch-mnist",
            dependencies: ["LenetRuntime"],
            path: "Sources/torch-mnist",
            swiftSettings: optimized),
    ]
)
