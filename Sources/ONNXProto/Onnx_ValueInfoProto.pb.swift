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

/// Defines information on value, including the name, the type, and
/// the shape of the value.
public nonisolated struct Onnx_ValueInfoProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// This field MUST be present in this version of the IR.
  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {self._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {self._name = nil}

  /// This field MUST be present in this version of the IR for
  /// inputs and outputs of the top-level graph.
  public var type: Onnx_TypeProto {
    get {_type ?? Onnx_TypeProto()}
    set {_type = newValue}
  }
  /// Returns true if `type` has been explicitly set.
  public var hasType: Bool {self._type != nil}
  /// Clears the value of `type`. Subsequent reads from it will return its default value.
  public mutating func clearType() {self._type = nil}

  /// A human-readable documentation for this value. Markdown is allowed.
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

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _name: String? = nil
  fileprivate var _type: Onnx_TypeProto? = nil
  fileprivate var _docString: String? = nil
}

nonisolated extension Onnx_ValueInfoProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ValueInfoProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}type\0\u{3}doc_string\0\u{3}metadata_props\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 2: try { try decoder.decodeSingularMessageField(value: &self._type) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 4: try { try decoder.decodeRepeatedMessageField(value: &self.metadataProps) }()
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
    try { if let v = self._type {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 4)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_ValueInfoProto, rhs: Onnx_ValueInfoProto) -> Bool {
    if lhs._name != rhs._name {return false}
    if lhs._type != rhs._type {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
