#!/usr/bin/python3
"""Golden 20-step optimizer runs on a small fixed problem, from torch 1.13 (run with /usr/bin/python3).

Writes zth-nn/src/test/resources/golden/optim_mlp.safetensors. The problem: a 2-layer MLP
logits = tanh(x @ W1 + b1) @ W2 + b2 with mean cross-entropy on fixed data, in float64. Every case
starts from the same parameters and, each step, computes the loss, backward, clip_grad_norm_(0.4),
optimizer.step() and LambdaLR.step(), the lambda being nanoGPT's get_lr (linear warmup, cosine decay,
then constant) with learning_rate 1 and min_lr 0.1, so each group's lr is its base lr times it.

Stored: "x", "y", "init.<p>", and per case "<case>.<p>.<k>" (the parameters after step k),
"<case>.lr" (group 0's lr used at each step) and "<case>.norm" (the norm clip_grad_norm_ returned).
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from nn_safetensors import serialize  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "optim_mlp.safetensors")
STEPS = 20
WARMUP, DECAY_ITERS, MIN_FACTOR = 4, 16, 0.1
MAX_NORM = 0.4
NAMES = ("W1", "b1", "W2", "b2")


def get_lr(it):
    # nanoGPT train.py's get_lr with learning_rate = 1, min_lr = MIN_FACTOR
    if it < WARMUP:
        return 1.0 * (it + 1) / (WARMUP + 1)
    if it > DECAY_ITERS:
        return MIN_FACTOR
    decay_ratio = (it - WARMUP) / (DECAY_ITERS - WARMUP)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return MIN_FACTOR + coeff * (1.0 - MIN_FACTOR)


def loss_fn(p, x, y):
    h = torch.tanh(x @ p["W1"] + p["b1"])
    return torch.nn.functional.cross_entropy(h @ p["W2"] + p["b2"], y)


def run(name, make, init, x, y, out):
    p = {n: init[n].clone().requires_grad_() for n in NAMES}
    opt = make(p)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, get_lr)
    lrs, norms = [], []
    for k in range(STEPS):
        lrs.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss_fn(p, x, y).backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(list(p.values()), MAX_NORM)))
        opt.step()
        sched.step()
        for n in NAMES:
            out[f"{name}.{n}.{k}"] = p[n].detach().clone()
    out[name + ".lr"] = torch.tensor(lrs, dtype=torch.float64)
    out[name + ".norm"] = torch.tensor(norms, dtype=torch.float64)
    clipped = sum(nm > MAX_NORM for nm in norms)
    print(f"{name}: loss {float(loss_fn(p, x, y)):.4f}, clipped {clipped}/{STEPS} steps, norms {min(norms):.3f}..{max(norms):.3f}")


def decay_groups(p, wd, no_decay_lr=None):
    nd = {"params": [p["b1"], p["b2"]], "weight_decay": 0.0}
    if no_decay_lr is not None:
        nd["lr"] = no_decay_lr
    return [{"params": [p["W1"], p["W2"]], "weight_decay": wd}, nd]


def main():
    torch.set_default_dtype(torch.float64)
    g = torch.Generator().manual_seed(1913)
    x = torch.randn(16, 5, generator=g)
    y = torch.randint(0, 4, (16,), generator=g)
    init = {"W1": torch.randn(5, 8, generator=g) * 0.7, "b1": torch.randn(8, generator=g) * 0.1,
            "W2": torch.randn(8, 4, generator=g) * 0.7, "b2": torch.randn(4, generator=g) * 0.1}
    out = {"x": x, "y": y}
    out.update({"init." + n: t for n, t in init.items()})
    cases = {
        "sgd_momentum": lambda p: torch.optim.SGD(decay_groups(p, 1e-3, no_decay_lr=0.25), lr=0.5, momentum=0.9),
        "sgd_nesterov": lambda p: torch.optim.SGD(list(p.values()), lr=0.5, momentum=0.9, nesterov=True, weight_decay=1e-3),
        "adam": lambda p: torch.optim.Adam(list(p.values()), lr=0.05, weight_decay=1e-2),
        "adam_amsgrad": lambda p: torch.optim.Adam(list(p.values()), lr=0.05, betas=(0.8, 0.9), amsgrad=True),
        "adamw": lambda p: torch.optim.AdamW(decay_groups(p, 0.1), lr=0.05, betas=(0.9, 0.95), eps=1e-8),
        "adamw_group_lr": lambda p: torch.optim.AdamW(decay_groups(p, 0.1, no_decay_lr=0.01), lr=0.05, betas=(0.9, 0.95)),
        "rmsprop": lambda p: torch.optim.RMSprop(list(p.values()), lr=0.01),
        "rmsprop_centered": lambda p: torch.optim.RMSprop(list(p.values()), lr=0.01, alpha=0.9, momentum=0.5, centered=True,
                                                          weight_decay=1e-3),
    }
    for name, make in cases.items():
        run(name, make, init, x, y, out)
    with open(OUT, "wb") as f:
        f.write(serialize({k: v.contiguous() for k, v in out.items()}, {"source": "tools/golden/nn_optim_mlp.py"}))
    print("wrote", OUT, len(out), "tensors")


if __name__ == "__main__":
    main()
