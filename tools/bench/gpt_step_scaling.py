"""How the cost of a GPT training step grows: `bin/zth bench gpt-step` against PyTorch 1.13, side by side.

For each model size it runs, interleaved, in ROUNDS rounds: PyTorch at every thread setting issue 18 names
(set_num_threads 1 and 2, each with and without OPENBLAS_NUM_THREADS=1; OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE unset, as for every reference run) and zth with `-Dzth.threads=2`. It prints a Markdown
table: the median ms/step of zth and of PyTorch's fastest setting at that size, and their ratio.

Run: /usr/bin/python3 tools/bench/gpt_step_scaling.py [--rounds 3] [--sizes all|128,256,...,gpt2]
     [--java-opts "-Dzth.threads=2"] [--out /tmp/dir]
Sizes: n_embd 128, 256, 512 and 768 at 4 layers, 4 heads, block 64, batch 12, vocab 65 (nanoGPT's CPU
recipe widened); `gpt2`: GPT-2 small's body (12 layers, 12 heads, 768) at block 64, batch 4, vocab 65; and
`gpt2-50257`: GPT-2 124M itself, vocabulary 50,257 (issue 19's fine-tuning step, B=4, T=64). `all` is every
size but the last, which takes minutes per round.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# name -> (model options shared by both sides, steps, warm-up): fewer steps for the larger models keep
# every run near ten seconds, so the rounds stay close together in time.
SIZES = {
    "128": ("--n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12", 30, 10),
    "256": ("--n-layer 4 --n-head 4 --n-embd 256 --block-size 64 --batch-size 12", 20, 5),
    "512": ("--n-layer 4 --n-head 4 --n-embd 512 --block-size 64 --batch-size 12", 10, 3),
    "768": ("--n-layer 4 --n-head 4 --n-embd 768 --block-size 64 --batch-size 12", 8, 3),
    "gpt2": ("--n-layer 12 --n-head 12 --n-embd 768 --block-size 64 --batch-size 4", 6, 2),
    "gpt2-50257": ("--n-layer 12 --n-head 12 --n-embd 768 --block-size 64 --batch-size 4 --vocab-size 50257 --bias",
                   3, 1),
}
TORCH_SETTINGS = [("torch 1 thread", 1, False), ("torch 1 thread, OpenBLAS 1", 1, True),
                  ("torch 2 threads", 2, False), ("torch 2 threads, OpenBLAS 1", 2, True)]


def value(text, key):
    for line in text.splitlines():
        k, _, v = line.partition(": ")
        if k == key:
            return v.strip()
    raise SystemExit(f"no '{key}:' line in:\n{text}")


def run(cmd, env, log):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    with open(log, "a") as f:
        f.write(f"$ {' '.join(cmd)}\n{p.stdout}{p.stderr}\n")
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default="all")
    ap.add_argument("--java-opts", default="-Dzth.threads=2")
    ap.add_argument("--out", default=f"/tmp/zth-scaling-{int(time.time())}")
    a = ap.parse_args()
    names = [n for n in SIZES if n != "gpt2-50257"] if a.sizes == "all" else a.sizes.split(",")
    for n in names:
        if n not in SIZES:
            ap.error(f"--sizes: unknown size '{n}', expected some of {','.join(SIZES)}")
    os.makedirs(a.out, exist_ok=True)
    log = os.path.join(a.out, "runs.log")
    base = dict(os.environ)
    torch_env = {k: v for k, v in base.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    zth_env = dict(base, ZTH_JAVA_OPTS=a.java_opts)
    subprocess.run([os.path.join(ROOT, "bin/zth"), "--version"], check=True, capture_output=True)
    rows = []
    for n in names:
        opts, steps, warmup = SIZES[n]
        common = opts.split() + ["--steps", str(steps), "--warmup", str(warmup)]
        times = {}
        params = None
        for r in range(a.rounds):
            with open(log, "a") as f:
                f.write(f"# size {n} round {r + 1}: load average {open('/proc/loadavg').read().strip()}\n")
            for label, threads, b1 in TORCH_SETTINGS:
                env = dict(torch_env, OPENBLAS_NUM_THREADS="1") if b1 else torch_env
                out = run(["/usr/bin/python3", os.path.join(ROOT, "tools/torchref/gpt_step.py"),
                           "--threads", str(threads)] + common, env, log)
                times.setdefault(label, []).append(float(value(out, "ms_per_step")))
            out = run([os.path.join(ROOT, "bin/zth"), "bench", "gpt-step"] + common, zth_env, log)
            times.setdefault("zth", []).append(float(value(out, "ms_per_step")))
            params = value(out, "params")
        med = {k: statistics.median(v) for k, v in times.items()}
        best = min((k for k in med if k != "zth"), key=lambda k: med[k])
        rows.append((n, params, med["zth"], med[best], best, med["zth"] / med[best]))
        print(f"{n}: " + ", ".join(f"{k} {statistics.median(v):.1f} ({', '.join(f'{x:.1f}' for x in v)})"
                                   for k, v in times.items()), file=sys.stderr)
    print("| size | params | zth ms/step | PyTorch best ms/step (setting) | zth / PyTorch |")
    print("|---|---|---|---|---|")
    for n, params, z, t, best, ratio in rows:
        label = {"gpt2": "GPT-2 small body (vocab 65), 12 layers, batch 4",
                 "gpt2-50257": "GPT-2 124M (vocab 50,257), 12 layers, batch 4"}.get(n, f"n_embd {n}, 4 layers, batch 12")
        print(f"| {label} | {params} | {z:.1f} | {t:.1f} ({best}) | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
