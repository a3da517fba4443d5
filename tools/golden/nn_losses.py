#!/usr/bin/python3
"""Golden values and gradients for zth-nn's losses from torch 1.13 (run with /usr/bin/python3).

Writes zth-nn/src/test/resources/golden/losses.safetensors. Every case stores the loss and the
gradient of sum(coef * loss) with respect to the input ("<case>.loss", "<case>.grad"); the inputs,
targets and coefficients are stored once per input layout. The case loops are mirrored by
LossesGoldenTest, so keep the two in step.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from nn_safetensors import serialize  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "losses.safetensors")

REDUCTIONS = ["none", "mean", "sum"]
SMOOTHING = [0.0, 0.1, 0.35]


def with_grad(x, fn, coef):
    x = x.detach().clone().requires_grad_(True)
    loss = fn(x)
    (loss * coef).sum().backward()
    return loss.detach(), x.grad


def main():
    t = {}
    g = torch.Generator().manual_seed(2024)
    # Class-index targets in three layouts: (N, C), (N, C, d) and unbatched (C,).
    layouts = {
        "2d": (torch.randn(6, 5, generator=g, dtype=torch.float64) * 2, torch.tensor([0, 4, -100, 2, 1, 4])),
        "3d": (torch.randn(2, 4, 3, generator=g, dtype=torch.float64) * 2, torch.tensor([[3, -100, 0], [1, 1, 2]])),
        "1d": (torch.randn(7, generator=g, dtype=torch.float64) * 2, torch.tensor(5)),
        "f32": (torch.randn(4, 3, generator=g) * 2, torch.tensor([2, 0, 1, 1])),
    }
    for name, (x, y0) in layouts.items():
        t[f"in.{name}.x"] = x
        t[f"in.{name}.coef"] = torch.rand(y0.shape, generator=g, dtype=x.dtype) + 0.5
        coef = t[f"in.{name}.coef"]
        for red in REDUCTIONS:
            c = coef if red == "none" else torch.ones((), dtype=x.dtype)
            for ignore in (-100, 1):
                # -100 marks ignored rows for the default ignore_index; with ignore_index=1 they become class 2
                y = y0 if ignore == -100 else torch.where(y0 == -100, 2, y0)
                t[f"in.{name}.y.ii{ignore}"] = y
                for ls in SMOOTHING:
                    key = f"ce.{name}.{red}.ii{ignore}.ls{ls}"
                    t[key + ".loss"], t[key + ".grad"] = with_grad(
                        x, lambda v: F.cross_entropy(v, y, reduction=red, ignore_index=ignore, label_smoothing=ls), c)
                key = f"nll.{name}.{red}.ii{ignore}"
                logp = F.log_softmax(x, dim=0 if x.dim() == 1 else 1)
                t[key + ".loss"], t[key + ".grad"] = with_grad(
                    logp, lambda v: F.nll_loss(v, y, reduction=red, ignore_index=ignore), c)

    # Mean squared error.
    x = torch.randn(3, 4, generator=g, dtype=torch.float64)
    y = torch.randn(3, 4, generator=g, dtype=torch.float64)
    coef = torch.rand(3, 4, generator=g, dtype=torch.float64) + 0.5
    t["mse.x"], t["mse.y"], t["mse.coef"] = x, y, coef
    for red in REDUCTIONS:
        c = coef if red == "none" else torch.ones((), dtype=x.dtype)
        t[f"mse.{red}.loss"], t[f"mse.{red}.grad"] = with_grad(x, lambda v: F.mse_loss(v, y, reduction=red), c)

    # micrograd's max-margin loss: mean(relu(margin - y * score)), y in {-1, +1}. Scores are kept
    # away from the kinks at y * score == margin, where the gradient is not defined.
    s = torch.randn(10, generator=g, dtype=torch.float64) * 2
    for kink in (1.0, 0.5):
        s = torch.where((s.abs() - kink).abs() < 0.05, s + 0.2, s)
    y = torch.where(torch.rand(10, generator=g) < 0.5, -1.0, 1.0).double()
    coef = torch.rand(10, generator=g, dtype=torch.float64) + 0.5
    t["hinge.score"], t["hinge.y"], t["hinge.coef"] = s, y, coef
    for red in REDUCTIONS:
        c = coef if red == "none" else torch.ones((), dtype=s.dtype)
        for margin in (1.0, 0.5):
            def hinge(v):
                per = torch.relu(margin - y * v)
                return per if red == "none" else per.mean() if red == "mean" else per.sum()
            key = f"hinge.{red}.m{margin}"
            t[key + ".loss"], t[key + ".grad"] = with_grad(s, hinge, c)

    # Class-probability targets (a floating target shaped like the input), with label smoothing,
    # from a generator of their own so the cases above keep their values.
    gp = torch.Generator().manual_seed(22)
    for name, (x, _) in layouts.items():
        cdim = 0 if x.dim() == 1 else 1
        p = torch.softmax(torch.randn(x.shape, generator=gp, dtype=x.dtype) * 2, dim=cdim)
        t[f"prob.{name}.p"] = p
        coef = t[f"in.{name}.coef"]
        for red in REDUCTIONS:
            c = coef if red == "none" else torch.ones((), dtype=x.dtype)
            for ls in SMOOTHING:
                key = f"ceprob.{name}.{red}.ls{ls}"
                t[key + ".loss"], t[key + ".grad"] = with_grad(
                    x, lambda v: F.cross_entropy(v, p, reduction=red, label_smoothing=ls), c)

    t = {k: v.contiguous() for k, v in t.items()}
    with open(OUT, "wb") as f:
        f.write(serialize(t, {"source": "tools/golden/nn_losses.py", "torch": torch.__version__}))
    print("wrote", OUT, len(t), "tensors")


if __name__ == "__main__":
    main()
