import LenetRuntime

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
    ///
    /// Without split steps this is one parallel phase (each shard: load, forward, loss, backward).
    /// A split step (`splitSteps`) cuts it: the shards run up to it and copy their rows of its
    /// input into one whole-batch buffer, the threads compute the step's column blocks
    /// (`SplitDense`), and the next phase copies each shard's rows of the result back; the
    /// backward pass is cut the same way at the same steps.
    @discardableResult
    func run(count: Int, pass: Pass, load: Loader) throws -> LossResult {
        guard count >= 1 else { throw EngineError.invalidArgument("a batch needs at least one example") }
        try reserve(batchSize: count)
        configureBLAS()
        let shards = shardCount
        for shard in 0..<shards {
            shardResults[shard] = LossResult(lossSum: 0, correct: 0)
            shardErrors[shard] = nil
        }
        let training = pass == .training
        let splits = steps.indices.filter { splitSteps[$0] }
        let last = steps.count - 1
        var from = 0  // the first step the next forward phase runs
        for j in splits {
            let lower = from
            try shardPhase(count: count, first: lower == 0, training: training, load: load) { ws, range, shard in
                if lower > 0 && splitSteps[lower - 1] { scatterOutput(lower - 1, ws, range) }
                for i in lower..<j { forwardStep(i, ws, count: range.count, training: training, maskOffset: range.lowerBound) }
                gatherInput(j, ws, range)
            }
            splitForward(j, count: count)
            from = j + 1
        }
        // Forward to the logits, the loss, and backward down to the highest split step.
        let downSplits = Array(splits.reversed())
        let highest = downSplits.first
        let lowerForward = from
        try shardPhase(count: count, first: lowerForward == 0, training: training, load: load) { ws, range, shard in
            let n = range.count
            if lowerForward > 0 && splitSteps[lowerForward - 1] { scatterOutput(lowerForward - 1, ws, range) }
            for i in lowerForward..<steps.count {
                forwardStep(i, ws, count: n, training: training, maskOffset: range.lowerBound)
            }
            guard pass != .inference else { return }
            shardResults[shard] = try SoftmaxCrossEntropy.evaluate(
                logits: ws.outputs[last].pointer, labels: ws.labels, count: n, classes: classes, batchSize: count,
                logitsGrad: training ? ws.gradA.pointer : nil)
            guard training else { return }
            let grads = ws.gradients?.pointer ?? gradientArena.pointer
            backward(ws, from: last, downTo: (highest ?? (firstTrainable - 1)) + 1, count: n, gradients: grads,
                     maskOffset: range.lowerBound)
            if let highest { gatherOutputGrad(highest, ws, range) }
        }
        if training {
            for (k, j) in downSplits.enumerated() {
                splitBackward(j, count: count)
                guard j > firstTrainable else { break }
                let below = k + 1 < downSplits.count ? downSplits[k + 1] : nil
                try shardPhase(count: count, first: false, training: training, load: load) { ws, range, shard in
                    scatterInputGrad(j, ws, range)
                    let grads = ws.gradients?.pointer ?? gradientArena.pointer
                    backward(ws, from: j - 1, downTo: (below ?? (firstTrainable - 1)) + 1, count: range.count,
                             gradients: grads, maskOffset: range.lowerBound)
                    if let below { gatherOutputGrad(below, ws, range) }
                }
            }
            reduceShardGradients(count: count)
        }
        var sum = LossResult(lossSum: 0, correct: 0)
        for shard in 0..<shards {
            sum.lossSum += shardResults[shard].lossSum
            sum.correct += shardResults[shard].correct
        }
        return sum
    }

    /// Runs `body` on every shard with examples, in parallel, then throws the first shard's error.
    /// The first phase of a batch also loads each shard's examples and, in training, zeroes the
    /// gradient arena of a shard with none (so that the reduction adds zeros).
    private func shardPhase(count: Int, first: Bool, training: Bool, load: Loader,
                            _ body: (Workspace, Range<Int>, Int) throws -> Void) throws {
        parallel(shardCount) { shard in
            let range = shardRange(shard, of: count)
            let ws = workspaces[shard]
            guard !range.isEmpty else {
                if first && training {
                    (ws.gradients?.pointer ?? gradientArena.pointer).update(repeating: 0, count: parameterCount)
                }
                return
            }
            do {
                if first { load(range, ws.input.pointer, ws.labels) }
                try body(ws, range, shard)
            } catch let error as EngineError {
                shardErrors[shard] = error
            } catch {
                shardErrors[shard] = .invalidArgument("\(error)")
            }
        }
        for shard in 0..<shardCount { if let error = shardErrors[shard] { throw error } }
    }

    /// Sums the shards' gradient arenas into the network's, in shard order, over the parameters
    /// the shards compute (split steps write theirs to the network's arena directly).
    private func reduceShardGradients(count: Int) {
        let total = gradientArena.pointer
        for shard in 1..<max(1, shardCount) where !shardRange(shard, of: count).isEmpty {
            guard let other = workspaces[shard].gradients?.pointer else { continue }
            for range in shardGradientRanges {
                var i = range.lowerBound
                let n = range.upperBound
                while i + 8 <= n { store8(load8(total + i) + load8(other + i), total + i); i += 8 }
                while i < n { total[i] += other[i]; i += 1 }
            }
        }
    }

    /// dL/d(output of step i) lives in gradA for the last step and alternates downwards.
    private func outputGradBuffer(_ i: Int, _ ws: Workspace) -> UnsafeMutablePointer<Float> {
        (steps.count - 1 - i) % 2 == 0 ? ws.gradA.pointer : ws.gradB.pointer
    }

    // MARK: - Split steps

    /// Copies the shard's rows of split step j's input into the whole-batch buffer.
    private func gatherInput(_ j: Int, _ ws: Workspace, _ range: Range<Int>) {
        let width = steps[j].inputCount
        let x = j == 0 ? ws.input.pointer : ws.outputs[j - 1].pointer
        (splitInputs[j]!.pointer + range.lowerBound * width).update(from: x, count: range.count * width)
    }

    /// Copies the shard's rows of split step j's output from the whole-batch buffer.
    private func scatterOutput(_ j: Int, _ ws: Workspace, _ range: Range<Int>) {
        let width = steps[j].outputCount
        ws.outputs[j].pointer.update(from: splitOutputs[j]!.pointer + range.lowerBound * width, count: range.count * width)
    }

    /// The shard's rows of dL/d(pre-activation) of split step j into the whole-batch buffer (the
    /// activation's backward, applied to the shard's rows here so the split step can start on it).
    private func gatherOutputGrad(_ j: Int, _ ws: Workspace, _ range: Range<Int>) {
        guard case let .dense(_, outFeatures, activation) = steps[j].operation else { return }
        activation.backward(output: ws.outputs[j].pointer, outputGrad: outputGradBuffer(j, ws),
                            inputGrad: splitOutputGrad.pointer + range.lowerBound * outFeatures,
                            count: range.count * outFeatures)
    }

    /// Copies the shard's rows of dL/d(input of split step j) to where step j − 1 expects its dy.
    private func scatterInputGrad(_ j: Int, _ ws: Workspace, _ range: Range<Int>) {
        let width = steps[j].inputCount
        outputGradBuffer(j - 1, ws).update(from: splitInputGrad.pointer + range.lowerBound * width,
                                           count: range.count * width)
    }

    private func splitForward(_ j: Int, count: Int) {
        guard case let .dense(inFeatures, outFeatures, activation) = steps[j].operation else { return }
        let p = UnsafePointer(parameterArena.pointer)
        let x = UnsafePointer(splitInputs[j]!.pointer), y = splitOutputs[j]!.pointer
        let w = p + steps[j].weightOffset!, b = p + steps[j].biasOffset!
        let parts = threads
        parallel(parts) { t in
            SplitDense.forward(columns: SplitDense.block(t, of: outFeatures, parts: parts), input: x, count: count,
                               inFeatures: inFeatures, outFeatures: outFeatures, weight: w, bias: b,
                               activation: activation, output: y)
        }
    }

    private func splitBackward(_ j: Int, count: Int) {
        guard case let .dense(inFeatures, outFeatures, _) = steps[j].operation else { return }
        let p = UnsafePointer(parameterArena.pointer), g = gradientArena.pointer
        let x = UnsafePointer(splitInputs[j]!.pointer), dz = UnsafePointer(splitOutputGrad.pointer)
        let w = p + steps[j].weightOffset!
        let dw = g + steps[j].weightOffset!, db = g + steps[j].biasOffset!
        let dx = j > firstTrainable ? splitInputGrad.pointer : nil
        let parts = threads
        parallel(parts) { t in
            SplitDense.backward(columns: SplitDense.block(t, of: outFeatures, parts: parts),
                                inputColumns: SplitDense.block(t, of: inFeatures, parts: parts), input: x,
                                outputGrad: dz, count: count, inFeatures: inFeatures, outFeatures: outFeatures,
                                weight: w, weightGrad: dw, biasGrad: db, inputGrad: dx)
        }
    }

    /// Backward from step `hi` down to step `lo` (inclusive): dy of `hi` must be in its buffer
    /// (`outputGradBuffer`); the step at `firstTrainable` computes no input gradient.
    func backward(_ ws: Workspace, from hi: Int, downTo lo: Int, count n: Int, gradients: UnsafeMutablePointer<Float>,
                  maskOffset: Int) {
        var i = hi
        while i >= lo && i >= firstTrainable {
            let dy = outputGradBuffer(i, ws)
            let dx = dy == ws.gradA.pointer ? ws.gradB.pointer : ws.gradA.pointer
            backwardStep(i, ws, count: n, outputGrad: dy, inputGrad: i > firstTrainable ? dx : nil,
                         gradients: gradients, maskOffset: maskOffset)
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
