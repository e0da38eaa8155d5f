/// Forward and backward passes of a compiled network, shard by shard.
extension Network {
    /// What a batch computes.
    enum Pass {
        /// Logits only (dropout is the identity).
        case inference
        /// Logits and loss, no gradients (dropout is the identity).
        case loss
        /// Logits, loss and gradients (dropout masks must have been drawn).
        case training
    }

    /// Fills a shard's `input` (and `labels` unless inference) with the given examples of the batch.
    typealias Loader = (_ examples: Range<Int>, _ input: UnsafeMutablePointer<Float>,
                        _ labels: UnsafeMutablePointer<Int32>) -> Void

    /// Runs one batch of `count` examples (count ≤ batchCapacity) over the shards in parallel. In
    /// training, the gradient arena ends up with the gradient of the batch-mean loss; shard arenas
    /// are summed in shard order. Returns the summed loss and correct count (zero for inference).
    @discardableResult
    func run(count: Int, pass: Pass, load: Loader) throws -> LossResult {
        guard count >= 1 else { throw EngineError.invalidArgument("a batch needs at least one example") }
        try reserve(batchSize: count)
        configureBLAS()
        let shards = shardCount
        let slots = UncheckedSendable(value: (shardResults, shardErrors))
        for shard in 0..<shards {
            shardResults[shard] = LossResult(lossSum: 0, correct: 0)
            shardErrors[shard] = nil
        }
        Parallel.forEach(shards) { shard in
            let range = shardRange(shard, of: count)
            let ws = workspaces[shard]
            let grads = ws.gradients?.pointer ?? gradientArena.pointer
            guard !range.isEmpty else {
                if pass == .training { grads.update(repeating: 0, count: layout.total) }
                return
            }
            do {
                slots.value.0[shard] = try runShard(ws, range: range, batch: count, pass: pass, gradients: grads,
                                                    load: load)
            } catch let error as EngineError {
                slots.value.1[shard] = error
            } catch {
                slots.value.1[shard] = .invalidArgument("\(error)")
            }
        }
        for shard in 0..<shards { if let error = shardErrors[shard] { throw error } }
        if pass == .training {
            let total = gradientArena.pointer
            for shard in 1..<max(1, shards) where !shardRange(shard, of: count).isEmpty {
                guard let other = workspaces[shard].gradients?.pointer else { continue }
                var i = 0
                let n = layout.total
                while i + 8 <= n { store8(load8(total + i) + load8(other + i), total + i); i += 8 }
                while i < n { total[i] += other[i]; i += 1 }
            }
        }
        var sum = LossResult(lossSum: 0, correct: 0)
        for shard in 0..<shards {
            sum.lossSum += shardResults[shard].lossSum
            sum.correct += shardResults[shard].correct
        }
        return sum
    }

    private func runShard(_ ws: Workspace, range: Range<Int>, batch: Int, pass: Pass,
                          gradients: UnsafeMutablePointer<Float>, load: Loader) throws -> LossResult {
        let n = range.count
        load(range, ws.input.pointer, ws.labels)
        for i in steps.indices {
            forwardStep(i, ws, count: n, training: pass == .training, maskOffset: range.lowerBound)
        }
        guard pass != .inference else { return LossResult(lossSum: 0, correct: 0) }
        let logits = ws.outputs[steps.count - 1].pointer
        let result = try SoftmaxCrossEntropy.evaluate(logits: logits, labels: ws.labels, count: n, classes: classes,
                                                      batchSize: batch,
                                                      logitsGrad: pass == .training ? ws.gradA.pointer : nil)
        if pass == .training { backward(ws, count: n, gradients: gradients, maskOffset: range.lowerBound) }
        return result
    }

    /// Backward from dL/dlogits in `ws.gradA` down to the first step with parameters.
    func backward(_ ws: Workspace, count n: Int, gradients: UnsafeMutablePointer<Float>, maskOffset: Int) {
        var dy = ws.gradA.pointer, dx = ws.gradB.pointer
        var i = steps.count - 1
        while i >= firstTrainable {
            backwardStep(i, ws, count: n, outputGrad: dy, inputGrad: i > firstTrainable ? dx : nil,
                         gradients: gradients, maskOffset: maskOffset)
            swap(&dy, &dx)
            i -= 1
        }
    }

    /// Step i forward on the shard's `n` examples: input is the previous step's output.
    @inline(__always)
    func forwardStep(_ i: Int, _ ws: Workspace, count n: Int, training: Bool, maskOffset: Int) {
        let step = steps[i]
        let x = UnsafePointer(i == 0 ? ws.input.pointer : ws.outputs[i - 1].pointer)
        let y = ws.outputs[i].pointer
        let p = UnsafePointer(parameterArena.pointer)
        switch step.operation {
        case let .conv(g, activation):
            Conv2D.forward(g, input: x, count: n, weight: p + step.weightOffset!, bias: p + step.biasOffset!,
                           activation: activation, output: y, scratch: ws.scratch(step: i))
        case let .dense(inFeatures, outFeatures, activation):
            Dense.forward(input: x, count: n, inFeatures: inFeatures, outFeatures: outFeatures,
                          weight: p + step.weightOffset!, bias: p + step.biasOffset!, activation: activation, output: y)
        case let .pool(g):
            Pooling.forward(g, input: x, output: y, indices: ws.poolIndices[i]?.pointer, count: n)
        case let .activation(activation):
            activation.forward(x, y, count: n * step.outputCount)
        case .dropout:
            if training, let mask = masks[i] {
                Dropout.forward(x, mask: mask.pointer + maskOffset * step.outputCount, y, count: n * step.outputCount)
            } else {
                y.update(from: x, count: n * step.outputCount)
            }
        }
    }

    /// Step i backward: dy is dL/d(step output) (may be overwritten), dx receives dL/d(step input)
    /// when given; parameter gradients go to `gradients` at the step's offsets.
    @inline(__always)
    func backwardStep(_ i: Int, _ ws: Workspace, count n: Int, outputGrad dy: UnsafeMutablePointer<Float>,
                      inputGrad dx: UnsafeMutablePointer<Float>?, gradients: UnsafeMutablePointer<Float>,
                      maskOffset: Int) {
        let step = steps[i]
        let x = UnsafePointer(i == 0 ? ws.input.pointer : ws.outputs[i - 1].pointer)
        let y = UnsafePointer(ws.outputs[i].pointer)
        let p = UnsafePointer(parameterArena.pointer)
        switch step.operation {
        case let .conv(g, activation):
            Conv2D.backward(g, input: x, output: y, outputGrad: dy, count: n, weight: p + step.weightOffset!,
                            activation: activation, weightGrad: gradients + step.weightOffset!,
                            biasGrad: gradients + step.biasOffset!, inputGrad: dx, scratch: ws.scratch(step: i))
        case let .dense(inFeatures, outFeatures, activation):
            Dense.backward(input: x, output: y, outputGrad: dy, count: n, inFeatures: inFeatures,
                           outFeatures: outFeatures, weight: p + step.weightOffset!, activation: activation,
                           weightGrad: gradients + step.weightOffset!, biasGrad: gradients + step.biasOffset!,
                           inputGrad: dx)
        case let .pool(g):
            guard let dx else { return }
            Pooling.backward(g, outputGrad: dy, indices: ws.poolIndices[i].map { UnsafePointer($0.pointer) },
                             inputGrad: dx, count: n)
        case let .activation(activation):
            guard let dx else { return }
            activation.backward(output: y, outputGrad: dy, inputGrad: dx, count: n * step.outputCount)
        case .dropout:
            guard let dx else { return }
            if let mask = masks[i] {
                Dropout.backward(outputGrad: dy, mask: mask.pointer + maskOffset * step.outputCount, inputGrad: dx,
                                 count: n * step.outputCount)
            }
        }
    }

    /// Draws the dropout masks of a batch of `count` examples: dropout steps in order, each over
    /// the batch row-major (example, then feature), one uniform draw per element.
    func drawMasks(count: Int, uniform: () -> Float) {
        for (i, step) in steps.enumerated() {
            guard case let .dropout(rate) = step.operation, let mask = masks[i] else { continue }
            Dropout.fillMask(mask.pointer, count: count * step.outputCount, rate: rate, uniform: uniform)
        }
    }
}
