import Foundation
import LenetRuntime
import Testing

/// SGD and Adam against torch.optim's update rules, worked through in float64 (step by step:
/// weight decay into the gradient, momentum buffer = gradient on the first step, nesterov
/// g + μ·buf, Adam's bias corrections) for three steps on a three-element vector.
@Suite("Optimizers")
struct OptimizerTests {
    static let start: [Float] = [1.0, -2.0, 0.5]
    static let gradients: [[Float]] = [[0.5, 0.25, -1.0], [-0.1, 0.3, 0.2], [0.2, -0.4, 0.05]]

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: OptimizerSettings
        var expected: [[Double]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "SGD lr 0.1", settings: .sgd(lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false),
             expected: [[0.95, -2.025, 0.6], [0.96, -2.055, 0.58], [0.94, -2.015, 0.575]]),
        Case(name: "SGD momentum 0.9, weight decay 0.01", settings: .sgd(lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: false),
             expected: [[0.949, -2.023, 0.5995], [0.912151, -2.071677, 0.6684505],
                        [0.858074749, -2.073414623, 0.7248375]]),
        Case(name: "SGD nesterov, momentum 0.9, weight decay 0.01", settings: .sgd(lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true),
             expected: [[0.9031, -2.0437, 0.68905], [0.87907411, -2.11544697, 0.730335805],
                        [0.809593358, -2.074839224, 0.775225536]]),
        Case(name: "Adam lr 0.01", settings: .adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0),
             expected: [[0.99, -2.01, 0.51], [0.98488974, -2.02000613, 0.515110261],
                        [0.97887814, -2.020834905, 0.518742624]]),
        Case(name: "Adam betas 0.8/0.99, eps 1e-3, weight decay 0.1", settings: .adam(lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-3, weightDecay: 0.1),
             expected: [[0.990016639, -2.009803922, 0.509989485], [0.983743331, -2.019512135, 0.514062442],
                        [0.976519945, -2.013864136, 0.516266186]]),
    ]

    @Test("three steps match torch.optim's rules", arguments: cases)
    func steps(_ c: Case) throws {
        var optimizer = FlatOptimizer(settings: c.settings, parameterCount: 3)
        var p = Self.start
        for (step, g) in Self.gradients.enumerated() {
            try p.withUnsafeMutableBufferPointer { pp in
                try g.withUnsafeBufferPointer { gg in try optimizer.update(parameters: pp, gradients: gg, lr: c.settings.lr) }
            }
            for i in 0..<3 {
                #expect(abs(Double(p[i]) - c.expected[step][i]) <= 2e-6 * max(1, abs(c.expected[step][i])),
                        "step \(step + 1), element \(i): \(p[i]) vs \(c.expected[step][i])")
            }
        }
        #expect(optimizer.step == 3)
    }

    @Test("8 values at a time give the same bits as one at a time", arguments: stateCases)
    func vectorMatchesScalar(_ c: Case) throws {
        var rng = SeededRNG(seed: 3)
        let n = 19 // two vectors of 8 and a tail of 3
        let start = (0..<n).map { _ in rng.uniform(-2, 2) }
        let steps = (0..<3).map { _ in (0..<n).map { _ in rng.uniform(-1, 1) } }
        var whole = FlatOptimizer(settings: c.settings, parameterCount: n)
        var p = start
        var singles = (0..<n).map { _ in FlatOptimizer(settings: c.settings, parameterCount: 1) }
        var q = start
        for g in steps {
            try p.withUnsafeMutableBufferPointer { pp in
                try g.withUnsafeBufferPointer { gg in try whole.update(parameters: pp, gradients: gg, lr: c.settings.lr) }
            }
            for i in 0..<n {
                var one = [q[i]]
                try one.withUnsafeMutableBufferPointer { pp in
                    try [g[i]].withUnsafeBufferPointer { gg in try singles[i].update(parameters: pp, gradients: gg, lr: c.settings.lr) }
                }
                q[i] = one[0]
            }
        }
        #expect(p == q)
    }

    /// Every optimizer with the buffers it can keep (the trajectories themselves are checked against
    /// PyTorch in OptimizerParityTests).
    static let stateCases: [Case] = cases + [
        Case(name: "AdamW", settings: .adamw(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01), expected: []),
        Case(name: "Adadelta", settings: .adadelta(lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0.01), expected: []),
        Case(name: "RMSprop", settings: .rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false), expected: []),
        Case(name: "RMSprop centered", settings: .rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: true), expected: []),
        Case(name: "RMSprop centered, momentum", settings: .rmsprop(lr: 0.01, alpha: 0.9, eps: 1e-8, weightDecay: 0.1, momentum: 0.5, centered: true), expected: []),
        Case(name: "Adagrad", settings: .adagrad(lr: 0.01, lrDecay: 0.1, weightDecay: 0, initialAccumulator: 0.5, eps: 1e-10), expected: []),
    ]

    @Test("ranges a network updates itself, in pieces, get the same bits as the whole-arena update", arguments: stateCases)
    func fusedMatchesWhole(_ c: Case) throws {
        var rng = SeededRNG(seed: 7)
        let n = FlatOptimizer.minimumSplitCount + 45 // the rest is split across threads too
        let start = (0..<n).map { _ in rng.uniform(-2, 2) }
        let steps = (0..<3).map { _ in (0..<n).map { _ in rng.uniform(-1, 1) } }
        // Two fused ranges: one inside the arena, one at its end; pieces of 13 values, so that runs of 8
        // start anywhere, the gradient in a copy of its own (as a network's scratch holds it).
        let fused = [100..<(100 + 5_000), (n - 777)..<n]
        var whole = FlatOptimizer(settings: c.settings, parameterCount: n)
        var pieces = FlatOptimizer(settings: c.settings, parameterCount: n)
        var p = start, q = start
        for g in steps {
            // The arena's gradient holds garbage where the network updates itself.
            var stale = g
            for r in fused { for i in r { stale[i] = .nan } }
            try g.withUnsafeBufferPointer { gg in
                try p.withUnsafeMutableBufferPointer { pp in try whole.update(parameters: pp, gradients: gg, lr: c.settings.lr, threads: 2) }
            }
            let applied = try stale.withUnsafeBufferPointer { ss in
                try q.withUnsafeMutableBufferPointer { qq in
                    try pieces.update(parameters: qq, gradients: ss, lr: c.settings.lr, threads: 2, fusing: fused) { update in
                        var values = 0
                        for r in fused {
                            for lower in stride(from: r.lowerBound, to: r.upperBound, by: 13) {
                                let piece = lower..<min(lower + 13, r.upperBound)
                                let copy = Array(g[piece])
                                copy.withUnsafeBufferPointer { update.apply(piece, gradient: $0.baseAddress!) }
                                values += piece.count
                            }
                        }
                        return values
                    }
                }
            }
            #expect(applied == fused.map(\.count).reduce(0, +))
        }
        #expect(p == q)
        #expect(p != start)
        #expect(whole.state == pieces.state)
        #expect(pieces.step == 3)
    }

    @Test("a fused update whose body throws changes neither the rest of the arena nor the step count")
    func fusedBodyThrows() throws {
        struct Stop: Error {}
        var optimizer = FlatOptimizer(settings: .adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0), parameterCount: 40)
        var p = [Float](repeating: 1, count: 40)
        let g = [Float](repeating: 0.5, count: 40)
        #expect(throws: Stop.self) {
            try g.withUnsafeBufferPointer { gg in
                try p.withUnsafeMutableBufferPointer { pp in
                    try optimizer.update(parameters: pp, gradients: gg, lr: 0.01, fusing: [8..<16]) { _ -> Int in throw Stop() }
                }
            }
        }
        #expect(p == [Float](repeating: 1, count: 40))
        #expect(optimizer.step == 0)
        #expect(optimizer.state.buffers["exp_avg"] == [Float](repeating: 0, count: 40))
        // Ranges out of order are refused before anything runs.
        #expect(throws: OptimizerError.self) {
            try g.withUnsafeBufferPointer { gg in
                try p.withUnsafeMutableBufferPointer { pp in
                    try optimizer.update(parameters: pp, gradients: gg, lr: 0.01, fusing: [8..<16, 4..<6]) { _ in 0 }
                }
            }
        }
    }

    @Test("an arena split across threads gets the same bits as on one thread", arguments: stateCases)
    func threadsMatchOneThread(_ c: Case) throws {
        var rng = SeededRNG(seed: 5)
        let n = FlatOptimizer.minimumSplitCount + 19 // shares of whole cache lines and a ragged tail
        let start = (0..<n).map { _ in rng.uniform(-2, 2) }
        let steps = (0..<2).map { _ in (0..<n).map { _ in rng.uniform(-1, 1) } }
        var one = FlatOptimizer(settings: c.settings, parameterCount: n)
        var three = FlatOptimizer(settings: c.settings, parameterCount: n)
        var p = start, q = start
        for g in steps {
            try g.withUnsafeBufferPointer { gg in
                try p.withUnsafeMutableBufferPointer { pp in try one.update(parameters: pp, gradients: gg, lr: c.settings.lr) }
                try q.withUnsafeMutableBufferPointer { qq in
                    try three.update(parameters: qq, gradients: gg, lr: c.settings.lr, threads: 3)
                }
            }
        }
        #expect(p == q)
        #expect(p != start)
        #expect(one.state == three.state)
    }

    @Test("saved state continues the same sequence", arguments: stateCases)
    func stateRoundTrip(_ c: Case) throws {
        var whole = FlatOptimizer(settings: c.settings, parameterCount: 3)
        var first = FlatOptimizer(settings: c.settings, parameterCount: 3)
        var a = Self.start, b = Self.start
        for (step, g) in Self.gradients.enumerated() {
            try a.withUnsafeMutableBufferPointer { pp in
                try g.withUnsafeBufferPointer { gg in try whole.update(parameters: pp, gradients: gg, lr: 0.05) }
            }
            if step == 0 {
                try b.withUnsafeMutableBufferPointer { pp in
                    try g.withUnsafeBufferPointer { gg in try first.update(parameters: pp, gradients: gg, lr: 0.05) }
                }
            }
        }
        var resumed = FlatOptimizer(settings: c.settings, parameterCount: 3)
        #expect(Set(first.state.buffers.keys) == Set(c.settings.bufferNames))
        try resumed.restore(first.state)
        for g in Self.gradients.dropFirst() {
            try b.withUnsafeMutableBufferPointer { pp in
                try g.withUnsafeBufferPointer { gg in try resumed.update(parameters: pp, gradients: gg, lr: 0.05) }
            }
        }
        #expect(a == b)
    }

    @Test("mismatched sizes and foreign state throw")
    func errors() throws {
        var sgd = FlatOptimizer(settings: .sgd(lr: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false), parameterCount: 3)
        var p: [Float] = [1, 2]
        let g: [Float] = [1, 2]
        #expect(throws: OptimizerError.self) {
            try p.withUnsafeMutableBufferPointer { pp in
                try g.withUnsafeBufferPointer { gg in try sgd.update(parameters: pp, gradients: gg, lr: 0.1) }
            }
        }
        let adam = FlatOptimizer(settings: .adam(lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0),
                                 parameterCount: 3)
        #expect(throws: OptimizerError.self) { try sgd.restore(adam.state) }
        #expect(throws: OptimizerError.self) { try sgd.restore(OptimizerState(step: 1, buffers: ["momentum": [1]])) }
        #expect(throws: OptimizerError.self) { try sgd.restore(OptimizerState(step: -1, buffers: ["momentum": [1, 2, 3]])) }
        // Adadelta and RMSprop both keep a square_avg; neither takes the other's state.
        var adadelta = FlatOptimizer(settings: .adadelta(lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0), parameterCount: 3)
        let rmsprop = FlatOptimizer(settings: .rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0.9, centered: false),
                                    parameterCount: 3)
        #expect(throws: OptimizerError.self) { try adadelta.restore(rmsprop.state) }
        var plainRMSprop = FlatOptimizer(settings: .rmsprop(lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false),
                                         parameterCount: 3)
        #expect(throws: OptimizerError.self) { try plainRMSprop.restore(rmsprop.state) }
        // Adagrad's sum starts at initial_accumulator_value.
        let adagrad = FlatOptimizer(settings: .adagrad(lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulator: 0.25, eps: 1e-10),
                                    parameterCount: 3)
        #expect(adagrad.state.buffers == ["sum": [0.25, 0.25, 0.25]])
        try sgd.restore(OptimizerState(step: 4, buffers: ["momentum": [1, 2, 3]]))
        #expect(sgd.step == 4 && sgd.state.buffers["momentum"] == [1, 2, 3])
    }
}
