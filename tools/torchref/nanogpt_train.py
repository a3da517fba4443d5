"""nanoGPT's train.py loop (karpathy/nanoGPT master, CPU, no DDP/compile/AMP) in PyTorch 1.13.

The reference `zth gpt train` is compared against, step by step. What it keeps from train.py, because
each changes the numbers:
  * one random stream: torch.manual_seed(seed), then the model's init draws, then the batches
    (get_batch: torch.randint(len(data) - block_size, (batch_size,))) and dropout, in program order;
  * the first batch is drawn before the loop; each step draws the next batch right after its
    forward (the prefetch), so an estimate at step k comes after batch k was drawn;
  * estimate_loss at every multiple of eval_interval INCLUDING step 0, train split then val split,
    eval_iters batches each, all from the same stream;
  * get_lr: warmup lr * (it + 1) / (warmup + 1), cosine to min_lr at lr_decay_iters;
  * AdamW (single-tensor, eps 1e-8) with weight decay on every >= 2-D parameter (wte = lm_head once),
    clip_grad_norm_(1.0) before the step;
  * data as data/shakespeare_char/prepare.py makes it: sorted characters, first int(0.9 n) train.
The loop runs max_iters steps and ends with the estimate at step max_iters (train.py takes one more
step after that estimate, which changes nothing that is reported).

Output: `step N: train loss X, val loss Y` lines and a summary, and with --trace K one JSON line per
step for the first K steps: {"iter", "lr", "loss", "grad_norm", "ix"} (ix = the offsets of that step's
first micro-batch; grad_norm = before clipping),
plus {"eval": N, "train": X, "val": Y} lines. tools/torchref/compare_train.py diffs two such traces.

Run: /usr/bin/python3 tools/torchref/nanogpt_train.py --data /work/shared/data/tinyshakespeare.txt \
        --n-layer 4 --n-head 4 --n-embd 128 --block-size 64 --batch-size 12 --max-iters 2000 \
        --lr-decay-iters 2000 --dropout 0 --eval-iters 20
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from nanogpt import GPT, GPTConfig  # noqa: E402


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--n-layer", type=int, default=6)
    ap.add_argument("--n-head", type=int, default=6)
    ap.add_argument("--n-embd", type=int, default=384)
    ap.add_argument("--block-size", type=int, default=256)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-iters", type=int, default=5000)
    ap.add_argument("--lr-decay-iters", type=int, default=5000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--min-lr", type=float, default=1e-4)
    ap.add_argument("--warmup-iters", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--eval-interval", type=int, default=250)
    ap.add_argument("--eval-iters", type=int, default=200)
    ap.add_argument("--grad-accum", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--trace", type=int, default=0, help="print a JSON line for each of the first K steps")
    return ap.parse_args()


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    with open(a.data, "r", encoding="utf-8") as f:
        text = f.read()
    chars = sorted(list(set(text)))
    stoi = {ch: i for i, ch in enumerate(chars)}
    ids = np.array([stoi[c] for c in text], dtype=np.uint16)
    n = len(ids)
    train_data, val_data = ids[:int(n * 0.9)], ids[int(n * 0.9):]

    torch.manual_seed(a.seed)
    cfg = GPTConfig(block_size=a.block_size, vocab_size=len(chars), n_layer=a.n_layer, n_head=a.n_head,
                    n_embd=a.n_embd, dropout=a.dropout, bias=False)
    model = GPT(cfg)
    optimizer = model.configure_optimizers(a.weight_decay, a.lr, (0.9, 0.99))

    def get_batch(split):
        data = train_data if split == "train" else val_data
        ix = torch.randint(len(data) - a.block_size, (a.batch_size,))
        x = torch.stack([torch.from_numpy(data[i:i + a.block_size].astype(np.int64)) for i in ix])
        y = torch.stack([torch.from_numpy(data[i + 1:i + 1 + a.block_size].astype(np.int64)) for i in ix])
        return x, y, ix.tolist()

    @torch.no_grad()
    def estimate_loss():
        out = {}
        model.eval()
        for split in ["train", "val"]:
            losses = torch.zeros(a.eval_iters)
            for k in range(a.eval_iters):
                x, y, _ = get_batch(split)
                _, loss = model(x, y)
                losses[k] = loss.item()
            out[split] = losses.mean().item()
        model.train()
        return out

    def get_lr(it):
        if it < a.warmup_iters:
            return a.lr * (it + 1) / (a.warmup_iters + 1)
        if it > a.lr_decay_iters:
            return a.min_lr
        ratio = (it - a.warmup_iters) / (a.lr_decay_iters - a.warmup_iters)
        return a.min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (a.lr - a.min_lr)

    X, Y, ix = get_batch("train")
    iter_num = 0
    losses = {}
    t_start = time.time()
    while True:
        lr = get_lr(iter_num)
        for g in optimizer.param_groups:
            g["lr"] = lr
        if iter_num % a.eval_interval == 0 or iter_num == a.max_iters:
            losses = estimate_loss()
            print(f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}", flush=True)
            if iter_num < a.trace:
                print(json.dumps({"eval": iter_num, "train": losses["train"], "val": losses["val"]}), flush=True)
        if iter_num == a.max_iters:
            break
        total, step_ix = 0.0, []
        for _ in range(a.grad_accum):
            _, loss = model(X, Y)
            step_ix = step_ix or ix  # the first micro-batch's offsets
            total += loss.item()
            loss = loss / a.grad_accum
            X, Y, ix = get_batch("train")
            loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0).item()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if iter_num < a.trace:
            print(json.dumps({"iter": iter_num, "lr": lr, "loss": total / a.grad_accum, "grad_norm": norm,
                              "ix": step_ix}), flush=True)
        iter_num += 1
    secs = time.time() - t_start
    print(f"val_loss: {losses['val']:.4f}")
    print(f"train_loss: {losses['train']:.4f}")
    print(f"iters: {iter_num}")
    print(f"seed: {a.seed}")
    print(f"train_seconds: {secs:.1f}")
    print(f"torch: {torch.__version__}")


if __name__ == "__main__":
    main()
