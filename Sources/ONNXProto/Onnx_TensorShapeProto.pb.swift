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

/// Defines a tensor shape. A dimension can be either an integer value
/// or a symbolic variable. A symbolic variable represents an unknown
/// dimension.
public nonisolated struct Onnx_TensorShapeProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  public var dim: [Onnx_TensorShapeProto.Dimension] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated struct Dimension: Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    public var value: Onnx_TensorShapeProto.Dimension.OneOf_Value? = nil

    public var dimValue: Int64 {
      get {
        if case .dimValue(let v)? = value {return v}
        return 0
      }
      set {value = .dimValue(newValue)}
    }

    /// namespace Shape
    public var dimParam: String {
      get {
        if case .dimParam(let v)? = value {return v}
        return String()
      }
      set {value = .dimParam(newValue)}
    }

    /// Standard denotation can optionally be used to denote tensor
    /// dimensions with standard semantic descriptions to ensure
    /// that operations are applied to the correct axis of a tensor.
    /// Refer to https://github.com/onnx/onnx/blob/main/docs/DimensionDenotation.md#denotation-definition
    /// for pre-defined dimension denotations.
    public var denotation: String {
      get {_denotation ?? String()}
      set {_denotation = newValue}
    }
    /// Returns true if `denotation` has been explicitly set.
    public var hasDenotation: Bool {self._denotation != nil}
    /// Clears the value of `denotation`. Subsequent reads from it will return its default value.
    public mutating func clearDenotation() {self._denotation = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public nonisolated enum OneOf_Value: Equatable, Sendable {
      case dimValue(Int64)
      /// namespace Shape
      case dimParam(String)

    }

    public init() {}

    fileprivate var _denotation: String? = nil
  }

  public init() {}
}

nonisolated extension Onnx_TensorShapeProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorShapeProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dim\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.dim) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.dim.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.dim, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorShapeProto, rhs: Onnx_TensorShapeProto) -> Bool {
    if lhs.dim != rhs.dim {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorShapeProto.Dimension: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TensorShapeProto.protoMessageName + ".Dimension"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}dim_value\0\u{3}dim_param\0\u{1}denotation\0")

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
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .dimValue(v)
        }
      }()
      case 2: try {
        var v: String?
        try decoder.decodeSingularStringField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .dimParam(v)
        }
      }()
      case 3: try { try decoder.decodeSingularStringField(value: &self._denotation) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    switch self.value {
    case .dimValue?: try {
      guard case .dimValue(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    }()
    case .dimParam?: try {
      guard case .dimParam(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularStringField(value: v, fieldNumber: 2)
    }()
    case nil: break
    }
    try { if let v = self._denotation {
      try visitor.visitSingularStringField(value: v, fieldNumber: 3)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorShapeProto.Dimension, rhs: Onnx_TensorShapeProto.Dimension) -> Bool {
    if lhs.value != rhs.value {return false}
    if lhs._denotation != rhs._denotation {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
