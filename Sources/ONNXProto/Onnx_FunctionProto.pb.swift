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

public nonisolated struct Onnx_FunctionProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The name of the function, similar to op_type in NodeProto.
  /// This is part of the unique-id (domain, name, overload) of FunctionProtos in a model.
  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {self._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {self._name = nil}

  /// The inputs and outputs of the function.
  public var input: [String] = []

  public var output: [String] = []

  /// The attribute parameters of the function.
  /// It is for function parameters without default values.
  public var attribute: [String] = []

  /// The attribute protos of the function.
  /// It is for function attributes with default values.
  /// A function attribute shall be represented either as
  /// a string attribute or an AttributeProto, not both.
  public var attributeProto: [Onnx_AttributeProto] = []

  /// The nodes in the function.
  public var node: [Onnx_NodeProto] = []

  /// A human-readable documentation for this function. Markdown is allowed.
  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {self._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {self._docString = nil}

  public var opsetImport: [Onnx_OperatorSetIdProto] = []

  /// The domain which this function belongs to.
  /// This is part of the unique-id (domain, name, overload) of FunctionProtos in a model.
  public var domain: String {
    get {_domain ?? String()}
    set {_domain = newValue}
  }
  /// Returns true if `domain` has been explicitly set.
  public var hasDomain: Bool {self._domain != nil}
  /// Clears the value of `domain`. Subsequent reads from it will return its default value.
  public mutating func clearDomain() {self._domain = nil}

  /// The overload identifier of the function.
  /// This is part of the unique-id (domain, name, overload) of FunctionProtos in a model.
  public var overload: String {
    get {_overload ?? String()}
    set {_overload = newValue}
  }
  /// Returns true if `overload` has been explicitly set.
  public var hasOverload: Bool {self._overload != nil}
  /// Clears the value of `overload`. Subsequent reads from it will return its default value.
  public mutating func clearOverload() {self._overload = nil}

  /// Information for the values in the function. The ValueInfoProto.name's
  /// must be distinct and refer to names in the function (including inputs,
  /// outputs, and intermediate values). It is optional for a value to appear
  /// in value_info list.
  public var valueInfo: [Onnx_ValueInfoProto] = []

  /// Named metadata values; keys should be distinct.
  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _domain: String? = nil
  fileprivate var _overload: String? = nil
}

nonisolated extension Onnx_FunctionProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".FunctionProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{2}\u{3}input\0\u{1}output\0\u{1}attribute\0\u{1}node\0\u{3}doc_string\0\u{3}opset_import\0\u{1}domain\0\u{3}attribute_proto\0\u{3}value_info\0\u{1}overload\0\u{3}metadata_props\0\u{b}since_version\0\u{b}status\0\u{c}\u{2}\u{1}\u{c}\u{3}\u{1}")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 4: try { try decoder.decodeRepeatedStringField(value: &self.input) }()
      case 5: try { try decoder.decodeRepeatedStringField(value: &self.output) }()
      case 6: try { try decoder.decodeRepeatedStringField(value: &self.attribute) }()
      case 7: try { try decoder.decodeRepeatedMessageField(value: &self.node) }()
      case 8: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.opsetImport) }()
      case 10: try { try decoder.decodeSingularStringField(value: &self._domain) }()
      case 11: try { try decoder.decodeRepeatedMessageField(value: &self.attributeProto) }()
      case 12: try { try decoder.decodeRepeatedMessageField(value: &self.valueInfo) }()
      case 13: try { try decoder.decodeSingularStringField(value: &self._overload) }()
      case 14: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 1)
    } }()
    if !self.input.isEmpty {
      try visitor.visitRepeatedStringField(value: self.input, fieldNumber: 4)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedStringField(value: self.output, fieldNumber: 5)
    }
    if !self.attribute.isEmpty {
      try visitor.visitRepeatedStringField(value: self.attribute, fieldNumber: 6)
    }
    if !self.node.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.node, fieldNumber: 7)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    if !self.opsetImport.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.opsetImport, fieldNumber: 9)
    }
    try { if let v = self._domain {
      try visitor.visitSingularStringField(value: v, fieldNumber: 10)
    } }()
    if !self.attributeProto.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.attributeProto, fieldNumber: 11)
    }
    if !self.valueInfo.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.valueInfo, fieldNumber: 12)
    }
    try { if let v = self._overload {
      try visitor.visitSingularStringField(value: v, fieldNumber: 13)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 14)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_FunctionProto, rhs: Onnx_FunctionProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs.attribute != rhs.attribute {return false}
    if lhs.attributeProto != rhs.attributeProto {return false}
    if lhs.node != rhs.node {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.opsetImport != rhs.opsetImport {return false}
    if lhs._domain != rhs._domain {return false}
    if lhs._overload != rhs._overload {return false}
    if lhs.valueInfo != rhs.valueInfo {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
