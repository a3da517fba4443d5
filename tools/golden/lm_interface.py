#!/usr/bin/python3
"""Golden values of the lecture models read through makemore's LanguageModel interface.

Run with the oracle interpreter (torch 1.13):
  ATEN_CPU_CAPABILITY=default /usr/bin/python3 tools/golden/lm_interface.py
The DEFAULT kernel set is the notebooks' normal path (torch-rng-spec §12), which zth's
Generator.NormalPath.LECTURE reproduces. Writes zth-gpt/src/test/resources/golden/lectures/lm_interface.txt,
one "key: value" per line, floats as Python repr.

The batch is makemore's CharDataset of the 15 words below (all 26 letters, so the vocabulary is 27):
x = [0, w..., 0...], y = [w..., 0, -1...], length max_len + 1. Each model gives logits (B, T, 27) and
F.cross_entropy(logits.view(-1, 27), y.view(-1), ignore_index=-1):
  bigram     lecture 2's counts, P = (N + 1).float() row-normalised, logits = log(P)[x]
  bigram_net lecture 2's W = randn((27, 27), g), logits = one_hot(x, 27).float() @ W
  mlp        lecture 3's C, W1, b1, W2, b2 = randn(..., g) with block 3, emb 4, hidden 20; the context at
             position t is x[t-2], x[t-1], x[t] with 0 ('.') before the start, the lecture's window
"""
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'zth-gpt', 'src', 'test',
                   'resources', 'golden', 'lectures', 'lm_interface.txt')
WORDS = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'quinn', 'zoey', 'jude', 'ryker', 'wyatt', 'faye',
         'xander', 'gwen', 'kade', 'cora']
BLOCK, EMB, HIDDEN = 3, 4, 20


def main():
    if os.environ.get('ATEN_CPU_CAPABILITY') != 'default':
        sys.exit('run with ATEN_CPU_CAPABILITY=default (the notebooks\' normal path)')
    chars = sorted(set(''.join(WORDS)))
    assert len(chars) == 26
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    V = len(chars) + 1
    L = max(len(w) for w in WORDS) + 1
    x = torch.zeros((len(WORDS), L), dtype=torch.long)
    y = torch.zeros((len(WORDS), L), dtype=torch.long)
    for i, w in enumerate(WORDS):
        ix = torch.tensor([stoi[c] for c in w])
        x[i, 1:1 + len(ix)] = ix
        y[i, :len(ix)] = ix
        y[i, len(ix) + 1:] = -1
    out = []

    def report(name, logits):
        loss = F.cross_entropy(logits.view(-1, V), y.view(-1), ignore_index=-1)
        out.append((name + '_loss', repr(loss.item())))
        out.append((name + '_logits_1_2', ' '.join(repr(v) for v in logits[1, 2, :6].tolist())))

    N = torch.zeros((V, V), dtype=torch.int32)
    for w in WORDS:
        chs = [0] + [stoi[c] for c in w] + [0]
        for a, b in zip(chs, chs[1:]):
            N[a, b] += 1
    P = (N + 1).float()
    P /= P.sum(1, keepdims=True)
    report('bigram', P.log()[x])

    g = torch.Generator().manual_seed(2147483647)
    W = torch.randn((V, V), generator=g)
    report('bigram_net', F.one_hot(x, num_classes=V).float() @ W)

    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((V, EMB), generator=g)
    W1 = torch.randn((BLOCK * EMB, HIDDEN), generator=g)
    b1 = torch.randn(HIDDEN, generator=g)
    W2 = torch.randn((HIDDEN, V), generator=g)
    b2 = torch.randn(V, generator=g)
    padded = torch.cat([torch.zeros((len(WORDS), BLOCK - 1), dtype=torch.long), x], dim=1)
    ctx = torch.stack([padded[:, t:t + BLOCK] for t in range(L)], dim=1)  # (B, T, BLOCK), oldest first
    emb = C[ctx]  # (B, T, BLOCK, EMB)
    h = torch.tanh(emb.view(-1, BLOCK * EMB) @ W1 + b1)
    report('mlp', (h @ W2 + b2).view(len(WORDS), L, V))

    with open(OUT, 'w') as f:
        for k, v in out:
            f.write(f'{k}: {v}\n')


if __name__ == '__main__':
    main()
