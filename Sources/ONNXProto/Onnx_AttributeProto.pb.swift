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

/// Attributes
///
/// A named attribute containing either singular float, integer, string, graph,
/// and tensor values, or repeated float, integer, string, graph, and tensor values.
/// An AttributeProto MUST contain the name field, and *only one* of the
/// following content fields, effectively enforcing a C/C++ union equivalent.
public nonisolated struct Onnx_AttributeProto: @unchecked Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The name field MUST be present for this version of the IR.
  public var name: String {
    get {_storage._name ?? String()}
    set {_uniqueStorage()._name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {_storage._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {_uniqueStorage()._name = nil}

  /// if ref_attr_name is not empty, ref_attr_name is the attribute name in parent function.
  /// In this case, this AttributeProto does not contain data, and it's a reference of attribute
  /// in parent scope.
  /// NOTE: This should ONLY be used in function (sub-graph). It's invalid to be used in main graph.
  public var refAttrName: String {
    get {_storage._refAttrName ?? String()}
    set {_uniqueStorage()._refAttrName = newValue}
  }
  /// Returns true if `refAttrName` has been explicitly set.
  public var hasRefAttrName: Bool {_storage._refAttrName != nil}
  /// Clears the value of `refAttrName`. Subsequent reads from it will return its default value.
  public mutating func clearRefAttrName() {_uniqueStorage()._refAttrName = nil}

  /// A human-readable documentation for this attribute. Markdown is allowed.
  public var docString: String {
    get {_storage._docString ?? String()}
    set {_uniqueStorage()._docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {_storage._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {_uniqueStorage()._docString = nil}

  /// The type field MUST be present for this version of the IR.
  /// For 0.0.1 versions of the IR, this field was not defined, and
  /// implementations needed to use has_field heuristics to determine
  /// which value field was in use.  For IR_VERSION 0.0.2 or later, this
  /// field MUST be set and match the f|i|s|t|... field in use.  This
  /// change was made to accommodate proto3 implementations.
  public var type: Onnx_AttributeProto.AttributeType {
    get {_storage._type ?? .undefined}
    set {_uniqueStorage()._type = newValue}
  }
  /// Returns true if `type` has been explicitly set.
  public var hasType: Bool {_storage._type != nil}
  /// Clears the value of `type`. Subsequent reads from it will return its default value.
  public mutating func clearType() {_uniqueStorage()._type = nil}

  /// Exactly ONE of the following fields must be present for this version of the IR
  public var f: Float {
    get {_storage._f ?? 0}
    set {_uniqueStorage()._f = newValue}
  }
  /// Returns true if `f` has been explicitly set.
  public var hasF: Bool {_storage._f != nil}
  /// Clears the value of `f`. Subsequent reads from it will return its default value.
  public mutating func clearF() {_uniqueStorage()._f = nil}

  /// int
  public var i: Int64 {
    get {_storage._i ?? 0}
    set {_uniqueStorage()._i = newValue}
  }
  /// Returns true if `i` has been explicitly set.
  public var hasI: Bool {_storage._i != nil}
  /// Clears the value of `i`. Subsequent reads from it will return its default value.
  public mutating func clearI() {_uniqueStorage()._i = nil}

  /// UTF-8 string
  public var s: Data {
    get {_storage._s ?? Data()}
    set {_uniqueStorage()._s = newValue}
  }
  /// Returns true if `s` has been explicitly set.
  public var hasS: Bool {_storage._s != nil}
  /// Clears the value of `s`. Subsequent reads from it will return its default value.
  public mutating func clearS() {_uniqueStorage()._s = nil}

  /// tensor value
  public var t: Onnx_TensorProto {
    get {_storage._t ?? Onnx_TensorProto()}
    set {_uniqueStorage()._t = newValue}
  }
  /// Returns true if `t` has been explicitly set.
  public var hasT: Bool {_storage._t != nil}
  /// Clears the value of `t`. Subsequent reads from it will return its default value.
  public mutating func clearT() {_uniqueStorage()._t = nil}

  /// graph
  public var g: Onnx_GraphProto {
    get {_storage._g ?? Onnx_GraphProto()}
    set {_uniqueStorage()._g = newValue}
  }
  /// Returns true if `g` has been explicitly set.
  public var hasG: Bool {_storage._g != nil}
  /// Clears the value of `g`. Subsequent reads from it will return its default value.
  public mutating func clearG() {_uniqueStorage()._g = nil}

  /// sparse tensor value
  public var sparseTensor: Onnx_SparseTensorProto {
    get {_storage._sparseTensor ?? Onnx_SparseTensorProto()}
    set {_uniqueStorage()._sparseTensor = newValue}
  }
  /// Returns true if `sparseTensor` has been explicitly set.
  public var hasSparseTensor: Bool {_storage._sparseTensor != nil}
  /// Clears the value of `sparseTensor`. Subsequent reads from it will return its default value.
  public mutating func clearSparseTensor() {_uniqueStorage()._sparseTensor = nil}

  /// Do not use field below, it's deprecated.
  /// optional ValueProto v = 12;         // value - subsumes everything but graph
  public var tp: Onnx_TypeProto {
    get {_storage._tp ?? Onnx_TypeProto()}
    set {_uniqueStorage()._tp = newValue}
  }
  /// Returns true if `tp` has been explicitly set.
  public var hasTp: Bool {_storage._tp != nil}
  /// Clears the value of `tp`. Subsequent reads from it will return its default value.
  public mutating func clearTp() {_uniqueStorage()._tp = nil}

  /// list of floats
  public var floats: [Float] {
    get {_storage._floats}
    set {_uniqueStorage()._floats = newValue}
  }

  /// list of ints
  public var ints: [Int64] {
    get {_storage._ints}
    set {_uniqueStorage()._ints = newValue}
  }

  /// list of UTF-8 strings
  public var strings: [Data] {
    get {_storage._strings}
    set {_uniqueStorage()._strings = newValue}
  }

  /// list of tensors
  public var tensors: [Onnx_TensorProto] {
    get {_storage._tensors}
    set {_uniqueStorage()._tensors = newValue}
  }

  /// list of graph
  public var graphs: [Onnx_GraphProto] {
    get {_storage._graphs}
    set {_uniqueStorage()._graphs = newValue}
  }

  /// list of sparse tensors
  public var sparseTensors: [Onnx_SparseTensorProto] {
    get {_storage._sparseTensors}
    set {_uniqueStorage()._sparseTensors = newValue}
  }

  /// list of type protos
  public var typeProtos: [Onnx_TypeProto] {
    get {_storage._typeProtos}
    set {_uniqueStorage()._typeProtos = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  /// Note: this enum is structurally identical to the OpSchema::AttrType
  /// enum defined in schema.h.  If you rev one, you likely need to rev the other.
  public nonisolated enum AttributeType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case undefined = 0
    case float = 1
    case int = 2
    case string = 3
    case tensor = 4
    case graph = 5
    case sparseTensor = 11
    case typeProto = 13
    case floats = 6
    case ints = 7
    case strings = 8
    case tensors = 9
    case graphs = 10
    case sparseTensors = 12
    case typeProtos = 14

    public init() {
      self = .undefined
    }

  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

nonisolated extension Onnx_AttributeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".AttributeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}f\0\u{1}i\0\u{1}s\0\u{1}t\0\u{1}g\0\u{1}floats\0\u{1}ints\0\u{1}strings\0\u{1}tensors\0\u{1}graphs\0\u{4}\u{2}doc_string\0\u{1}tp\0\u{3}type_protos\0\u{2}\u{5}type\0\u{3}ref_attr_name\0\u{3}sparse_tensor\0\u{3}sparse_tensors\0\u{b}v\0\u{c}\u{c}\u{1}\u{c}\u{10}\u{4}")

  fileprivate class _StorageClass {
    var _name: String? = nil
    var _refAttrName: String? = nil
    var _docString: String? = nil
    var _type: Onnx_AttributeProto.AttributeType? = nil
    var _f: Float? = nil
    var _i: Int64? = nil
    var _s: Data? = nil
    var _t: Onnx_TensorProto? = nil
    var _g: Onnx_GraphProto? = nil
    var _sparseTensor: Onnx_SparseTensorProto? = nil
    var _tp: Onnx_TypeProto? = nil
    var _floats: [Float] = []
    var _ints: [Int64] = []
    var _strings: [Data] = []
    var _tensors: [Onnx_TensorProto] = []
    var _graphs: [Onnx_GraphProto] = []
    var _sparseTensors: [Onnx_SparseTensorProto] = []
    var _typeProtos: [Onnx_TypeProto] = []

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _name = source._name
      _refAttrName = source._refAttrName
      _docString = source._docString
      _type = source._type
      _f = source._f
      _i = source._i
      _s = source._s
      _t = source._t
      _g = source._g
      _sparseTensor = source._sparseTensor
      _tp = source._tp
      _floats = source._floats
      _ints = source._ints
      _strings = source._strings
      _tensors = source._tensors
      _graphs = source._graphs
      _sparseTensors = source._sparseTensors
      _typeProtos = source._typeProtos
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
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 2: try { try decoder.decodeSingularFloatField(value: &_storage._f) }()
        case 3: try { try decoder.decodeSingularInt64Field(value: &_storage._i) }()
        case 4: try { try decoder.decodeSingularBytesField(value: &_storage._s) }()
        case 5: try { try decoder.decodeSingularMessageField(value: &_storage._t) }()
        case 6: try { try decoder.decodeSingularMessageField(value: &_storage._g) }()
        case 7: try { try decoder.decodeRepeatedFloatField(value: &_storage._floats) }()
        case 8: try { try decoder.decodeRepeatedInt64Field(value: &_storage._ints) }()
        case 9: try { try decoder.decodeRepeatedBytesField(value: &_storage._strings) }()
        case 10: try { try decoder.decodeRepeatedMessageField(value: &_storage._tensors) }()
        case 11: try { try decoder.decodeRepeatedMessageField(value: &_storage._graphs) }()
        case 13: try { try decoder.decodeSingularStringField(value: &_storage._docString) }()
        case 14: try { try decoder.decodeSingularMessageField(value: &_storage._tp) }()
        case 15: try { try decoder.decodeRepeatedMessageField(value: &_storage._typeProtos) }()
        case 20: try { try decoder.decodeSingularEnumField(value: &_storage._type) }()
        case 21: try { try decoder.decodeSingularStringField(value: &_storage._refAttrName) }()
        case 22: try { try decoder.decodeSingularMessageField(value: &_storage._sparseTensor) }()
        case 23: try { try decoder.decodeRepeatedMessageField(value: &_storage._sparseTensors) }()
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
      try { if let v = _storage._name {
        try visitor.visitSingularStringField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._f {
        try visitor.visitSingularFloatField(value: v, fieldNumber: 2)
      } }()
      try { if let v = _storage._i {
        try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
      } }()
      try { if let v = _storage._s {
        try visitor.visitSingularBytesField(value: v, fieldNumber: 4)
      } }()
      try { if let v = _storage._t {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
      } }()
      try { if let v = _storage._g {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 6)
      } }()
      if !_storage._floats.isEmpty {
        try visitor.visitRepeatedFloatField(value: _storage._floats, fieldNumber: 7)
      }
      if !_storage._ints.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._ints, fieldNumber: 8)
      }
      if !_storage._strings.isEmpty {
        try visitor.visitRepeatedBytesField(value: _storage._strings, fieldNumber: 9)
      }
      if !_storage._tensors.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._tensors, fieldNumber: 10)
      }
      if !_storage._graphs.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._graphs, fieldNumber: 11)
      }
      try { if let v = _storage._docString {
        try visitor.visitSingularStringField(value: v, fieldNumber: 13)
      } }()
      try { if let v = _storage._tp {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 14)
      } }()
      if !_storage._typeProtos.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._typeProtos, fieldNumber: 15)
      }
      try { if let v = _storage._type {
        try visitor.visitSingularEnumField(value: v, fieldNumber: 20)
      } }()
      try { if let v = _storage._refAttrName {
        try visitor.visitSingularStringField(value: v, fieldNumber: 21)
      } }()
      try { if let v = _storage._sparseTensor {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 22)
      } }()
      if !_storage._sparseTensors.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._sparseTensors, fieldNumber: 23)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_AttributeProto, rhs: Onnx_AttributeProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._name != rhs_storage._name {return false}
        if _storage._refAttrName != rhs_storage._refAttrName {return false}
        if _storage._docString != rhs_storage._docString {return false}
        if _storage._type != rhs_storage._type {return false}
        if _storage._f != rhs_storage._f {return false}
        if _storage._i != rhs_storage._i {return false}
        if _storage._s != rhs_storage._s {return false}
        if _storage._t != rhs_storage._t {return false}
        if _storage._g != rhs_storage._g {return false}
        if _storage._sparseTensor != rhs_storage._sparseTensor {return false}
        if _storage._tp != rhs_storage._tp {return false}
        if _storage._floats != rhs_storage._floats {return false}
        if _storage._ints != rhs_storage._ints {return false}
        if _storage._strings != rhs_storage._strings {return false}
        if _storage._tensors != rhs_storage._tensors {return false}
        if _storage._graphs != rhs_storage._graphs {return false}
        if _storage._sparseTensors != rhs_storage._sparseTensors {return false}
        if _storage._typeProtos != rhs_storage._typeProtos {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_AttributeProto.AttributeType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}INT\0\u{1}STRING\0\u{1}TENSOR\0\u{1}GRAPH\0\u{1}FLOATS\0\u{1}INTS\0\u{1}STRINGS\0\u{1}TENSORS\0\u{1}GRAPHS\0\u{1}SPARSE_TENSOR\0\u{1}SPARSE_TENSORS\0\u{1}TYPE_PROTO\0\u{1}TYPE_PROTOS\0")
}
