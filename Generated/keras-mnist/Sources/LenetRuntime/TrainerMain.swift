import Foundation

extension LocatedData {
    /// The first line of a run: which data and how much, or why it is synthetic. `lenetc run` and
    /// every emitted trainer print the same line.
    public var banner: String {
        let counts = "\(grouped(dataset.train.count)) training and \(grouped(dataset.test.count)) test images"
        if let notice { return notice + " (\(counts))" }
        switch origin {
        case .synthetic: return "training on built-in synthetic digits (\(counts))"
        case let .downloaded(dir): return "training on \(dataset.info.displayName) downloaded into \(dir) (\(counts))"
        case let .explicitDirectory(dir), let .environment(dir), let .localDirectory(dir), let .systemDirectory(dir):
            return "training on \(dataset.info.displayName) from \(URL(fileURLWithPath: dir).standardized.path) (\(counts))"
        }
    }

    /// Writes the notes about the data (files of unknown content, files of another data set) to standard
    /// error, one "note:" line each, before the banner.
    public func printNotes() {
        for note in notes { Console.errorLine("note: " + note) }
    }
}

/// `61706` as `61,706`.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// The command line of an emitted trainer: the same flags as `lenetc run`, parsed without any
/// package (emitted trainers depend on nothing but the toolchain).
public struct TrainerFlags: Equatable, Sendable {
    public var epochs: Int?
    /// `--iterations`: the run's length in mini-batches instead of the recipe's epochs or iterations.
    public var iterations: Int?
    public var lr: Double?
    public var batch: Int?
    public var seed: UInt64?
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    public var data: String?
    public var save: String?
    public var metrics: String?
    public var plot: String?
    public var resume: String?
    /// `--dataset`: the data set to train on instead of the spec's.
    public var dataset: DatasetInfo?
    public var help = false
    /// `--profile`: time every block instead of training (`--profile-steps` timed steps).
    public var profile = false
    public var profileSteps = 20

    public init() {}

    public struct UsageError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `arguments` (without the program name). `--flag value` and `--flag=value` both work.
    public static func parse(_ arguments: [String]) throws -> TrainerFlags {
        var flags = TrainerFlags()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "-h" || argument == "--help" { flags.help = true; continue }
            if argument == "--profile" { flags.profile = true; continue }
            guard argument.hasPrefix("--") else { throw UsageError(description: "unexpected argument '\(argument)'") }
            var name = String(argument.dropFirst(2)), value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard ["epochs", "iterations", "lr", "batch", "seed", "threads", "data", "dataset", "save", "metrics", "plot", "resume",
                   "profile-steps"].contains(name) else {
                throw UsageError(description: "unknown option '--\(name)'")
            }
            guard let text = value ?? rest.popFirst() else { throw UsageError(description: "missing value for '--\(name)'") }
            func int(_ range: ClosedRange<Int>) throws -> Int {
                guard let n = Int(text), range.contains(n) else {
                    throw UsageError(description: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
                }
                return n
            }
            switch name {
            case "epochs": flags.epochs = try int(Limits.epochs)
            case "iterations": flags.iterations = try int(Limits.iterations)
            case "batch": flags.batch = try int(Limits.batch)
            case "threads": flags.threads = try int(Limits.threads)
            case "profile-steps": flags.profileSteps = try int(Limits.profileSteps)
            case "seed": flags.seed = UInt64(try int(Limits.seed))
            case "lr":
                guard let x = Double(text), x > 0, x <= Limits.maxLearningRate else {
                    throw UsageError(description: "--lr must be a number greater than 0 and at most \(Int(Limits.maxLearningRate)), not '\(text)'")
                }
                flags.lr = x
            case "data": flags.data = text
            case "dataset":
                do { flags.dataset = try DatasetInfo.fromFlag(text) } catch { throw UsageError(description: error.message) }
            case "save": flags.save = text
            case "metrics": flags.metrics = text
            case "plot": flags.plot = text
            default: flags.resume = text
            }
        }
        if flags.epochs != nil && flags.iterations != nil {
            throw UsageError(description: "give either --epochs or --iterations, not both")
        }
        return flags
    }

    /// `recipe` with these flags applied. `--epochs` and `--iterations` change how long the run lasts;
    /// the schedule keeps counting what the spec's length counts (StepLR's epochs stay epochs).
    public func applied(to recipe: TrainingRecipe) -> TrainingRecipe {
        var out = recipe
        if let lr { out.optimizer = out.optimizer.withLR(lr) }
        if let batch { out.batch = batch }
        let clock = recipe.scheduleClock ?? recipe.length.clock
        if let epochs { out.length = .epochs(epochs) }
        if let iterations { out.length = .iterations(iterations) }
        if out.length.clock != clock { out.scheduleClock = clock }
        if let seed { out.seed = seed }
        return out
    }

    public static let usage = """
        OPTIONS:
          --epochs <n>     train for this many epochs (overrides the spec)
          --iterations <n> train for this many mini-batches instead (overrides the spec's epochs or
                           iterations; the schedule keeps counting what the spec counts)
          --lr <x>         base learning rate
          --batch <n>      mini-batch size
          --seed <n>       random seed for weights, shuffling and dropout
          --threads <n>    threads to use (default: every core)
          --data <dir>     folder with the four IDX files (raw or .gz), or `synthetic`
          --dataset <name> mnist or fashion-mnist: the data set to train on (overrides the spec)
          --metrics <f>    write one JSON record per epoch to this .jsonl file
          --plot <f>       draw the training curves into this .svg file
          --save <f>       save a checkpoint (safetensors, PyTorch names) after every epoch
          --resume <f>     continue from a checkpoint written by --save
          --profile        time every block's forward and backward (median ms per batch, random
                           inputs, no data needed) instead of training; --profile-steps <n> (20)
          -h, --help       show this help
        """
}

/// The whole `main` of an emitted trainer: parse the flags, find the data, train with the shared
/// loop, and map failures to the exit statuses `lenetc run` uses (2 usage, 3 unreadable file,
/// 4 the loss diverged, 130 interrupted).
public enum TrainerMain {
    /// `architecture` is the spec's `Model.architecture`, which checkpoints record, and
    /// `normalization` its input's `normalize` (see `RunOptions`).
    public static func run(name: String, dataset: String, recipe: TrainingRecipe, architecture: String,
                           normalization: InputNormalization? = nil, arguments: [String],
                           makeNetwork: (_ maxBatch: Int, _ threads: Int) -> TrainableNetwork) -> Int32 {
        func fail(_ message: String) { Console.errorLine("error: " + message) }
        let flags: TrainerFlags
        do { flags = try TrainerFlags.parse(Array(arguments.dropFirst())) } catch {
            fail("\(error)\nRun '\(arguments.first.map { ($0 as NSString).lastPathComponent } ?? name) --help' for usage.")
            return 2
        }
        if flags.help {
            Console.line("Trains \(name) (emitted by lenetc).\n\nUSAGE: \(arguments.first.map { ($0 as NSString).lastPathComponent } ?? name) [options]\n\n" + TrainerFlags.usage)
            return 0
        }
        let chosen = flags.dataset?.name ?? dataset
        if let override = flags.dataset, let own = DatasetInfo.named(dataset), !override.fits(own) {
            fail("--dataset \(override.name): \(name) was emitted for \(own.displayName)'s \(own.form), not \(override.form)")
            return 2
        }
        if flags.profile {
            let applied = flags.applied(to: recipe)
            guard let network = makeNetwork(applied.batch, flags.threads) as? ProfilingNetwork else {
                fail("this network cannot time its blocks")
                return 2
            }
            do {
                let report = try StepProfiler.run(network, name: name, recipe: applied,
                                                  classes: DatasetInfo.named(chosen)?.classCount ?? 10,
                                                  steps: flags.profileSteps)
                Console.out(report.text)
                return 0
            } catch {
                fail("\(error)")
                return 3
            }
        }
        let located: LocatedData
        do { located = try DataLocator().locate(dataset: chosen, explicit: flags.data) } catch {
            fail("\(error)")
            return 3
        }
        located.printNotes()
        Console.line(located.banner)
        let applied = flags.applied(to: recipe)
        let network = makeNetwork(applied.batch, flags.threads)
        let options = RunOptions(specName: name, threads: flags.threads, savePath: flags.save, metricsPath: flags.metrics,
                                 plotPath: flags.plot, resumePath: flags.resume, architecture: architecture,
                                 normalization: normalization)
        do {
            _ = try TrainingLoop(network: network, recipe: applied, data: located.dataset, options: options).run()
            return 0
        } catch let stop as TrainingStop {
            fail("\(stop)")
            switch stop {
            case .nonFinite: return 4
            case .interrupted: return Interrupt.exitStatus
            case .badCheckpoint: return 3
            }
        } catch {
            fail("\(error)")
            return 3
        }
    }
}
