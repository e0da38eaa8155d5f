import Foundation
import LenetModel
import LenetRuntime
import Testing

/// Every optimizer and schedule against PyTorch: the float64 trajectories of
/// Tests/Fixtures/optim/trajectories.json (written by its make_trajectories.py: 20 steps of
/// torch.optim on fixed gradients, the schedule stepped once an epoch of 4 steps). Each case's
/// `optimizer:` and `schedule:` go through lenetc's spec compiler, so lenetc's defaults must be
/// torch.optim's for the numbers to match; then `FlatOptimizer` (the runtime's, which the engine and
/// every emitted trainer run) takes the same steps in float32 with the rates of `LearningRate`.
/// After every step the parameters must agree within 1e-5 relative (max |a − b| / max |b|).
@Suite("Optimizer parity with torch.optim")
struct OptimizerParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable, CustomTestStringConvertible, Sendable {
            let name: String
            let optimizer: String
            let schedule: String
            let rates: [Double]
            let params: [[Double]]
            var testDescription: String { name }
        }
        let torch: String
        let steps_per_epoch: Int
        let start: [Double]
        let gradients: [[Double]]
        let cases: [Case]
    }

    static let fixture: Fixture = {
        let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/optim/trajectories.json")
        // A missing or unreadable fixture fails every case (an empty list would pass nothing silently).
        guard let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data) else {
            return Fixture(torch: "", steps_per_epoch: 1, start: [], gradients: [],
                           cases: [.init(name: "unreadable fixture \(url.path)", optimizer: "", schedule: "", rates: [], params: [])])
        }
        return fixture
    }()

    @Test("the fixture covers every optimizer and the schedules with settings")
    func coverage() {
        let optimizers = Set(Self.fixture.cases.map { $0.optimizer.trimmingCharacters(in: CharacterSet(charactersIn: "{")).prefix { $0.isLetter } })
        #expect(optimizers == ["sgd", "adam", "adamw", "adadelta", "rmsprop", "adagrad"])
        let schedules = Set(Self.fixture.cases.map { $0.schedule.trimmingCharacters(in: CharacterSet(charactersIn: "{")).prefix { $0.isLetter } })
        #expect(schedules == ["constant", "step", "exponential", "multistep"])
        #expect(Self.fixture.cases.count >= 20 && Self.fixture.gradients.count == 20)
    }

    @Test("20 steps match PyTorch's float64 trajectory", arguments: fixture.cases)
    func trajectory(_ c: Fixture.Case) throws {
        let fixture = Self.fixture
        let spec = """
            input: [1, 28, 28]
            layers:
              - flatten
              - dense: 10
            train:
              optimizer: \(c.optimizer)
              schedule: \(c.schedule)
              batch: 1
              epochs: \(fixture.gradients.count / fixture.steps_per_epoch)
            """
        let model = try buildModel(spec, path: "\(c.name).yaml")
        let n = fixture.start.count
        // An epoch of `steps_per_epoch` batches of one example.
        let plan = try EpochPlan(trainCount: fixture.steps_per_epoch, batch: 1, length: model.train.duration)
        let rates = LearningRate(base: model.train.optimizer.lr, schedule: model.train.schedule, plan: plan)
        var optimizer = FlatOptimizer(settings: model.train.optimizer, parameterCount: n)
        var p = fixture.start.map { Float($0) }
        var worst = 0.0
        for (step, g) in fixture.gradients.enumerated() {
            let lr = rates.rate(iteration: step)
            #expect(abs(lr - c.rates[step]) <= 1e-12 * c.rates[step], "step \(step + 1): rate \(lr), PyTorch's \(c.rates[step])")
            let gradient = g.map { Float($0) }
            try p.withUnsafeMutableBufferPointer { pp in
                try gradient.withUnsafeBufferPointer { gg in try optimizer.update(parameters: pp, gradients: gg, lr: lr) }
            }
            let expected = c.params[step]
            let scale = expected.map { abs($0) }.max() ?? 1
            let maxdiff = zip(p, expected).map { abs(Double($0) - $1) }.max() ?? 0
            worst = max(worst, maxdiff / scale)
            #expect(maxdiff / scale <= 1e-5, "step \(step + 1): maxdiff \(maxdiff), \(maxdiff / scale) relative")
        }
        print("\(c.name): maxdiff over 20 steps \(String(format: "%.2e", worst)) relative (torch \(fixture.torch))")
    }
}
