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

/// SimpleShardedDimProto: Indicates that N blocks are divided into M shards.
/// N is allowed to be symbolic where M is required to be a constant.
public nonisolated struct Onnx_SimpleShardedDimProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// Dimension value to be sharded.
  public var dim: Onnx_SimpleShardedDimProto.OneOf_Dim? = nil

  public var dimValue: Int64 {
    get {
      if case .dimValue(let v)? = dim {return v}
      return 0
    }
    set {dim = .dimValue(newValue)}
  }

  public var dimParam: String {
    get {
      if case .dimParam(let v)? = dim {return v}
      return String()
    }
    set {dim = .dimParam(newValue)}
  }

  /// This field MUST be present for this version of the IR.
  /// Number of shards to split dim into.
  public var numShards: Int64 {
    get {_numShards ?? 0}
    set {_numShards = newValue}
  }
  /// Returns true if `numShards` has been explicitly set.
  public var hasNumShards: Bool {self._numShards != nil}
  /// Clears the value of `numShards`. Subsequent reads from it will return its default value.
  public mutating func clearNumShards() {self._numShards = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  /// Dimension value to be sharded.
  public nonisolated enum OneOf_Dim: Equatable, Sendable {
    case dimValue(Int64)
    case dimParam(String)

  }

  public init() {}

  fileprivate var _numShards: Int64? = nil
}

nonisolated extension Onnx_SimpleShardedDimProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".SimpleShardedDimProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}dim_value\0\u{3}dim_param\0\u{3}num_shards\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try {
        var v: Int64?
        try decoder.decodeSingularInt64Field(value: &v)
        if let v = v {
          if self.dim != nil {try decoder.handleConflictingOneOf()}
          self.dim = .dimValue(v)
        }
      }()
      case 2: try {
        var v: String?
        try decoder.decodeSingularStringField(value: &v)
        if let v = v {
          if self.dim != nil {try decoder.handleConflictingOneOf()}
          self.dim = .dimParam(v)
        }
      }()
      case 3: try { try decoder.decodeSingularInt64Field(value: &self._numShards) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    switch self.dim {
    case .dimValue?: try {
      guard case .dimValue(let v)? = self.dim else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    }()
    case .dimParam?: try {
      guard case .dimParam(let v)? = self.dim else { preconditionFailure() }
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    }()
    case nil: break
    }
    try { if let v = self._numShards {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_SimpleShardedDimProto, rhs: Onnx_SimpleShardedDimProto) -> Bool {
    if lhs.dim != rhs.dim {return false}
    if lhs._numShards != rhs._numShards {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
