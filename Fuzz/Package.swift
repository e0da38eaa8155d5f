// swift-tools-version: 6.0
// libFuzzer harnesses for lenetc's readers: the spec reader and validator, the safetensors and
// checkpoint reader, and the IDX and gzip reader. Built only by Fuzz/run.sh, with
// `-sanitize=fuzzer,address` on every module (coverage counters and AddressSanitizer in lenetc's own
// modules too); each harness's main.swift hands its function to libFuzzer's driver. A plain
// `swift build` of the repository never sees this package. See Fuzz/run.sh.
import PackageDescription

let package = Package(
    name: "LenetFuzz",
    dependencies: [.package(name: "lenetc", path: "..")],
    targets: [
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(name: "FuzzSpec", dependencies: [
            "CFuzzer", .product(name: "LenetSpec", package: "lenetc"), .product(name: "LenetModel", package: "lenetc"),
        ]),
        .executableTarget(name: "FuzzSafetensors", dependencies: ["CFuzzer", .product(name: "LenetRuntime", package: "lenetc")]),
        .executableTarget(name: "FuzzIDX", dependencies: ["CFuzzer", .product(name: "LenetRuntime", package: "lenetc")]),
    ]
)
