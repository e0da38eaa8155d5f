#!/usr/bin/env bash
# Regenerates Sources/ONNXProto/*.pb.swift, the Swift for ONNX's onnx.proto. Run from the package root:
#
#   pip install onnx==1.23.2                   # ships onnx/onnx.proto
#   apt-get install -y protobuf-compiler       # protoc (Debian 12: libprotoc 3.21.12)
#   # protoc-gen-swift from the swift-protobuf the package depends on (1.39.0), in a scratch package
#   # that depends on it: swift build -c release --product protoc-gen-swift
#   PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift Tools/ONNXProto/generate.sh
#
# The generated files are committed, so neither building nor CI needs protoc or the plugin.
set -euo pipefail
cd "$(dirname "$0")/../.."
plugin=${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary}
proto_dir=$(python3 -c 'import onnx, os; print(os.path.dirname(onnx.__file__))')
onnx_version=$(python3 -c 'import onnx; print(onnx.__version__)')
protoc_version=$(protoc --version)
plugin_version=$("$plugin" --version)
sha=$(sha256sum "$proto_dir/onnx.proto" | cut -d' ' -f1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public --swift_out="$tmp" \
  -I "$proto_dir" "$proto_dir/onnx.proto"
cat > "$tmp/header" <<HEADER
// Generated; do not edit. The Swift of ONNX's onnx.proto, from the onnx $onnx_version wheel on PyPI
// (sha256 $sha),
// written by protoc ($protoc_version) with swift-protobuf's $plugin_version, option
// Visibility=Public, as one 178 KB file that Tools/ONNXProto/split.py cut into one file per top-level
// type (no Swift file in Sources/ may exceed 100 KB). Tools/ONNXProto/generate.sh regenerates them.
HEADER
python3 Tools/ONNXProto/split.py "$tmp/onnx.pb.swift" Sources/ONNXProto "$tmp/header"
