import ArgumentParser
import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import LenetSpec

/// Flags `run` shares with the emitted trainers (same names, same meaning).
struct TrainingFlags: ParsableArguments {
    @Option(help: "Train for this many epochs (overrides the spec).")
    var epochs: Int?

    @Option(help: "Train for this many mini-batches (overrides the spec's epochs or iterations; the schedule keeps counting what the spec counts).")
    var iterations: Int?

    @Option(help: "Base learning rate (overrides the spec).")
    var lr: Double?

    @Option(help: "Mini-batch size (overrides the spec).")
    var batch: Int?

    @Option(help: "Random seed for weights, shuffling and dropout (overrides the spec).")
    var seed: UInt64?

    @Option(help: "Threads to use (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Data folder with the four IDX files (raw or .gz), or `synthetic`.")
    var data: String?

    @OptionGroup var dataset: DatasetFlag

    func validate() throws {
        if let epochs, !Limits.epochs.contains(epochs) { throw ValidationError("--epochs must be between 1 and \(Limits.epochs.upperBound)") }
        if let iterations, !Limits.iterations.contains(iterations) {
            throw ValidationError("--iterations must be between 1 and \(Limits.iterations.upperBound.grouped)")
        }
        if epochs != nil && iterations != nil { throw ValidationError("give either --epochs or --iterations, not both") }
        if let lr, !(lr > 0 && lr <= Limits.maxLearningRate) { throw ValidationError("--lr must be greater than 0 and at most \(Limits.maxLearningRate.compact)") }
        if let batch, !Limits.batch.contains(batch) { throw ValidationError("--batch must be between 1 and \(Limits.batch.upperBound)") }
        if !Limits.threads.contains(threads) { throw ValidationError("--threads must be between 1 and \(Limits.threads.upperBound)") }
        if let seed, seed > UInt64(Limits.seed.upperBound) {
            throw ValidationError("--seed must be between 0 and \(Limits.seed.upperBound)")
        }
    }

    /// The spec's recipe with these flags applied (by the same rule emitted trainers use).
    func recipe(_ model: Model) -> TrainingRecipe {
        var overrides = TrainerFlags()
        overrides.epochs = epochs
        overrides.iterations = iterations
        overrides.lr = lr
        overrides.batch = batch
        overrides.seed = seed
        return overrides.applied(to: model.train.recipe)
    }
}

/// `lenetc run SPEC`: train with the engine and report as d2l's `train_ch6` does.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train a spec with the engine and report loss, accuracy and speed per epoch.",
        discussion: """
        Data comes from --data DIR, else $LENETC_DATA, else ./data/<dataset>/, else \
        /usr/share/datasets/<dataset>/, else a download into ./data/<dataset>/; with none of those (offline), \
        the built-in synthetic digits, as the first line says. Files are checked by the MD5 of their content; \
        Fashion-MNIST files given to an MNIST spec (or the reverse) train as what they are, with a note. Exit status: 0 done, 1 invalid spec, 2 bad usage, 3 unreadable file, 4 the loss diverged \
        (NaN), 130 interrupted by Ctrl-C (after saving, with --save).
        """)

    @Argument(help: "A spec file, or a name in Specs/.")
    var spec: String

    @OptionGroup var flags: TrainingFlags

    @Option(help: "Write one JSON record per epoch to this .jsonl file.")
    var metrics: String?

    @Option(help: "Draw the training curves (d2l's Animator) into this .svg file.")
    var plot: String?

    @Option(help: "Save a checkpoint (safetensors, PyTorch names) after every epoch.")
    var save: String?

    @Option(help: "Continue from a checkpoint written by --save.")
    var resume: String?

    func run() throws {
        let model = try SpecInput.model(spec, dataset: try flags.dataset.chosen())
        let recipe = flags.recipe(model)
        let data = try DataInput.load(flags.data, dataset: model.train.dataset)
        Terminal.out(data.banner + "\n")
        let network: EngineNetwork
        do {
            network = try EngineNetwork(model: model, maxBatch: recipe.batch, threads: flags.threads)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode.failure
        }
        let options = RunOptions(specName: model.name, threads: flags.threads, savePath: save, metricsPath: metrics,
                                 plotPath: plot, resumePath: resume, architecture: model.architecture,
                                 normalization: model.normalize)
        do {
            _ = try TrainingLoop(network: network, recipe: recipe, data: data.dataset, options: options).run()
        } catch let stop as TrainingStop {
            Terminal.err("error: \(stop)\n")
            switch stop {
            case .nonFinite: throw ExitCode(Lenetc.Status.diverged)
            case .interrupted: throw ExitCode(Interrupt.exitStatus)
            case .badCheckpoint: throw ExitCode(Lenetc.Status.unreadable)
            }
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
    }
}
