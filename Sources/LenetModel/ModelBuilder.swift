import LenetRuntime
import LenetSpec

/// Stage two: `Spec` -> `Model`. Resolves defaults, propagates shapes with PyTorch's formulas
/// (floor division), counts parameters and MACs, and checks everything that depends on more than one
/// value. Independent problems are all reported; after a layer whose shape cannot be known, shape
/// checks stop but the other checks go on.
public enum ModelBuilder {
    public static func build(_ spec: Spec) -> (model: Model?, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let train = TrainBuilder.build(spec.train, specLocation: spec.location, bag: &bag)
        let dataset = DatasetInfo.of(train?.dataset ?? .mnist)
        checkName(spec, bag: &bag)

        var input: Shape?
        if let written = spec.input, written.value.count == 3 {
            let (c, h, w) = (written.value[0].value, written.value[1].value, written.value[2].value)
            input = .image(c: c, h: h, w: w)
            if input != dataset.imageShape {
                let datasetName = dataset.name
                var hint = "use `input: [1, 28, 28]`"
                if h == 32 && w == 32 {
                    hint += "; to stand for LeNet-5's 32×32 input, give the first conv `padding: 2`"
                }
                bag.error("input \(input!) differs from the \(datasetName) images, which are \(dataset.imageShape)",
                          at: written.location, hint: hint)
            }
        }

        var layers: [ModelLayer] = []
        var shape = input
        var shapeKnown = input != nil
        var checker = ShapeChecker(bag: bag)
        // The module index counts every op, resolved or not: it is the op's place in nn.Sequential.
        var index = -1
        // Floats of the parameters so far: where the next layer's parameters start in the arena.
        var offset = 0
        var previous: PendingOp?
        for layer in spec.layers {
            for op in LayerResolver.expand(layer) {
                index += 1
                defer { previous = op }
                if case let .activation(kind) = op.kind, let previous, case let .activation(before) = previous.kind {
                    let what = op.fromShorthand ? "the `activation: \(kind.rawValue)` of this layer" : kind.rawValue
                    let first = previous.fromShorthand ? "`activation: \(before.rawValue)`" : before.rawValue
                    checker.bag.error("two activations in a row: \(what) follows the \(first) of layer \(index - 1)",
                                      at: op.location, length: op.length,
                                      hint: "remove one of them; LeNet applies one activation after each conv and dense layer")
                }
                guard shapeKnown, let current = shape, let resolved = checker.resolve(op, input: current, index: index,
                                                                                      offset: offset, previous: layers.last) else {
                    shapeKnown = false
                    continue
                }
                layers.append(resolved)
                shape = resolved.output
                offset = saturatingSum([offset, resolved.parameterCount])
            }
        }
        bag = checker.bag
        if spec.layers.contains(where: { if case .invalid = $0.kind { return true } else { return false } }) {
            shapeKnown = false
        }

        if shapeKnown, let last = layers.last, let lastSpec = spec.layers.last {
            checkEnding(last, lastSpec: lastSpec, dataset: dataset, bag: &bag)
        }
        let totalParameters = saturatingSum(layers.map(\.parameterCount))
        if totalParameters > Limits.parameters, let largest = layers.max(by: { $0.parameterCount < $1.parameterCount }) {
            let total = totalParameters == Int.max ? "more than \(Int.max.grouped)" : totalParameters.grouped
            bag.error("the network has \(total) parameters, \(largest.parameterCount.grouped) of them in this \(largest.written); lenetc accepts at most \(Limits.parameters.grouped)",
                      at: largest.location, length: largest.length,
                      hint: "LeNet has about 60,000; look for a dense layer on an unflattened or barely pooled input")
        }
        let activations = saturatingSum([input?.count ?? 0] + layers.map(\.output.count))
        if activations > Limits.activations, let at = spec.layersLocation {
            bag.error("one example needs \(activations == Int.max ? "too many" : activations.grouped) activation values; lenetc accepts at most \(Limits.activations.grouped)",
                      at: at, hint: "use fewer filters or pool earlier")
        }

        guard !bag.hasErrors, let input, let inputLocation = spec.input?.location, let train, shapeKnown else {
            return (nil, bag.all)
        }
        let model = Model(name: spec.displayName, nameLocation: spec.name?.location, description: spec.description?.value,
                          sourcePath: spec.source.path, input: input, inputLocation: inputLocation,
                          normalize: spec.normalize.flatMap { written in
                              written.value.mean.flatMap { mean in written.value.std.map { InputNormalization(mean: mean.value, std: $0.value) } }
                          }, layers: layers, train: train)
        return (model, bag.all)
    }

    /// Whether `name` can name an emitted trainer's folder (`Generated/<name>/`), Swift target and
    /// types: a letter, then letters, digits, '-' and '_', at most 64 in all. A written `name:` is
    /// checked here; the emitter checks a name taken from the file's name, which only it needs.
    public static func isUsableName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "-" || $0 == "_"
        } && name.unicodeScalars.first!.properties.isAlphabetic
    }

    /// Names become folder names (`Generated/<name>/`) and Swift identifiers in emitted code.
    static func checkName(_ spec: Spec, bag: inout DiagnosticBag) {
        guard let name = spec.name else { return }
        if !isUsableName(name.value) {
            bag.error("name '\(name.value.prefix(64))' must start with a letter and use only letters, digits, '-' and '_' (at most 64)",
                      at: name.location, length: name.value.count, hint: "it names the generated trainer's folder, e.g. `name: lenet-max`")
        }
    }

    static func checkEnding(_ last: ModelLayer, lastSpec: LayerSpec, dataset: DatasetInfo, bag: inout DiagnosticBag) {
        let classes = dataset.classCount
        switch last.output {
        case .image:
            bag.error("the network ends with a \(last.output) image, but softmax-cross-entropy needs \(classes) class scores",
                      at: last.location, length: last.length, hint: "end the network with `- flatten` and `- dense: \(classes)`")
        case let .flat(n) where n != classes:
            bag.error("the network ends in \(n) outputs, but \(dataset.name) has \(classes) classes",
                      at: last.location, length: last.length, hint: "make the last layer `- dense: \(classes)`")
        default:
            break
        }
        if case let .activation(kind) = last.op {
            bag.warning("the network ends with \(kind.rawValue), but softmax-cross-entropy expects raw scores (logits)",
                        at: last.location, length: last.length,
                        hint: "remove the final \(kind.rawValue); d2l's LeNet ends in `dense: \(classes)` with no activation")
        }
    }
}
