#!/usr/bin/python3
"""Golden values of makemore part 2 (lecture 3): Bengio et al.'s MLP language model on names.txt.

Run with the oracle interpreter (torch 1.13):
  ATEN_CPU_CAPABILITY=default /usr/bin/python3 tools/golden/lecture_mlp.py /work/shared/data/names.txt
The DEFAULT (non-AVX2) kernel set is the one that produced the notebooks (torch-rng-spec §12); the
script refuses to run without it. It writes zth-gpt/src/test/resources/golden/lectures/mlp.txt, one
"key: value" per line, floats as Python repr.

The code is the lecture's final model: random.seed(42) shuffle, 80/10/10 split, block size 3,
C (27x10), W1 (30x200), b1, W2 (200x27), b2 drawn in that order from Generator(2147483647), minibatches
of 32 from torch.randint(..., generator=g) (the same generator, so runs are reproducible), lr 0.1.
It trains STEPS steps, then records the split losses and 20 samples from Generator(2147483647 + 10).
"""
import os
import random
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'zth-gpt', 'src', 'test',
                   'resources', 'golden', 'lectures', 'mlp.txt')
STEPS = 10
SEED = 2147483647
CAPABILITY = 'default'
block_size = 3


def main(path):
    if os.environ.get('ATEN_CPU_CAPABILITY') != CAPABILITY:
        sys.exit('run with ATEN_CPU_CAPABILITY=%s (default: the notebooks\' normal path)' % CAPABILITY)
    words = open(path, 'r').read().splitlines()
    chars = sorted(list(set(''.join(words))))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi['.'] = 0
    itos = {i: s for s, i in stoi.items()}
    out = []

    def build_dataset(words):
        X, Y = [], []
        for w in words:
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
    n2 = int(0.9 * len(words))
    Xtr, Ytr = build_dataset(words[:n1])
    Xdev, Ydev = build_dataset(words[n1:n2])
    Xte, Yte = build_dataset(words[n2:])
    out.append(('sizes', '%d %d %d' % (Xtr.shape[0], Xdev.shape[0], Xte.shape[0])))
    out.append(('xtr_head', ' '.join('%d,%d,%d' % tuple(r) for r in Xtr[:8].tolist())))
    out.append(('ytr_head', ' '.join(str(v) for v in Ytr[:8].tolist())))

    g = torch.Generator().manual_seed(SEED)
    C = torch.randn((27, 10), generator=g)
    W1 = torch.randn((30, 200), generator=g)
    b1 = torch.randn(200, generator=g)
    W2 = torch.randn((200, 27), generator=g)
    b2 = torch.randn(27, generator=g)
    parameters = [C, W1, b1, W2, b2]
    out.append(('parameters', sum(p.nelement() for p in parameters)))
    for p in parameters:
        p.requires_grad = True

    def split_loss(X, Y):
        with torch.no_grad():
            emb = C[X]
            h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
            return F.cross_entropy(h @ W2 + b2, Y).item()

    out.append(('init_train_loss', repr(split_loss(Xtr, Ytr))))
    losses = []
    first_ix = None
    for i in range(STEPS):
        ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
        if first_ix is None:
            first_ix = ix
        emb = C[Xtr[ix]]
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Ytr[ix])
        losses.append(loss.item())
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < 100000 else 0.01
        for p in parameters:
            p.data += -lr * p.grad
    out.append(('first_batch', ' '.join(str(v) for v in first_ix.tolist())))
    out.append(('losses', ' '.join(repr(v) for v in losses)))
    out.append(('train_loss', repr(split_loss(Xtr, Ytr))))
    out.append(('val_loss', repr(split_loss(Xdev, Ydev))))
    out.append(('test_loss', repr(split_loss(Xte, Yte))))

    g = torch.Generator().manual_seed(SEED + 10)
    samples = []
    for _ in range(20):
        o = []
        context = [0] * block_size
        while True:
            emb = C[torch.tensor([context])]
            h = torch.tanh(emb.view(1, -1) @ W1 + b1)
            logits = h @ W2 + b2
            probs = F.softmax(logits, dim=1)
            ix = torch.multinomial(probs, num_samples=1, generator=g).item()
            context = context[1:] + [ix]
            o.append(ix)
            if ix == 0:
                break
        samples.append(''.join(itos[i] for i in o))
    out.append(('samples', ' '.join(samples)))

    text = ''.join('%s: %s\n' % kv for kv in out)
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, OUT)
    sys.stdout.write(text)


if __name__ == '__main__':
    main(sys.argv[1])
