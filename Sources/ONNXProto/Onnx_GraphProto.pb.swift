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

/// Graphs
///
/// A graph defines the computational logic of a model and is comprised of a parameterized
/// list of nodes that form a directed acyclic graph based on their inputs and outputs.
/// This is the equivalent of the "network" or "graph" in many deep learning
/// frameworks.
public nonisolated struct Onnx_GraphProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The nodes in the graph, sorted topologically.
  public var node: [Onnx_NodeProto] = []

  /// The name of the graph.
  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {self._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {self._name = nil}

  /// A list of named tensor values, used to specify constant inputs of the graph.
  /// Each initializer (both TensorProto as well SparseTensorProto) MUST have a name.
  /// The name MUST be unique across both initializer and sparse_initializer,
  /// but the name MAY also appear in the input list.
  public var initializer: [Onnx_TensorProto] = []

  /// Initializers (see above) stored in sparse format.
  public var sparseInitializer: [Onnx_SparseTensorProto] = []

  /// A human-readable documentation for this graph. Markdown is allowed.
  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {self._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {self._docString = nil}

  /// The inputs and outputs of the graph.
  public var input: [Onnx_ValueInfoProto] = []

  public var output: [Onnx_ValueInfoProto] = []

  /// Information for the values in the graph. The ValueInfoProto.name's
  /// must be distinct. It is optional for a value to appear in value_info list.
  public var valueInfo: [Onnx_ValueInfoProto] = []

  /// This field carries information to indicate the mapping among a tensor and its
  /// quantization parameter tensors. For example:
  /// For tensor 'a', it may have {'SCALE_TENSOR', 'a_scale'} and {'ZERO_POINT_TENSOR', 'a_zero_point'} annotated,
  /// which means, tensor 'a_scale' and tensor 'a_zero_point' are scale and zero point of tensor 'a' in the model.
  public var quantizationAnnotation: [Onnx_TensorAnnotation] = []

  /// Named metadata values; keys should be distinct.
  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
}

nonisolated extension Onnx_GraphProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".GraphProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}node\0\u{1}name\0\u{2}\u{3}initializer\0\u{4}\u{5}doc_string\0\u{1}input\0\u{1}output\0\u{3}value_info\0\u{3}quantization_annotation\0\u{3}sparse_initializer\0\u{3}metadata_props\0\u{b}ir_version\0\u{b}producer_version\0\u{b}producer_tag\0\u{b}domain\0\u{c}\u{3}\u{1}\u{c}\u{4}\u{1}\u{c}\u{6}\u{4}")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.node) }()
      case 2: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 5: try { try decoder.decodeRepeatedMessageField(value: &self.initializer) }()
      case 10: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 11: try { try decoder.decodeRepeatedMessageField(value: &self.input) }()
      case 12: try { try decoder.decodeRepeatedMessageField(value: &self.output) }()
      case 13: try { try decoder.decodeRepeatedMessageField(value: &self.valueInfo) }()
      case 14: try { try decoder.decodeRepeatedMessageField(value: &self.quantizationAnnotation) }()
      case 15: try { try decoder.decodeRepeatedMessageField(value: &self.sparseInitializer) }()
      case 16: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    if !self.node.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.node, fieldNumber: 1)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    } }()
    if !self.initializer.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.initializer, fieldNumber: 5)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 10)
    } }()
    if !self.input.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.input, fieldNumber: 11)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.output, fieldNumber: 12)
    }
    if !self.valueInfo.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.valueInfo, fieldNumber: 13)
    }
    if !self.quantizationAnnotation.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.quantizationAnnotation, fieldNumber: 14)
    }
    if !self.sparseInitializer.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.sparseInitializer, fieldNumber: 15)
    }
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 16)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_GraphProto, rhs: Onnx_GraphProto) -> Bool {
    if lhs.node != rhs.node {return false}
    if lhs._name != rhs._name {return false}
    if lhs.initializer != rhs.initializer {return false}
    if lhs.sparseInitializer != rhs.sparseInitializer {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs.valueInfo != rhs.valueInfo {return false}
    if lhs.quantizationAnnotation != rhs.quantizationAnnotation {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
