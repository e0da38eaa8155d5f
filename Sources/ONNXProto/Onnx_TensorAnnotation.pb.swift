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

public nonisolated struct Onnx_TensorAnnotation: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  public var tensorName: String {
    get {_tensorName ?? String()}
    set {_tensorName = newValue}
  }
  /// Returns true if `tensorName` has been explicitly set.
  public var hasTensorName: Bool {self._tensorName != nil}
  /// Clears the value of `tensorName`. Subsequent reads from it will return its default value.
  public mutating func clearTensorName() {self._tensorName = nil}

  /// <key, value> pairs to annotate tensor specified by <tensor_name> above.
  /// The keys used in the mapping below must be pre-defined in ONNX spec.
  /// For example, for 8-bit linear quantization case, 'SCALE_TENSOR', 'ZERO_POINT_TENSOR' will be pre-defined as
  /// quantization parameter keys.
  public var quantParameterTensorNames: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _tensorName: String? = nil
}

nonisolated extension Onnx_TensorAnnotation: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorAnnotation"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}tensor_name\0\u{3}quant_parameter_tensor_names\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._tensorName) }()
      case 2: try { try decoder.decodeRepeatedMessageField(value: &self.quantParameterTensorNames) }()
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
    if !self.quantParameterTensorNames.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.quantParameterTensorNames, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorAnnotation, rhs: Onnx_TensorAnnotation) -> Bool {
    if lhs._tensorName != rhs._tensorName {return false}
    if lhs.quantParameterTensorNames != rhs.quantParameterTensorNames {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
