#!/usr/bin/python3
"""Golden optimizer trajectories and gradient clipping from torch 1.13 (run with /usr/bin/python3).

Writes zth-nn/src/test/resources/golden/optim.safetensors. For each case: initial parameters
"<case>.W.init"/"<case>.b.init", the gradient fed at each step "<case>.W.grad<k>", and the parameters
after step k "<case>.W.<k>" (same for b). Gradients are set directly, so the check isolates the
optimizer's update rule from any forward/backward arithmetic.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from nn_safetensors import serialize  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "optim.safetensors")
STEPS = 5
LRS = [1e-2, 8e-3, 6e-3, 4e-3, 2e-3]


def run(name, make, out, g, lrs=None):
    W = torch.randn(3, 4, generator=g).requires_grad_()
    b = torch.randn(4, generator=g).requires_grad_()
    out[name + ".W.init"], out[name + ".b.init"] = W.detach().clone(), b.detach().clone()
    opt = make(W, b)
    for k in range(STEPS):
        gw, gb = torch.randn(3, 4, generator=g), torch.randn(4, generator=g)
        out[f"{name}.W.grad{k}"], out[f"{name}.b.grad{k}"] = gw, gb
        if lrs is not None:
            for group in opt.param_groups:
                group["lr"] = lrs[k]
        W.grad, b.grad = gw.clone(), gb.clone()
        opt.step()
        out[f"{name}.W.{k}"], out[f"{name}.b.{k}"] = W.detach().clone(), b.detach().clone()


def main():
    g = torch.Generator().manual_seed(2024)
    out = {}
    run("sgd", lambda W, b: torch.optim.SGD([W, b], lr=0.1), out, g)
    run("sgd_momentum", lambda W, b: torch.optim.SGD([{"params": [W], "weight_decay": 0.01}, {"params": [b], "weight_decay": 0.0}],
                                                     lr=0.05, momentum=0.9), out, g)
    run("sgd_nesterov", lambda W, b: torch.optim.SGD([W, b], lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001), out, g)
    run("adamw", lambda W, b: torch.optim.AdamW([{"params": [W], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}],
                                                lr=LRS[0], betas=(0.9, 0.95), eps=1e-8), out, g, LRS)
    run("adamw_default", lambda W, b: torch.optim.AdamW([W, b], lr=1e-3, weight_decay=0.01), out, g)
    out["adamw.lrs"] = torch.tensor(LRS, dtype=torch.float64)
    # clip_grad_norm_: one case that clips, one that does not.
    for name, max_norm in (("clip", 1.0), ("noclip", 100.0)):
        W = torch.zeros(3, 4, requires_grad=True)
        b = torch.zeros(4, requires_grad=True)
        W.grad, b.grad = 3 * torch.randn(3, 4, generator=g), 3 * torch.randn(4, generator=g)
        out[name + ".W.grad"], out[name + ".b.grad"] = W.grad.clone(), b.grad.clone()
        total = torch.nn.utils.clip_grad_norm_([W, b], max_norm)
        out[name + ".total"] = total.detach().to(torch.float64).reshape(())
        out[name + ".W.clipped"], out[name + ".b.clipped"] = W.grad.clone(), b.grad.clone()
    # Adam and RMSprop in float32 (the 20-step float64 runs are in nn_optim_mlp.py).
    run("adam", lambda W, b: torch.optim.Adam([{"params": [W], "weight_decay": 0.01}, {"params": [b], "weight_decay": 0.0, "lr": 5e-3}],
                                              lr=1e-2), out, g)
    run("adam_amsgrad", lambda W, b: torch.optim.Adam([W, b], lr=1e-2, betas=(0.8, 0.9), amsgrad=True), out, g)
    run("rmsprop", lambda W, b: torch.optim.RMSprop([W, b], lr=1e-2, weight_decay=0.01), out, g)
    run("rmsprop_centered", lambda W, b: torch.optim.RMSprop([W, b], lr=1e-2, alpha=0.9, momentum=0.5, centered=True), out, g)
    with open(OUT, "wb") as f:
        f.write(serialize({k: v.contiguous() for k, v in out.items()}, {"source": "tools/golden/nn_optim.py"}))
    print("wrote", OUT, len(out), "tensors")


if __name__ == "__main__":
    main()
