"""Golden: the first steps of nanoGPT's training loop on a tiny synthetic corpus, from PyTorch 1.13.

Runs tools/torchref/nanogpt_train.py (nanoGPT train.py's loop: one seeded stream for init, batches
and dropout; first batch before the loop; prefetch after each forward; estimates at 0 and every
eval_interval) and writes, per case, zth-gpt/src/test/resources/golden/gpt_train/<case>.txt with lines
  step <iter> <lr> <loss> <grad_norm> <first micro-batch offsets, comma-separated>
  eval <iter> <train loss> <val loss>
TrainerGoldenTest runs zth's Trainer on the same corpus and settings and compares.
Run: /usr/bin/python3 tools/golden/gpt_train_trace.py
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "zth-gpt", "src", "test", "resources", "golden", "gpt_train")
TEXT = "the quick brown fox jumps over the lazy dog. " * 40 + "pack my box with five dozen liquor jugs! " * 40
COMMON = ["--n-layer", "2", "--n-head", "2", "--n-embd", "32", "--block-size", "16", "--batch-size", "4",
          "--max-iters", "12", "--lr-decay-iters", "12", "--warmup-iters", "2", "--lr", "3e-3", "--min-lr", "3e-4",
          "--eval-interval", "5", "--eval-iters", "2", "--trace", "13", "--seed", "1337", "--threads", "1"]
CASES = {
    "nodropout": ["--dropout", "0", "--grad-accum", "1"],
    "dropout_accum": ["--dropout", "0.1", "--grad-accum", "2"],
}


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "tiny.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            f.write(TEXT)
        for name, extra in CASES.items():
            res = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "torchref", "nanogpt_train.py"),
                                  "--data", corpus] + COMMON + extra, check=True, capture_output=True, text=True)
            lines = []
            for line in res.stdout.splitlines():
                if not line.startswith("{"):
                    continue
                d = json.loads(line)
                if "iter" in d:
                    lines.append(f"step {d['iter']} {d['lr']!r} {d['loss']!r} {d['grad_norm']!r} "
                                 + ",".join(str(i) for i in d["ix"]))
                else:
                    lines.append(f"eval {d['eval']} {d['train']!r} {d['val']!r}")
            path = os.path.join(OUT, name + ".txt")
            with open(path + ".tmp", "w") as f:
                f.write("# tools/golden/gpt_train_trace.py, torch " + __import__("torch").__version__ + ": "
                        + " ".join(COMMON + extra) + "\n")
                f.write("\n".join(lines) + "\n")
            os.replace(path + ".tmp", path)
            print(f"wrote {path}: {len(lines)} lines")


if __name__ == "__main__":
    main()
