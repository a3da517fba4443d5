#!/usr/bin/python3
"""Golden random streams for zth's Generator and PythonRandom, from PyTorch 1.13 and CPython.

Run with the oracle interpreter:  /usr/bin/python3 tools/golden/rng_vectors.py
It writes zth-autograd/src/test/resources/golden/rng/rng_vectors.txt (atomically).

torch picks its CPU kernel set at start-up, so the DEFAULT (non-AVX2, "LECTURE") records come from
a child process started with ATEN_CPU_CAPABILITY=default; the parent process runs the AVX2 kernels.

Format: one record per line, "<op> <args...> : <values...>" (multinomial records name a "probs"
table given once; nn.Linear records carry weight and bias: "... : <weight> : <bias>"). Tokens:
  float32 -> 8 hex digits of the IEEE bits, float64 -> 16 hex digits, integers -> decimal,
  bounds/mean/std -> float.hex(). Seeds are decimal Python ints (negatives allowed).
'path' is avx2 or default; ops whose stream does not depend on the kernel set carry no path.
"""
import os
import random
import struct
import subprocess
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'zth-autograd', 'src',
                   'test', 'resources', 'golden', 'rng', 'rng_vectors.txt')

SEEDS = [0, 1, 2, 3, 7, 42, 99, 1337, 31337, 271828, 123456789, 2147483647, 2147483657,
         4294967295, 2**32 + 5, 2**40 + 17, 67280421310721, 2**63 - 1, -1, -12345]
BIG_SEEDS = SEEDS[::4]            # 27x27 and 1000-element cases: 5 seeds keep the file small
SMALL = [1, 3, 15, 16, 17]
LARGE = [729, 1000]


def f32hex(values):
    return ' '.join('%08x' % struct.unpack('<I', struct.pack('<f', v))[0] for v in values)


def f64hex(values):
    return ' '.join('%016x' % struct.unpack('<Q', struct.pack('<d', v))[0] for v in values)


def ints(values):
    return ' '.join(str(int(v)) for v in values)


def gen(seed):
    return torch.Generator().manual_seed(seed)


def shapes():
    for seed in SEEDS:
        for n in SMALL:
            yield seed, n
    for seed in BIG_SEEDS:
        for n in LARGE:
            yield seed, n


def path_independent(out):
    for seed, n in shapes():
        out.append('rand32 %d %d : %s' % (seed, n, f32hex(torch.rand(n, generator=gen(seed)).tolist())))
        out.append('randint %d %d 0 27 : %s' % (seed, n, ints(torch.randint(0, 27, (n,), generator=gen(seed)).tolist())))
    for seed in SEEDS:
        for n in SMALL + [100]:
            out.append('rand64 %d %d : %s' % (seed, n, f64hex(torch.rand(n, dtype=torch.float64, generator=gen(seed)).tolist())))
        for low, high in [(-5, 5), (0, 182625), (-2**40, 2**40), (0, 2**62), (-2**63, 2**63 - 1)]:
            v = torch.randint(low, high, (17,), generator=gen(seed)).tolist()
            out.append('randint %d 17 %d %d : %s' % (seed, low, high, ints(v)))
        for n in [0, 1, 2, 10, 27, 1000]:
            out.append('randperm %d %d : %s' % (seed, n, ints(torch.randperm(n, generator=gen(seed)).tolist())))
        for lambd in [1.0, 0.5, 3.0]:
            v = torch.empty(20).exponential_(lambd, generator=gen(seed)).tolist()
            out.append('exp32 %d 20 %s : %s' % (seed, lambd.hex(), f32hex(v)))
            v = torch.empty(20, dtype=torch.float64).exponential_(lambd, generator=gen(seed)).tolist()
            out.append('exp64 %d 20 %s : %s' % (seed, lambd.hex(), f64hex(v)))
    for seed in SEEDS:
        for p in [0.3, 0.8]:
            v = torch.empty(40).bernoulli_(p, generator=gen(seed)).tolist()
            out.append('bernoulli_p %d 40 %s : %s' % (seed, p.hex(), ints(v)))
        probs = torch.rand(40, generator=gen(seed + 1))
        v = torch.bernoulli(probs, generator=gen(seed)).tolist()
        out.append('bernoulli_t %d 40 : %s : %s' % (seed, f32hex(probs.tolist()), ints(v)))
    multinomial_cases(out)
    state_cases(out)


def prob_tables():
    rs = np.random.RandomState(7)
    tables = []
    p = torch.tensor(rs.rand(27), dtype=torch.float32)
    tables.append(('1d27', p.view(1, 27)))
    q = torch.tensor(rs.rand(3, 27), dtype=torch.float32)
    q[0, 5:9] = 0
    q[2, 0] = 0
    tables.append(('3x27', q))
    counts = torch.tensor(rs.randint(0, 500, size=(27, 27)), dtype=torch.int64)
    counts[0, 0] = 0
    P = (counts + 1).float()
    P /= P.sum(1, keepdims=True)
    tables.append(('27x27', P))
    tables.append(('1x3', torch.tensor([[0.1, 0.2, 0.7]])))
    tables.append(('2x5', torch.tensor([[0.0, 0.0, 1.0, 0.0, 0.0], [3.0, 0.0, 1.0, 2.0, 0.5]])))
    return tables


def multinomial_cases(out):
    tables = prob_tables()
    for name, P in tables:
        rows, cols = P.shape
        out.append('probs %s f32 %d %d : %s' % (name, rows, cols, f32hex(P.flatten().tolist())))
        out.append('probs %s f64 %d %d : %s' % (name, rows, cols, f64hex(P.double().flatten().tolist())))
    for i, seed in enumerate(SEEDS):
        for name, P in tables:
            rows, cols = P.shape
            for dtype in ['f32', 'f64']:
                T = P if dtype == 'f32' else P.double()
                src = T[0] if rows == 1 and (i % 2 == 0) else T     # 1-D input for half the seeds
                for k, repl in [(1, True), (10, True), (1, False), (min(3, cols), False)]:
                    if name == '27x27' and (dtype == 'f64' or k == 10) and i % 4:
                        continue
                    if name == '2x5' and not repl and k > 1:
                        continue                                      # 2 nonzero in row 0
                    v = torch.multinomial(src, k, replacement=repl, generator=gen(seed))
                    out.append('multinomial %d %s %s %s %d %s : %s' % (
                        seed, name, dtype, '1d' if src.dim() == 1 else '2d', k,
                        'true' if repl else 'false', ints(v.flatten().tolist())))


def state_cases(out):
    """get_state() bytes after a mixed sequence (checks counters and the cached normal)."""
    for seed in [0, 42, 2147483647]:
        g = gen(seed)
        torch.rand(5, generator=g)
        torch.randn(3, generator=g)            # leaves a cached double normal
        torch.randint(0, 10, (7,), generator=g)
        out.append('state %d : %s' % (seed, g.get_state().numpy().tobytes().hex()))


def path_dependent(out, path):
    for seed, n in shapes():
        out.append('randn32 %d %s %d : %s' % (seed, path, n, f32hex(torch.randn(n, generator=gen(seed)).tolist())))
    for seed in SEEDS:
        for n, mean, std in [(3, 0.5, 2.0), (20, 0.5, 2.0), (33, -1.25, 0.1)]:
            v = torch.empty(n).normal_(mean, std, generator=gen(seed)).tolist()
            out.append('normal32 %d %s %d %s %s : %s' % (seed, path, n, mean.hex(), std.hex(), f32hex(v)))
        x = torch.empty(3, 20).t()                    # non-contiguous: scalar path, memory order
        x.normal_(0.5, 2.0, generator=gen(seed))
        out.append('normal_nc32 %d %s 60 : %s' % (seed, path, f32hex(x.t().flatten().tolist())))
        x = torch.empty(3, 20, dtype=torch.float64).t()
        x.normal_(generator=gen(seed))
        out.append('normal_nc64 %d %s 60 : %s' % (seed, path, f64hex(x.t().flatten().tolist())))
        for n in [3, 16, 20]:
            v = torch.randn(n, dtype=torch.float64, generator=gen(seed)).tolist()
            out.append('randn64 %d %s %d : %s' % (seed, path, n, f64hex(v)))
        for n, lo, hi in [(25, -0.18257418583505536, 0.18257418583505536), (7, -3.0, 5.5)]:
            v = torch.empty(n).uniform_(lo, hi, generator=gen(seed)).tolist()
            out.append('uniform32 %d %s %d %s %s : %s' % (seed, path, n, lo.hex(), hi.hex(), f32hex(v)))
            v = torch.empty(n, dtype=torch.float64).uniform_(lo, hi, generator=gen(seed)).tolist()
            out.append('uniform64 %d %s %d %s %s : %s' % (seed, path, n, lo.hex(), hi.hex(), f64hex(v)))
        # nn.Linear / nn.Embedding default init from the default generator
        torch.manual_seed(seed)
        lin = torch.nn.Linear(30, 6)
        emb = torch.nn.Embedding(27, 10)
        out.append('linear %d %s 30 6 : %s : %s' % (seed, path, f32hex(lin.weight.detach().flatten().tolist()),
                                                    f32hex(lin.bias.detach().tolist())))
        out.append('embedding %d %s 27 10 : %s' % (seed, path, f32hex(emb.weight.detach().flatten().tolist())))


def python_random(out):
    seeds = [0, 1, 2, 42, -42, 7, 1234, 99999, 2**31, 2**32, 2**32 + 1, 2**64 - 1, 2**64,
             2**100 + 7, -(2**70), 12345678901234567890, 314159, 271828, 5, 1000003]
    for s in seeds:
        r = random.Random(s)
        out.append('py_random %d : %s' % (s, f64hex([r.random() for _ in range(5)])))
        r = random.Random(s)
        ks = [0, 1, 7, 31, 32, 33, 63, 64, 65, 100]
        out.append('py_getrandbits %d %s : %s' % (s, ','.join(map(str, ks)), ints([r.getrandbits(k) for k in ks])))
        r = random.Random(s)
        vals = [r.randrange(10), r.randrange(-5, 100), r.randrange(-5, 100, 3), r.randrange(50, -50, -7),
                r.randint(1, 6), r.randint(-10**12, 10**12), r.randrange(2**40)]
        out.append('py_randrange %d : %s' % (s, ints(vals)))
        for n in [10, 100]:
            r = random.Random(s)
            x = list(range(n))
            r.shuffle(x)
            out.append('py_shuffle %d %d : %s' % (s, n, ints(x)))
        r = random.Random(s)
        out.append('py_uniform %d : %s' % (s, f64hex([r.uniform(2.5, 7.5) for _ in range(3)])))
        r = random.Random(s)
        out.append('py_choice %d : %s' % (s, ints([r.choice(range(27)) for _ in range(5)])))
        r = random.Random(s)
        out.append('py_gauss %d : %s' % (s, f64hex([r.gauss(0.5, 2.0) for _ in range(7)])))
    r = random.Random(42)
    r.random()
    r.gauss(0.0, 1.0)                         # leaves gauss_next set
    out.append('py_state 42 : %s : %s' % (ints(list(r.getstate()[1])), f64hex([r.getstate()[2]])))


def bigram(out):
    """makemore part 1: P from names.txt exactly as torch normalises it, and the sampled names."""
    names = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared',
                         'data', 'names.txt')
    if not os.path.exists(names):
        names = '/work/shared/data/names.txt'
    words = open(names).read().splitlines()
    N = torch.zeros((27, 27), dtype=torch.int32)
    stoi = {c: i + 1 for i, c in enumerate('abcdefghijklmnopqrstuvwxyz')}
    stoi['.'] = 0
    for w in words:
        chs = ['.'] + list(w) + ['.']
        for a, b in zip(chs, chs[1:]):
            N[stoi[a], stoi[b]] += 1
    P = (N + 1).float()
    P /= P.sum(1, keepdims=True)
    g = torch.Generator().manual_seed(2147483647)
    itos = {i: c for c, i in stoi.items()}
    samples = []
    for _ in range(5):
        ix, s = 0, ''
        while True:
            ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()
            s += itos[ix]
            if ix == 0:
                break
        samples.append(s)
    out.append('bigram_p 2147483647 : %s : %s' % (f32hex(P.flatten().tolist()), ' '.join(samples)))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--path':
        lines = []
        path_dependent(lines, sys.argv[2])
        sys.stdout.write('\n'.join(lines) + '\n')
        return
    lines = ['# generated by tools/golden/rng_vectors.py with torch %s, Python %s'
             % (torch.__version__, sys.version.split()[0])]
    path_independent(lines)
    path_dependent(lines, 'avx2')
    env = dict(os.environ, ATEN_CPU_CAPABILITY='default')
    child = subprocess.run([sys.executable, os.path.abspath(__file__), '--path', 'default'],
                           env=env, check=True, capture_output=True, text=True)
    lines.extend(child.stdout.splitlines())
    python_random(lines)
    bigram(lines)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, OUT)
    print('records: %d, bytes: %d' % (len(lines) - 1, os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
