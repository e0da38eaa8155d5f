#!/usr/bin/env bash
# Training speed of every spec, side by side in one run: PyTorch eager on the same network and
# recipe (Benchmarks/torch_spec.py builds the nn.Sequential from `lenetc check --format json`),
# lenetc's engine (`lenetc run`) and the emitted trainer (Generated/<name>), each training one epoch
# over the first EXAMPLES training images of the spec's data set (../shared/datasets/<dataset>) with
# the same thread count, ROUNDS times interleaved so that machine noise hits all three alike.
# Prints every measurement, then a table of medians (training examples/sec), each system's share of
# the machine's float32 peak (training FLOPs = 2 × `check`'s training MACs; peak = cblas_sgemm on
# 2048² matrices) and the ratios.
#
# usage: Benchmarks/speed.sh [ROUNDS] [THREADS] [SPEC...]     (needs: pip install torch numpy)
#        EXAMPLES=20000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
threads=${2:-2}
shift $(( $# > 2 ? 2 : $# ))
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=($(ls Specs/*.yaml | xargs -n1 basename | sed 's/\.yaml$//'))
examples=${EXAMPLES:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash .ci/deps
swift build -c release --product lenetc >&2
lenetc=.build/release/lenetc
gcc -O2 Benchmarks/sgemm_peak.c -lopenblas -o "$work/sgemm_peak"

# One subset per data set: the first $examples training images and the whole test set, raw IDX.
subset() {
  local dataset=$1 out="$work/data-$1"
  [ -d "$out" ] && { echo "$out"; return; }
  mkdir -p "$out"
  python3 - "../shared/datasets/$dataset" "$out" "$examples" <<'PY'
import gzip, os, struct, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def read(name):
    p = os.path.join(src, name)
    return gzip.open(p + ".gz").read() if os.path.exists(p + ".gz") else open(p, "rb").read()
for kind in ("train", "t10k"):
    images, labels = read(f"{kind}-images-idx3-ubyte"), read(f"{kind}-labels-idx1-ubyte")
    count = struct.unpack(">I", images[4:8])[0]
    keep = min(n, count) if kind == "train" else count
    open(os.path.join(out, f"{kind}-images-idx3-ubyte"), "wb").write(
        images[:4] + struct.pack(">I", keep) + images[8:16] + images[16:16 + keep * 784])
    open(os.path.join(out, f"{kind}-labels-idx1-ubyte"), "wb").write(
        labels[:4] + struct.pack(">I", keep) + labels[8:8 + keep])
PY
  echo "$out"
}

for s in "${specs[@]}"; do
  "$lenetc" check --format json "Specs/$s.yaml" > "$work/$s.json" 2>/dev/null
  swift build -c release --package-path "Generated/$s" >&2
done

rate() { awk '/examples\/sec/ {print $1}'; }
for r in $(seq "$rounds"); do
  for s in "${specs[@]}"; do
    dataset=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['train']['dataset'])" "$work/$s.json")
    data=$(subset "$dataset")
    python3 Benchmarks/torch_spec.py "$work/$s.json" "$data" --epochs 1 --threads "$threads" \
      | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["examples_per_sec"])' >> "$work/$s.torch"
    "$lenetc" run "Specs/$s.yaml" --data "$data" --epochs 1 --threads "$threads" | rate >> "$work/$s.engine"
    "Generated/$s/.build/release/$s" --data "$data" --epochs 1 --threads "$threads" | rate >> "$work/$s.emitted"
    echo "round $r, $s: torch $(tail -1 "$work/$s.torch"), engine $(tail -1 "$work/$s.engine"), emitted $(tail -1 "$work/$s.emitted")" >&2
  done
done

peak=$("$work/sgemm_peak" "$threads")
python3 - "$work" "$peak" "$threads" "$rounds" "$examples" "${specs[@]}" <<'PY'
import json, statistics, sys
work, peak, threads, rounds, examples, specs = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
print(f"threads {threads}, {rounds} interleaved rounds of one epoch over {examples} training images; "
      f"medians in training examples/sec; float32 peak (cblas_sgemm 2048²) {peak:.1f} GFLOP/s")
print("| spec | training MFLOP/example | PyTorch | engine | emitted | engine / PyTorch | emitted / PyTorch | emitted / engine |")
print("|---|---|---|---|---|---|---|---|")
for s in specs:
    flops = 2 * json.load(open(f"{work}/{s}.json"))["training_macs"]
    m = {k: statistics.median(float(x) for x in open(f"{work}/{s}.{k}")) for k in ("torch", "engine", "emitted")}
    pct = {k: m[k] * flops / 1e9 / peak for k in m}
    print(f"| {s} | {flops / 1e6:.1f} | {m['torch']:,.0f} ({pct['torch']:.0%}) | {m['engine']:,.0f} ({pct['engine']:.0%}) "
          f"| {m['emitted']:,.0f} ({pct['emitted']:.0%}) | {m['engine'] / m['torch']:.2f}× | {m['emitted'] / m['torch']:.2f}× "
          f"| {m['emitted'] / m['engine']:.2f}× |")
PY
