#!/usr/bin/python3
"""numpy/OpenBLAS reference for `zth bench matmul`: the same shapes, protocol and key: value lines.

Run with Debian's Python (numpy linked to OpenBLAS), on 2 threads:
    /usr/bin/python3 tools/bench/numpy_matmul.py [--samples 7] [--sample-ms 200] [--shapes all]
The script pins OPENBLAS_NUM_THREADS (default 2, override with --threads) and drops OPENBLAS_CORETYPE
and OPENBLAS_L2_SIZE from its own environment before numpy loads, so OpenBLAS picks its kernel for the
real CPU; other processes are unaffected. The thread count OpenBLAS actually uses is read back from
the loaded library and printed.
"""
import argparse
import os
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=7)
    p.add_argument("--sample-ms", type=int, default=200)
    p.add_argument("--shapes", default="all", choices=["square", "gpt", "all"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--clock", default="wall", choices=["wall", "cpu"],
                   help="cpu: this thread's CPU time (needs --threads 1), as `zth bench matmul --clock cpu`")
    return p.parse_args()


ARGS = parse_args()
if ARGS.clock == "cpu" and ARGS.threads != 1:
    sys.exit(f"numpy_matmul: --clock cpu times the calling thread only, so it needs --threads 1 (got {ARGS.threads})")
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ.pop("OPENBLAS_CORETYPE", None)
os.environ.pop("OPENBLAS_L2_SIZE", None)

import ctypes  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def shapes(which):
    """(key, transA, transB, m, n, k), in the order and with the keys of MatmulBench.java."""
    out = []
    if which in ("square", "all"):
        out += [(f"gflops_{s}", False, False, s, s, s) for s in (256, 512, 1024)]
    if which in ("gpt", "all"):
        rows = 768
        for name, fin, fout in (("qkv", 128, 384), ("attn_proj", 128, 128), ("fc", 128, 512),
                                ("mlp_proj", 512, 128), ("head", 128, 65)):
            out.append((f"gflops_gpt_{name}_fwd", False, False, rows, fout, fin))
            out.append((f"gflops_gpt_{name}_dx", False, True, rows, fin, fout))
            out.append((f"gflops_gpt_{name}_dw", True, False, fin, fout, rows))
        out.append(("gflops_bigram_fwd", False, False, 228146, 27, 27))
        out.append(("gflops_bigram_dw", True, False, 27, 27, 228146))
    return out


def openblas_threads():
    """Threads reported by the OpenBLAS that numpy loaded, or 'unknown'."""
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line and line.split()[-1].startswith("/")}
    for lib in sorted(libs):
        try:
            fn = ctypes.CDLL(lib).openblas_get_num_threads
        except (OSError, AttributeError):
            continue
        return str(fn())
    return "unknown"


def run_for(fn, seconds):
    """Repeats fn for at least `seconds` of wall time; returns (reps, seconds by the chosen clock)."""
    start = time.perf_counter()
    cpu_start = time.thread_time()
    reps = 0
    while True:
        fn()
        reps += 1
        now = time.perf_counter()
        if now - start >= seconds:
            return reps, (time.thread_time() - cpu_start if ARGS.clock == "cpu" else now - start)


def operands(rng, ta, tb, m, n, k):
    """Uniform(-1, 1) op(A) (m, k) and op(B) (k, n), transposes as views as MatmulBench's are, and C."""
    a = rng.random((k, m) if ta else (m, k), dtype=np.float32) * 2 - 1
    b = rng.random((n, k) if tb else (k, n), dtype=np.float32) * 2 - 1
    return (a.T if ta else a), (b.T if tb else b), np.empty((m, n), dtype=np.float32)


def main():
    rng = np.random.default_rng(1)
    sample = ARGS.sample_ms / 1000.0
    # Same protocol as MatmulBench: a one-second pass over every shape first (numpy has no JIT, but
    # this keeps the two programs' timelines alike), then each shape's five-sample warm-up.
    for key, ta, tb, m, n, k in shapes(ARGS.shapes):
        a = np.ones((k, m) if ta else (m, k), dtype=np.float32)
        b = np.ones((n, k) if tb else (k, n), dtype=np.float32)
        opa, opb = (a.T if ta else a), (b.T if tb else b)
        run_for(lambda: np.matmul(opa, opb), 1.0)
    for key, ta, tb, m, n, k in shapes(ARGS.shapes):
        opa, opb, c = operands(rng, ta, tb, m, n, k)

        def gemm():
            np.matmul(opa, opb, out=c)

        run_for(gemm, 5 * sample)  # warm-up, as in MatmulBench
        rates = []
        for _ in range(ARGS.samples):
            reps, secs = run_for(gemm, sample)
            rates.append(2.0 * m * n * k * reps / secs / 1e9)
        rates.sort()
        mid = len(rates) // 2
        med = rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
        print(f"{key}: {med:.1f}", flush=True)
    print(f"blas: numpy {np.__version__}")
    print(f"threads: {openblas_threads()}")
    print(f"clock: {ARGS.clock}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
