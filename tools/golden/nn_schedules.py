#!/usr/bin/python3
"""Golden learning-rate schedules for zth's LrSchedule (run with /usr/bin/python3, torch 1.13).

Writes zth-nn/src/test/resources/golden/schedules.json: for each case the learning rate in effect at
steps 0..n-1, i.e. optimizer.param_groups[0]['lr'] read before scheduler.step() is called for that
step, plus nanoGPT's get_lr(it) (the current train.py formula, with warmup (it+1)/(warmup_iters+1)).
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "schedules.json")


def torch_lrs(make, lr, n):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = make(opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def nanogpt_get_lr(it, learning_rate, min_lr, warmup_iters, lr_decay_iters):
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)


def main():
    cases = [
        {"kind": "step", "lr": 0.1, "step_size": 3, "gamma": 0.1,
         "values": torch_lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.1), 0.1, 20)},
        {"kind": "step", "lr": 0.05, "step_size": 1, "gamma": 0.5,
         "values": torch_lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=1, gamma=0.5), 0.05, 12)},
        {"kind": "exponential", "lr": 0.01, "gamma": 0.9,
         "values": torch_lrs(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 0.01, 40)},
        {"kind": "cosine", "lr": 6e-4, "min_lr": 6e-5, "warmup_iters": 10, "lr_decay_iters": 50,
         "values": [nanogpt_get_lr(i, 6e-4, 6e-5, 10, 50) for i in range(60)]},
        {"kind": "cosine", "lr": 1e-3, "min_lr": 1e-4, "warmup_iters": 0, "lr_decay_iters": 7,
         "values": [nanogpt_get_lr(i, 1e-3, 1e-4, 0, 7) for i in range(10)]},
    ]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
