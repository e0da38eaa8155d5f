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

/// Tensors
///
/// A serialized tensor value.
public nonisolated struct Onnx_TensorProto: Sendable {
  // SwiftProtobuf.Message conformance is added in an extension below. See the
  // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
  // methods supported on all messages.

  /// The shape of the tensor.
  public var dims: [Int64] = []

  /// The data type of the tensor.
  /// This field MUST have a valid TensorProto.DataType value
  public var dataType: Int32 {
    get {_dataType ?? 0}
    set {_dataType = newValue}
  }
  /// Returns true if `dataType` has been explicitly set.
  public var hasDataType: Bool {self._dataType != nil}
  /// Clears the value of `dataType`. Subsequent reads from it will return its default value.
  public mutating func clearDataType() {self._dataType = nil}

  public var segment: Onnx_TensorProto.Segment {
    get {_segment ?? Onnx_TensorProto.Segment()}
    set {_segment = newValue}
  }
  /// Returns true if `segment` has been explicitly set.
  public var hasSegment: Bool {self._segment != nil}
  /// Clears the value of `segment`. Subsequent reads from it will return its default value.
  public mutating func clearSegment() {self._segment = nil}

  /// For float and complex64 values
  /// Complex64 tensors are encoded as a single array of floats,
  /// with the real components appearing in odd numbered positions,
  /// and the corresponding imaginary component appearing in the
  /// subsequent even numbered position. (e.g., [1.0 + 2.0i, 3.0 + 4.0i]
  /// is encoded as [1.0, 2.0 ,3.0 ,4.0]
  /// When this field is present, the data_type field MUST be FLOAT or COMPLEX64.
  public var floatData: [Float] = []

  /// For int32, uint8, int8, uint16, int16, uint4, int4, uint2, int2, bool, (b)float16, float8, and float4:
  /// - (b)float16 and float8 values MUST be converted bit-wise into an unsigned integer
  ///   representation before being written to the buffer.
  /// - Each pair of uint4, int4, and float4 values MUST be packed as two 4-bit elements into a single byte.
  ///   The first element is stored in the 4 least significant bits (LSB),
  ///   and the second element is stored in the 4 most significant bits (MSB).
  /// - Each group of four uint2, int2 values MUST be packed as four 2-bit elements into a single byte.
  ///   The elements are packed from LSB to MSB, with the first element in bits 0-1, second element in bits 2-3,
  ///   third element in bits 4-5, and fourth element in bits 6-7.
  ///
  /// Consequently:
  /// - For data types with a bit-width of 8 or greater, each `int32_data` stores one element.
  /// - For 4-bit data types, each `int32_data` stores two elements.
  /// - For 2-bit data types, each `int32_data` stores four elements.
  /// - For FLOAT6E2M3 and FLOAT6E3M2, each `int32_data` entry stores one
  ///   element's unsigned 6-bit encoding in bits 0-5; bits 6-31 MUST be zero.
  ///   This representation uses one protobuf varint byte per element and is
  ///   therefore less compact than packed `raw_data`. Producers SHOULD use
  ///   `raw_data` when compact serialization is desired.
  ///
  /// When this field is present, the data_type field MUST be
  /// INT32, INT16, INT8, INT4, INT2, UINT16, UINT8, UINT4, UINT2, BOOL, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1, FLOAT6E2M3, FLOAT6E3M2
  public var int32Data: [Int32] = []

  /// For strings.
  /// Each element of string_data is a UTF-8 encoded Unicode
  /// string. No trailing null, no leading BOM. The protobuf "string"
  /// scalar type is not used to match ML community conventions.
  /// When this field is present, the data_type field MUST be STRING
  public var stringData: [Data] = []

  /// For int64.
  /// When this field is present, the data_type field MUST be INT64
  public var int64Data: [Int64] = []

  /// Optionally, a name for the tensor.
  public var name: String {
    get {_name ?? String()}
    set {_name = newValue}
  }
  /// Returns true if `name` has been explicitly set.
  public var hasName: Bool {self._name != nil}
  /// Clears the value of `name`. Subsequent reads from it will return its default value.
  public mutating func clearName() {self._name = nil}

  /// A human-readable documentation for this tensor. Markdown is allowed.
  public var docString: String {
    get {_docString ?? String()}
    set {_docString = newValue}
  }
  /// Returns true if `docString` has been explicitly set.
  public var hasDocString: Bool {self._docString != nil}
  /// Clears the value of `docString`. Subsequent reads from it will return its default value.
  public mutating func clearDocString() {self._docString = nil}

  /// Serializations can either use one of the fields above, or use this
  /// raw bytes field. The only exception is the string case, where one is
  /// required to store the content in the repeated bytes string_data field.
  ///
  /// When this raw_data field is used to store tensor value, elements MUST
  /// be stored in as fixed-width, little-endian order.
  /// Floating-point data types MUST be stored in IEEE 754 format.
  /// Complex64 elements must be written as two consecutive FLOAT values, real component first.
  /// Complex128 elements must be written as two consecutive DOUBLE values, real component first.
  /// Boolean type MUST be written one byte per tensor element (00000001 for true, 00000000 for false).
  /// uint4 and int4 values must be packed to 4bitx2, the first element is stored in the 4 LSB and the second element is stored in the 4 MSB.
  /// uint2 and int2 values must be packed to 2bitx4, with elements packed from LSB to MSB in a single byte as: x0 | (x1 << 2) | (x2 << 4) | (x3 << 6)
  /// where x0, x1, x2, x3 are consecutive elements.
  /// float6e2m3 and float6e3m2 values must be packed 4-at-a-time into 3 bytes, as a contiguous
  /// 24-bit LSB-first bitstream (x0 occupying the first 6 bits, x1 the next 6, and so on):
  /// byte0 = x0 | ((x1 & 0x3) << 6); byte1 = (x1 >> 2) | ((x2 & 0xF) << 4); byte2 = (x2 >> 4) | (x3 << 2)
  /// where x0, x1, x2, x3 are consecutive elements. If the element count is not a multiple of 4, the
  /// final group is zero-padded; the packed byte length is ceil(6 * num_elements / 8).
  ///
  /// Note: the advantage of specific field rather than the raw_data field is
  /// that in some cases (e.g. int data), protobuf does a better packing via
  /// variable length storage, and may lead to smaller binary footprint.
  /// When this field is present, the data_type field MUST NOT be STRING or UNDEFINED
  public var rawData: Data {
    get {_rawData ?? Data()}
    set {_rawData = newValue}
  }
  /// Returns true if `rawData` has been explicitly set.
  public var hasRawData: Bool {self._rawData != nil}
  /// Clears the value of `rawData`. Subsequent reads from it will return its default value.
  public mutating func clearRawData() {self._rawData = nil}

  /// Data can be stored inside the protobuf file using type-specific fields or raw_data.
  /// Alternatively, raw bytes data can be stored in an external file, using the external_data field.
  /// external_data stores key-value pairs describing data location. Recognized keys are:
  /// - "location" (required) - POSIX filesystem path relative to the directory where the ONNX
  ///                           protobuf model was stored
  /// - "offset" (optional) - position of byte at which stored data begins. Integer stored as string.
  ///                         Offset values SHOULD be multiples 4096 (page size) to enable mmap support.
  /// - "length" (optional) - number of bytes containing data. Integer stored as string.
  /// - "checksum" (optional) - SHA1 digest of file specified in under 'location' key.
  public var externalData: [Onnx_StringStringEntryProto] = []

  /// If value not set, data is stored in raw_data (if set) otherwise in type-specified field.
  public var dataLocation: Onnx_TensorProto.DataLocation {
    get {_dataLocation ?? .default}
    set {_dataLocation = newValue}
  }
  /// Returns true if `dataLocation` has been explicitly set.
  public var hasDataLocation: Bool {self._dataLocation != nil}
  /// Clears the value of `dataLocation`. Subsequent reads from it will return its default value.
  public mutating func clearDataLocation() {self._dataLocation = nil}

  /// For double
  /// Complex128 tensors are encoded as a single array of doubles,
  /// with the real components appearing in odd numbered positions,
  /// and the corresponding imaginary component appearing in the
  /// subsequent even numbered position. (e.g., [1.0 + 2.0i, 3.0 + 4.0i]
  /// is encoded as [1.0, 2.0 ,3.0 ,4.0]
  /// When this field is present, the data_type field MUST be DOUBLE or COMPLEX128
  public var doubleData: [Double] = []

  /// For uint64 and uint32 values
  /// When this field is present, the data_type field MUST be
  /// UINT32 or UINT64
  public var uint64Data: [UInt64] = []

  /// Named metadata values; keys should be distinct.
  public var metadataProps: [Onnx_StringStringEntryProto] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum DataType: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case undefined = 0

    /// Basic types.
    case float = 1

    /// uint8_t
    case uint8 = 2

    /// int8_t
    case int8 = 3

    /// uint16_t
    case uint16 = 4

    /// int16_t
    case int16 = 5

    /// int32_t
    case int32 = 6

    /// int64_t
    case int64 = 7

    /// string
    case string = 8

    /// bool
    case bool = 9

    /// IEEE754 half-precision floating-point format (16 bits wide).
    /// This format has 1 sign bit, 5 exponent bits, and 10 mantissa bits.
    case float16 = 10
    case double = 11
    case uint32 = 12
    case uint64 = 13

    /// complex with float32 real and imaginary components
    case complex64 = 14

    /// complex with float64 real and imaginary components
    case complex128 = 15

    /// Non-IEEE floating-point format based on IEEE754 single-precision
    /// floating-point number truncated to 16 bits.
    /// This format has 1 sign bit, 8 exponent bits, and 7 mantissa bits.
    case bfloat16 = 16

    /// Non-IEEE floating-point format based on papers
    /// FP8 Formats for Deep Learning, https://arxiv.org/abs/2209.05433,
    /// 8-bit Numerical Formats For Deep Neural Networks, https://arxiv.org/pdf/2206.02915.pdf.
    /// Operators supported FP8 are Cast, CastLike, QuantizeLinear, DequantizeLinear.
    /// The computation usually happens inside a block quantize / dequantize
    /// fused by the runtime.
    case float8E4M3Fn = 17

    /// float 8, mostly used for coefficients, supports nan, not inf, no negative zero
    case float8E4M3Fnuz = 18

    /// follows IEEE 754, supports nan, inf, mostly used for gradients
    case float8E5M2 = 19

    /// follows IEEE 754, supports nan, not inf, mostly used for gradients, no negative zero
    case float8E5M2Fnuz = 20

    /// 4-bit integer data types
    case uint4 = 21

    /// Signed integer in range [-8, 7], using two's-complement representation
    case int4 = 22

    /// 4-bit floating point data types
    case float4E2M1 = 23

    /// E8M0 type used as the scale for microscaling (MX) formats:
    /// https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf
    case float8E8M0 = 24

    /// 2-bit integer data type
    case uint2 = 25

    /// Signed integer in range [-2, 1], using two's complement representation
    case int2 = 26

    /// 6-bit floating point data types based on OCP MX spec
    /// FLOAT6E2M3: 1 sign, 2 exp, 3 mant
    /// FLOAT6E3M2: 1 sign, 3 exp, 2 mant
    case float6E2M3 = 27
    case float6E3M2 = 28

    public init() {
      self = .undefined
    }

  }

  /// Location of the data for this tensor. MUST be one of:
  /// - DEFAULT - data stored inside the protobuf message. Data is stored in raw_data (if set) otherwise in type-specified field.
  /// - EXTERNAL - data stored in an external location as described by external_data field.
  public nonisolated enum DataLocation: Int, SwiftProtobuf.Enum, Swift.CaseIterable {
    case `default` = 0
    case external = 1

    public init() {
      self = .default
    }

  }

  /// For very large tensors, we may want to store them in chunks, in which
  /// case the following fields will specify the segment that is stored in
  /// the current TensorProto.
  public nonisolated struct Segment: Sendable {
    // SwiftProtobuf.Message conformance is added in an extension below. See the
    // `Message` and `Message+*Additions` files in the SwiftProtobuf library for
    // methods supported on all messages.

    public var begin: Int64 {
      get {_begin ?? 0}
      set {_begin = newValue}
    }
    /// Returns true if `begin` has been explicitly set.
    public var hasBegin: Bool {self._begin != nil}
    /// Clears the value of `begin`. Subsequent reads from it will return its default value.
    public mutating func clearBegin() {self._begin = nil}

    public var end: Int64 {
      get {_end ?? 0}
      set {_end = newValue}
    }
    /// Returns true if `end` has been explicitly set.
    public var hasEnd: Bool {self._end != nil}
    /// Clears the value of `end`. Subsequent reads from it will return its default value.
    public mutating func clearEnd() {self._end = nil}

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public init() {}

    fileprivate var _begin: Int64? = nil
    fileprivate var _end: Int64? = nil
  }

  public init() {}

  fileprivate var _dataType: Int32? = nil
  fileprivate var _segment: Onnx_TensorProto.Segment? = nil
  fileprivate var _name: String? = nil
  fileprivate var _docString: String? = nil
  fileprivate var _rawData: Data? = nil
  fileprivate var _dataLocation: Onnx_TensorProto.DataLocation? = nil
}

nonisolated extension Onnx_TensorProto: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorProto"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dims\0\u{3}data_type\0\u{1}segment\0\u{3}float_data\0\u{3}int32_data\0\u{3}string_data\0\u{3}int64_data\0\u{1}name\0\u{3}raw_data\0\u{3}double_data\0\u{3}uint64_data\0\u{3}doc_string\0\u{3}external_data\0\u{3}data_location\0\u{4}\u{2}metadata_props\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedInt64Field(value: &self.dims) }()
      case 2: try { try decoder.decodeSingularInt32Field(value: &self._dataType) }()
      case 3: try { try decoder.decodeSingularMessageField(value: &self._segment) }()
      case 4: try { try decoder.decodeRepeatedFloatField(value: &self.floatData) }()
      case 5: try { try decoder.decodeRepeatedInt32Field(value: &self.int32Data) }()
      case 6: try { try decoder.decodeRepeatedBytesField(value: &self.stringData) }()
      case 7: try { try decoder.decodeRepeatedInt64Field(value: &self.int64Data) }()
      case 8: try { try decoder.decodeSingularStringField(value: &self._name) }()
      case 9: try { try decoder.decodeSingularBytesField(value: &self._rawData) }()
      case 10: try { try decoder.decodeRepeatedDoubleField(value: &self.doubleData) }()
      case 11: try { try decoder.decodeRepeatedUInt64Field(value: &self.uint64Data) }()
      case 12: try { try decoder.decodeSingularStringField(value: &self._docString) }()
      case 13: try { try decoder.decodeRepeatedMessageField(value: &self.externalData) }()
      case 14: try { try decoder.decodeSingularEnumField(value: &self._dataLocation) }()
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
    if !self.dims.isEmpty {
      try visitor.visitRepeatedInt64Field(value: self.dims, fieldNumber: 1)
    }
    try { if let v = self._dataType {
      try visitor.visitSingularInt32Field(value: v, fieldNumber: 2)
    } }()
    try { if let v = self._segment {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 3)
    } }()
    if !self.floatData.isEmpty {
      try visitor.visitPackedFloatField(value: self.floatData, fieldNumber: 4)
    }
    if !self.int32Data.isEmpty {
      try visitor.visitPackedInt32Field(value: self.int32Data, fieldNumber: 5)
    }
    if !self.stringData.isEmpty {
      try visitor.visitRepeatedBytesField(value: self.stringData, fieldNumber: 6)
    }
    if !self.int64Data.isEmpty {
      try visitor.visitPackedInt64Field(value: self.int64Data, fieldNumber: 7)
    }
    try { if let v = self._name {
      try visitor.visitSingularStringField(value: v, fieldNumber: 8)
    } }()
    try { if let v = self._rawData {
      try visitor.visitSingularBytesField(value: v, fieldNumber: 9)
    } }()
    if !self.doubleData.isEmpty {
      try visitor.visitPackedDoubleField(value: self.doubleData, fieldNumber: 10)
    }
    if !self.uint64Data.isEmpty {
      try visitor.visitPackedUInt64Field(value: self.uint64Data, fieldNumber: 11)
    }
    try { if let v = self._docString {
      try visitor.visitSingularStringField(value: v, fieldNumber: 12)
    } }()
    if !self.externalData.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.externalData, fieldNumber: 13)
    }
    try { if let v = self._dataLocation {
      try visitor.visitSingularEnumField(value: v, fieldNumber: 14)
    } }()
    if !self.metadataProps.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.metadataProps, fieldNumber: 16)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorProto, rhs: Onnx_TensorProto) -> Bool {
    if lhs.dims != rhs.dims {return false}
    if lhs._dataType != rhs._dataType {return false}
    if lhs._segment != rhs._segment {return false}
    if lhs.floatData != rhs.floatData {return false}
    if lhs.int32Data != rhs.int32Data {return false}
    if lhs.stringData != rhs.stringData {return false}
    if lhs.int64Data != rhs.int64Data {return false}
    if lhs._name != rhs._name {return false}
    if lhs._docString != rhs._docString {return false}
    if lhs._rawData != rhs._rawData {return false}
    if lhs.externalData != rhs.externalData {return false}
    if lhs._dataLocation != rhs._dataLocation {return false}
    if lhs.doubleData != rhs.doubleData {return false}
    if lhs.uint64Data != rhs.uint64Data {return false}
    if lhs.metadataProps != rhs.metadataProps {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Onnx_TensorProto.DataType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0UNDEFINED\0\u{1}FLOAT\0\u{1}UINT8\0\u{1}INT8\0\u{1}UINT16\0\u{1}INT16\0\u{1}INT32\0\u{1}INT64\0\u{1}STRING\0\u{1}BOOL\0\u{1}FLOAT16\0\u{1}DOUBLE\0\u{1}UINT32\0\u{1}UINT64\0\u{1}COMPLEX64\0\u{1}COMPLEX128\0\u{1}BFLOAT16\0\u{1}FLOAT8E4M3FN\0\u{1}FLOAT8E4M3FNUZ\0\u{1}FLOAT8E5M2\0\u{1}FLOAT8E5M2FNUZ\0\u{1}UINT4\0\u{1}INT4\0\u{1}FLOAT4E2M1\0\u{1}FLOAT8E8M0\0\u{1}UINT2\0\u{1}INT2\0\u{1}FLOAT6E2M3\0\u{1}FLOAT6E3M2\0")
}

nonisolated extension Onnx_TensorProto.DataLocation: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0DEFAULT\0\u{1}EXTERNAL\0")
}

nonisolated extension Onnx_TensorProto.Segment: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Onnx_TensorProto.protoMessageName + ".Segment"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}begin\0\u{1}end\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      // The use of inline closures is to circumvent an issue where the compiler
      // allocates stack space for every case branch when no optimizations are
      // enabled. https://github.com/apple/swift-protobuf/issues/1034
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularInt64Field(value: &self._begin) }()
      case 2: try { try decoder.decodeSingularInt64Field(value: &self._end) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    // The use of inline closures is to circumvent an issue where the compiler
    // allocates stack space for every if/case branch local when no optimizations
    // are enabled. https://github.com/apple/swift-protobuf/issues/1034 and
    // https://github.com/apple/swift-protobuf/issues/1182
    try { if let v = self._begin {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 1)
    } }()
    try { if let v = self._end {
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 2)
    } }()
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Onnx_TensorProto.Segment, rhs: Onnx_TensorProto.Segment) -> Bool {
    if lhs._begin != rhs._begin {return false}
    if lhs._end != rhs._end {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
