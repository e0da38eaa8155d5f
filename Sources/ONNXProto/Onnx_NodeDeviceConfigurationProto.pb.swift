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

/// Multi-device configuration proto for NodeProto.
public nonisolated struct Onnx_NodeDeviceConfigurationProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// This field MUST be present for this version of the IR.
  /// ID of the configuration. MUST match the name of a DeviceConfigurationProto.
  public var configurationID: String {
    get {_configurationID ?? String()}
    set {_configurationID = newValue}
  }
  /// Returns true if `configurationID` has been explicitly set.
  public var hasConfigurationID: Bool {self._configurationID != nil}
  /// Clears the value of `configurationID`. Subsequent reads from it will return its default value.
  public mutating func clearConfigurationID() {self._configurationID = nil}

  /// Sharding spec for the node.
  public var shardingSpec: [Onnx_ShardingSpecProto] = []

  /// Pipeline stage of this node.
  public var pipelineStage: Int32 {
    get {_pipelineStage ?? 0}
    set {_pipelineStage = newValue}
  }
  /// Returns true if `pipelineStage` has been explicitly set.
  public var hasPipelineStage: Bool {self._pipelineStage != nil}
  /// Clears the value of `pipelineStage`. Subsequent reads from it will return its default value.
  public mutating func clearPipelineStage() {self._pipelineStage = nil}

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _configurationID: String? = nil
  fileprivate var _pipelineStage: Int32? = nil
}

nonisolated extension Onnx_NodeDeviceConfigurationProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NodeDeviceConfigurationProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}configuration_id\0\u{3}sharding_spec\0\u{3}pipeline_stage\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._configurationID) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.shardingSpec) }()
      case 3: try { try decoder.decodeSingularInt32Field(value: &self._pipelineStage) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._configurationID {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.shardingSpec.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.shardingSpec, fieldNumber: 2)
    }
    try { if let v = self._pipelineStage {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_NodeDeviceConfigurationProto, rhs: Onnx_NodeDeviceConfigurationProto) -> Bool {
    if lhs._configurationID != rhs._configurationID {return false}
    if lhs.shardingSpec != rhs.shardingSpec {return false}
    if lhs._pipelineStage != rhs._pipelineStage {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
