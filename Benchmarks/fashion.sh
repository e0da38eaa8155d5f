#!/usr/bin/env bash
# Every spec on the real Fashion-MNIST, 10 epochs (caffe-lenet: its 10,000 iterations), trained by
# lenetc's engine, by the emitted trainer (Generated/<name>) and, for the five d2l networks, by PyTorch
# (../shared/bench/torch_lenet.py, the same recipe); lenet.yaml over SEEDS seeds; then d2l's MXNet run
# (lenet-max-nopad, lr 0.9, 5 epochs) with the time of each epoch. Prints Markdown tables; every run's
# whole output is kept in LOGS.
#
# caffe-lenet and lenet5 are MNIST specs: they run with --dataset fashion-mnist (torch_lenet.py has no
# such networks, so no PyTorch figure). PyTorch runs on one thread beside lenetc's runs (one thread
# each, one after the other), as seeds.sh does: accuracy does not depend on the thread count, and the
# machine's two cores stay busy. The MXNet comparison runs alone on both threads, so its times mean
# something.
#
# usage: Benchmarks/fashion.sh [SEEDS] [LOGS]   (needs: pip install torch numpy; about 30 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-5}
logs=${2:-$(mktemp -d)}
mkdir -p "$logs"
data=${LENETC_BENCH_DATA:-../shared/datasets/fashion-mnist}
torch=../shared/bench/torch_lenet.py
[ -f "$data/train-images-idx3-ubyte.gz" ] || { echo "fashion.sh: no Fashion-MNIST in $data (set LENETC_BENCH_DATA)" >&2; exit 1; }
python3 -c 'import torch' 2>/dev/null || { echo "fashion.sh: PyTorch is missing (pip install torch numpy)" >&2; exit 1; }
swift build -c release --product lenetc >&2
lenetc=.build/release/lenetc
declare -A variant=([lenet]="avg-pad" [lenet-max]="max-pad" [lenet-nopad]="avg-nopad" [lenet-max-nopad]="max-nopad"
                    [lenet-relu]="max-pad --act relu --lr 0.1")
declare -A bin
for spec in Specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  swift build -c release --package-path "Generated/$name" >&2
  bin[$name]=$(swift build -c release --package-path "Generated/$name" --show-bin-path)/$name
done

final() { awk '/^loss / {print $NF}' "$1"; }                        # lenetc's last test accuracy
torch_final() { tail -1 "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["test_acc"])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# One spec, one seed: PyTorch in the background, the engine then the emitted trainer in the foreground.
train() {
  local name=$1 seed=$2 extra=()
  grep -q '^  dataset: mnist' "Specs/$name.yaml" && extra=(--dataset fashion-mnist)
  if [ -n "${variant[$name]:-}" ]; then
    # shellcheck disable=SC2086
    python3 "$torch" "$data" --variant ${variant[$name]} --seed "$seed" --threads 1 > "$logs/$name-torch-s$seed.txt" &
  fi
  "$lenetc" run "Specs/$name.yaml" --data "$data" --seed "$seed" --threads 1 "${extra[@]}" > "$logs/$name-engine-s$seed.txt" 2>&1
  "${bin[$name]}" --data "$data" --seed "$seed" --threads 1 "${extra[@]}" > "$logs/$name-emitted-s$seed.txt" 2>&1
  wait
}

for s in $(seq 0 $((seeds - 1))); do train lenet "$s"; done
for spec in Specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  [ "$name" = lenet ] || train "$name" 0
done
# d2l's MXNet edition: lenet-max-nopad, lr 0.9, 5 epochs, both threads, nothing else of ours running.
"$lenetc" run Specs/lenet-max-nopad.yaml --data "$data" --lr 0.9 --epochs 5 > "$logs/mxnet-engine.txt" 2>&1
"${bin[lenet-max-nopad]}" --data "$data" --lr 0.9 --epochs 5 > "$logs/mxnet-emitted.txt" 2>&1
# The README's example output: lenet.yaml as the quick start runs it (data found without --data).
"$lenetc" run Specs/lenet.yaml > "$logs/quickstart.txt" 2>&1

echo "### every spec, seed 0 (test accuracy after the recipe's run)"
echo "| spec | PyTorch | engine | emitted |"
echo "|---|---|---|---|"
for spec in Specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  t="–"; [ -f "$logs/$name-torch-s0.txt" ] && t=$(torch_final "$logs/$name-torch-s0.txt")
  echo "| $name | $t | $(final "$logs/$name-engine-s0.txt") | $(final "$logs/$name-emitted-s0.txt") |"
done
echo
echo "### lenet.yaml, seeds 0-$((seeds - 1))"
echo "| seed | PyTorch | engine | emitted |"
echo "|---|---|---|---|"
for s in $(seq 0 $((seeds - 1))); do
  echo "| $s | $(torch_final "$logs/lenet-torch-s$s.txt") | $(final "$logs/lenet-engine-s$s.txt") | $(final "$logs/lenet-emitted-s$s.txt") |"
done
tm=$(for s in $(seq 0 $((seeds - 1))); do torch_final "$logs/lenet-torch-s$s.txt"; done | median)
em=$(for s in $(seq 0 $((seeds - 1))); do final "$logs/lenet-engine-s$s.txt"; done | median)
gm=$(for s in $(seq 0 $((seeds - 1))); do final "$logs/lenet-emitted-s$s.txt"; done | median)
echo "| median | $tm | $em | $gm |"
echo
echo "### d2l's MXNet run (lenet-max-nopad, lr 0.9, 5 epochs)"
echo '```'; cat "$logs/mxnet-engine.txt"; echo '```'
echo '```'; cat "$logs/mxnet-emitted.txt"; echo '```'
echo
echo "### lenetc run Specs/lenet.yaml"
echo '```'; cat "$logs/quickstart.txt"; echo '```'
echo "logs in $logs" >&2
