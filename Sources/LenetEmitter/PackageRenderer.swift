import LenetModel

/// The files around `Network.swift`: the package manifest, the zlib module, the README.
enum PackageRenderer {
    static func manifest(_ plan: EmitPlan) -> String {
        """
        // swift-tools-version: 5.9
        // \(plan.name): a standalone trainer for \(plan.model.sourcePath), written by `lenetc emit`.
        // Generated; do not edit. It depends on no package: Sources/\(plan.name)/ holds the specialised network
        // (Network.swift), the trainer (main.swift) and lenetc's runtime files, copied verbatim.
        import PackageDescription

        #if arch(x86_64)
        // The kernels compute on 8-wide float vectors: AVX2 and FMA (x86-64-v3) make each one instruction.
        let cpu = ["-Xcc", "-march=x86-64-v3"]
        #else
        let cpu: [String] = []
        #endif

        let package = Package(
            name: "\(plan.name)",
            targets: [
                .systemLibrary(
                    name: "CZlib",
                    path: "Sources/CZlib",
                    providers: [.apt(["zlib1g-dev"])]),
                .executableTarget(
                    name: "\(plan.name)",
                    dependencies: ["CZlib"],
                    path: "Sources/\(plan.name)",
                    swiftSettings: [
                        .unsafeFlags(cpu),
                        .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
                    ]),
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
        zlib (`apt-get install zlib1g-dev`) and a Swift 6 toolchain (the runtime uses typed throws).

        ## The network

        \(table)

        ## Files

        | file | what |
        |---|---|
        | `Sources/\(plan.name)/Network.swift` | `\(plan.typeName)`: the specialised forward and backward passes (a `TrainableNetwork`) |
        | `Sources/\(plan.name)/main.swift` | the spec's training recipe, handed with the network to the shared trainer (`TrainerMain.swift`) |
        | `Sources/\(plan.name)/{\(runtimeFiles.joined(separator: ","))}` | lenetc's runtime, copied verbatim |
        | `Sources/CZlib/` | the system zlib, for gzip-compressed data files |

        """
    }
}
