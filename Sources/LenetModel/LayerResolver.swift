import LenetRuntime
import LenetSpec

/// One module-to-be: a spec layer, or the activation its `activation:` shorthand adds after it.
struct PendingOp {
    var kind: LayerKindSpec
    var location: SourceLocation
    var length: Int
    var fromShorthand: Bool
}

enum LayerResolver {
    /// `conv: {..., activation: relu}` becomes two modules, conv then relu, as in `nn.Sequential`.
    static func expand(_ layer: LayerSpec) -> [PendingOp] {
        var ops = [PendingOp(kind: layer.kind, location: layer.location, length: layer.length, fromShorthand: false)]
        var shorthand: Located<ActivationKind>?
        switch layer.kind {
        case let .conv(conv): shorthand = conv.activation
        case let .dense(dense): shorthand = dense.activation
        default: break
        }
        if let shorthand {
            ops.append(PendingOp(kind: .activation(shorthand.value), location: shorthand.location,
                                 length: shorthand.value.rawValue.count, fromShorthand: true))
        }
        return ops
    }
}

/// Resolves one layer against the shape that reaches it, reporting what does not fit.
struct ShapeChecker {
    var bag: DiagnosticBag

    /// The resolved layer, or nil when its output shape cannot be known (the reason is reported).
    /// `offset` is where its parameters, if it has any, start in the arena.
    mutating func resolve(_ op: PendingOp, input: Shape, index: Int, offset: Int, previous: ModelLayer?) -> ModelLayer? {
        func layer(_ resolved: LayerOp, _ output: Shape, _ written: String, params: [ParameterSlot] = [], macs: Int = 0) -> ModelLayer {
            ModelLayer(index: index, op: resolved, input: input, output: output, location: op.location,
                       length: op.length, written: written, parameters: params, macs: macs)
        }
        /// The weight, then the bias of one value per output (`weight[0]`), packed from `offset`.
        func weightAndBias(_ weight: [Int], fanIn: Int, fanOut: Int) -> [ParameterSlot] {
            [ParameterSlot(name: "\(index).weight", shape: weight, offset: offset, fanIn: fanIn, fanOut: fanOut, isBias: false),
             ParameterSlot(name: "\(index).bias", shape: [weight[0]], offset: saturatingSum([offset, saturatingProduct(weight)]),
                           fanIn: fanIn, fanOut: fanOut, isBias: true)]
        }
        /// "layer 5 (maxpool 2×2, stride 2: 8×8 → 4×4)" or "the input".
        let source: String = previous.map { p in
            let change = p.input.spatial.flatMap { i in p.output.spatial.map { o in ": \(i.area) → \(o.area)" } } ?? ""
            return "layer \(p.index) (\(p.written)\(change))"
        } ?? "the input"

        switch op.kind {
        case .invalid:
            return nil
        case .flatten:
            if case .flat = input {
                bag.warning("flatten gets an input that is already flat (\(input) values from \(source)); it does nothing",
                            at: op.location, length: op.length, hint: "remove this flatten")
            }
            return layer(.flatten, .flat(input.count), "flatten")
        case let .activation(kind):
            return layer(.activation(kind), input, kind.rawValue)
        case let .dropout(rate):
            let p = rate?.value ?? 0.5
            return layer(.dropout(rate: p), input, "dropout \(p.compact)")
        case let .dense(dense):
            guard let units = dense.units?.value else { return nil }
            guard case let .flat(features) = input else {
                bag.error("dense gets a \(input) image from \(source), but it needs a flat vector",
                          at: op.location, length: op.length,
                          hint: "add `- flatten` before this layer (PyTorch's nn.Flatten), as d2l's LeNet does")
                return nil
            }
            return layer(.dense(DenseLayer(inFeatures: features, outFeatures: units)), .flat(units), "dense \(units)",
                         params: weightAndBias([units, features], fanIn: features, fanOut: units),
                         macs: saturatingProduct([features, units]))
        case let .conv(conv):
            guard let filters = conv.filters?.value, let kernel = conv.kernel else { return nil }
            guard case let .image(c, h, w) = input else {
                bag.error("conv needs a channels×height×width image, but \(source) gives a flat vector of \(input.count) values",
                          at: op.location, length: op.length,
                          hint: "move `flatten` after the last conv and pooling layer")
                return nil
            }
            let stride = conv.stride?.value ?? Pair(square: 1)
            var padding = Pair(square: 0)
            var paddingText = ""
            switch conv.padding?.value {
            case nil, .valid?: break
            case let .explicit(p)?:
                padding = p
                if p != Pair(square: 0) { paddingText = ", padding \(p)" }
            case .same?:
                guard stride == Pair(square: 1) else {
                    bag.error("padding: same needs stride 1, but this conv has stride \(stride)",
                              at: conv.padding!.location, length: 4,
                              hint: "PyTorch refuses padding='same' for strided convolutions; give the padding as a number")
                    return nil
                }
                guard kernel.value.h % 2 == 1, kernel.value.w % 2 == 1 else {
                    bag.error("padding: same needs an odd kernel (lenetc pads both sides equally), but the kernel is \(kernel.value.area)",
                              at: conv.padding!.location, length: 4,
                              hint: "use an odd kernel such as 5, or give the padding as a number")
                    return nil
                }
                padding = Pair((kernel.value.h - 1) / 2, (kernel.value.w - 1) / 2)
                paddingText = ", padding same (\(padding))"
            }
            guard let (oh, ow) = window(kernel: kernel.value, stride: stride, padding: padding, h: h, w: w,
                                        what: "kernel", kernelAt: kernel.location, op: op, source: source,
                                        at: conv.stride?.location ?? kernel.location)
            else { return nil }
            let strideText = stride == Pair(square: 1) ? "" : ", stride \(stride)"
            let written = "conv \(filters), \(kernel.value.area)\(strideText)\(paddingText)"
            let receptive = kernel.value.h * kernel.value.w
            let params = weightAndBias([filters, c, kernel.value.h, kernel.value.w], fanIn: c * receptive,
                                       fanOut: filters * receptive)
            let resolved = ConvGeometry(inChannels: c, height: h, width: w, outChannels: filters,
                                        kernel: (kernel.value.h, kernel.value.w), stride: (stride.h, stride.w),
                                        padding: (padding.h, padding.w))
            return layer(.conv(resolved), .image(c: filters, h: oh, w: ow), written, params: params,
                         macs: saturatingProduct([filters, oh, ow, c, kernel.value.h, kernel.value.w]))
        case let .pool(pool):
            guard let size = pool.size else { return nil }
            guard case let .image(c, h, w) = input else {
                bag.error("\(pool.op.rawValue) needs a channels×height×width image, but \(source) gives a flat vector of \(input.count) values",
                          at: op.location, length: op.length, hint: "move `flatten` after the last pooling layer")
                return nil
            }
            let stride = pool.stride?.value ?? size.value
            let padding = pool.padding?.value ?? Pair(square: 0)
            if padding.h * 2 > size.value.h || padding.w * 2 > size.value.w {
                bag.error("\(pool.op.rawValue) padding \(padding) is more than half the \(size.value.area) window",
                          at: pool.padding!.location, hint: "PyTorch allows at most half the window size; use padding: \(size.value.h / 2)")
                return nil
            }
            guard let (oh, ow) = window(kernel: size.value, stride: stride, padding: padding, h: h, w: w,
                                        what: "\(pool.op.rawValue) window", kernelAt: size.location, op: op,
                                        source: source, at: pool.stride?.location ?? size.location)
            else { return nil }
            var written = "\(pool.op.rawValue) \(size.value.area), stride \(stride)"
            if padding != Pair(square: 0) { written += ", padding \(padding)" }
            let resolved = PoolGeometry(op: pool.op, channels: c, height: h, width: w, kernel: (size.value.h, size.value.w),
                                        stride: (stride.h, stride.w), padding: (padding.h, padding.w))
            return layer(.pool(resolved), .image(c: c, h: oh, w: ow), written)
        }
    }

    /// Output height and width of a sliding window (PyTorch: ⌊(n + 2p − k) / s⌋ + 1), after checking
    /// that the window fits and warning where the stride skips or drops input.
    mutating func window(kernel: Pair, stride: Pair, padding: Pair, h: Int, w: Int, what: String,
                         kernelAt: SourceLocation, op: PendingOp, source: String,
                         at strideAt: SourceLocation) -> (Int, Int)? {
        let ph = h + 2 * padding.h, pw = w + 2 * padding.w
        guard kernel.h <= ph, kernel.w <= pw else {
            let padded = padding == Pair(square: 0) ? "" : " (\(Pair(ph, pw).area) with its padding)"
            let needed = max(0, (kernel.h - h + 1) / 2, (kernel.w - w + 1) / 2)
            var hint = "use a smaller \(what.contains("window") ? "window" : "kernel")"
            if needed > padding.h || needed > padding.w { hint = "use padding: \(max(needed, padding.h)), " + hint }
            hint += ", or remove a pooling layer before it"
            bag.error("\(what) \(kernel.area) does not fit the \(Pair(h, w).area) input\(padded) coming from \(source)",
                      at: kernelAt, length: kernel.isSquare ? String(kernel.h).count : 1, hint: hint)
            return nil
        }
        let oh = windowPositions(h, kernel: kernel.h, stride: stride.h, padding: padding.h)
        let ow = windowPositions(w, kernel: kernel.w, stride: stride.w, padding: padding.w)
        let leftH = (ph - kernel.h) % stride.h, leftW = (pw - kernel.w) % stride.w
        if leftH > 0 || leftW > 0 {
            let lost = [leftH > 0 ? "\(leftH) row\(leftH == 1 ? "" : "s")" : nil,
                        leftW > 0 ? "\(leftW) column\(leftW == 1 ? "" : "s")" : nil].compactMap { $0 }
            bag.warning("stride \(stride) does not divide the \(Pair(ph, pw).area) \(padding == Pair(square: 0) ? "" : "padded ")input evenly: the last \(lost.joined(separator: " and ")) are never used",
                        at: strideAt, length: 1,
                        hint: "PyTorch floors the same way and accepts it; change the stride, \(what.contains("window") ? "window" : "kernel") or padding if that is not intended")
        }
        if stride.h > kernel.h || stride.w > kernel.w {
            bag.warning("stride \(stride) is larger than the \(kernel.area) \(what): input between windows is skipped",
                        at: strideAt, length: 1, hint: "use a stride no larger than the \(what) unless skipping is intended")
        }
        return (oh, ow)
    }
}
