import Foundation
import Testing
@testable import LenetRuntime

/// What checkpoints record to tell models and recipes apart (issue 12, item 2).
@Suite struct RunIdentityTests {
    let layout = [ParameterSlot(name: "0.weight", shape: [6, 1, 5, 5], offset: 0, fanIn: 25, fanOut: 150, isBias: false),
                  ParameterSlot(name: "0.bias", shape: [6], offset: 150, fanIn: 25, fanOut: 150, isBias: true)]
    let recipe = TrainingRecipe(optimizer: .sgd(lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false), schedule: .constant,
                                batch: 256, length: .epochs(10), initializer: .xavierUniform, seed: 0)

    @Test func theModelTextHoldsTheArchitectureAndEveryTensorsShape() {
        let identity = RunIdentity(architecture: "input 1×28×28\n0 conv 1→6", layout: layout, recipe: recipe)
        #expect(identity.model == "input 1×28×28\n0 conv 1→6\n0.weight 6×1×5×5\n0.bias 6")
        #expect(identity.recipe == "optimizer sgd\nlr 0.9\nmomentum 0.0\nweight_decay 0.0\nnesterov false\nschedule constant\n"
                + "batch 256\nepochs 10\ninit xavier-uniform\nbiases zero\nseed 0")
        #expect(identity.modelFingerprint.hasPrefix("md5:") && identity.modelFingerprint.count == 36)
        let other = RunIdentity(architecture: "input 1×28×28\n0 conv 1→6, padding 2", layout: layout, recipe: recipe)
        #expect(other.modelFingerprint != identity.modelFingerprint)
        #expect(other.recipeFingerprint == identity.recipeFingerprint)
        #expect(other.firstDifference(from: identity) == "the checkpoint's network has `0 conv 1→6` where this one has `0 conv 1→6, padding 2`")
    }

    @Test func recipeChangesAreListedInRecipeOrder() {
        let old = RunIdentity(architecture: "", layout: layout, recipe: recipe)
        var changed = recipe
        changed.length = .iterations(500)
        changed.optimizer = .sgd(lr: 0.5, momentum: 0, weightDecay: 0, nesterov: false)
        let new = RunIdentity(architecture: "", layout: layout, recipe: changed)
        let changes = new.recipeChanges(from: old).map { "\($0.key) \($0.old) → \($0.new)" }
        #expect(changes == ["lr 0.9 → 0.5", "iterations none → 500", "epochs 10 → none"])
        #expect(old.recipeChanges(from: old).isEmpty)
        #expect(old.setting("batch") == "256")
    }

    @Test func checkpointsCarryTheIdentityAndRefuseATamperedOne() throws {
        let dir = TempDir()
        let identity = RunIdentity(architecture: "input 1×28×28", layout: layout, recipe: recipe)
        let state = Checkpoint.TrainingState(spec: "lenet", seed: 0, epoch: 1, batchInEpoch: 0, iteration: 5, epochRNG: [1, 2, 3, 4],
                                             partialLoss: 0, partialCorrect: 0, partialCount: 0, partialSeconds: 0,
                                             optimizer: OptimizerState(step: 5, buffers: [:]), records: [], identity: identity)
        let path = dir.file("ck.safetensors")
        try Checkpoint(tensors: [("0.bias", [6], [Float](repeating: 0, count: 6))], state: state).write(to: path)
        let file = try SafetensorsFile(contentsOf: path)
        #expect(file.metadata["model_fingerprint"] == identity.modelFingerprint)
        #expect(file.metadata["recipe"] == identity.recipe)
        #expect(try Checkpoint.read(from: path).state?.identity == identity)

        var writer = SafetensorsWriter()
        try writer.add("0.bias", floats: [Float](repeating: 0, count: 6), shape: [6])
        writer.metadata = file.metadata
        writer.metadata["model"] = "input 1×32×32"
        try writer.write(to: path)
        let error = #expect(throws: RuntimeFileError.self) { try Checkpoint.read(from: path) }
        #expect(error?.problem == "the checkpoint's model or recipe fingerprint does not match its description")
    }
}
