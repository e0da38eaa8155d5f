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

/// ShardedDimProto: This describes the sharding spec for a single
/// axis of a sharded tensor.
public nonisolated struct Onnx_ShardedDimProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// This field MUST be present for this version of the IR.
  /// The axis this sharding corresponds to. Must be in the range of
  /// [-r, r - 1], where r is the rank of the tensor. Negative axis values means
  /// counting from the back.
  public var axis: Int64 {
    get {_axis ?? 0}
    set {_axis = newValue}
  }
  /// Returns true if `axis` has been explicitly set.
  public var hasAxis: Bool {self._axis != nil}
  /// Clears the value of `axis`. Subsequent reads from it will return its default value.
  public mutating func clearAxis() {self._axis = nil}

  /// Describes how the tensor on the provided axis is sharded.
  /// The common-case is described by a single instance of SimpleShardedDimProto.
  /// Multiple instances can be used to handle cases where a sharded
  /// tensor is reshaped, fusing multiple axes into one.
  public var simpleSharding: [Onnx_SimpleShardedDimProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _axis: Int64? = nil
}

nonisolated extension Onnx_ShardedDimProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ShardedDimProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}axis\0\u{3}simple_sharding\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._axis) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.simpleSharding) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._axis {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    if !self.simpleSharding.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.simpleSharding, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ShardedDimProto, rhs: Onnx_ShardedDimProto) -> Bool {
    if lhs._axis != rhs._axis {return false}
    if lhs.simpleSharding != rhs.simpleSharding {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
