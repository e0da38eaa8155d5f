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

/// A serialized sparse-tensor value
public nonisolated struct Onnx_SparseTensorProto: @unchecked Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The sequence of non-default values are encoded as a tensor of shape [NNZ].
  /// The default-value is zero for numeric tensors, and empty-string for string tensors.
  /// values must have a non-empty name present which serves as a name for SparseTensorProto
  /// when used in sparse_initializer list.
  public var values: Onnx_TensorProto {
    get {_storage._values ?? Onnx_TensorProto()}
    set {_uniqueStorage()._values = newValue}
  }
  /// Returns true if `values` has been explicitly set.
  public var hasValues: Bool {_storage._values != nil}
  /// Clears the value of `values`. Subsequent reads from it will return its default value.
  public mutating func clearValues() {_uniqueStorage()._values = nil}

  /// The indices of the non-default values, which may be stored in one of two formats.
  /// (a) Indices can be a tensor of shape [NNZ, rank] with the [i,j]-th value
  /// corresponding to the j-th index of the i-th value (in the values tensor).
  /// (b) Indices can be a tensor of shape [NNZ], in which case the i-th value
  /// must be the linearized-index of the i-th value (in the values tensor).
  /// The linearized-index can be converted into an index tuple (k_1,...,k_rank)
  /// using the shape provided below.
  /// The indices must appear in ascending order without duplication.
  /// In the first format, the ordering is lexicographic-ordering:
  /// e.g., index-value [1,4] must appear before [2,1]
  public var indices: Onnx_TensorProto {
    get {_storage._indices ?? Onnx_TensorProto()}
    set {_uniqueStorage()._indices = newValue}
  }
  /// Returns true if `indices` has been explicitly set.
  public var hasIndices: Bool {_storage._indices != nil}
  /// Clears the value of `indices`. Subsequent reads from it will return its default value.
  public mutating func clearIndices() {_uniqueStorage()._indices = nil}

  /// The shape of the underlying dense-tensor: [dim_1, dim_2, ... dim_rank]
  public var dims: [Int64] {
    get {_storage._dims}
    set {_uniqueStorage()._dims = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

nonisolated extension Onnx_SparseTensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".SparseTensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}values\0\u{1}indices\0\u{1}dims\0")

  fileprivate class _StorageClass {
    var _values: Onnx_TensorProto? = nil
    var _indices: Onnx_TensorProto? = nil
    var _dims: [Int64] = []

      // This property is used as the initial default value for new instances of the type.
      // The type itself is protecting the reference to its storage via CoW semantics.
      // This will force a copy to be made of this reference when the first mutation occurs;
      // hence, it is safe to mark this as `nonisolated(unsafe)`.
      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _values = source._values
      _indices = source._indices
      _dims = source._dims
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
        case 1: try { try decoder.decodeSingularMessageField(value: &_storage._values) }()
        case 2: try { try decoder.decodeSingularMessageField(value: &_storage._indices) }()
        case 3: try { try decoder.decodeRepeatedInt64Field(value: &_storage._dims) }()
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
      try { if let v = _storage._values {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
      } }()
      try { if let v = _storage._indices {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
      } }()
      if !_storage._dims.isEmpty {
        try visitor.visitRepeatedInt64Field(value: _storage._dims, fieldNumber: 3)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_SparseTensorProto, rhs: Onnx_SparseTensorProto) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._values != rhs_storage._values {return false}
        if _storage._indices != rhs_storage._indices {return false}
        if _storage._dims != rhs_storage._dims {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
