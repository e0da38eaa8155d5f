import LenetRuntime
import Testing

@Suite struct TrainerFlagsTests {
    @Test func parsesEveryFlagInBothForms() throws {
        let flags = try TrainerFlags.parse(["--epochs", "3", "--lr=0.1", "--batch", "64", "--seed", "7", "--threads=1",
                                            "--data", "synthetic", "--save", "w.safetensors", "--metrics", "m.jsonl",
                                            "--plot", "p.svg", "--resume", "r.safetensors"])
        #expect(flags.epochs == 3 && flags.lr == 0.1 && flags.batch == 64 && flags.seed == 7 && flags.threads == 1)
        #expect(flags.data == "synthetic" && flags.save == "w.safetensors" && flags.metrics == "m.jsonl")
        #expect(flags.plot == "p.svg" && flags.resume == "r.safetensors" && !flags.help)
        #expect(try TrainerFlags.parse(["-h"]).help)
        #expect(flags.dataset == nil)
        #expect(try TrainerFlags.parse(["--dataset", "fashion-mnist"]).dataset == .fashionMNIST)
        #expect(try TrainerFlags.parse(["--dataset=MNIST"]).dataset == .mnist)
        #expect(try TrainerFlags.parse(["--dataset", "fashion_mnist"]).dataset == .fashionMNIST)
        let profile = try TrainerFlags.parse(["--profile", "--profile-steps", "5"])
        #expect(profile.profile && profile.profileSteps == 5 && !flags.profile && flags.profileSteps == 20)
    }

    @Test func chunksDependOnTheBatchAlone() {
        // Small batches still make two threads' worth of chunks; large ones at least 4 groups a chunk.
        #expect([1, 2, 3, 4, 7, 15, 16, 31, 32, 100].map { GroupChunks.count(groups: $0) } == [1, 2, 3, 4, 4, 4, 4, 7, 8, 8])
        for groups in 1...40 {
            let chunks = GroupChunks.count(groups: groups)
            let ranges = (0..<chunks).map { GroupChunks.groups(groups, chunk: $0, of: chunks) }
            #expect(ranges.allSatisfy { !$0.isEmpty } && ranges.map(\.count).reduce(0, +) == groups)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
    }

    @Test func rejectsBadInputWithAClearMessage() {
        for (arguments, message) in [
            (["--epochs", "0"], "--epochs must be a whole number from 1 to 10000, not '0'"),
            (["--lr", "-1"], "--lr must be a number greater than 0 and at most 100, not '-1'"),
            (["--frob"], "unknown option '--frob'"),
            (["--epochs"], "missing value for '--epochs'"),
            (["lenet"], "unexpected argument 'lenet'"),
            (["--dataset", "fashon-mnist"], "--dataset must be mnist or fashion-mnist, not 'fashon-mnist' (did you mean 'fashion-mnist'?)"),
            (["--dataset=mnsit"], "--dataset must be mnist or fashion-mnist, not 'mnsit' (did you mean 'mnist'?)"),
            (["--dataset", "cifar10"], "--dataset must be mnist or fashion-mnist, not 'cifar10'"),
            (["--dataset", "synthetic"], "--dataset must be mnist or fashion-mnist, not 'synthetic'"),
        ] {
            #expect(throws: TrainerFlags.UsageError.self) { try TrainerFlags.parse(arguments) }
            do { _ = try TrainerFlags.parse(arguments) } catch { #expect("\(error)" == message) }
        }
    }

    @Test func flagsOverrideTheRecipe() throws {
        let recipe = TrainingRecipe(optimizer: .sgd(lr: 0.01, momentum: 0.9, weightDecay: 5e-4, nesterov: false),
                                    schedule: .inv(gamma: 1e-4, power: 0.75), batch: 64, length: .iterations(10_000),
                                    initializer: .xavierUniform, seed: 0)
        let applied = try TrainerFlags.parse(["--lr", "0.02", "--epochs", "2", "--seed", "3"]).applied(to: recipe)
        #expect(applied.optimizer == .sgd(lr: 0.02, momentum: 0.9, weightDecay: 5e-4, nesterov: false))
        #expect(applied.length == .epochs(2) && applied.seed == 3 && applied.batch == 64)
        #expect(try TrainerFlags.parse([]).applied(to: recipe) == recipe)
    }
}
