#!/usr/bin/env bash
# Test accuracy of every spec in Specs/ with its own recipe on the real MNIST (--dataset mnist, also for
# the specs that say fashion-mnist), trained by lenetc's engine (and by the emitted trainer when
# Generated/<name> exists), printed as a Markdown table beside PyTorch's figures from
# ../shared/bench/results/README.md. Benchmarks/fashion.sh does the same on Fashion-MNIST, running PyTorch.
#
# usage: Benchmarks/accuracy.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/mnist}
swift build -c release --product lenetc >&2
declare -A torch=([lenet]=0.9694 [lenet-max]=0.9785 [lenet-nopad]=0.9659 [lenet-max-nopad]=0.9750 [lenet-relu]=0.9796 [caffe-lenet]="0.9897 (Caffe)")
echo "| spec | PyTorch | engine | emitted |"
echo "|---|---|---|---|"
for spec in Specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  engine=$(.build/release/lenetc run "$spec" --data "$data" --dataset mnist | awk '/^loss / {print $NF}')
  emitted="–"
  if [ -d "Generated/$name" ]; then
    swift build -c release --package-path "Generated/$name" >&2
    bin=$(swift build -c release --package-path "Generated/$name" --show-bin-path)/$name
    emitted=$("$bin" --data "$data" --dataset mnist | awk '/^loss / {print $NF}')
  fi
  echo "| $name | ${torch[$name]:-–} | $engine | $emitted |"
done
