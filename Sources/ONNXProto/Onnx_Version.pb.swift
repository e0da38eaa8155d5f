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

/// Versioning
///
/// ONNX versioning is specified in docs/IR.md and elaborated on in docs/Versioning.md
///
/// To be compatible with both proto2 and proto3, we will use a version number
/// that is not defined by the default value but an explicit enum number.
public nonisolated enum Onnx_Version: Int, SwiftProtobuf.Enum, Swift.CaseIterable {

  /// proto3 requires the first enum value to be zero.
  /// We add this just to appease the compiler.
  case startVersion = 0

  /// The version field is always serialized and we will use it to store the
  /// version that the  graph is generated from. This helps us set up version
  /// control.
  /// For the IR, we are using simple numbers starting with 0x00000001,
  /// which was the version we published on Oct 10, 2017.
  case irVersion20171010 = 1

  /// IR_VERSION 2 published on Oct 30, 2017
  /// - Added type discriminator to AttributeProto to support proto3 users
  case irVersion20171030 = 2

  /// IR VERSION 3 published on Nov 3, 2017
  /// - For operator versioning:
  ///    - Added new message OperatorSetIdProto
  ///    - Added opset_import in ModelProto
  /// - For vendor extensions, added domain in NodeProto
  case irVersion2017113 = 3

  /// IR VERSION 4 published on Jan 22, 2019
  /// - Relax constraint that initializers should be a subset of graph inputs
  /// - Add type BFLOAT16
  case irVersion2019122 = 4

  /// IR VERSION 5 published on March 18, 2019
  /// - Add message TensorAnnotation.
  /// - Add quantization annotation in GraphProto to map tensor with its scale and zero point quantization parameters.
  case irVersion2019318 = 5

  /// IR VERSION 6 published on Sep 19, 2019
  /// - Add support for sparse tensor constants stored in model.
  ///   - Add message SparseTensorProto
  ///   - Add sparse initializers
  case irVersion2019919 = 6

  /// IR VERSION 7 published on May 8, 2020
  /// - Add support to allow function body graph to rely on multiple external operator sets.
  /// - Add a list to promote inference graph's initializers to global and
  ///   mutable variables. Global variables are visible in all graphs of the
  ///   stored models.
  /// - Add message TrainingInfoProto to store initialization
  ///   method and training algorithm. The execution of TrainingInfoProto
  ///   can modify the values of mutable variables.
  /// - Implicitly add inference graph into each TrainingInfoProto's algorithm.
  case irVersion202058 = 7

  /// IR VERSION 8 published on July 30, 2021
  /// Introduce TypeProto.SparseTensor
  /// Introduce TypeProto.Optional
  /// Added a list of FunctionProtos local to the model
  /// Deprecated since_version and operator status from FunctionProto
  case irVersion2021730 = 8

  /// IR VERSION 9 published on May 5, 2023
  /// Added AttributeProto to FunctionProto so that default attribute values can be set.
  /// Added FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ.
  case irVersion202355 = 9

  /// IR VERSION 10 published on March 25, 2024
  /// Added UINT4, INT4, overload field for functions and metadata_props on multiple proto definitions.
  case irVersion2024325 = 10

  /// IR VERSION 11 published on May 12, 2025
  /// Added FLOAT4E2M1, multi-device protobuf classes.
  case irVersion20250512 = 11

  /// IR VERSION 12 published on August 26, 2025
  /// Added FLOAT8E8M0.
  case irVersion20250826 = 12

  /// IR VERSION 13 published on November 6, 2025
  /// Added UINT2, INT2.
  case irVersion20251106 = 13

  /// IR VERSION 14 published on TBD
  /// Added FLOAT6E2M3, FLOAT6E3M2 and made TypeProto.Opaque available in non-ONNX-ML builds.
  case irVersion = 14

  public init() {
    self = .startVersion
  }

}

nonisolated extension Onnx_Version: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0_START_VERSION\0\u{1}IR_VERSION_2017_10_10\0\u{1}IR_VERSION_2017_10_30\0\u{1}IR_VERSION_2017_11_3\0\u{1}IR_VERSION_2019_1_22\0\u{1}IR_VERSION_2019_3_18\0\u{1}IR_VERSION_2019_9_19\0\u{1}IR_VERSION_2020_5_8\0\u{1}IR_VERSION_2021_7_30\0\u{1}IR_VERSION_2023_5_5\0\u{1}IR_VERSION_2024_3_25\0\u{1}IR_VERSION_2025_05_12\0\u{1}IR_VERSION_2025_08_26\0\u{1}IR_VERSION_2025_11_06\0\u{1}IR_VERSION\0")
}
