// swift-tools-version: 6.0
// tf-deep-mnist: a standalone trainer for Specs/tf-deep-mnist.yaml, written by `lenetc emit`.
// Generated; do not edit. It depends on no package: Sources/tf-deep-mnist/ holds what is specific to the
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
    name: "tf-deep-mnist",
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
            name: "tf-deep-mnist",
            dependencies: ["LenetRuntime"],
            path: "Sources/tf-deep-mnist",
            swiftSettings: optimized),
    ]
)
