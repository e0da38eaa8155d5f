import LenetSpec

/// Standalone activation and dropout blocks, and the softmax cross-entropy loss.
extension NetworkRenderer {
    /// A loop over every logical element of two buffers of one shape, which may be stored with
    /// different borders: one flat loop when neither is padded.
    func elementwise(_ a: BufferPlan, _ b: BufferPlan, _ body: (_ ia: Affine, _ ib: Affine, _ feature: Affine) -> Void) {
        if !a.isPadded && !b.isPadded {
            out.block("for i in 0..<\(a.count)") { body(Affine("i"), Affine("i"), Affine("i")) }
            return
        }
        out.loop("c", a.c) { c in
            out.loop("y", a.h) { y in
                out.loop("x", a.w) { x in
                    let f = Self.featureStrides(a)
                    body(a.index(c, y, x), b.index(c, y, x), c * f.plane + y * f.row + x)
                }
            }
        }
    }

    /// The strides of a buffer's features without its border, as a dropout mask holds them.
    static func featureStrides(_ a: BufferPlan) -> (plane: Stride, row: Stride) {
        (Stride("maskPlane", a.h * a.w), Stride("maskRow", a.w))
    }

    func activationForward(_ block: BlockPlan, _ kind: ActivationKind) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: true)
        out.block("private func \(block.name)_forward(_ ws: Workspace)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
            out.line("let \(output.name) = ws.\(output.name)\(storageComment(output))")
            elementwise(input, output) { i, o, _ in
                out.line("\(output.name)[\(o)] = \(MathText.apply(kind, "\(input.name)[\(i)]"))")
            }
        }
    }

    func activationBackward(_ block: BlockPlan, _ kind: ActivationKind) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: false)
        out.block("private func \(block.name)_backward(_ ws: Workspace)") {
            out.line("let \(output.name) = UnsafePointer(ws.\(output.name))")
            out.line("let \(output.gradientName) = UnsafePointer(ws.\(output.gradientName))")
            out.line("let \(input.gradientName) = ws.\(input.gradientName)\(storageComment(input))")
            elementwise(input, output) { i, o, _ in
                let value = MathText.derivative(kind, grad: "\(output.gradientName)[\(o)]", output: "\(output.name)[\(o)]")
                out.line("\(input.gradientName)[\(i)] = \(value)")
            }
        }
    }

    func dropoutForward(_ block: BlockPlan, rate: Double, mask: Int) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: true)
        out.block("private func \(block.name)_forward(_ ws: Workspace, training: Bool)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
            out.line("let \(output.name) = ws.\(output.name)\(storageComment(output))")
            out.line("let mask = ws.mask\(mask) // (L, \(input.count)): 0 or 1/(1 − \(rate)) per element, drawn before the step")
            out.chain([
                ("if training", {
                    elementwise(input, output) { i, o, f in
                        out.line("\(output.name)[\(o)] = \(input.name)[\(i)] * mask[\(f)]")
                    }
                }),
                ("else", {
                    elementwise(input, output) { i, o, _ in
                        out.line("\(output.name)[\(o)] = \(input.name)[\(i)]")
                    }
                }),
            ])
        }
    }

    func dropoutBackward(_ block: BlockPlan, mask: Int) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: false)
        out.block("private func \(block.name)_backward(_ ws: Workspace)") {
            out.line("let \(output.gradientName) = UnsafePointer(ws.\(output.gradientName))")
            out.line("let \(input.gradientName) = ws.\(input.gradientName)\(storageComment(input))")
            out.line("let mask = ws.mask\(mask)")
            elementwise(input, output) { i, o, f in
                out.line("\(input.gradientName)[\(i)] = \(output.gradientName)[\(o)] * mask[\(f)]")
            }
        }
    }

    /// The loss of one group, its gradient into the logits' gradient buffer (which the last block's
    /// backward reads directly), the loss summed over the group's examples and how many it got right.
    func softmaxCrossEntropy() {
        let logits = plan.buffers[plan.logits]
        let k = plan.classes
        out.docComment("""
        Softmax cross-entropy of one group, PyTorch's CrossEntropyLoss: loss = log Σ_k e^(z_k − m) − (z_label − m) \
        with m the largest logit, and dz = (softmax(z) − onehot(label)) · scale, where scale = 1/batch makes it \
        the gradient of the batch mean. Lanes from `valid` on hold no example: their gradient is zero and they \
        are not counted. Returns the loss summed over the group's examples and how many were classified right \
        (the first largest logit, as argmax).
        """)
        out.block("private func softmax_cross_entropy(_ ws: Workspace, labels: UnsafePointer<Int32>, valid: Int, scale: Float) -> (loss: Double, correct: Int)") {
            out.line("let logits = UnsafePointer(ws.\(logits.name)) // \(logits.batchedShape)")
            out.line("let dlogits = ws.\(logits.gradientName) // \(logits.batchedShape)")
            out.line("var label = VI(repeating: -1)")
            out.line("for l in 0..<valid { label[l] = labels[l] }")
            out.line("var m = logits[0]")
            out.line("var best = VI(repeating: 0)")
            out.block("for k in 1..<\(k)") {
                out.line("let v = logits[k], gt = v .> m")
                out.line("m.replace(with: v, where: gt)")
                out.line("best.replace(with: VI(repeating: Int32(k)), where: gt)")
            }
            out.line("var sum = V()")
            out.block("for k in 0..<\(k)") {
                out.line("let e = VectorMath.exp(logits[k] - m)")
                out.line("dlogits[k] = e")
                out.line("sum += e")
            }
            out.line("let z = UnsafeRawPointer(logits).assumingMemoryBound(to: Float.self)")
            out.line("var loss = 0.0, correct = 0")
            out.block("for l in 0..<valid") {
                out.line("let shifted = z[Int(label[l]) * 8 + l] - m[l]")
                out.line("loss += Double(Foundation.log(sum[l]) - shifted)")
                out.line("if best[l] == label[l] { correct += 1 }")
            }
            out.line("let live = VI(0, 1, 2, 3, 4, 5, 6, 7) .< VI(repeating: Int32(valid))")
            out.line("let s = V(repeating: scale)")
            out.block("for k in 0..<\(k)") {
                out.line("var d = dlogits[k] / sum")
                out.line("d.replace(with: d - 1, where: label .== VI(repeating: Int32(k)))")
                out.line("dlogits[k] = (d * s).replacing(with: 0, where: .!live)")
            }
            out.line("return (loss, correct)")
        }
    }
}
