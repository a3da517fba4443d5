#!/usr/bin/python3
"""Golden values of makemore part 1 (lecture 2): the bigram count model and its one-layer neural net.

Run with the oracle interpreter (torch 1.13):
  ATEN_CPU_CAPABILITY=default /usr/bin/python3 tools/golden/lecture_bigram.py /work/shared/data/names.txt
The DEFAULT (non-AVX2) kernel set is the one that produced the notebooks (torch-rng-spec §12); the
script refuses to run without it. It writes zth-gpt/src/test/resources/golden/lectures/bigram.txt,
one "key: value" per line, floats as Python repr (shortest round-trip decimal).

The code is the lecture's, cell by cell: counts N, P = (N+1).float() normalised per row, the
log-likelihood summed bigram by bigram in a float32 tensor, five samples with
multinomial(replacement=True); then W = randn((27,27), g), 100 steps of gradient descent with lr 50
and 0.01*(W**2).mean() regularisation, and five samples from the trained net.
"""
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'zth-gpt', 'src', 'test',
                   'resources', 'golden', 'lectures', 'bigram.txt')
STEPS = 100


def main(path):
    if os.environ.get('ATEN_CPU_CAPABILITY') != 'default':
        sys.exit('run with ATEN_CPU_CAPABILITY=default (the notebooks\' normal path)')
    words = open(path, 'r').read().splitlines()
    chars = sorted(list(set(''.join(words))))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi['.'] = 0
    itos = {i: s for s, i in stoi.items()}
    out = []

    N = torch.zeros((27, 27), dtype=torch.int32)
    for w in words:
        chs = ['.'] + list(w) + ['.']
        for ch1, ch2 in zip(chs, chs[1:]):
            N[stoi[ch1], stoi[ch2]] += 1
    out.append(('count_total', int(N.sum())))
    out.append(('count_e_m', int(N[stoi['e'], stoi['m']])))
    out.append(('count_n_dot', int(N[stoi['n'], 0])))
    out.append(('count_row0', ' '.join(str(int(v)) for v in N[0])))

    def count_model(smoothing):
        P = (N + smoothing).float()
        P /= P.sum(1, keepdims=True)
        log_likelihood = 0.0
        n = 0
        for w in words:
            chs = ['.'] + list(w) + ['.']
            for ch1, ch2 in zip(chs, chs[1:]):
                log_likelihood += torch.log(P[stoi[ch1], stoi[ch2]])
                n += 1
        return P, (-log_likelihood / n).item(), n

    P, nll, n = count_model(1)
    out.append(('bigrams', n))
    out.append(('nll', repr(nll)))
    out.append(('nll_smoothing_0', repr(count_model(0)[1])))
    out.append(('nll_smoothing_5', repr(count_model(5)[1])))
    g = torch.Generator().manual_seed(2147483647)
    samples = []
    for i in range(5):
        s = []
        ix = 0
        while True:
            ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()
            s.append(itos[ix])
            if ix == 0:
                break
        samples.append(''.join(s))
    out.append(('samples', ' '.join(samples)))

    xs, ys = [], []
    for w in words:
        chs = ['.'] + list(w) + ['.']
        for ch1, ch2 in zip(chs, chs[1:]):
            xs.append(stoi[ch1])
            ys.append(stoi[ch2])
    xs = torch.tensor(xs)
    ys = torch.tensor(ys)
    num = xs.nelement()
    g = torch.Generator().manual_seed(2147483647)
    W = torch.randn((27, 27), generator=g, requires_grad=True)
    losses = []
    for k in range(STEPS):
        xenc = F.one_hot(xs, num_classes=27).float()
        logits = xenc @ W
        counts = logits.exp()
        probs = counts / counts.sum(1, keepdims=True)
        loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W ** 2).mean()
        losses.append(loss.item())
        W.grad = None
        loss.backward()
        W.data += -50 * W.grad
    out.append(('neural_losses', ' '.join(repr(v) for v in losses)))
    g = torch.Generator().manual_seed(2147483647)
    samples = []
    for i in range(5):
        s = []
        ix = 0
        while True:
            xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
            logits = xenc @ W
            counts = logits.exp()
            p = counts / counts.sum(1, keepdims=True)
            ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
            s.append(itos[ix])
            if ix == 0:
                break
        samples.append(''.join(s))
    out.append(('neural_samples', ' '.join(samples)))

    text = ''.join('%s: %s\n' % kv for kv in out)
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, OUT)
    sys.stdout.write(text)


if __name__ == '__main__':
    main(sys.argv[1])
