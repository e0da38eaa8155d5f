import Foundation
import LenetRuntime
import Testing

@Suite("Learning rate")
struct LearningRateTests {
    static func plan(_ length: RunLength, trainCount: Int = 10, batch: Int = 4) throws -> EpochPlan {
        try EpochPlan(trainCount: trainCount, batch: batch, length: length)
    }

    @Test("epoch plan: batches, partial last batch, runs by iterations")
    func epochPlan() throws {
        let byEpochs = try Self.plan(.epochs(2))
        #expect(byEpochs.batchesPerEpoch == 3 && byEpochs.totalIterations == 6 && byEpochs.totalEpochs == 2)
        #expect((0..<3).map(byEpochs.examples(inBatch:)) == [4, 4, 2])
        let byIterations = try Self.plan(.iterations(7))
        #expect(byIterations.totalEpochs == 3)
        #expect((0..<4).map(byIterations.batches(inEpoch:)) == [3, 3, 1, 0])
        #expect(throws: LearningRateError.self) { try Self.plan(.epochs(0)) }
        #expect(throws: LearningRateError.self) { try Self.plan(.epochs(1), batch: 0) }
        #expect(throws: LearningRateError.self) { try Self.plan(.iterations(5), trainCount: 0) }
    }

    @Test("step: per epoch, or per iteration in runs by iterations")
    func step() throws {
        let perEpoch = LearningRate(base: 0.1, schedule: .step(stepSize: 2, gamma: 0.5), plan: try Self.plan(.epochs(6)))
        let rates = (0..<6).map { perEpoch.rate(epoch: $0, iteration: $0 * 3) }
        for (rate, expected) in zip(rates, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]) { #expect(abs(rate - expected) < 1e-15) }
        let perIteration = LearningRate(base: 0.1, schedule: .step(stepSize: 2, gamma: 0.5), plan: try Self.plan(.iterations(9)))
        #expect(abs(perIteration.rate(iteration: 5) - 0.025) < 1e-15)
    }

    @Test("cosine: closed form of CosineAnnealingLR over the run")
    func cosine() throws {
        let lr = LearningRate(base: 1, schedule: .cosine(minLR: 0.1), plan: try Self.plan(.epochs(4)))
        let expected = [1.0, 0.1 + 0.9 * (1 + 0.5.squareRoot()) / 2, 0.55, 0.1 + 0.9 * (1 - 0.5.squareRoot()) / 2]
        for epoch in 0..<4 { #expect(abs(lr.rate(epoch: epoch, iteration: epoch * 3) - expected[epoch]) < 1e-12) }
        let byIterations = LearningRate(base: 1, schedule: .cosine(minLR: 0), plan: try Self.plan(.iterations(8)))
        #expect(abs(byIterations.rate(iteration: 4) - 0.5) < 1e-12)
    }

    @Test("exponential: lr·γ^epoch (ExponentialLR), per iteration in runs by iterations")
    func exponential() throws {
        let perEpoch = LearningRate(base: 0.5, schedule: .exponential(gamma: 0.9), plan: try Self.plan(.epochs(4)))
        for epoch in 0..<4 { #expect(abs(perEpoch.rate(epoch: epoch, iteration: epoch * 3 + 2) - 0.5 * Foundation.pow(0.9, Double(epoch))) < 1e-15) }
        let perIteration = LearningRate(base: 0.5, schedule: .exponential(gamma: 0.9), plan: try Self.plan(.iterations(9)))
        #expect(abs(perIteration.rate(iteration: 5) - 0.5 * Foundation.pow(0.9, 5)) < 1e-15)
    }

    @Test("multistep: γ once per milestone passed (MultiStepLR's bisect_right)")
    func multistep() throws {
        let lr = LearningRate(base: 1, schedule: .multistep(milestones: [2, 3], gamma: 0.1), plan: try Self.plan(.epochs(5)))
        let rates = (0..<5).map { lr.rate(epoch: $0, iteration: $0 * 3) }
        for (rate, expected) in zip(rates, [1, 1, 0.1, 0.01, 0.01]) { #expect(abs(rate - expected) < 1e-15) }
        // The clock can differ from the run's length (`--iterations` on an epochs spec).
        let cut = LearningRate(base: 1, schedule: .multistep(milestones: [2], gamma: 0.1), plan: try Self.plan(.iterations(12)),
                               clock: .epochs)
        #expect(cut.rate(iteration: 5) == 1 && abs(cut.rate(iteration: 6) - 0.1) < 1e-15)
    }

    @Test("inv: Caffe's lr·(1 + γ·iter)^−power")
    func inv() throws {
        let lr = LearningRate(base: 0.01, schedule: .inv(gamma: 1e-4, power: 0.75), plan: try Self.plan(.iterations(10_001)))
        #expect(lr.rate(iteration: 0) == 0.01)
        #expect(abs(lr.rate(iteration: 10_000) - 0.01 * Foundation.pow(2, -0.75)) < 1e-15)
        let constant = LearningRate(base: 0.3, schedule: .constant, plan: try Self.plan(.epochs(3)))
        #expect(constant.rate(epoch: 2, iteration: 8) == 0.3)
    }
}
