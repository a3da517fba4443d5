"""Lecture 4 (makemore part 3) 6-layer tanh MLP with BatchNorm with torch 1.13: parameter count and the
first minibatch loss, with the notebook's seeds (random.seed(42) split, block 3, Generator 2147483647,
Linear weights randn(fan_in, fan_out, generator=g) / fan_in**0.5 times 5/3 except the last, no biases,
last BatchNorm gamma * 0.1, BatchNorm with the unbiased batch variance).
Usage: /usr/bin/python3 tools/golden/lecture4_batchnorm.py /work/shared/data/names.txt > zth-examples/src/test/resources/golden/lecture4_batchnorm.txt
"""
import random
import sys

import torch
import torch.nn.functional as F

words = open(sys.argv[1]).read().splitlines()
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
block_size = 3


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
Xtr, Ytr = build_dataset(words[:int(0.8 * len(words))])

g = torch.Generator().manual_seed(2147483647)
n_embd, n_hidden, vocab = 10, 100, 27
C = torch.randn((vocab, n_embd), generator=g)
dims = [(n_embd * block_size, n_hidden)] + [(n_hidden, n_hidden)] * 4 + [(n_hidden, vocab)]
Ws = [torch.randn(d, generator=g) / d[0] ** 0.5 for d in dims]
for W in Ws[:-1]:
    W *= 5 / 3
gammas = [torch.ones(d[1]) for d in dims]
gammas[-1] *= 0.1
params = C.numel() + sum(W.numel() for W in Ws) + 2 * sum(gm.numel() for gm in gammas)

ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
x = C[Xtr[ix]].view(32, -1)
for i, (W, gm) in enumerate(zip(Ws, gammas)):
    x = x @ W
    x = gm * (x - x.mean(0, keepdim=True)) / torch.sqrt(x.var(0, keepdim=True) + 1e-5)
    if i < len(Ws) - 1:
        x = torch.tanh(x)
loss = F.cross_entropy(x, Ytr[ix])
print(f"params {params}")
print(f"step0_loss {loss.item():.6f}")
