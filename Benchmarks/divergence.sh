#!/bin/bash
# The engine against the emitted trainer, and the engine against itself started one ulp away, step by
# step over one epoch (issue 12, item 1): is the gap between two backends' losses rounding growth or a
# bug? Every run writes a step trace (LENETC_TRACE, Sources/LenetRuntime/StepTrace.swift) and
# divergence.py prints ||w_a - w_b|| / ||w_b|| over all parameters after steps 1, 10, 50, 100, 235.
#
#   Benchmarks/divergence.sh [SPEC [DATA_DIR [SEED [NUDGED_PARAMETER...]]]]
#
# Defaults: lenet-relu, ../shared/datasets/mnist, seed 3, parameters 0 (the first conv weight), 30000
# (a weight of the 400→120 dense layer) and 61000 (one of the last layer's). One epoch on 2 threads
# (and the engine once more on 1 thread);
# builds lenetc (debug: the engine is -Ounchecked in every configuration) and the emitted trainer
# (release) first. Traces go to a temporary folder (about 60 MB each for lenet-relu), removed at the end,
# or to $TRACES when set, and kept.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-lenet-relu}
data=${2:-../shared/datasets/mnist}
seed=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
nudges=("$@")
[ ${#nudges[@]} -gt 0 ] || nudges=(0 30000 61000)
dataset=$(sed -n 's/^ *dataset: *\([a-z-]*\).*/\1/p' "Specs/$spec.yaml" | head -1)
[ -n "$dataset" ] || dataset=mnist
case "$data" in *fashion*) dataset=fashion-mnist ;; *mnist*) dataset=mnist ;; esac

swift build --product lenetc >/dev/null
lenetc=.build/debug/lenetc
$lenetc emit "Specs/$spec.yaml" -o "Generated/$spec" >/dev/null
git diff --quiet -- "Generated/$spec" || echo "note: Generated/$spec was stale and has been re-emitted" >&2
swift build -c release --package-path "Generated/$spec" >/dev/null
trainer="Generated/$spec/.build/release/$spec"

if [ -n "${TRACES:-}" ]; then tmp=$TRACES; mkdir -p "$tmp"; else tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi
flags=(--dataset "$dataset" --data "$data" --seed "$seed" --epochs 1 --threads 2)
run() {  # run NAME COMMAND...: the command's epoch line, its trace in $tmp/NAME.trace
    local name=$1; shift
    LENETC_TRACE="$tmp/$name.trace" "$@" "${flags[@]}" | grep '^epoch 1,' | sed "s/^/$name: /"
}
echo "$spec, seed $seed, one epoch of $data (${flags[*]})"
run engine $lenetc run "$spec"
run emitted "$trainer"
run engine-again $lenetc run "$spec"
# The engine's gradients are summed over its threads' shards: one thread rounds differently from two.
flags=(--dataset "$dataset" --data "$data" --seed "$seed" --epochs 1 --threads 1)
run engine-1-thread $lenetc run "$spec"
flags=(--dataset "$dataset" --data "$data" --seed "$seed" --epochs 1 --threads 2)
pairs=("$tmp/engine.trace" "$tmp/emitted.trace" "$tmp/engine-again.trace" "$tmp/engine.trace"
       "$tmp/engine-1-thread.trace" "$tmp/engine.trace" "$tmp/engine-1-thread.trace" "$tmp/emitted.trace")
for k in "${nudges[@]}"; do
    LENETC_TRACE_NUDGE=$k run "engine-nudged-$k" $lenetc run "$spec"
    pairs+=("$tmp/engine-nudged-$k.trace" "$tmp/engine.trace")
done
python3 Benchmarks/divergence.py "${pairs[@]}" | sed "s|$tmp/||g"
