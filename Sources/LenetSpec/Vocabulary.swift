/// The closed sets of names a spec may use. Each enum's raw value is the spelling in YAML.

public enum ActivationKind: String, Sendable, CaseIterable, Equatable {
    case sigmoid, relu, tanh
}

public enum PoolOp: String, Sendable, CaseIterable, Equatable {
    case max = "maxpool"
    case avg = "avgpool"
}

/// The layer kinds, as written in `layers:`.
public enum LayerKindName: String, Sendable, CaseIterable {
    case conv, maxpool, avgpool, flatten, dense, sigmoid, relu, tanh, dropout

    /// Names people bring from PyTorch, Keras or Caffe, mapped to ours for the hint.
    public static let foreignNames: [String: LayerKindName] = [
        "conv2d": .conv, "convolution": .conv, "conv2": .conv,
        "linear": .dense, "fc": .dense, "innerproduct": .dense, "inner_product": .dense, "fullyconnected": .dense,
        "maxpool2d": .maxpool, "max_pool": .maxpool, "maxpooling2d": .maxpool, "max_pooling": .maxpool,
        "avgpool2d": .avgpool, "avg_pool": .avgpool, "averagepooling2d": .avgpool, "avg_pooling": .avgpool,
        "pool": .maxpool, "pooling": .maxpool,
        "flat": .flatten, "reshape": .flatten,
        "dense_layer": .dense, "sig": .sigmoid, "logistic": .sigmoid,
    ]
}

public enum DatasetName: String, Sendable, CaseIterable, Equatable {
    case mnist
    case fashionMNIST = "fashion-mnist"
}

public enum LossName: String, Sendable, CaseIterable, Equatable {
    case softmaxCrossEntropy = "softmax-cross-entropy"
}

public enum InitName: String, Sendable, CaseIterable, Equatable {
    case xavierUniform = "xavier-uniform"
    case xavierNormal = "xavier-normal"
    case kaimingUniform = "kaiming-uniform"
    case kaimingNormal = "kaiming-normal"
}

/// How biases start: `init: {weights: xavier-uniform, biases: pytorch}`.
public enum BiasInitName: String, Sendable, CaseIterable, Equatable {
    case zero
    case pytorch
}

public enum OptimizerName: String, Sendable, CaseIterable {
    case sgd, adam, adamw, adadelta, rmsprop, adagrad
}

public enum ScheduleName: String, Sendable, CaseIterable {
    case constant, step, cosine, inv, exponential, multistep
}
