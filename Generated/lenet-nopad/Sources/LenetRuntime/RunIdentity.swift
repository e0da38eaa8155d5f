import Foundation

/// What a checkpoint records about the model and recipe that wrote it, so `--resume` refuses a
/// checkpoint of another model before anything is written (lenet.yaml's weights have exactly the
/// tensors of lenet-max.yaml's), and says what changed when only the recipe did.
///
/// Both parts are plain text with an MD5 fingerprint: the fingerprints decide, the texts explain. The
/// engine and the emitted trainers compute them here, from what both hand the training loop (the
/// architecture text lenetc wrote, the parameter layout, the recipe), so their checkpoints agree.
public struct RunIdentity: Sendable, Equatable {
    /// The network: `Model.architecture` from lenetc (input, each layer's settings and output
    /// shape), then one line per parameter tensor with its shape.
    public var model: String
    /// The recipe as `key value` lines (`lr 0.9`, `batch 256`, ...).
    public var recipe: String

    public init(model: String, recipe: String) {
        self.model = model
        self.recipe = recipe
    }

    /// The identity of a run of `layout` built from `architecture`, trained by `recipe`.
    public init(architecture: String, layout: [ParameterSlot], recipe: TrainingRecipe) {
        let tensors = layout.map { "\($0.name) \($0.shape.map(String.init).joined(separator: "×"))" }
        self.init(model: ([architecture].filter { !$0.isEmpty } + tensors).joined(separator: "\n"),
                  recipe: recipe.settings.map { "\($0.key) \($0.value)" }.joined(separator: "\n"))
    }

    public var modelFingerprint: String { "md5:" + MD5.hex(of: Array(model.utf8)) }
    public var recipeFingerprint: String { "md5:" + MD5.hex(of: Array(recipe.utf8)) }

    /// Where the checkpoint's network (`recorded`) and this one first differ, as the two lines.
    func firstDifference(from recorded: RunIdentity) -> String {
        let ours = model.split(separator: "\n").map(String.init), theirs = recorded.model.split(separator: "\n").map(String.init)
        for i in 0..<max(ours.count, theirs.count) {
            let a = i < theirs.count ? "`\(theirs[i])`" : "nothing", b = i < ours.count ? "`\(ours[i])`" : "nothing"
            if a != b { return "the checkpoint's network has \(a) where this one has \(b)" }
        }
        return "their descriptions differ"
    }

    /// The recipe's settings that differ from `recorded`'s, as `lr 0.9 → 0.5`, in recipe order.
    func recipeChanges(from recorded: RunIdentity) -> [(key: String, old: String, new: String)] {
        func pairs(_ text: String) -> [(String, String)] {
            text.split(separator: "\n").map { line in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
        let old = Dictionary(pairs(recorded.recipe), uniquingKeysWith: { a, _ in a })
        let new = pairs(recipe)
        var changes: [(key: String, old: String, new: String)] = []
        for (key, value) in new where old[key] != value { changes.append((key, old[key] ?? "none", value)) }
        let newKeys = Set(new.map(\.0))
        for (key, value) in pairs(recorded.recipe) where !newKeys.contains(key) { changes.append((key, value, "none")) }
        return changes
    }

    /// A recorded recipe's setting (`batch` → `256`).
    func setting(_ key: String) -> String? {
        for line in recipe.split(separator: "\n") where line.hasPrefix(key + " ") { return String(line.dropFirst(key.count + 1)) }
        return nil
    }
}

extension TrainingRecipe {
    /// Every setting, in a fixed order, as the checkpoint records them. Numbers print as Swift prints
    /// a `Double`, so the same value always reads the same.
    public var settings: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        out.append(("optimizer", optimizer.name))
        out += optimizer.fields.map { ($0.key, $0.values.map(\.description).joined(separator: ", ")) }
        switch schedule {
        case .constant: out.append(("schedule", "constant"))
        case let .step(stepSize, gamma): out.append(("schedule", "step, step_size \(stepSize), gamma \(gamma)"))
        case let .cosine(minLR): out.append(("schedule", "cosine, min_lr \(minLR)"))
        case let .inv(gamma, power): out.append(("schedule", "inv, gamma \(gamma), power \(power)"))
        case let .exponential(gamma): out.append(("schedule", "exponential, gamma \(gamma)"))
        case let .multistep(milestones, gamma):
            out.append(("schedule", "multistep, milestones \(milestones.map(String.init).joined(separator: " ")), gamma \(gamma)"))
        }
        // Only when it differs from the length's, so recipes without an override record what they did before.
        if let scheduleClock, scheduleClock != length.clock { out.append(("schedule_clock", scheduleClock.rawValue)) }
        out.append(("batch", "\(batch)"))
        switch length {
        case let .epochs(n): out.append(("epochs", "\(n)"))
        case let .iterations(n): out.append(("iterations", "\(n)"))
        }
        out += [("init", initializer.rawValue), ("biases", biasInitializer.rawValue), ("seed", "\(seed)")]
        return out
    }
}
