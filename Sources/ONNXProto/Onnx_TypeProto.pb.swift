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

/// Types
///
/// The standard ONNX data types.
public nonisolated struct Onnx_TypeProto: @unchecked Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  public var value: OneOf_Value? {
    get {return _storage._value}
    set {_uniqueStorage()._value = newValue}
  }

  /// The type of a tensor.
  public var tensorType: Onnx_TypeProto.Tensor {
    get {
      if case .tensorType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Tensor()
    }
    set {_uniqueStorage()._value = .tensorType(newValue)}
  }

  /// The type of a sequence.
  public var sequenceType: Onnx_TypeProto.Sequence {
    get {
      if case .sequenceType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Sequence()
    }
    set {_uniqueStorage()._value = .sequenceType(newValue)}
  }

  /// The type of a map.
  public var mapType: Onnx_TypeProto.Map {
    get {
      if case .mapType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Map()
    }
    set {_uniqueStorage()._value = .mapType(newValue)}
  }

  /// The type of an optional.
  public var optionalType: Onnx_TypeProto.Optional {
    get {
      if case .optionalType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Optional()
    }
    set {_uniqueStorage()._value = .optionalType(newValue)}
  }

  /// Type of the sparse tensor
  public var sparseTensorType: Onnx_TypeProto.SparseTensor {
    get {
      if case .sparseTensorType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.SparseTensor()
    }
    set {_uniqueStorage()._value = .sparseTensorType(newValue)}
  }

  public var opaqueType: Onnx_TypeProto.Opaque {
    get {
      if case .opaqueType(let v)? = _storage._value {return v}
      return Onnx_TypeProto.Opaque()
    }
    set {_uniqueStorage()._value = .opaqueType(newValue)}
  }

  /// An optional denotation can be used to denote the whole
  /// type with a standard semantic description as to what is
  /// stored inside. Refer to https://github.com/onnx/onnx/blob/main/docs/TypeDenotation.md#type-denotation-definition
  /// for pre-defined type denotations.
  public var denotation: String {
    get {_storage._denotation ?? String()}
    set {_uniqueStorage()._denotation = newValue}
  }
  /// Returns true if `denotation` has been explicitly set.
  public var hasDenotation: Bool {_storage._denotation != nil}
  /// Clears the value of `denotation`. Subsequent reads from it will return its default value.
  public mutating func clearDenotation() {_uniqueStorage()._denotation = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum OneOf_Value: Equatable, Sendable {
    /// The type of a tensor.
    case tensorType(Onnx_TypeProto.Tensor)
    /// The type of a sequence.
    case sequenceType(Onnx_TypeProto.Sequence)
    /// The type of a map.
    case mapType(Onnx_TypeProto.Map)
    /// The type of an optional.
    case optionalType(Onnx_TypeProto.Optional)
    /// Type of the sparse tensor
    case sparseTensorType(Onnx_TypeProto.SparseTensor)
    case opaqueType(Onnx_TypeProto.Opaque)

  }

  public nonisolated struct Tensor: Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// This field MUST NOT have the value of UNDEFINED
    /// This field MUST have a valid TensorProto.DataType value
    /// This field MUST be present for this version of the IR.
    public var elemType: Int32 {
      get {_elemType ?? 0}
      set {_elemType = newValue}
    }
    /// Returns true if `elemType` has been explicitly set.
    public var hasElemType: Bool {self._elemType != nil}
    /// Clears the value of `elemType`. Subsequent reads from it will return its default value.
    public mutating func clearElemType() {self._elemType = nil}

    public var shape: Onnx_TensorShapeProto {
      get {_shape ?? Onnx_TensorShapeProto()}
      set {_shape = newValue}
    }
    /// Returns true if `shape` has been explicitly set.
    public var hasShape: Bool {self._shape != nil}
    /// Clears the value of `shape`. Subsequent reads from it will return its default value.
    public mutating func clearShape() {self._shape = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _elemType: Int32? = nil
    fileprivate var _shape: Onnx_TensorShapeProto? = nil
  }

  /// repeated T
  public nonisolated struct Sequence: @unchecked Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// The type and optional shape of each element of the sequence.
    /// This field MUST be present for this version of the IR.
    public var elemType: Onnx_TypeProto {
      get {_storage._elemType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._elemType = newValue}
    }
    /// Returns true if `elemType` has been explicitly set.
    public var hasElemType: Bool {_storage._elemType != nil}
    /// Clears the value of `elemType`. Subsequent reads from it will return its default value.
    public mutating func clearElemType() {_uniqueStorage()._elemType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  /// map<K,V>
  public nonisolated struct Map: @unchecked Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// This field MUST have a valid TensorProto.DataType value
    /// This field MUST be present for this version of the IR.
    /// This field MUST refer to an integral type ([U]INT{8|16|32|64}) or STRING
    public var keyType: Int32 {
      get {_storage._keyType ?? 0}
      set {_uniqueStorage()._keyType = newValue}
    }
    /// Returns true if `keyType` has been explicitly set.
    public var hasKeyType: Bool {_storage._keyType != nil}
    /// Clears the value of `keyType`. Subsequent reads from it will return its default value.
    public mutating func clearKeyType() {_uniqueStorage()._keyType = nil}

    /// This field MUST be present for this version of the IR.
    public var valueType: Onnx_TypeProto {
      get {_storage._valueType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._valueType = newValue}
    }
    /// Returns true if `valueType` has been explicitly set.
    public var hasValueType: Bool {_storage._valueType != nil}
    /// Clears the value of `valueType`. Subsequent reads from it will return its default value.
    public mutating func clearValueType() {_uniqueStorage()._valueType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  /// wrapper for Tensor, Sequence, or Map
  public nonisolated struct Optional: @unchecked Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// The type and optional shape of the element wrapped.
    /// This field MUST be present for this version of the IR.
    /// Possible values correspond to OptionalProto.DataType enum
    public var elemType: Onnx_TypeProto {
      get {_storage._elemType ?? Onnx_TypeProto()}
      set {_uniqueStorage()._elemType = newValue}
    }
    /// Returns true if `elemType` has been explicitly set.
    public var hasElemType: Bool {_storage._elemType != nil}
    /// Clears the value of `elemType`. Subsequent reads from it will return its default value.
    public mutating func clearElemType() {_uniqueStorage()._elemType = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _storage = _StorageClass.defaultInstance
  }

  public nonisolated struct SparseTensor: Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// This field MUST NOT have the value of UNDEFINED
    /// This field MUST have a valid TensorProto.DataType value
    /// This field MUST be present for this version of the IR.
    public var elemType: Int32 {
      get {_elemType ?? 0}
      set {_elemType = newValue}
    }
    /// Returns true if `elemType` has been explicitly set.
    public var hasElemType: Bool {self._elemType != nil}
    /// Clears the value of `elemType`. Subsequent reads from it will return its default value.
    public mutating func clearElemType() {self._elemType = nil}

    public var shape: Onnx_TensorShapeProto {
      get {_shape ?? Onnx_TensorShapeProto()}
      set {_shape = newValue}
    }
    /// Returns true if `shape` has been explicitly set.
    public var hasShape: Bool {self._shape != nil}
    /// Clears the value of `shape`. Subsequent reads from it will return its default value.
    public mutating func clearShape() {self._shape = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _elemType: Int32? = nil
    fileprivate var _shape: Onnx_TensorShapeProto? = nil
  }

  public nonisolated struct Opaque: Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    /// When missing, the domain is the same as the model's.
    public var domain: String {
      get {_domain ?? String()}
      set {_domain = newValue}
    }
    /// Returns true if `domain` has been explicitly set.
    public var hasDomain: Bool {self._domain != nil}
    /// Clears the value of `domain`. Subsequent reads from it will return its default value.
    public mutating func clearDomain() {self._domain = nil}

    /// The name is optional but significant when provided.
    public var name: String {
      get {_name ?? String()}
      set {_name = newValue}
    }
    /// Returns true if `name` has been explicitly set.
    public var hasName: Bool {self._name != nil}
    /// Clears the value of `name`. Subsequent reads from it will return its default value.
    public mutating func clearName() {self._name = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _domain: String? = nil
    fileprivate var _name: String? = nil
  }

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

nonisolated extension Onnx_TypeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TypeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_type\0\u{4}\u{3}sequence_type\0\u{3}map_type\0\u{1}denotation\0\u{3}opaque_type\0\u{3}sparse_tensor_type\0\u{3}optional_type\0")

  fileprivate class _StorageClass {
    var _value: Onnx_TypeProto.OneOf_Value?
    var _denotation: String? = nil

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _value = source._value
      _denotation = source._denotation
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
        case 1: try {
          var v: Onnx_TypeProto.Tensor?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .tensorType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .tensorType(v)
          }
        }()
        case 4: try {
          var v: Onnx_TypeProto.Sequence?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .sequenceType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .sequenceType(v)
          }
        }()
        case 5: try {
          var v: Onnx_TypeProto.Map?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .mapType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .mapType(v)
          }
        }()
        case 6: try { try decoder.decodeSingularStringField(value: &_storage._denotation) }()
        case 7: try {
          var v: Onnx_TypeProto.Opaque?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .opaqueType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .opaqueType(v)
          }
        }()
        case 8: try {
          var v: Onnx_TypeProto.SparseTensor?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .sparseTensorType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .sparseTensorType(v)
          }
        }()
        case 9: try {
          var v: Onnx_TypeProto.Optional?
          var hadOneofValue = false
          if let current = _storage._value {
            hadOneofValue = true
            if case .optionalType(let m) = current {v = m}
          }
          try decoder.decodeSingularMessageField(value: &v)
          if let v = v {
            if hadOneofValue {try decoder.handleConflictingOneOf()}
            _storage._value = .optionalType(v)
          }
        }()
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
      switch _storage._value {
      case .tensorType?: try {
        guard case .tensorType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      }()
      case .sequenceType?: try {
        guard case .sequenceType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 4)
      }()
      case .mapType?: try {
        guard case .mapType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 5)
      }()
      default: break
      }
      try { if let v = _storage._denotation {
        try visitor.visitSingularStringField(value: v, fieldNumber: 6)
      } }()
      switch _storage._value {
      case .opaqueType?: try {
        guard case .opaqueType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 7)
      }()
      case .sparseTensorType?: try {
        guard case .sparseTensorType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 8)
      }()
      case .optionalType?: try {
        guard case .optionalType(let v)? = _storage._value else { preconditionFailure() }
        try visitor.visitSingularMessageField(value: v, fieldNumber: 9)
      }()
      default: break
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto, rhs: Onnx_TypeProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._value != rhs_storage._value {return false}
        if _storage._denotation != rhs_storage._denotation {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Tensor: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Tensor"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0\u{1}shape\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt32Field(value: &self._elemType) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._shape) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._elemType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._shape {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Tensor, rhs: Onnx_TypeProto.Tensor) -> Bool {
    if lhs._elemType != rhs._elemType {return false}
    if lhs._shape != rhs._shape {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Sequence: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Sequence"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0")

  fileprivate class _StorageClass {
    var _elemType: Onnx_TypeProto? = nil

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _elemType = source._elemType
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
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._elemType) }()
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
      try { if let v = _storage._elemType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Sequence, rhs: Onnx_TypeProto.Sequence) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._elemType != rhs_storage._elemType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Map: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Map"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}key_type\0\u{3}value_type\0")

  fileprivate class _StorageClass {
    var _keyType: Int32? = nil
    var _valueType: Onnx_TypeProto? = nil

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _keyType = source._keyType
      _valueType = source._valueType
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
        case 1: try { try decoder.decodeSingularInt32Field(value: &_storage._keyType) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._valueType) }()
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
      try { if let v = _storage._keyType {
        try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._valueType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Map, rhs: Onnx_TypeProto.Map) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._keyType != rhs_storage._keyType {return false}
        if _storage._valueType != rhs_storage._valueType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Optional: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Optional"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0")

  fileprivate class _StorageClass {
    var _elemType: Onnx_TypeProto? = nil

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _elemType = source._elemType
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
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._elemType) }()
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
      try { if let v = _storage._elemType {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Optional, rhs: Onnx_TypeProto.Optional) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._elemType != rhs_storage._elemType {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.SparseTensor: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".SparseTensor"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}elem_type\0\u{1}shape\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt32Field(value: &self._elemType) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._shape) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._elemType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._shape {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.SparseTensor, rhs: Onnx_TypeProto.SparseTensor) -> Bool {
    if lhs._elemType != rhs._elemType {return false}
    if lhs._shape != rhs._shape {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TypeProto.Opaque: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TypeProto.protoMessageName + ".Opaque"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}domain\0\u{1}name\0\u{b}parameters\0\u{c}\u{3}\u{1}")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TypeProto.Opaque, rhs: Onnx_TypeProto.Opaque) -> Bool {
    if lhs._domain != rhs._domain {return false}
    if lhs._name != rhs._name {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
