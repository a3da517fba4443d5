"""Lecture 3's MLP, seed by seed, in PyTorch 1.13 and in zth: how far the final losses move with the seed
and with float32 rounding alone, and whether zth's move as PyTorch's do.

    /usr/bin/python3 tools/torchref/mlp_seed_spread.py NAMES_TXT OUT_DIR [SEED ...]

For each seed (default: the lecture's 2147483647, then 1 to 7) it runs four trainings of 200,000 steps,
two at a time and one thread each, all drawing their parameters and minibatches from that seed:
  torch   lecture_mlp_full.py with the notebooks' kernel set (ATEN_CPU_CAPABILITY=default);
  avx2    the same with the kernels torch picks by itself on an AVX2 machine, which round randn,
          tanh, exp and the sums differently: PyTorch against itself;
  zth     `bin/zth mlp --seed SEED --sweep-steps 0` (--normal-path LECTURE, torch's twin);
  zx86    the same with --normal-path TORCH_X86 (avx2's twin).
It keeps their outputs in OUT_DIR and prints a line per seed, then each run's mean val loss and the
mean and mean absolute difference of avx2, zth and zx86 from their reference (torch, torch, avx2).
"""
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RUNS = ("torch", "avx2", "zth", "zx86")
PAIRS = (("avx2", "torch"), ("zth", "torch"), ("zx86", "avx2"))


def val_loss(path):
    with open(path) as f:
        return float(re.search(r"^val_loss: (\S+)$", f.read(), re.M).group(1))


def start(run, names, out, seed):
    path = os.path.join(out, f"{run}_{seed}.txt")
    if run in ("torch", "avx2"):
        cmd = [sys.executable, os.path.join(ROOT, "tools", "torchref", "lecture_mlp_full.py"), names, path,
               "--seed", str(seed), "--capability", "default" if run == "torch" else "avx2"]
        return subprocess.Popen(cmd, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"), stdout=subprocess.DEVNULL)
    cmd = [os.path.join(ROOT, "bin", "zth"), "mlp", "--data", names, "--seed", str(seed), "--sweep-steps", "0",
           "--normal-path", "LECTURE" if run == "zth" else "TORCH_X86", "--out", os.path.join(out, f"{run}_{seed}")]
    with open(path, "w") as f:
        return subprocess.Popen(cmd, env=dict(os.environ, ZTH_JAVA_OPTS="-Dzth.threads=1 -Dzth.progress=off"),
                                stdout=f, stderr=subprocess.STDOUT)


def run_seed(names, out, seed):
    for pair in (("torch", "zth"), ("avx2", "zx86")):
        procs = [start(run, names, out, seed) for run in pair]
        for run, proc in zip(pair, procs):
            if proc.wait() != 0:
                sys.exit(f"seed {seed}: {run} exited {proc.returncode}; see {out}")
    return {run: val_loss(os.path.join(out, f"{run}_{seed}.txt")) for run in RUNS}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    names, out = sys.argv[1], sys.argv[2]
    seeds = [int(s) for s in sys.argv[3:]] or [2147483647, 1, 2, 3, 4, 5, 6, 7]
    os.makedirs(out, exist_ok=True)
    vals = {run: [] for run in RUNS}
    print("seed        " + "  ".join(f"{run:>6}" for run in RUNS) + "  "
          + "  ".join(f"{a}-{b:<5}" for a, b in PAIRS), flush=True)
    for seed in seeds:
        v = run_seed(names, out, seed)
        for run in RUNS:
            vals[run].append(v[run])
        print(f"{seed:>10}  " + "  ".join(f"{v[run]:.4f}" for run in RUNS) + "  "
              + "  ".join(f"{v[a] - v[b]:+.4f}    " for a, b in PAIRS), flush=True)
    print(f"seeds: {len(seeds)}")
    for run in RUNS:
        print(f"{run}_val_mean: {statistics.mean(vals[run]):.4f}")
    for a, b in PAIRS:
        diff = [x - y for x, y in zip(vals[a], vals[b])]
        print(f"{a}_minus_{b}_mean: {statistics.mean(diff):+.4f}")
        print(f"{a}_minus_{b}_mean_abs: {statistics.mean(abs(d) for d in diff):.4f}")


if __name__ == "__main__":
    main()
