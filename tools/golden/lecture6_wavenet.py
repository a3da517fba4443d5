"""Lecture 6 (makemore part 5) WaveNet with torch 1.13: parameter count and the first minibatch loss.

Reproduces the notebook's setup: random.seed(42) shuffle, 80/10/10 split, block 8, torch.manual_seed(42),
the lecture's own layer classes (weights randn(fan_in, fan_out) / fan_in**0.5, BatchNorm over (0, 1)
with the unbiased variance), last layer weight * 0.1, minibatch of 32 from the global generator.
Usage: /usr/bin/python3 tools/golden/lecture6_wavenet.py /work/shared/data/names.txt > zth-gpt/src/test/resources/golden/lectures/wavenet.txt
"""
import random
import sys

import torch
import torch.nn.functional as F

words = open(sys.argv[1]).read().splitlines()
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
block_size = 8


def build_dataset(ws):
    X, Y = [], []
    for w in ws:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)


random.seed(42)
random.shuffle(words)
n1 = int(0.8 * len(words))
Xtr, Ytr = build_dataset(words[:n1])

torch.manual_seed(42)
n_embd, n_hidden, vocab = 24, 128, 27
C = torch.randn((vocab, n_embd))
Ws = []
for fan_in, fan_out in [(n_embd * 2, n_hidden), (n_hidden * 2, n_hidden), (n_hidden * 2, n_hidden), (n_hidden, vocab)]:
    Ws.append(torch.randn((fan_in, fan_out)) / fan_in ** 0.5)
b_out = torch.zeros(vocab)
Ws[-1] *= 0.1
params = C.numel() + sum(w.numel() for w in Ws) + b_out.numel() + 3 * 2 * n_hidden

ix = torch.randint(0, Xtr.shape[0], (32,))
x = C[Xtr[ix]]
for W in Ws[:-1]:
    B, T, Ch = x.shape
    x = x.view(B, T // 2, Ch * 2)
    if x.shape[1] == 1:
        x = x.squeeze(1)
    x = x @ W
    dim = 0 if x.ndim == 2 else (0, 1)
    x = (x - x.mean(dim, keepdim=True)) / torch.sqrt(x.var(dim, keepdim=True) + 1e-5)
    x = torch.tanh(x)
loss = F.cross_entropy(x @ Ws[-1] + b_out, Ytr[ix])
print(f"params {params}")
print(f"step0_loss {loss.item():.6f}")
