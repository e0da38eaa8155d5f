#!/usr/bin/env bash
# Test accuracy of lenet.yaml's recipe over several seeds, lenetc's engine beside PyTorch
# (../shared/bench/torch_lenet.py), on the real MNIST, 10 epochs each. The sigmoid, lr-0.9 recipe
# waits on a loss plateau for a number of epochs that depends on the initial weights, so one seed
# says little; this prints every run, then the median and the range of each.
#
# The two run side by side, one thread each (accuracy does not depend on the thread count).
# Benchmarks/fashion.sh does it on Fashion-MNIST, with the emitted trainer too.
# usage: Benchmarks/seeds.sh [SEEDS] [SPEC] [TORCH_VARIANT]   (needs: pip install torch numpy)
#   e.g. Benchmarks/seeds.sh 10 Specs/lenet-nopad.yaml avg-nopad
# With SWAP_BIASES=1 each side uses the other's bias initialisation: PyTorch zeroes its biases (a copy
# of torch_lenet.py with `nn.init.zeros_(m.bias)` added) and lenetc draws PyTorch's default biases (a
# copy of the spec with `init: {weights: xavier-uniform, biases: pytorch}`).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-10}
spec=${2:-Specs/lenet.yaml}
variant=${3:-avg-pad}
data=${LENETC_BENCH_DATA:-../shared/datasets/mnist}
dataset=${LENETC_BENCH_DATASET:-mnist}   # what $data holds (lenet.yaml itself says fashion-mnist)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product lenetc >&2
torch=../shared/bench/torch_lenet.py
if [ "${SWAP_BIASES:-0}" = 1 ]; then
  sed 's/nn.init.xavier_uniform_(m.weight)$/nn.init.xavier_uniform_(m.weight); nn.init.zeros_(m.bias)/' "$torch" > "$work/torch_lenet.py"
  grep -q 'zeros_(m.bias)' "$work/torch_lenet.py" || { echo "seeds.sh: could not patch $torch" >&2; exit 1; }
  sed 's/^  init: xavier-uniform.*/  init: {weights: xavier-uniform, biases: pytorch}/' "$spec" > "$work/spec.yaml"
  grep -q 'biases: pytorch' "$work/spec.yaml" || { echo "seeds.sh: $spec has no 'init: xavier-uniform' line" >&2; exit 1; }
  torch=$work/torch_lenet.py spec=$work/spec.yaml
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
range() { sort -g | awk 'NR == 1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }

echo "| seed | PyTorch | engine |"
echo "|---|---|---|"
for s in $(seq 0 $((seeds - 1))); do
  python3 "$torch" "$data" --variant "$variant" --seed "$s" --threads 1 \
    | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["test_acc"])' > "$work/t$s" &
  .build/release/lenetc run "$spec" --data "$data" --dataset "$dataset" --seed "$s" --threads 1 | awk '/^loss / {print $NF}' > "$work/e$s"
  wait
  cat "$work/t$s" >> "$work/torch"; cat "$work/e$s" >> "$work/engine"
  echo "| $s | $(cat "$work/t$s") | $(cat "$work/e$s") |"
done
echo
label=$(basename "${2:-Specs/lenet.yaml}"); [ "${SWAP_BIASES:-0}" = 1 ] && label="$label, biases swapped"
echo "$seeds seeds of $label: PyTorch median $(median < "$work/torch") (range $(range < "$work/torch")), engine median $(median < "$work/engine") (range $(range < "$work/engine"))"
