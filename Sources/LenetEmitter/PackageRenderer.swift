import LenetModel

/// The files around `Network.swift`: the package manifest, the zlib module, the README.
enum PackageRenderer {
    /// Where the runtime's files go: a library target of their own, so that `Sources/<name>/` holds
    /// only what is specific to the spec.
    static let runtimeFolder = "Sources/LenetRuntime/"

    static func manifest(_ plan: EmitPlan) -> String {
        """
        // swift-tools-version: 6.0
        // \(plan.name): a standalone trainer for \(plan.model.sourcePath), written by `lenetc emit`.
        // Generated; do not edit. It depends on no package: Sources/\(plan.name)/ holds what is specific to the
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
            name: "\(plan.name)",
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
                    name: "\(plan.name)",
                    dependencies: ["LenetRuntime"],
                    path: "Sources/\(plan.name)",
                    swiftSettings: optimized),
            ]
        )

        """
    }

    static let moduleMap = """
    module CZlib [system] {
        header "shim.h"
        link "z"
        export *
    }

    """

    static let shim = """
    #include <zlib.h>

    """

    static func readme(_ plan: EmitPlan, runtimeFiles: [String]) -> String {
        let model = plan.model
        let table = ShapeTable.text(model).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        return """
        # \(plan.name)

        A standalone trainer for one network, written by `lenetc emit` from `\(model.sourcePath)`. Every size is a
        literal, every layer has its own kernels, and neighbouring layers are fused; it trains this network and
        nothing else. Generated: do not edit, emit again instead.

        ## Train

        ```sh
        swift run -c release \(plan.name)
        ```

        It takes the same flags as `lenetc run` (`--data DIR|synthetic`, `--dataset mnist|fashion-mnist`,
        `--epochs N`, `--lr X`, `--batch N`, `--seed N`, `--threads N`, `--metrics FILE.jsonl`, `--plot FILE.svg`,
        `--save FILE.safetensors`, `--resume FILE.safetensors`; `--help` lists them), finds data the same way
        (`--data`, `$LENETC_DATA`, `./data/\(model.train.dataset.rawValue)/`, `/usr/share/datasets/\(model.train.dataset.rawValue)/`,
        a download, else built-in synthetic digits, as its first line says), and prints d2l's epoch lines and the
        training speed. Checkpoints carry PyTorch's parameter names, so `lenetc eval` and `load_state_dict` read
        them. `--profile` times every block's forward and backward instead of training (no data needed). Needs
        zlib (`apt-get install zlib1g-dev`) and a Swift 6 toolchain (swift-tools-version 6.0; the runtime uses
        typed throws).

        ## The network

        \(table)

        ## Files

        | file | what |
        |---|---|
        | `Sources/\(plan.name)/Network.swift` | `\(plan.typeName)`: the specialised forward and backward passes (a `TrainableNetwork`) |
        | `Sources/\(plan.name)/main.swift` | the spec's training recipe, handed with the network to the shared trainer (`TrainerMain.swift`) |
        | `Sources/LenetRuntime/{\(runtimeFiles.joined(separator: ","))}` | lenetc's runtime, copied verbatim: a library target that both files import |
        | `Sources/CZlib/` | the system zlib, for gzip-compressed data files |

        """
    }
}
