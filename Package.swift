// swift-tools-version: 6.0
// lenetc: a declarative model-spec compiler for LeNet-style convolutional networks.
//
// Stages run in one direction, one target each:
//   LenetSpec    YAML -> AST with source locations, diagnostics
//   LenetModel   validated model: resolved shapes, conv and pool geometry, parameter and MAC counts,
//                training recipe
//   LenetEngine  interprets and trains a model (OpenBLAS on the CPU)
//   LenetEmitter lowers a model to fused blocks and writes a standalone Swift trainer package
//   LenetExport  writes a model and its weights as ONNX (ONNXProto: the Swift of onnx.proto)
// LenetRuntime holds what the engine and emitted trainers both need (the training loop, seeded RNG,
// IDX reader, safetensors, synthetic digits, threads and chunks, the "did you mean" of every usage
// error); every stage may use it, and its files are shipped verbatim into every emitted package: the
// EmbedRuntimePlugin build plugin hands their text to LenetEmitter.
// The `lenetc` executable only wires the stages together.
import PackageDescription

#if arch(x86_64)
// The engine's own loops (im2col, activations, pooling) on 8-wide AVX2/FMA vectors (x86-64-v3), as
// emitted trainers are built; every machine lenetc targets has them.
let vectorISA = ["-Xcc", "-march=x86-64-v3"]
#else
let vectorISA: [String] = []
#endif

let package = Package(
    name: "lenetc",
    products: [
        .executable(name: "lenetc", targets: ["lenetc"]),
        .library(name: "LenetSpec", targets: ["LenetSpec"]),
        .library(name: "LenetModel", targets: ["LenetModel"]),
        .library(name: "LenetRuntime", targets: ["LenetRuntime"]),
        .library(name: "LenetEngine", targets: ["LenetEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libopenblas-dev"])]),
        .target(
            name: "LenetSpec",
            dependencies: ["LenetRuntime", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "LenetModel",
            dependencies: ["LenetSpec", "LenetRuntime"]),
        .target(
            name: "LenetRuntime",
            dependencies: ["CZlib"],
            swiftSettings: [.unsafeFlags(vectorISA)]),
        .target(
            name: "LenetEngine",
            dependencies: ["LenetSpec", "LenetModel", "LenetRuntime", "CBLAS"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"] + vectorISA)]),
        .target(
            name: "LenetEmitter",
            dependencies: ["LenetModel", "LenetSpec", "LenetRuntime"],
            plugins: ["EmbedRuntimePlugin"]),
        // Generated from onnx.proto and committed (Tools/ONNXProto/generate.sh), so that building
        // needs neither protoc nor swift-protobuf's plugin.
        .target(
            name: "ONNXProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(
            name: "LenetExport",
            dependencies: ["LenetModel", "LenetSpec", "LenetRuntime", "ONNXProto"]),
        .executableTarget(
            name: "EmbedRuntime",
            path: "Sources/EmbedRuntime"),
        .plugin(
            name: "EmbedRuntimePlugin",
            capability: .buildTool(),
            dependencies: ["EmbedRuntime"]),
        .executableTarget(
            name: "lenetc",
            dependencies: [
                "LenetSpec", "LenetModel", "LenetRuntime", "LenetEngine", "LenetEmitter", "LenetExport",
                "ONNXProto", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "LenetcTests",
            dependencies: ["LenetSpec", "LenetModel", "LenetRuntime", "LenetEngine", "LenetExport", "lenetc"],
            exclude: ["Golden", "BadSpecs", "ONNX"]),
        .testTarget(
            name: "LenetRuntimeTests",
            dependencies: ["LenetRuntime"]),
        .testTarget(
            name: "LenetEngineTests",
            dependencies: ["LenetEngine", "LenetModel", "LenetRuntime"]),
        .testTarget(
            name: "LenetEmitterTests",
            dependencies: ["LenetEmitter", "LenetModel", "LenetSpec", "LenetRuntime", "lenetc"]),
    ]
)
