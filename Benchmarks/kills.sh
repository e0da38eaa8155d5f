#!/usr/bin/env bash
# Kills for real: SIGKILL a training run that saves checkpoints at KILLS random moments (during batches,
# during evaluation, during the checkpoint write, during start-up), resuming from the checkpoint after
# each. After every kill the checkpoint on disk must be a complete lenetc checkpoint (its size is exactly
# what its header says) whose epoch never goes back; and every run, however often it was killed, must end
# with bit for bit the tensors of an uninterrupted run.
#
# usage: Benchmarks/kills.sh KILLS TRAINER [ARGS...]
#   Benchmarks/kills.sh 30 .build/release/lenetc run lenet --data DIR --epochs 8 --batch 64 --threads 2
#   Benchmarks/kills.sh 30 Generated/lenet/.build/release/lenet --data DIR --epochs 8 --batch 64 --threads 2
# The script adds `--save FILE` (and `--resume FILE` once FILE exists). Kill moments are uniform over
# the uninterrupted run's wall time; SEED fixes them. A run that finishes before its kill counts as a
# round: its tensors are compared and a new round starts afresh. Prints one line per kill and a summary;
# exit 0 when every check held.
set -euo pipefail
kills=${1:?usage: Benchmarks/kills.sh KILLS TRAINER [ARGS...]}
shift
[ $# -ge 1 ] || { echo "usage: Benchmarks/kills.sh KILLS TRAINER [ARGS...]" >&2; exit 2; }
RANDOM=${SEED:-$$}
work=$(mktemp -d)
child=
trap '[ -n "$child" ] && kill -KILL "$child" 2>/dev/null; rm -rf "$work"' EXIT

# The header length (the first 8 bytes, little-endian) of a safetensors file.
header_length() { od -An -t u8 -N 8 "$1" | tr -d ' '; }
# The JSON header.
header() { head -c $((8 + $(header_length "$1"))) "$1" | tail -c "$(header_length "$1")"; }
# The tensor bytes (everything after the header): what PyTorch loads. The header differs between runs
# (it records times), the tensors must not.
tensors() { tail -c +$((9 + $(header_length "$1"))) "$1"; }

# A complete checkpoint: as long as its header says (8 + header + the last tensor's end), and the
# lenetc training state in its metadata. Prints its epoch.
check_complete() {
  local file=$1 size end epoch
  size=$(stat -c %s "$file")
  [ "$size" -ge 8 ] || { echo "torn: $file has $size bytes" >&2; return 1; }
  end=$(header "$file" | grep -o '"data_offsets":\[[0-9]*,[0-9]*\]' | sed 's/.*,\([0-9]*\)\]/\1/' | sort -n | tail -1)
  [ -n "$end" ] && [ "$size" -eq $((8 + $(header_length "$file") + end)) ] \
    || { echo "torn: $file has $size bytes, its header describes $((8 + $(header_length "$file") + ${end:-0}))" >&2; return 1; }
  header "$file" | grep -q '"format":"lenetc-checkpoint-1"' || { echo "not a lenetc checkpoint: $file" >&2; return 1; }
  epoch=$(header "$file" | grep -o '"epoch":"[0-9]*"' | grep -o '[0-9]*')
  echo "$epoch"
}

now() { date +%s.%N; }

# The uninterrupted run.
start=$(now)
"$@" --save "$work/reference.safetensors" > "$work/reference.out" 2>&1 || { cat "$work/reference.out" >&2; exit 1; }
span=$(echo "$start $(now)" | awk '{ printf "%.3f", $2 - $1 }')
check_complete "$work/reference.safetensors" > /dev/null
echo "uninterrupted run: $span s"

ck=$work/ck.safetensors
done_kills=0 rounds=0 last_epoch=-1 round_kills=0
while [ "$done_kills" -lt "$kills" ] || [ "$round_kills" -gt 0 ]; do
  resume=()
  [ -e "$ck" ] && resume=(--resume "$ck")
  "$@" --save "$ck" "${resume[@]}" > "$work/run.out" 2>&1 &
  child=$!
  if [ "$done_kills" -lt "$kills" ]; then
    delay=$(awk -v r="$RANDOM" -v s="$span" 'BEGIN { printf "%.3f", r / 32768 * s }')
    sleep "$delay"
  else
    delay=
  fi
  if [ -n "$delay" ] && kill -KILL "$child" 2>/dev/null; then
    wait "$child" 2>/dev/null || true
    child=
    done_kills=$((done_kills + 1)) round_kills=$((round_kills + 1))
    if [ -e "$ck" ]; then
      epoch=$(check_complete "$ck")
      [ "$epoch" -ge "$last_epoch" ] || { echo "kill $done_kills: the checkpoint went back from epoch $last_epoch to $epoch" >&2; exit 1; }
      last_epoch=$epoch
      echo "kill $done_kills after $delay s: complete checkpoint at epoch $epoch"
    else
      echo "kill $done_kills after $delay s: no checkpoint yet"
    fi
    continue
  fi
  # It finished before the kill (or no kill was left): it must have succeeded, with the reference's tensors.
  status=0
  wait "$child" || status=$?
  child=
  [ "$status" -eq 0 ] || { echo "the resumed run failed with status $status:" >&2; cat "$work/run.out" >&2; exit 1; }
  check_complete "$ck" > /dev/null
  cmp -s <(tensors "$ck") <(tensors "$work/reference.safetensors") \
    || { echo "round $((rounds + 1)): after $round_kills kills the tensors differ from the uninterrupted run's" >&2; exit 1; }
  rounds=$((rounds + 1))
  echo "round $rounds finished after $round_kills kills: the same tensors as the uninterrupted run"
  rm -f "$ck"
  last_epoch=-1 round_kills=0
done
stranded=$(find "$work" -name '.ck.safetensors.*.tmp' | wc -l)
echo "$done_kills kills, $rounds rounds: every checkpoint complete, every round ended with the uninterrupted run's tensors" \
  "($stranded temporary files left by kills during a write)"
