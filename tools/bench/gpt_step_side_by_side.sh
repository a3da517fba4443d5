#!/usr/bin/env bash
# Interleaved side-by-side `bench gpt-step`: PyTorch 1.13 and zth (Vector API and scalar kernels), ROUNDS
# times in turn, then the median ms/step of each and the ratios against every PyTorch run. PyTorch runs
# four ways: torch.set_num_threads(2) (the issue's reference) and (1), each with OpenBLAS as it comes
# (Debian's torch multiplies through OpenBLAS, whose own pool has a thread per core whatever
# set_num_threads says) and with OPENBLAS_NUM_THREADS=1 (suffix b1), which avoids oversubscription.
#   tools/bench/gpt_step_side_by_side.sh [rounds] [steps] [warmup]     (default: 3 rounds, 30 steps, 10 warm-up)
#   MODEL="--n-layer 4 --n-embd 256 --n-head 4 --block-size 64 --batch-size 12"   sizes for both sides
#   (default: nanoGPT's CPU configuration). PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
#   unset, which some machines set to pin OpenBLAS to older kernels.
# Output: one file per run under $OUT (default /tmp/zth-gpt-step-<time>) and a summary on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
steps="${2:-30}"
warmup="${3:-10}"
out="${OUT:-/tmp/zth-gpt-step-$(date +%s)}"
# shellcheck disable=SC2206
model=(${MODEL:-})
torch=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$root/tools/torchref/gpt_step.py")
mkdir -p "$out"
"$root/bin/zth" --version >/dev/null  # build once, outside the timed runs
for r in $(seq 1 "$rounds"); do
  echo "round $r: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.log"
  for t in 2 1; do
    "${torch[@]}" --threads $t --steps "$steps" --warmup "$warmup" ${model[@]+"${model[@]}"} > "$out/torch$t.$r.txt"
    OPENBLAS_NUM_THREADS=1 "${torch[@]}" --threads $t --steps "$steps" --warmup "$warmup" ${model[@]+"${model[@]}"} \
      > "$out/torch${t}b1.$r.txt"
  done
  for simd in vector scalar; do
    opts="-Dzth.threads=2"
    [ "$simd" = scalar ] && opts="$opts -Dzth.simd=false"
    ZTH_JAVA_OPTS="$opts" "$root/bin/zth" bench gpt-step --steps "$steps" --warmup "$warmup" ${model[@]+"${model[@]}"} \
      > "$out/zth-$simd.$r.txt" 2>/dev/null
  done
done
cat "$out/load.log"
/usr/bin/python3 - "$out" <<'PY'
import glob, os, statistics, sys
out = sys.argv[1]
runs = {}
for f in sorted(glob.glob(os.path.join(out, "*.txt"))):
    name = os.path.basename(f).rsplit(".", 2)[0]
    for line in open(f):
        key, _, val = line.partition(": ")
        if key == "ms_per_step":
            runs.setdefault(name, []).append(float(val))
med = {k: statistics.median(v) for k, v in runs.items()}
torches = [k for k in ("torch2", "torch2b1", "torch1", "torch1b1") if k in med]
for k in torches + ["zth-vector", "zth-scalar"]:
    if k in med:
        line = f"{k:11s} ms_per_step {med[k]:7.1f}  (runs: {', '.join(f'{x:.1f}' for x in runs[k])})"
        if k.startswith("zth"):
            line += "  " + "  ".join(f"vs {t} {med[k] / med[t]:.2f}x" for t in torches)
        print(line)
PY
