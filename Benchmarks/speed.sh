#!/usr/bin/env bash
# Training speed side by side, in one run: PyTorch (../shared/bench/torch_lenet.py), lenetc's engine
# (`lenetc run`) and the emitted trainer (Generated/lenet), each training lenet.yaml's recipe on the real
# MNIST for one epoch with the same thread count, ROUNDS times interleaved (so machine noise hits all
# three alike). Prints every measurement, the medians, the ratios, and each as a fraction of the
# machine's float32 peak (cblas_sgemm on 2048² matrices).
#
# usage: Benchmarks/speed.sh [ROUNDS] [THREADS]     (needs: pip install torch numpy)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
threads=${2:-2}
data=${LENETC_BENCH_DATA:-../shared/datasets/mnist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash .ci/deps
swift build -c release --product lenetc >&2
lenetc=.build/release/lenetc
emitted=""
if [ -d Generated/lenet ]; then
  swift build -c release --package-path Generated/lenet >&2
  emitted=$(swift build -c release --package-path Generated/lenet --show-bin-path)/lenet
fi
gcc -O2 Benchmarks/sgemm_peak.c -lopenblas -o "$work/sgemm_peak"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for r in $(seq "$rounds"); do
  python3 ../shared/bench/torch_lenet.py "$data" --variant avg-pad --epochs 1 --threads "$threads" \
    | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["examples_per_sec"])' >> "$work/torch"
  "$lenetc" run Specs/lenet.yaml --data "$data" --dataset mnist --epochs 1 --threads "$threads" \
    | awk '/examples\/sec/ {print $1}' >> "$work/engine"
  if [ -n "$emitted" ]; then
    "$emitted" --data "$data" --dataset mnist --epochs 1 --threads "$threads" | awk '/examples\/sec/ {print $1}' >> "$work/emitted"
  fi
  echo "round $r: torch $(tail -1 "$work/torch"), engine $(tail -1 "$work/engine")${emitted:+, emitted $(tail -1 "$work/emitted")}" >&2
done
peak=$("$work/sgemm_peak" "$threads")
t=$(median < "$work/torch"); e=$(median < "$work/engine")
macs=1131960   # training MACs per example of lenet.yaml (`lenetc check Specs/lenet.yaml`)
frac() { python3 -c "print(f'{$1 * 2 * $macs / 1e9 / $peak:.1%}')"; }
echo "threads $threads, $rounds rounds, 1 epoch of lenet.yaml on MNIST each; medians in training examples/sec"
echo "float32 peak (cblas_sgemm 2048²): $peak GFLOP/s"
echo "PyTorch  $t  ($(frac "$t") of peak)"
echo "engine   $e  ($(frac "$e") of peak)  = $(python3 -c "print(f'{$e / $t:.2f}')")x PyTorch"
if [ -n "$emitted" ]; then
  m=$(median < "$work/emitted")
  echo "emitted  $m  ($(frac "$m") of peak)  = $(python3 -c "print(f'{$m / $t:.2f}')")x PyTorch, $(python3 -c "print(f'{$m / $e:.2f}')")x engine"
fi
