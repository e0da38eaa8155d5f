#!/bin/bash
# Coverage-guided fuzzing of lenetc's readers with libFuzzer (issue 12, item 7):
#
#   Fuzz/run.sh [SECONDS [HARNESS...]]      harnesses: spec safetensors idx (default: all, one after another)
#
# Builds Fuzz/ (a package of its own that depends on the repository by path) with
# `-sanitize=fuzzer,address`, so lenetc's modules carry libFuzzer's coverage counters and
# AddressSanitizer (Yams's Swift too; libyaml's C inside Yams is compiled as usual: with
# `-Xcc -fsanitize=fuzzer-no-link,address` gold fails to link the harnesses); then runs each
# harness for SECONDS (default 600) on ONE process, with a 2 GiB memory limit and a 10 s limit per
# input, from a seed corpus built here:
#   spec         Specs/*.yaml and the bad-spec catalogue (Tests/LenetcTests/BadSpecs/)
#   safetensors  checkpoints written by `lenetc run` (after one epoch, and resumed for a second), a bare
#                PyTorch-style weights file, and the test suite's small hand-made files
#   idx          the first few images and labels of a real data set (DATA, default
#                ../shared/datasets/mnist; synthetic digits when it is missing), raw and gzip-compressed
# Everything goes under .build/fuzz/ (git-ignored): the growing corpus, crash/leak/timeout/oom
# artefacts and each run's log, whose last lines hold libFuzzer's final stats (cov, ft, execs).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(spec safetensors idx)
data=${DATA:-../shared/datasets/mnist}
work=.build/fuzz
mkdir -p "$work"

echo "building the harnesses (release, -sanitize=fuzzer,address)..."
if ! swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address > "$work/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$work/build.log" | tail -20 >&2
    exit 1
fi
bin=Fuzz/.build/release
for h in FuzzSpec FuzzSafetensors FuzzIDX; do [ -x "$bin/$h" ] || { echo "error: $bin/$h was not built" >&2; exit 1; }; done

seed_spec() {
    mkdir -p "$1"
    cp Specs/*.yaml "$1/"
    for f in Tests/LenetcTests/BadSpecs/*.yaml; do cp "$f" "$1/bad-$(basename "$f")"; done
}

seed_safetensors() {
    mkdir -p "$1"
    swift build --product lenetc >/dev/null
    local tmp
    tmp=$(mktemp -d)
    # A tiny model keeps the seeds small (500 parameters; about 9 KB with Adam's two moments in the
    # metadata), well under -max_len, so libFuzzer mutates whole checkpoints.
    cat > "$tmp/tiny.yaml" <<'YAML'
name: tiny
input: [1, 28, 28]
layers:
  - avgpool: 4
  - flatten
  - dense: 10
train: {batch: 10, epochs: 2, optimizer: {adam: {lr: 0.001}}}
YAML
    seed_idx "$tmp/data" raw 40
    .build/debug/lenetc run "$tmp/tiny.yaml" --data "$tmp/data" --dataset mnist --epochs 1 --save "$1/epoch1.safetensors" >/dev/null
    .build/debug/lenetc run "$tmp/tiny.yaml" --data "$tmp/data" --dataset mnist --epochs 2 --resume "$1/epoch1.safetensors" \
        --save "$1/epoch2.safetensors" >/dev/null
    python3 - "$1" <<'PY'
import json, struct, sys
out = sys.argv[1]
def write(name, header, data=b""):
    text = json.dumps(header, separators=(",", ":")).encode()
    open(f"{out}/{name}", "wb").write(struct.pack("<Q", len(text)) + text + data)
# PyTorch's save_file: no lenetc metadata, f32 and i64 tensors.
write("torch.safetensors", {"__metadata__": {"format": "pt"},
      "0.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
      "labels": {"dtype": "I64", "shape": [2], "data_offsets": [16, 32]}},
      struct.pack("<4f", 1, -2, 0.5, 3) + struct.pack("<2q", 7, -1))
write("empty.safetensors", {})
write("f16.safetensors", {"x": {"dtype": "F16", "shape": [3], "data_offsets": [0, 6]}}, b"\0" * 6)
PY
    rm -rf "$tmp"
}

# seed_idx DIR raw|gz COUNT: the four files of a data set cut down to COUNT training and test examples.
seed_idx() {
    python3 - "$data" "$1" "$2" "$3" <<'PY'
import gzip, os, struct, sys
src, out, form, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.makedirs(out, exist_ok=True)
for base in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]:
    path = os.path.join(src, base)
    raw = None
    for p, opener in [(path, open), (path + ".gz", gzip.open)]:
        if os.path.exists(p):
            raw = opener(p, "rb").read()
            break
    if raw is None:  # no real data here: a stand-in with the same header layout
        rank = 3 if "images" in base else 1
        raw = bytes([0, 0, 8, rank]) + struct.pack(">I", n) + (struct.pack(">II", 28, 28) if rank == 3 else b"") \
            + bytes((i * 37) % 256 if rank == 3 else i % 10 for i in range(n * (784 if rank == 3 else 1)))
    rank = raw[3]
    dims = list(struct.unpack(">" + "I" * rank, raw[4:4 + 4 * rank]))
    per = 1
    for d in dims[1:]:
        per *= d
    dims[0] = min(n, dims[0])
    body = raw[4 + 4 * rank:4 + 4 * rank + dims[0] * per]
    cut = raw[:4] + struct.pack(">" + "I" * rank, *dims) + body
    if form == "gz":
        open(os.path.join(out, base + ".gz"), "wb").write(gzip.compress(cut, mtime=0))
    else:
        open(os.path.join(out, base), "wb").write(cut)
PY
}

for h in "${harnesses[@]}"; do
    case $h in
        spec) exe=FuzzSpec ;;
        safetensors) exe=FuzzSafetensors ;;
        idx) exe=FuzzIDX ;;
        *) echo "error: unknown harness '$h' (spec, safetensors or idx)" >&2; exit 2 ;;
    esac
    corpus=$work/$h/corpus seeds=$work/$h/seeds
    rm -rf "$seeds"
    case $h in
        spec) seed_spec "$seeds" ;;
        safetensors) seed_safetensors "$seeds" ;;
        idx) seed_idx "$seeds" raw 3; seed_idx "$seeds" gz 3 ;;
    esac
    mkdir -p "$corpus" "$work/$h/artifacts"
    log=$work/$h.log
    echo "fuzzing $h for $seconds s (log: $log)..."
    # One process (never -jobs/-workers: the machine's cores are shared); new inputs go to $corpus.
    set +e
    "$bin/$exe" "$corpus" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -artifact_prefix="$work/$h/artifacts/" -print_final_stats=1 > "$log" 2>&1
    status=$?
    set -e
    # The last status line (executions, cov: edges, ft: features, corpus) and the final counts.
    grep -E "^#[0-9]+[[:space:]]" "$log" | tail -1 | sed "s/^/  $h: /" || true
    grep -E "^Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/  $h: /" || true
    if [ $status -ne 0 ]; then
        echo "  $h: FINDING (exit $status); artefacts in $work/$h/artifacts/:" && ls "$work/$h/artifacts/"
        grep -E "ERROR|Fatal error|SUMMARY" "$log" | head -5 | sed "s/^/  $h: /"
    fi
done
