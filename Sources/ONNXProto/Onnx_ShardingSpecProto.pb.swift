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

/// ShardingSpecProto: This describes the sharding spec for a specific
/// input or output tensor of a node.
public nonisolated struct Onnx_ShardingSpecProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// This field MUST be present for this version of the IR.
  /// Identifies the input or output of the node that is being sharded.
  /// Required to match a name specified in the node's input or output list of ValueInfoProtos.
  /// It is called `logical tensor` in subsequent descriptions.
  public var tensorName: String {
    get {_tensorName ?? String()}
    set {_tensorName = newValue}
  }
  /// Returns true if `tensorName` has been explicitly set.
  public var hasTensorName: Bool {self._tensorName != nil}
  /// Clears the value of `tensorName`. Subsequent reads from it will return its default value.
  public mutating func clearTensorName() {self._tensorName = nil}

  /// The following is the list of devices across which the logical
  /// tensor is sharded or replicated.
  public var device: [Int64] = []

  /// Each element v in above field devices may represent either a
  /// device or a set of devices (when we want the same shard/tensor
  /// to be replicated across a subset of devices), as indicated by
  /// the following optional map. If the map contains an entry for v,
  /// then v represents a device group, and the map indicates the set
  /// of devices in that group.
  public var indexToDeviceGroupMap: [Onnx_IntIntListEntryProto] = []

  /// The following is the sharded-shape of the tensor, consisting of
  /// the sharding-spec for each axis of the tensor.
  public var shardedDim: [Onnx_ShardedDimProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _tensorName: String? = nil
}

nonisolated extension Onnx_ShardingSpecProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ShardingSpecProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_name\0\u{1}device\0\u{3}index_to_device_group_map\0\u{3}sharded_dim\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._tensorName) }()
      case 2: try { try decoder.decodeRepeatedInt64Field(value: &self.device) }()
      case 3: try { try decoder.decodeRepeatedMessageField(value: &self.indexToDeviceGroupMap) }()
      case 4: try { try decoder.decodeRepeatedMessageField(value: &self.shardedDim) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._tensorName {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.device.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.device, fieldNumber: 2)
    }
    if !self.indexToDeviceGroupMap.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.indexToDeviceGroupMap, fieldNumber: 3)
    }
    if !self.shardedDim.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.shardedDim, fieldNumber: 4)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ShardingSpecProto, rhs: Onnx_ShardingSpecProto) -> Bool {
    if lhs._tensorName != rhs._tensorName {return false}
    if lhs.device != rhs.device {return false}
    if lhs.indexToDeviceGroupMap != rhs.indexToDeviceGroupMap {return false}
    if lhs.shardedDim != rhs.shardedDim {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
