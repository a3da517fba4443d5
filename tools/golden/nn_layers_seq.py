#!/usr/bin/python3
"""Golden values for zth-nn's sequence layers (RNN, GRU, LSTM) and MultiheadAttention from torch 1.13.

Run with /usr/bin/python3. Writes zth-nn/src/test/resources/golden/layers_seq.safetensors: each
layer's initial state dict (seeded, so zth must draw the same numbers), inputs and outputs, named
"<case>.<what>". Boolean masks are stored as int64 (1 = True). Float32 unless noted.
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from nn_safetensors import serialize  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "layers_seq.safetensors")


def state(t, prefix, module):
    for k, v in module.state_dict().items():
        t[f"{prefix}.{k}"] = v.detach().clone()


def recurrent(t, g):
    # Two-layer batch-first stacks, initialised one after the other from torch.manual_seed(21).
    torch.manual_seed(21)
    layers = {"rnn": nn.RNN(3, 4, num_layers=2, batch_first=True),
              "gru": nn.GRU(3, 4, num_layers=2, batch_first=True),
              "lstm": nn.LSTM(3, 4, num_layers=2, batch_first=True)}
    t["seq.after"] = torch.rand(2)
    x = torch.randn(2, 5, 3, generator=g)
    h0 = torch.randn(2, 2, 4, generator=g)
    c0 = torch.randn(2, 2, 4, generator=g)
    t["seq.x"], t["seq.h0"], t["seq.c0"] = x, h0, c0
    with torch.no_grad():
        for name, m in layers.items():
            state(t, name, m)
            if name == "lstm":
                y, (h, c) = m(x, (h0, c0))
                t["lstm.cN"] = c
                y0, (h0n, c0n) = m(x)
                t["lstm.zero.cN"] = c0n
                yu, (hu, cu) = m(x[1], (h0[:, 1], c0[:, 1]))  # unbatched (T, I), states (L, H)
                t["lstm.unbatched.cN"] = cu
            else:
                y, h = m(x, h0)
                y0, h0n = m(x)
                yu, hu = m(x[1], h0[:, 1])
            t[f"{name}.y"], t[f"{name}.hN"] = y, h
            t[f"{name}.zero.y"], t[f"{name}.zero.hN"] = y0, h0n
            t[f"{name}.unbatched.y"], t[f"{name}.unbatched.hN"] = yu, hu

    # A one-layer ReLU RNN without biases, time first (batch_first=False), float64.
    torch.manual_seed(22)
    relu = nn.RNN(3, 4, nonlinearity="relu", bias=False).double()
    state(t, "relu", relu)
    xt = torch.randn(5, 2, 3, generator=g, dtype=torch.float64)
    t["relu.x"] = xt
    with torch.no_grad():
        t["relu.y"], t["relu.hN"] = relu(xt)

    # A three-layer LSTM with dropout 0.4 between layers, in training mode: the masks come from the
    # default generator right after the initialisation, drawn over (T, B, H).
    torch.manual_seed(31)
    drop = nn.LSTM(3, 4, num_layers=3, batch_first=True, dropout=0.4)
    state(t, "drop", drop)
    with torch.no_grad():
        yd, (hd, cd) = drop(x)
    t["drop.y"], t["drop.hN"], t["drop.cN"] = yd, hd, cd


def attention(t, g):
    torch.manual_seed(41)
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    state(t, "mha", mha)
    t["mha.after"] = torch.rand(2)
    x = torch.randn(2, 5, 8, generator=g)
    q = torch.randn(2, 4, 8, generator=g)
    k = torch.randn(2, 6, 8, generator=g)
    v = torch.randn(2, 6, 8, generator=g)
    t["mha.x"], t["mha.q"], t["mha.k"], t["mha.v"] = x, q, k, v
    causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)  # True = may not attend
    padding = torch.tensor([[False, False, True, False, False, True], [False, False, False, False, False, True]])
    additive = torch.randn(4, 6, generator=g)
    t["mha.padding"], t["mha.additive"] = padding.long(), additive
    with torch.no_grad():
        t["mha.self.y"], t["mha.self.w"] = mha(x, x, x)
        t["mha.causal.y"], t["mha.causal.w"] = mha(x, x, x, attn_mask=causal, average_attn_weights=False)
        t["mha.cross.y"], t["mha.cross.w"] = mha(q, k, v, key_padding_mask=padding, attn_mask=additive)
        mha.eval()  # torch's fused inference path, need_weights=False
        t["mha.eval.y"] = mha(x, x, x, need_weights=False)[0]

    torch.manual_seed(42)
    nb = nn.MultiheadAttention(6, 3, bias=False, batch_first=True).double()
    state(t, "nobias", nb)
    xn = torch.randn(3, 4, 6, generator=g, dtype=torch.float64)
    t["nobias.x"] = xn
    with torch.no_grad():
        t["nobias.y"], t["nobias.w"] = nb(xn, xn, xn)


def bidirectional(t, g):
    # Two-layer bidirectional stacks (batch first), from torch.manual_seed(23).
    torch.manual_seed(23)
    layers = {"bigru": nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True),
              "bilstm": nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True),
              "birnn": nn.RNN(3, 4, batch_first=True, bidirectional=True)}
    t["bi.after"] = torch.rand(2)
    x = torch.randn(2, 5, 3, generator=g)
    h0 = torch.randn(4, 2, 4, generator=g)
    c0 = torch.randn(4, 2, 4, generator=g)
    t["bi.x"], t["bi.h0"], t["bi.c0"] = x, h0, c0
    with torch.no_grad():
        for name, m in layers.items():
            state(t, name, m)
            if name == "bilstm":
                y, (h, c) = m(x, (h0, c0))
                t[name + ".cN"] = c
            elif name == "bigru":
                y, h = m(x, h0)
            else:
                y, h = m(x)
            t[name + ".y"], t[name + ".hN"] = y, h


def attention_dropout(t, g):
    # Dropout 0.3 on the attention weights in training: the masks come from the default generator
    # right after the initialisation, drawn over (B * num_heads, L, S).
    torch.manual_seed(43)
    mha = nn.MultiheadAttention(4, 2, dropout=0.3, batch_first=True)
    state(t, "mhadrop", mha)
    x = torch.randn(2, 3, 4, generator=g)
    t["mhadrop.x"] = x
    with torch.no_grad():
        t["mhadrop.y"], t["mhadrop.w"] = mha(x, x, x)


def main():
    t = {}
    g = torch.Generator().manual_seed(4321)
    recurrent(t, g)
    attention(t, g)
    bidirectional(t, g)
    attention_dropout(t, g)
    t = {k: v.contiguous() for k, v in t.items()}
    with open(OUT, "wb") as f:
        f.write(serialize(t, {"source": "tools/golden/nn_layers_seq.py", "torch": torch.__version__}))
    print("wrote", OUT, len(t), "tensors")


if __name__ == "__main__":
    main()
