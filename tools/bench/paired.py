#!/usr/bin/python3
"""Paired matmul benchmark: numpy/OpenBLAS and `zth bench matmul --serve` (vector and scalar), sample by sample.

    /usr/bin/python3 tools/bench/paired.py [--rounds 15] [--sample-ms 150] [--shapes all] [--threads 2]

side_by_side.sh runs each program for a minute in turn; on a machine shared with other jobs the load
changes within that minute, and its medians moved by up to 84% between rounds. Here numpy runs in this
process and each zth kernel in a long-lived JVM that times one sample per request, so every round takes
one short sample of each implementation per shape back to back (the order rotating between rounds), and
the ratio reported is the median over rounds of the ratio within a round: both sides of a ratio saw the
same few hundred milliseconds of load. Each JVM warms up every shape before the first round (see
MatmulBench). Prints one table, the load averages, and per-implementation noise.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--sample-ms", type=int, default=150)
    p.add_argument("--shapes", default="all", choices=["square", "gpt", "all"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--pause-ms", type=int, default=250,
                   help="idle time after each sample; OpenBLAS's workers spin for about 0.1 s after a call")
    p.add_argument("--java", default="java")
    p.add_argument("--jar", default=os.path.join(ROOT, "zth-examples", "target", "zth.jar"))
    p.add_argument("--no-scalar", action="store_true", help="time only the Vector API kernels against numpy")
    p.add_argument("--candidate", metavar="JAR",
                   help="also time the Vector API kernels of another build (an A/B test of a kernel change)")
    p.add_argument("--candidate-opt", action="append", default=[], metavar="OPT",
                   help="a JVM option for the candidate only, e.g. -Dzth.threads=1 (repeatable)")
    return p.parse_args()


ARGS = parse_args()
# Before numpy loads, as numpy_matmul.py does: OpenBLAS picks its kernel for the real CPU.
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ.pop("OPENBLAS_CORETYPE", None)
os.environ.pop("OPENBLAS_L2_SIZE", None)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.argv = [sys.argv[0], "--threads", str(ARGS.threads)]  # numpy_matmul parses its own arguments on import
import numpy as np  # noqa: E402
import numpy_matmul  # noqa: E402

PAUSE = ARGS.pause_ms / 1000.0


class Zth:
    """One JVM in `bench matmul --serve` mode."""

    def __init__(self, name, simd, jar=None, extra=()):
        opts = [f"-Dzth.threads={ARGS.threads}"] + ([] if simd else ["-Dzth.simd=false"]) + list(extra)
        cmd = [ARGS.java, "--add-modules", "jdk.incubator.vector", *opts, "-jar", jar or ARGS.jar, "bench", "matmul",
               "--serve", "--sample-ms", str(ARGS.sample_ms), "--shapes", ARGS.shapes]
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        line = self.proc.stdout.readline()
        if line.strip() != "ready: 1":
            sys.exit(f"paired: {name}: expected 'ready: 1' from zth bench matmul --serve, got {line!r}")

    def sample(self, key):
        self.proc.stdin.write(key + "\n")
        self.proc.stdin.flush()
        got, _, val = self.proc.stdout.readline().partition(": ")
        if got != key:
            sys.exit(f"paired: {self.name}: asked for {key}, got {got!r}")
        return float(val)

    def close(self):
        self.proc.stdin.close()
        info = dict(line.strip().split(": ", 1) for line in self.proc.stdout if ": " in line)
        self.proc.wait()
        return info


class Numpy:
    name = "openblas"

    def __init__(self, shapes):
        rng = np.random.default_rng(1)
        self.ops = {}
        for key, ta, tb, m, n, k in shapes:
            self.ops[key] = (*numpy_matmul.operands(rng, ta, tb, m, n, k), 2.0 * m * n * k)
            self.sample(key, 0.5)

    def sample(self, key, seconds=None):
        opa, opb, c, flops = self.ops[key]
        reps, secs = numpy_matmul.run_for(lambda: np.matmul(opa, opb, out=c),
                                          ARGS.sample_ms / 1000.0 if seconds is None else seconds)
        return flops * reps / secs / 1e9


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    shapes = numpy_matmul.shapes(ARGS.shapes)
    loads = [load()]
    impls = [Numpy(shapes), Zth("vector", True)]
    if ARGS.candidate:
        impls.append(Zth("candidate", True, ARGS.candidate, ARGS.candidate_opt))
    if not ARGS.no_scalar:
        impls.append(Zth("scalar", False))
    rates = {(imp.name, key): [] for imp in impls for key, *_ in shapes}
    for r in range(ARGS.rounds):
        for key, *_ in shapes:
            for i in range(len(impls)):
                imp = impls[(i + r) % len(impls)]
                rates[(imp.name, key)].append(imp.sample(key))
                time.sleep(PAUSE)
        loads.append(load())
    infos = {imp.name: imp.close() for imp in impls if isinstance(imp, Zth)}
    names = [imp.name for imp in impls]
    print("key".ljust(26) + "".join(n.rjust(10) + ("" if n == "openblas" else "ratio".rjust(7)) for n in names))
    for key, *_ in shapes:
        ref = rates[("openblas", key)]
        row = key.ljust(26) + f"{statistics.median(ref):10.1f}"
        for n in names[1:]:
            mine = rates[(n, key)]
            ratio = statistics.median(v / o for v, o in zip(mine, ref))
            row += f"{statistics.median(mine):10.1f}{ratio:7.2f}"
        print(row)
    for n in names:
        spreads = [(statistics.quantiles(v, n=4)[2] - statistics.quantiles(v, n=4)[0]) / statistics.median(v)
                   for (name, _), v in rates.items() if name == n]
        extra = f", java {infos[n].get('java', '?')}, simd {infos[n].get('simd', '?')}" if n in infos else ""
        print(f"{n}: noise {statistics.median(spreads):.0%} (median over keys of the interquartile range / median){extra}")
    print(f"rounds: {ARGS.rounds}, sample_ms: {ARGS.sample_ms}, threads: {ARGS.threads}")
    print(f"load: {loads[0]} at start, {loads[len(loads) // 2]} midway, {loads[-1]} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
