// Generated; do not edit. The Swift of ONNX's onnx.proto, from the onnx 1.23.2 wheel on PyPI
// (sha256 547214dd049486a4d5ecbae593e9c72d90b5e8d603944b722eff469e0b5a9cc9),
// written by protoc (libprotoc 3.21.12) with swift-protobuf's protoc-gen-swift 1.39.0, option
// Visibility=Public, as one 178 KB file that Tools/ONNXProto/split.py cut into one file per top-level
// type (no Swift file in Sources/ may exceed 100 KB). Tools/ONNXProto/generate.sh regenerates them.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

/// Training information
/// TrainingInfoProto stores information for training a model.
/// In particular, this defines two functionalities: an initialization-step
/// and a training-algorithm-step. Initialization resets the model
/// back to its original state as if no training has been performed.
/// Training algorithm improves the model based on input data.
///
/// The semantics of the initialization-step is that the initializers
/// in ModelProto.graph and in TrainingInfoProto.algorithm are first
/// initialized as specified by the initializers in the graph, and then
/// updated by the "initialization_binding" in every instance in
/// ModelProto.training_info.
///
/// The field "algorithm" defines a computation graph which represents a
/// training algorithm's step. After the execution of a
/// TrainingInfoProto.algorithm, the initializers specified by "update_binding"
/// may be immediately updated. If the targeted training algorithm contains
/// consecutive update steps (such as block coordinate descent methods),
/// the user needs to create a TrainingInfoProto for each step.
public nonisolated struct Onnx_TrainingInfoProto: @unchecked Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// This field describes a graph to compute the initial tensors
  /// upon starting the training process. Initialization graph has no input
  /// and can have multiple outputs. Usually, trainable tensors in neural
  /// networks are randomly initialized. To achieve that, for each tensor,
  /// the user can put a random number operator such as RandomNormal or
  /// RandomUniform in TrainingInfoProto.initialization.node and assign its
  /// random output to the specific tensor using "initialization_binding".
  /// This graph can also set the initializers in "algorithm" in the same
  /// TrainingInfoProto; a use case is resetting the number of training
  /// iteration to zero.
  ///
  /// By default, this field is an empty graph and its evaluation does not
  /// produce any output. Thus, no initializer would be changed by default.
  public var initialization: Onnx_GraphProto {
    get {_storage._initialization ?? Onnx_GraphProto()}
    set {_uniqueStorage()._initialization = newValue}
  }
  /// Returns true if `initialization` has been explicitly set.
  public var hasInitialization: Bool {_storage._initialization != nil}
  /// Clears the value of `initialization`. Subsequent reads from it will return its default value.
  public mutating func clearInitialization() {_uniqueStorage()._initialization = nil}

  /// This field represents a training algorithm step. Given required inputs,
  /// it computes outputs to update initializers in its own or inference graph's
  /// initializer lists. In general, this field contains loss node, gradient node,
  /// optimizer node, increment of iteration count.
  ///
  /// An execution of the training algorithm step is performed by executing the
  /// graph obtained by combining the inference graph (namely "ModelProto.graph")
  /// and the "algorithm" graph. That is, the actual
  /// input/initializer/output/node/value_info/sparse_initializer list of
  /// the training graph is the concatenation of
  /// "ModelProto.graph.input/initializer/output/node/value_info/sparse_initializer"
  /// and "algorithm.input/initializer/output/node/value_info/sparse_initializer"
  /// in that order. This combined graph must satisfy the normal ONNX conditions.
  /// Now, let's provide a visualization of graph combination for clarity.
  /// Let the inference graph (i.e., "ModelProto.graph") be
  ///    tensor_a, tensor_b -> MatMul -> tensor_c -> Sigmoid -> tensor_d
  /// and the "algorithm" graph be
  ///    tensor_d -> Add -> tensor_e
  /// The combination process results
  ///    tensor_a, tensor_b -> MatMul -> tensor_c -> Sigmoid -> tensor_d -> Add -> tensor_e
  ///
  /// Notice that an input of a node in the "algorithm" graph may reference the
  /// output of a node in the inference graph (but not the other way round). Also, inference
  /// node cannot reference inputs of "algorithm". With these restrictions, inference graph
  /// can always be run independently without training information.
  ///
  /// By default, this field is an empty graph and its evaluation does not
  /// produce any output. Evaluating the default training step never
  /// update any initializers.
  public var algorithm: Onnx_GraphProto {
    get {_storage._algorithm ?? Onnx_GraphProto()}
    set {_uniqueStorage()._algorithm = newValue}
  }
  /// Returns true if `algorithm` has been explicitly set.
  public var hasAlgorithm: Bool {_storage._algorithm != nil}
  /// Clears the value of `algorithm`. Subsequent reads from it will return its default value.
  public mutating func clearAlgorithm() {_uniqueStorage()._algorithm = nil}

  /// This field specifies the bindings from the outputs of "initialization" to
  /// some initializers in "ModelProto.graph.initializer" and
  /// the "algorithm.initializer" in the same TrainingInfoProto.
  /// See "update_binding" below for details.
  ///
  /// By default, this field is empty and no initializer would be changed
  /// by the execution of "initialization".
  public var initializationBinding: [Onnx_StringStringEntryProto] {
    get {_storage._initializationBinding}
    set {_uniqueStorage()._initializationBinding = newValue}
  }

  /// Gradient-based training is usually an iterative procedure. In one gradient
  /// descent iteration, we apply
  ///
  /// x = x - r * g
  ///
  /// where "x" is the optimized tensor, "r" stands for learning rate, and "g" is
  /// gradient of "x" with respect to a chosen loss. To avoid adding assignments
  /// into the training graph, we split the update equation into
  ///
  /// y = x - r * g
  /// x = y
  ///
  /// The user needs to save "y = x - r * g" into TrainingInfoProto.algorithm. To
  /// tell that "y" should be assigned to "x", the field "update_binding" may
  /// contain a key-value pair of strings, "x" (key of StringStringEntryProto)
  /// and "y" (value of StringStringEntryProto).
  /// For a neural network with multiple trainable (mutable) tensors, there can
  /// be multiple key-value pairs in "update_binding".
  ///
  /// The initializers appears as keys in "update_binding" are considered
  /// mutable variables. This implies some behaviors
  /// as described below.
  ///
  ///  1. We have only unique keys in all "update_binding"s so that two
  ///     variables may not have the same name. This ensures that one
  ///     variable is assigned up to once.
  ///  2. The keys must appear in names of "ModelProto.graph.initializer" or
  ///     "TrainingInfoProto.algorithm.initializer".
  ///  3. The values must be output names of "algorithm" or "ModelProto.graph.output".
  ///  4. Mutable variables are initialized to the value specified by the
  ///     corresponding initializer, and then potentially updated by
  ///     "initializer_binding"s and "update_binding"s in "TrainingInfoProto"s.
  ///
  /// This field usually contains names of trainable tensors
  /// (in ModelProto.graph), optimizer states such as momentums in advanced
  /// stochastic gradient methods (in TrainingInfoProto.graph),
  /// and number of training iterations (in TrainingInfoProto.graph).
  ///
  /// By default, this field is empty and no initializer would be changed
  /// by the execution of "algorithm".
  public var updateBinding: [Onnx_StringStringEntryProto] {
    get {_storage._updateBinding}
    set {_uniqueStorage()._updateBinding = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

nonisolated extension Onnx_TrainingInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TrainingInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}initialization\0\u{1}algorithm\0\u{3}initialization_binding\0\u{3}update_binding\0")

  fileprivate class _StorageClass {
    var _initialization: Onnx_GraphProto? = nil
    var _algorithm: Onnx_GraphProto? = nil
    var _initializationBinding: [Onnx_StringStringEntryProto] = []
    var _updateBinding: [Onnx_StringStringEntryProto] = []

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _initialization = source._initialization
      _algorithm = source._algorithm
      _initializationBinding = source._initializationBinding
      _updateBinding = source._updateBinding
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        // The use of inline closures is to circumvent an issue where the compiler
        // allocates stack space for every case branch when no optimizations are
        // enabled. https://github.com/apple/swift-protobuf/issues/1034
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._initialization) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._algorithm) }()
        case 3: try { try decoder.decodeRepeatedMessageField(value: &_storage._initializationBinding) }()
        case 4: try { try decoder.decodeRepeatedMessageField(value: &_storage._updateBinding) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every if/case branch local when no optimizations
      // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
      // https://github.com/apple/swift-protobuf/issues/1182
      try { if let v = _storage._initialization {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._algorithm {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
      if !_storage._initializationBinding.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._initializationBinding, fieldNumber: 3)
      }
      if !_storage._updateBinding.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._updateBinding, fieldNumber: 4)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TrainingInfoProto, rhs: Onnx_TrainingInfoProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._initialization != rhs_storage._initialization {return false}
        if _storage._algorithm != rhs_storage._algorithm {return false}
        if _storage._initializationBinding != rhs_storage._initializationBinding {return false}
        if _storage._updateBinding != rhs_storage._updateBinding {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
