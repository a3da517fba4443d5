#!/usr/bin/python3
"""Golden values for zth-nn layers from torch 1.13 (run with /usr/bin/python3).

Writes zth-nn/src/test/resources/golden/layers.safetensors (with the safetensors writer of
nn_safetensors.py): inputs, parameters and outputs named "<case>.<what>". Run on an x86-64 CPU with
AVX2 (torch's AVX2 kernels = zth's Generator.NormalPath.TORCH_X86, the default).
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from nn_safetensors import serialize  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "layers.safetensors")


SEQ_OUT = os.path.join(os.path.dirname(OUT), "torch_sequential.safetensors")


class NanoGptAttention(nn.Module):
    """The structure of nanoGPT's CausalSelfAttention (model.py), without dropout or flash attention."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.n_head, self.n_embd = n_head, n_embd
        self.register_buffer("bias", torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size), persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)


def makemore_batchnorm(x, gamma, beta, rm, rv, momentum=0.1, eps=1e-5):
    """The hand-written BatchNorm1d of makemore part 5, training step, channels last."""
    dim = 0 if x.ndim == 2 else (0, 1)
    xmean = x.mean(dim, keepdim=True)
    xvar = x.var(dim, keepdim=True)
    xhat = (x - xmean) / torch.sqrt(xvar + eps)
    out = gamma * xhat + beta
    rm = (1 - momentum) * rm + momentum * xmean.reshape(-1)
    rv = (1 - momentum) * rv + momentum * xvar.reshape(-1)
    return out, rm, rv


def main():
    t = {}
    # Default initialisation: one seeded stream through Linear, Linear(bias=False), Embedding.
    torch.manual_seed(42)
    lin = nn.Linear(30, 200)
    lin2 = nn.Linear(7, 5, bias=False)
    emb = nn.Embedding(27, 10)
    t["init.linear.weight"] = lin.weight.detach()
    t["init.linear.bias"] = lin.bias.detach()
    t["init.linear_nobias.weight"] = lin2.weight.detach()
    t["init.embedding.weight"] = emb.weight.detach()
    t["init.after"] = torch.rand(3)  # the stream continues where the layers left it

    g = torch.Generator().manual_seed(1234)
    # Linear forward (float32, the initialised layer).
    x = torch.randn(4, 30, generator=g)
    t["linear.x"] = x
    t["linear.y"] = lin(x).detach()
    # Embedding forward.
    idx = torch.tensor([[0, 5, 26], [3, 3, 1]])
    t["embedding.idx"] = idx
    t["embedding.y"] = emb(idx).detach()
    # LayerNorm with and without bias (float64).
    x = torch.randn(2, 3, 8, generator=g, dtype=torch.float64)
    w = torch.randn(8, generator=g, dtype=torch.float64)
    b = torch.randn(8, generator=g, dtype=torch.float64)
    t["layernorm.x"], t["layernorm.weight"], t["layernorm.bias"] = x, w, b
    t["layernorm.y"] = F.layer_norm(x, (8,), w, b, 1e-5)
    t["layernorm.y_nobias"] = F.layer_norm(x, (8,), w, None, 1e-5)
    # Activations (float64).
    x = torch.randn(3, 4, generator=g, dtype=torch.float64)
    t["act.x"] = x
    t["act.tanh"] = torch.tanh(x)
    t["act.relu"] = F.relu(x)
    t["act.sigmoid"] = torch.sigmoid(x)
    t["act.gelu"] = F.gelu(x)
    t["act.gelu_tanh"] = F.gelu(x, approximate="tanh")
    t["act.softmax1"] = F.softmax(x, dim=1)
    t["act.softmax0"] = F.softmax(x, dim=0)
    # BatchNorm1d, torch layout (float64): train on (N, C), then (N, C, L), then eval.
    bn = nn.BatchNorm1d(5).double()
    with torch.no_grad():
        bn.weight.copy_(torch.randn(5, generator=g, dtype=torch.float64))
        bn.bias.copy_(torch.randn(5, generator=g, dtype=torch.float64))
    x2 = torch.randn(6, 5, generator=g, dtype=torch.float64)
    x3 = torch.randn(4, 5, 3, generator=g, dtype=torch.float64)
    t["bn.weight"], t["bn.bias"], t["bn.x2"], t["bn.x3"] = bn.weight.detach().clone(), bn.bias.detach().clone(), x2, x3
    t["bn.y2"] = bn(x2).detach()
    t["bn.y3"] = bn(x3).detach()
    t["bn.running_mean"] = bn.running_mean.clone()
    t["bn.running_var"] = bn.running_var.clone()
    bn.eval()
    t["bn.y3_eval"] = bn(x3).detach()
    # BatchNorm1d, makemore layout: (N, L, C) channels last, unbiased variance.
    x = torch.randn(4, 3, 5, generator=g, dtype=torch.float64)
    gamma = torch.randn(5, generator=g, dtype=torch.float64)
    beta = torch.randn(5, generator=g, dtype=torch.float64)
    y, rm, rv = makemore_batchnorm(x, gamma, beta, torch.zeros(5, dtype=torch.float64), torch.ones(5, dtype=torch.float64))
    t["mbn.x"], t["mbn.weight"], t["mbn.bias"], t["mbn.y"], t["mbn.running_mean"], t["mbn.running_var"] = x, gamma, beta, y, rm, rv
    # Dropout mask stream: p=0.3 on ones(40) after torch.manual_seed(7).
    torch.manual_seed(7)
    t["dropout.y"] = F.dropout(torch.ones(40, dtype=torch.float64), p=0.3, training=True)

    # A torch model's state dict, to load into the same zth Sequential (eval mode forward).
    torch.manual_seed(3)
    seq = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Tanh(), nn.Linear(4, 2))
    seq(torch.randn(8, 3))  # one training step moves the running statistics
    seq.eval()
    x = torch.randn(5, 3)
    t["seq.x"] = x
    t["seq.y"] = seq(x).detach()
    with open(SEQ_OUT, "wb") as f:
        f.write(serialize({k: v.contiguous() for k, v in seq.state_dict().items()}, {"format": "pt"}))

    # nanoGPT-style causal self-attention (dropout 0), torch.manual_seed(5) initialisation.
    torch.manual_seed(5)
    attn = NanoGptAttention(8, 2, 6)
    for k, v in attn.state_dict().items():
        t["attn." + k] = v
    x = torch.randn(2, 5, 8, generator=g)
    t["attn.x"] = x
    t["attn.y"] = attn(x).detach()
    # torch's recurrent cells: initialisation stream and one step each.
    torch.manual_seed(11)
    cells = {"rnn": nn.RNNCell(3, 4), "gru": nn.GRUCell(3, 4), "lstm": nn.LSTMCell(3, 4)}
    t["cells.after"] = torch.rand(2)
    for name, cell in cells.items():
        for k, v in cell.state_dict().items():
            t[f"{name}.{k}"] = v
    x, h, c = torch.randn(2, 3, generator=g), torch.randn(2, 4, generator=g), torch.randn(2, 4, generator=g)
    t["cells.x"], t["cells.h"], t["cells.c"] = x, h, c
    t["rnn.y"] = cells["rnn"](x, h).detach()
    t["gru.y"] = cells["gru"](x, h).detach()
    h2, c2 = cells["lstm"](x, (h, c))
    t["lstm.h2"], t["lstm.c2"] = h2.detach(), c2.detach()

    # torch.nn.init on one seeded stream.
    torch.manual_seed(0)
    inits = {"normal": torch.empty(5, 7), "normal16": torch.empty(20), "kaiming": torch.empty(4, 6),
             "xavier": torch.empty(3, 5), "uniform64": torch.empty(3, 3, dtype=torch.float64)}
    nn.init.normal_(inits["normal"], 0.0, 0.02)
    nn.init.normal_(inits["normal16"], 0.0, 0.02)
    nn.init.kaiming_uniform_(inits["kaiming"], a=math.sqrt(5))
    nn.init.xavier_uniform_(inits["xavier"], gain=5 / 3)
    nn.init.uniform_(inits["uniform64"], -2.0, 3.0)
    for k, v in inits.items():
        t["nninit." + k] = v

    # torch.histogram (makemore part 3 plots densities of activations and gradients).
    x = torch.randn(1000, generator=g, dtype=torch.float64).tanh()
    hy, hx = torch.histogram(x, bins=50, density=True)
    t["hist.x"], t["hist.density"], t["hist.edges"] = x, hy, hx
    t["hist.counts"] = torch.histogram(x, bins=7)[0]

    t = {k: v.contiguous() for k, v in t.items()}
    with open(OUT, "wb") as f:
        f.write(serialize(t, {"source": "tools/golden/nn_layers.py", "torch": torch.__version__}))
    print("wrote", OUT, len(t), "tensors")


if __name__ == "__main__":
    main()
