#!/usr/bin/env bash
# Interleaved side-by-side matmul benchmark: numpy/OpenBLAS and `zth bench matmul` (vector and
# scalar kernels, on each JDK given), ROUNDS times in turn, then medians and ratios vs OpenBLAS.
#   tools/bench/side_by_side.sh [rounds] [jdk_home ...]     (default: 3 rounds, java on PATH)
# Output: one file per run under $OUT (default /tmp/zth-bench-<time>) and a summary on stdout.
# CLOCK=cpu runs both sides on one thread and times that thread's CPU time: on a machine with more
# runnable processes than cores, wall time measures the scheduler, CPU time still the kernels.
# On a machine shared with other jobs prefer tools/bench/paired.py (2 threads, wall time): it
# alternates short samples of numpy and zth so each ratio compares the same moment's load.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
shift || true
jdks=("$@")
[ ${#jdks[@]} -eq 0 ] && jdks=("")
out="${OUT:-/tmp/zth-bench-$(date +%s)}"
mkdir -p "$out"
args=(--samples "${SAMPLES:-5}" --sample-ms "${SAMPLE_MS:-150}" --clock "${CLOCK:-wall}")
threads=2
[ "${CLOCK:-wall}" = cpu ] && threads=1
"$root/bin/zth" --version >/dev/null  # build once, outside the timed runs
for r in $(seq 1 "$rounds"); do
  echo "round $r: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.log"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads \
    /usr/bin/python3 "$root/tools/bench/numpy_matmul.py" "${args[@]}" --threads $threads > "$out/openblas.$r.txt"
  for j in "${!jdks[@]}"; do
    for simd in vector scalar; do
      opts="-Dzth.threads=$threads"
      [ "$simd" = scalar ] && opts="$opts -Dzth.simd=false"
      JAVA_HOME="${jdks[$j]}" ZTH_JAVA_OPTS="$opts" "$root/bin/zth" bench matmul "${args[@]}" \
        > "$out/jdk$j-$simd.$r.txt" 2>/dev/null
    done
  done
done
/usr/bin/python3 - "$out" <<'PY'
import glob, os, statistics, sys
out = sys.argv[1]
runs = {}
for f in glob.glob(os.path.join(out, "*.txt")):
    name = os.path.basename(f).rsplit(".", 2)[0]
    for line in open(f):
        key, _, val = line.partition(": ")
        if key.startswith("gflops_"):
            runs.setdefault(name, {}).setdefault(key, []).append(float(val))
        elif key == "java":
            runs.setdefault(name, {})["_java"] = val.strip()
ref = runs.pop("openblas")
names = sorted(runs)
print("key".ljust(26) + "openblas".rjust(10) + "".join(n.rjust(14) + "ratio".rjust(7) for n in names))
for key in ref:
    if key.startswith("_"):
        continue
    o = statistics.median(ref[key])
    row = key.ljust(26) + f"{o:10.1f}"
    for n in names:
        v = statistics.median(runs[n][key])
        row += f"{v:14.1f}{v / o:7.2f}"
    print(row)
def noise(r):
    spreads = [(max(v) - min(v)) / statistics.median(v) for k, v in r.items() if not k.startswith("_")]
    return statistics.median(spreads)
print(f"openblas: noise {noise(ref):.0%} (median over keys of (max-min)/median across rounds)")
for n in names:
    print(f"{n}: java {runs[n].get('_java', '?')}, noise {noise(runs[n]):.0%}")
print(open(os.path.join(out, "load.log")).read().strip())
print(f"raw runs: {out}")
PY
