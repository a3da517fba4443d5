"""Goldens for zth-gpt's makemore models (CharDataset, BigramLM, MakemoreMLP, RnnLM, the transformer: GPT with GPTConfig.makemore).

A PyTorch 1.13 restatement of makemore.py's models (karpathy/makemore: Bigram, MLP, RNN with its own
RNNCell/GRUCell, Transformer with NewGELU and an untied lm_head; PyTorch default initialisation) is built
on a tiny word list exactly as makemore.py does it: torch.manual_seed(3407), the randperm split, then the
model. For each type it writes, to zth-gpt/src/test/resources/golden/makemore/<type>.safetensors:
  perm    I64 (n,)          torch.randperm(len(words)) after manual_seed(3407)
  x, y    I64 (3, L)        CharDataset examples 0, 1, 2 of the training set
  logits  F32 (3, L, V)     model(x) right after construction
  loss    F32 ()            cross_entropy(ignore_index=-1)
Sizes: n_layer 2, n_head 2, n_embd 8, n_embd2 8. Run: /usr/bin/python3 tools/golden/makemore_models.py
"""
import json
import math
import os
import struct

import torch
import torch.nn as nn
from torch.nn import functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "zth-gpt", "src", "test", "resources",
                   "golden", "makemore")
WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn", "abigail",
         "emily", "ella", "avery", "sofia", "aria", "luna", "zoe", "lily", "nora", "chloe"]
N_LAYER, N_HEAD, N_EMBD, N_EMBD2 = 2, 2, 8, 8


def write_safetensors(path, tensors):
    dt = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().astype(dt[t.dtype][1]).tobytes()
        header[name] = {"dtype": dt[t.dtype][0], "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        off += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class Block(nn.Module):
    def __init__(self, C, nh):
        super().__init__()
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.m_proj = nn.Linear(4 * C, C)
        self.nh = nh

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = [a.view(B, T, self.nh, C // self.nh).transpose(1, 2) for a in (q, k, v)]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // self.nh)
        att = att.masked_fill(torch.tril(torch.ones(T, T)) == 0, float("-inf")).softmax(-1)
        x = x + self.c_proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))
        h = self.c_fc(self.ln_2(x))
        h = 0.5 * h * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * torch.pow(h, 3.0))))
        return x + self.m_proj(h)


class Transformer(nn.Module):
    def __init__(self, V, T):
        super().__init__()
        self.wte = nn.Embedding(V, N_EMBD)
        self.wpe = nn.Embedding(T, N_EMBD)
        self.h = nn.ModuleList([Block(N_EMBD, N_HEAD) for _ in range(N_LAYER)])
        self.ln_f = nn.LayerNorm(N_EMBD)
        self.lm_head = nn.Linear(N_EMBD, V, bias=False)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.size(1)).unsqueeze(0))
        for b in self.h:
            x = b(x)
        return self.lm_head(self.ln_f(x))


class Bigram(nn.Module):
    def __init__(self, V):
        super().__init__()
        self.logits = nn.Parameter(torch.zeros((V, V)))

    def forward(self, idx):
        return self.logits[idx]


class MLP(nn.Module):
    def __init__(self, V, T):
        super().__init__()
        self.V, self.T = V, T
        self.wte = nn.Embedding(V + 1, N_EMBD)
        self.mlp = nn.Sequential(nn.Linear(T * N_EMBD, N_EMBD2), nn.Tanh(), nn.Linear(N_EMBD2, V))

    def forward(self, idx):
        embs = []
        for _ in range(self.T):
            embs.append(self.wte(idx))
            idx = torch.roll(idx, 1, 1)
            idx[:, 0] = self.V
        return self.mlp(torch.cat(embs, -1))


class RNN(nn.Module):
    def __init__(self, V, cell):
        super().__init__()
        self.cell_type = cell
        self.start = nn.Parameter(torch.zeros(1, N_EMBD2))
        self.wte = nn.Embedding(V, N_EMBD)
        n = {"rnn": 1, "gru": 3}[cell]  # rnn: xh_to_h; gru: xh_to_z, xh_to_r, xh_to_hbar
        self.lins = nn.ModuleList([nn.Linear(N_EMBD + N_EMBD2, N_EMBD2) for _ in range(n)])
        self.lm_head = nn.Linear(N_EMBD2, V)

    def forward(self, idx):
        emb = self.wte(idx)
        h = self.start.expand((idx.size(0), -1))
        hs = []
        for i in range(idx.size(1)):
            xt = emb[:, i, :]
            xh = torch.cat([xt, h], dim=1)
            if self.cell_type == "rnn":
                h = torch.tanh(self.lins[0](xh))
            else:
                r = torch.sigmoid(self.lins[1](xh))
                hbar = torch.tanh(self.lins[2](torch.cat([xt, r * h], dim=1)))
                z = torch.sigmoid(self.lins[0](xh))
                h = (1 - z) * h + z * hbar
            hs.append(h)
        return self.lm_head(torch.stack(hs, 1))


def main():
    os.makedirs(OUT, exist_ok=True)
    chars = sorted(set("".join(WORDS)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    L = max(len(w) for w in WORDS) + 1
    V = len(chars) + 1
    for name in ["bigram", "mlp", "rnn", "gru", "transformer"]:
        torch.manual_seed(3407)
        n_test = min(1000, int(len(WORDS) * 0.1))
        rp = torch.randperm(len(WORDS))
        train = [WORDS[i] for i in rp.tolist()[:-n_test]]
        model = {"bigram": lambda: Bigram(V), "mlp": lambda: MLP(V, L), "rnn": lambda: RNN(V, "rnn"),
                 "gru": lambda: RNN(V, "gru"), "transformer": lambda: Transformer(V, L)}[name]()
        x = torch.zeros(3, L, dtype=torch.long)
        y = torch.zeros(3, L, dtype=torch.long)
        for b, w in enumerate(train[:3]):
            ix = torch.tensor([stoi[c] for c in w])
            x[b, 1:1 + len(ix)] = ix
            y[b, :len(ix)] = ix
            y[b, len(ix) + 1:] = -1
        with torch.no_grad():
            logits = model(x)
            loss = F.cross_entropy(logits.view(-1, V), y.view(-1), ignore_index=-1)
        write_safetensors(os.path.join(OUT, name + ".safetensors"),
                          {"perm": rp, "x": x, "y": y, "logits": logits, "loss": loss})
        print(name, "loss", loss.item())


if __name__ == "__main__":
    main()
