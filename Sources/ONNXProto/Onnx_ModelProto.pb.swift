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

/// Models
///
/// ModelProto is a top-level file/container format for bundling a ML model and
/// associating its computation graph with metadata.
///
/// The semantics of the model are described by the associated GraphProto's.
public nonisolated struct Onnx_ModelProto: @unchecked Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The version of the IR this model targets. See Version enum above.
  /// This field MUST be present.
  public var irVersion: Int64 {
    get {_storage._irVersion ?? 0}
    set {_uniqueStorage()._irVersion = newValue}
  }
  /// Returns true if `irVersion` has been explicitly set.
  public var hasIrVersion: Bool {_storage._irVersion != nil}
  /// Clears the value of `irVersion`. Subsequent reads from it will return its default value.
  public mutating func clearIrVersion() {_uniqueStorage()._irVersion = nil}

  /// The OperatorSets this model relies on.
  /// All ModelProtos MUST have at least one entry that
  /// specifies which version of the ONNX OperatorSet is
  /// being imported.
  ///
  /// All nodes in the ModelProto's graph will bind against the operator
  /// with the same-domain/same-op_type operator with the HIGHEST version
  /// in the referenced operator sets.
  public var opsetImport: [Onnx_OperatorSetIdProto] {
    get {_storage._opsetImport}
    set {_uniqueStorage()._opsetImport = newValue}
  }

  /// The name of the framework or tool used to generate this model.
  /// This field SHOULD be present to indicate which implementation/tool/framework
  /// emitted the model.
  public var producerName: String {
    get {_storage._producerName ?? String()}
    set {_uniqueStorage()._producerName = newValue}
  }
  /// Returns true if `producerName` has been explicitly set.
  public var hasProducerName: Bool {_storage._producerName != nil}
  /// Clears the value of `producerName`. Subsequent reads from it will return its default value.
  public mutating func clearProducerName() {_uniqueStorage()._producerName = nil}

  /// The version of the framework or tool used to generate this model.
  /// This field SHOULD be present to indicate which implementation/tool/framework
  /// emitted the model.
  public var producerVersion: String {
    get {_storage._producerVersion ?? String()}
    set {_uniqueStorage()._producerVersion = newValue}
  }
  /// Returns true if `producerVersion` has been explicitly set.
  public var hasProducerVersion: Bool {_storage._producerVersion != nil}
  /// Clears the value of `producerVersion`. Subsequent reads from it will return its default value.
  public mutating func clearProducerVersion() {_uniqueStorage()._producerVersion = nil}

  /// Domain name of the model.
  /// We use reverse domain names as name space indicators. For example:
  /// `com.facebook.fair` or `com.microsoft.cognitiveservices`
  ///
  /// Together with `model_version` and GraphProto.name, this forms the unique identity of
  /// the graph.
  public var domain: String {
    get {_storage._domain ?? String()}
    set {_uniqueStorage()._domain = newValue}
  }
  /// Returns true if `domain` has been explicitly set.
  public var hasDomain: Bool {_storage._domain != nil}
  /// Clears the value of `domain`. Subsequent reads from it will return its default value.
  public mutating func clearDomain() {_uniqueStorage()._domain = nil}

  /// The version of the graph encoded. See Version enum below.
  public var modelVersion: Int64 {
    get {_storage._modelVersion ?? 0}
    set {_uniqueStorage()._modelVersion = newValue}
  }
  /// Returns true if `modelVersion` has been explicitly set.
  public var hasModelVersion: Bool {_storage._modelVersion != nil}
  /// Clears the value of `modelVersion`. Subsequent reads from it will return its default value.
  public mutating func clearModelVersion() {_uniqueStorage()._modelVersion = nil}

  /// A human-readable documentation for this model. Markdown is allowed.
  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {_storage._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  /// The parameterized graph that is evaluated to execute the model.
  public var graph: Onnx_GraphProto {
    get {_storage._graph ?? Onnx_GraphProto()}
    set {_uniqueStorage()._graph = newValue}
  }
  /// Returns true if `graph` has been explicitly set.
  public var hasGraph: Bool {_storage._graph != nil}
  /// Clears the value of `graph`. Subsequent reads from it will return its default value.
  public mutating func clearGraph() {_uniqueStorage()._graph = nil}

  /// Named metadata values; keys should be distinct.
  public var metadataProps: [Onnx_StringStringEntryProto] {
    get {_storage._metadataProps}
    set {_uniqueStorage()._metadataProps = newValue}
  }

  /// Training-specific information. Sequentially executing all stored
  /// `TrainingInfoProto.algorithm`s and assigning their outputs following
  /// the corresponding `TrainingInfoProto.update_binding`s is one training
  /// iteration. Similarly, to initialize the model
  /// (as if training hasn't happened), the user should sequentially execute
  /// all stored `TrainingInfoProto.initialization`s and assigns their outputs
  /// using `TrainingInfoProto.initialization_binding`s.
  ///
  /// If this field is empty, the training behavior of the model is undefined.
  public var trainingInfo: [Onnx_TrainingInfoProto] {
    get {_storage._trainingInfo}
    set {_uniqueStorage()._trainingInfo = newValue}
  }

  /// A list of function protos local to the model.
  ///
  /// The (domain, name, overload) tuple must be unique across the function protos in this list.
  /// In case of any conflicts the behavior (whether the model local functions are given higher priority,
  /// or standard operator sets are given higher priority or this is treated as error) is defined by
  /// the runtimes.
  ///
  /// The operator sets imported by FunctionProto should be compatible with the ones
  /// imported by ModelProto and other model local FunctionProtos.
  /// Example, if same operator set say 'A' is imported by a FunctionProto and ModelProto
  /// or by 2 FunctionProtos then versions for the operator set may be different but,
  /// the operator schema returned for op_type, domain, version combination
  /// for both the versions should be same for every node in the function body.
  ///
  /// One FunctionProto can reference other FunctionProto in the model, however, recursive reference
  /// is not allowed.
  public var functions: [Onnx_FunctionProto] {
    get {_storage._functions}
    set {_uniqueStorage()._functions = newValue}
  }

  /// Describes different target configurations for a multi-device use case.
  /// A model MAY describe multiple multi-device configurations for execution.
  public var configuration: [Onnx_DeviceConfigurationProto] {
    get {_storage._configuration}
    set {_uniqueStorage()._configuration = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

nonisolated extension Onnx_ModelProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ModelProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}ir_version\0\u{3}producer_name\0\u{3}producer_version\0\u{1}domain\0\u{3}model_version\0\u{3}doc_string\0\u{1}graph\0\u{3}opset_import\0\u{4}\u{6}metadata_props\0\u{4}\u{6}training_info\0\u{2}\u{5}functions\0\u{1}configuration\0")

  fileprivate class _StorageClass {
    var _irVersion: Int64? = nil
    var _opsetImport: [Onnx_OperatorSetIdProto] = []
    var _producerName: String? = nil
    var _producerVersion: String? = nil
    var _domain: String? = nil
    var _modelVersion: Int64? = nil
    var _docString: String? = nil
    var _graph: Onnx_GraphProto? = nil
    var _metadataProps: [Onnx_StringStringEntryProto] = []
    var _trainingInfo: [Onnx_TrainingInfoProto] = []
    var _functions: [Onnx_FunctionProto] = []
    var _configuration: [Onnx_DeviceConfigurationProto] = []

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _irVersion = source._irVersion
      _opsetImport = source._opsetImport
      _producerName = source._producerName
      _producerVersion = source._producerVersion
      _domain = source._domain
      _modelVersion = source._modelVersion
      _docString = source._docString
      _graph = source._graph
      _metadataProps = source._metadataProps
      _trainingInfo = source._trainingInfo
      _functions = source._functions
      _configuration = source._configuration
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
        case 1: try { try decoder.decodeSingularInt64Field(value: &_storage._irVersion) }()
        case 2: try { try decoder.decodeSingularStringField(value: &_storage._producerName) }()
        case 3: try { try decoder.decodeSingularStringField(value: &_storage._producerVersion) }()
        case 4: try { try decoder.decodeSingularStringField(value: &_storage._domain) }()
        case 5: try { try decoder.decodeSingularInt64Field(value: &_storage._modelVersion) }()
        case 6: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 7: try { try decoder.decodeSingularMessageField(value: &_storage._graph) }()
        case 8: try { try decoder.decodeRepeatedMessageField(value: &_storage._opsetImport) }()
        case 14: try { try decoder.decodeRepeatedMessageField(value: &_storage._metadataProps) }()
        case 20: try { try decoder.decodeRepeatedMessageField(value: &_storage._trainingInfo) }()
        case 25: try { try decoder.decodeRepeatedMessageField(value: &_storage._functions) }()
        case 26: try { try decoder.decodeRepeatedMessageField(value: &_storage._configuration) }()
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
      try { if let v = _storage._irVersion {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._producerName {
        try visitor.visitSingularStringField(value: v, fieldNumber: 2)
      } }()
      try { if let v = _storage._producerVersion {
        try visitor.visitSingularStringField(value: v, fieldNumber: 3)
      } }()
      try { if let v = _storage._domain {
        try visitor.visitSingularStringField(value: v, fieldNumber: 4)
      } }()
      try { if let v = _storage._modelVersion {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 6)
      } }()
      try { if let v = _storage._graph {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      } }()
      if !_storage._opsetImport.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._opsetImport, fieldNumber: 8)
      }
      if !_storage._metadataProps.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._metadataProps, fieldNumber: 14)
      }
      if !_storage._trainingInfo.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._trainingInfo, fieldNumber: 20)
      }
      if !_storage._functions.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._functions, fieldNumber: 25)
      }
      if !_storage._configuration.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._configuration, fieldNumber: 26)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ModelProto, rhs: Onnx_ModelProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._irVersion != rhs_storage._irVersion {return false}
        if _storage._opsetImport != rhs_storage._opsetImport {return false}
        if _storage._producerName != rhs_storage._producerName {return false}
        if _storage._producerVersion != rhs_storage._producerVersion {return false}
        if _storage._domain != rhs_storage._domain {return false}
        if _storage._modelVersion != rhs_storage._modelVersion {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._graph != rhs_storage._graph {return false}
        if _storage._metadataProps != rhs_storage._metadataProps {return false}
        if _storage._trainingInfo != rhs_storage._trainingInfo {return false}
        if _storage._functions != rhs_storage._functions {return false}
        if _storage._configuration != rhs_storage._configuration {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
