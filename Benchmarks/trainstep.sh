#!/usr/bin/env bash
# Measures the emitted trainer's training step: emits SPEC (default lenet) with the lenetc built in
# .build, compiles its runtime module, and its Network.swift with Benchmarks/trainstep.swift, using the
# emitted package's release flags, and runs it for 1 and 2 threads on batches of BATCH (default: the
# spec's batch).
#
#   bash Benchmarks/trainstep.sh [SPEC] [STEPS] [BATCH]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-lenet}
steps=${2:-200}
batch=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product lenetc >/dev/null
.build/debug/lenetc emit "$spec" -o "$work/pkg" >/dev/null
name=$(basename "$(ls -d "$work"/pkg/Sources/*/Network.swift | head -1 | xargs dirname)")
type=$(grep -o 'public final class [A-Za-z0-9]*' "$work/pkg/Sources/$name/Network.swift" | awk '{print $4}')
mkdir -p "$work/src"
cp "$work/pkg/Sources/$name/Network.swift" "$work/src/"
sed "s/NETWORK/$type/g" Benchmarks/trainstep.swift > "$work/src/main.swift"
flags=(-Ounchecked -wmo -I "$work/pkg/Sources/CZlib")
[ "$(uname -m)" = x86_64 ] && flags+=(-Xcc -march=x86-64-v3)
# As the emitted package builds: the runtime a module of its own, the network importing it.
swiftc "${flags[@]}" -parse-as-library -module-name LenetRuntime -emit-module -emit-module-path "$work/LenetRuntime.swiftmodule" \
  -emit-library -static -o "$work/libLenetRuntime.a" "$work/pkg/Sources/LenetRuntime/"*.swift
swiftc "${flags[@]}" -I "$work" -L "$work" -lLenetRuntime -lz "$work/src/"*.swift -o "$work/trainstep"
[ -n "$batch" ] || batch=$(.build/debug/lenetc check --format json "$spec" 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["train"]["batch"])')
"$work/trainstep" 1 "$steps" "$batch"
"$work/trainstep" 2 "$steps" "$batch"
