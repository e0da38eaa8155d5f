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

/// Nodes
///
/// Computation graphs are made up of a DAG of nodes, which represent what is
/// commonly called a "layer" or "pipeline stage" in machine learning frameworks.
///
/// For example, it can be a node of type "Conv" that takes in an image, a filter
/// tensor and a bias tensor, and produces the convolved output.
public nonisolated struct Onnx_NodeProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// namespace Value
  public var input: [String] = []

  /// namespace Value
  public var output: [String] = []

  /// An optional identifier for this node in a graph.
  /// This field MAY be absent in this version of the IR.
  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {self._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {self._name = nil}

  /// The symbolic identifier of the Operator to execute.
  public var opType: String {
    get {_opType ?? String()}
    set {_opType = newValue}
  }
  /// Returns true if `opType` has been explicitly set.
  public var hasOpType: Bool {self._opType != nil}
  /// Clears the value of `opType`. Subsequent reads from it will return its default value.
  public mutating func clearOpType() {self._opType = nil}

  /// The domain of the OperatorSet that specifies the operator named by op_type.
  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  /// Returns true if `domain` has been explicitly set.
  public var hasDomain: Bool {self._domain != nil}
  /// Clears the value of `domain`. Subsequent reads from it will return its default value.
  public mutating func clearDomain() {self._domain = nil}

  /// Overload identifier, used only to map this to a model-local function.
  public var overload: String {
    get {_overload ?? String()}
    set {_overload = newValue}
  }
  /// Returns true if `overload` has been explicitly set.
  public var hasOverload: Bool {self._overload != nil}
  /// Clears the value of `overload`. Subsequent reads from it will return its default value.
  public mutating func clearOverload() {self._overload = nil}

  /// Additional named attributes.
  public var attribute: [Onnx_AttributeProto] = []

  /// A human-readable documentation for this node. Markdown is allowed.
  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {self._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {self._docString = nil}

  /// Named metadata values; keys should be distinct.
  public var metadataProps: [Onnx_StringStringEntryProto] = []

  /// Configuration of multi-device annotations.
  public var deviceConfigurations: [Onnx_NodeDeviceConfigurationProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _opType: String? = nil
  fileprivate var _domain: String? = nil
  fileprivate var _overload: String? = nil
  fileprivate var _docString: String? = nil
}

nonisolated extension Onnx_NodeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NodeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}input\0\u{1}output\0\u{1}name\0\u{3}op_type\0\u{1}attribute\0\u{3}doc_string\0\u{1}domain\0\u{1}overload\0\u{3}metadata_props\0\u{3}device_configurations\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedStringField(value: &self.input) }()
      case 2: try { try decoder.decodeRepeatedStringField(value: &self.output) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 4: try { try decoder.decodeSingularStringField(value: &self._opType) }()
      case 5: try { try decoder.decodeRepeatedMessageField(value: &self.attribute) }()
      case 6: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 7: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 8: try { try decoder.decodeSingularStringField(value: &self._overload) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      case 10: try { try decoder.decodeRepeatedMessageField(value: &self.deviceConfigurations) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    if !self.input.isEmpty {
      try visitor.visitRepeatedStringField(value: self.input, fieldNumber: 1)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedStringField(value: self.output, fieldNumber: 2)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try { if let v = self._opType {
      try visitor.visitSingularStringField(value: v, fieldNumber: 4)
    } }()
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attribute, fieldNumber: 5)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 6)
    } }()
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 7)
    } }()
    try { if let v = self._overload {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 9)
    }
    if !self.deviceConfigurations.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.deviceConfigurations, fieldNumber: 10)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_NodeProto, rhs: Onnx_NodeProto) -> Bool {
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs._name != rhs._name {return false}
    if lhs._opType != rhs._opType {return false}
    if lhs._domain != rhs._domain {return false}
    if lhs._overload != rhs._overload {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.deviceConfigurations != rhs.deviceConfigurations {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
