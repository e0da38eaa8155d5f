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
            (["--iterations", "0"], "--iterations must be a whole number from 1 to 100000000, not '0'"),
            (["--iterations=2.5"], "--iterations must be a whole number from 1 to 100000000, not '2.5'"),
            (["--iterations", "5", "--epochs", "1"], "give either --epochs or --iterations, not both"),
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
        // --epochs on a recipe by iterations: the schedule still counts iterations.
        #expect(applied.scheduleClock == .iterations)
    }

    @Test func iterationsOverrideTheLengthAndKeepTheSchedulesClock() throws {
        let byEpochs = TrainingRecipe(optimizer: .adadelta(lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0),
                                      schedule: .step(stepSize: 1, gamma: 0.7), batch: 64, length: .epochs(14),
                                      initializer: .kaimingUniform, seed: 1)
        let short = try TrainerFlags.parse(["--iterations", "100"]).applied(to: byEpochs)
        #expect(short.length == .iterations(100) && short.scheduleClock == .epochs)
        #expect(short.optimizer == byEpochs.optimizer)
        // StepLR still cuts the rate once an epoch (of 10 batches here), not every iteration.
        let rates = LearningRate(base: 1, schedule: short.schedule,
                                 plan: try EpochPlan(trainCount: 640, batch: 64, length: short.length), clock: short.scheduleClock)
        #expect(rates.rate(iteration: 9) == 1 && abs(rates.rate(iteration: 10) - 0.7) < 1e-15)
        // The recipe records the clock only when it differs from the length's.
        #expect(short.settings.contains { $0.key == "schedule_clock" && $0.value == "epochs" })
        #expect(!byEpochs.settings.contains { $0.key == "schedule_clock" })
        let byIterations = TrainingRecipe(optimizer: byEpochs.optimizer, schedule: .constant, batch: 64,
                                          length: .iterations(10_000), initializer: .xavierUniform, seed: 0)
        let same = try TrainerFlags.parse(["--iterations=500"]).applied(to: byIterations)
        #expect(same.length == .iterations(500) && same.scheduleClock == nil)
        // --lr reaches every optimizer's rate and nothing else.
        #expect(try TrainerFlags.parse(["--lr", "0.5"]).applied(to: byEpochs).optimizer == .adadelta(lr: 0.5, rho: 0.9, eps: 1e-6, weightDecay: 0))
    }
}
