#!/usr/bin/python3
"""Golden values for zth's Tensor from PyTorch 1.13 (run with /usr/bin/python3).

Writes zth-autograd/src/test/resources/golden/tensor/:
  values.txt    one case per line: name|dtype|shape|v v v ...  (floats as exact Python reprs)
  tostring.txt  blocks "=== name|dtype|shape|requires_grad|values" then torch's str() up to the next ===
"""
import os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'zth-autograd', 'src', 'test', 'resources', 'golden', 'tensor')
torch.set_printoptions(profile='default')
g = torch.Generator().manual_seed(1234)
lines = []


def shape_str(t):
    return ','.join(str(s) for s in t.shape)


def dtype_str(t):
    return {torch.float32: 'FLOAT32', torch.float64: 'FLOAT64', torch.int64: 'INT64', torch.bool: 'BOOL'}[t.dtype]


def vals(t):
    flat = t.detach().reshape(-1).tolist()
    return ' '.join(repr(float(v)) if t.dtype.is_floating_point else str(int(v)) for v in flat)


def put(name, t):
    lines.append(f'{name}|{dtype_str(t)}|{shape_str(t)}|{vals(t)}')


def inp(name, *shape, dtype=torch.float64, scale=1.0):
    t = (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).to(dtype)
    put(name, t)
    return t.clone().requires_grad_(t.dtype.is_floating_point)


# var / std: unbiased by default, dims, keepdim, correction
x = inp('var.x', 3, 4, 5)
put('var.all', x.var())
put('var.dim1', x.var(dim=1))
put('var.dims02.keep', x.var(dim=(0, 2), keepdim=True))
put('var.dim2.biased', x.var(dim=2, unbiased=False))
put('std.dim0', x.std(dim=0))
put('std.all', x.std())
x.var(dim=1).sum().backward()
put('var.dim1.grad', x.grad)

# cross-entropy: reductions, ignore_index, (N, C, d) logits
lg = inp('ce.logits', 6, 5)
tg = torch.tensor([1, 0, 4, 2, 2, 3])
put('ce.target', tg)
for red in ['mean', 'sum', 'none']:
    put(f'ce.{red}', F.cross_entropy(lg, tg, reduction=red))
    put(f'ce.ignore2.{red}', F.cross_entropy(lg, tg, reduction=red, ignore_index=2))
lg.grad = None
F.cross_entropy(lg, tg, ignore_index=2).backward()
put('ce.ignore2.mean.grad', lg.grad)
lg3 = inp('ce3.logits', 2, 4, 3)
tg3 = torch.tensor([[0, 3, 1], [2, 2, 0]])
put('ce3.target', tg3)
put('ce3.mean', F.cross_entropy(lg3, tg3))
put('ce3.none', F.cross_entropy(lg3, tg3, reduction='none'))
F.cross_entropy(lg3, tg3).backward()
put('ce3.mean.grad', lg3.grad)

# log-softmax along both dims, with gradient of a weighted sum
ls = inp('lsm.x', 4, 6, scale=3.0)
w = torch.arange(24, dtype=torch.float64).reshape(4, 6) / 10
put('lsm.dim1', F.log_softmax(ls, dim=1))
put('lsm.dim0', F.log_softmax(ls, dim=0))
(F.log_softmax(ls, dim=1) * w).sum().backward()
put('lsm.dim1.grad', ls.grad)

# matmul broadcasting
cases = {
    'mm.1d2d': ((4,), (4, 3)),
    'mm.2d1d': ((3, 4), (4,)),
    'mm.1d1d': ((4,), (4,)),
    'mm.3d1d': ((2, 3, 4), (4,)),
    'mm.1d3d': ((3,), (2, 3, 4)),
    'mm.bcast': ((2, 1, 3, 4), (5, 4, 2)),
}
for name, (sa, sb) in cases.items():
    a = inp(name + '.a', *sa)
    b = inp(name + '.b', *sb)
    out = a @ b
    put(name + '.out', out)
    (out * out).sum().backward()
    put(name + '.ga', a.grad)
    put(name + '.gb', b.grad)

# gelu, both forms, values and gradients, float64 and float32
for dt, tag in [(torch.float64, 'f64'), (torch.float32, 'f32')]:
    gx = inp(f'gelu.{tag}.x', 20, dtype=dt, scale=2.5)
    for approx in ['none', 'tanh']:
        gx.grad = None
        y = F.gelu(gx, approximate=approx)
        put(f'gelu.{tag}.{approx}', y)
        y.sum().backward()
        put(f'gelu.{tag}.{approx}.grad', gx.grad)

# random factories: one generator, drawn in this order
rg = torch.Generator().manual_seed(42)
put('rng.rand', torch.rand(3, 5, generator=rg))
put('rng.randn', torch.randn(4, 5, generator=rg))
put('rng.randn64', torch.randn(3, 7, generator=rg, dtype=torch.float64))
put('rng.randint', torch.randint(0, 27, (2, 6), generator=rg))
put('rng.randperm', torch.randperm(10, generator=rg))
put('rng.multinomial', torch.multinomial(torch.tensor([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]]), 4, replacement=True, generator=rg))
put('rng.normal_', torch.empty(20).normal_(1.0, 2.0, generator=rg))
put('rng.uniform_', torch.empty(2, 3).uniform_(-1.0, 1.0, generator=rg))

with open(os.path.join(OUT, 'values.txt.tmp'), 'w') as f:
    f.write('\n'.join(lines) + '\n')
os.replace(os.path.join(OUT, 'values.txt.tmp'), os.path.join(OUT, 'values.txt'))

# toString formatting
blocks = []


def show(name, t):
    src = t.detach()
    header = f'=== {name}|{dtype_str(src)}|{shape_str(src)}|{int(t.requires_grad and t.grad_fn is None)}|{vals(src)}'
    blocks.append(header + '\n' + str(t))


show('scalar', torch.tensor(3.14159))
show('scalar.int', torch.tensor(7))
show('vector', torch.tensor([1.5, -2.25, 3.0]))
show('vector.intmode', torch.tensor([1.0, -2.0, 300.0]))
show('vector.sci', torch.tensor([1e-5, 2.5, 3.0]))
show('vector.bigsci', torch.tensor([1.0, 2e9]))
show('matrix', torch.randn(3, 4, generator=g))
show('cube', torch.randn(2, 3, 4, generator=g))
show('wide', torch.randn(30, generator=g))
show('float64', torch.randn(2, 3, generator=g, dtype=torch.float64))
show('int64', torch.tensor([[1, -20, 300], [4, 5, 6]]))
show('bool', torch.tensor([True, False, True]))
show('negatives', -torch.rand(2, 2, generator=g))
show('requires_grad', torch.randn(2, 2, generator=g).requires_grad_())
show('large.vector', torch.arange(2000, dtype=torch.float32) / 7)
show('large.matrix', torch.randn(40, 50, generator=g))
show('large.cube', torch.randn(20, 10, 12, generator=g, dtype=torch.float64))
show('large.int', torch.arange(1500).reshape(30, 50))
show('empty', torch.zeros(0, 3))
show('wrap2d', torch.randn(2, 25, generator=g))
show('int.wide', torch.arange(-20, 40))
show('nonfinite', torch.tensor([float('nan'), float('inf'), -float('inf'), 1.5]))
show('nonfinite.int', torch.tensor([float('nan'), 2.0, -3.0]))
show('negzero', torch.tensor([-0.0, 0.0, 1.25]))
show('tiny', torch.tensor([1e-10, -3e-12, 0.0]))
show('fourd', torch.randn(2, 2, 2, 3, generator=g))
show('float64.large', torch.randn(1200, generator=g, dtype=torch.float64) * 1000)
show('bool2d', torch.tensor([[True, False], [False, False]]))
show('zeros', torch.zeros(2, 2))
with open(os.path.join(OUT, 'tostring.txt.tmp'), 'w') as f:
    f.write('\n'.join(blocks) + '\n')
os.replace(os.path.join(OUT, 'tostring.txt.tmp'), os.path.join(OUT, 'tostring.txt'))

# lecture 2: neural bigram on "emma" with Generator(2147483647), W = randn((27, 27))
lg2 = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=lg2, requires_grad=True)
xs = torch.tensor([0, 5, 13, 13, 1])
ys = torch.tensor([5, 13, 13, 1, 0])
xenc = F.one_hot(xs, num_classes=27).float()
logits = xenc @ W
counts = logits.exp()
probs = counts / counts.sum(1, keepdims=True)
loss = -probs[torch.arange(5), ys].log().mean()
first_loss = loss.item()
steps = []
W2 = W.detach().clone().requires_grad_()
for _ in range(10):
    probs = (xenc @ W2).exp()
    probs = probs / probs.sum(1, keepdims=True)
    l2 = -probs[torch.arange(5), ys].log().mean()
    steps.append(l2.item())
    W2.grad = None
    l2.backward()
    W2.data += -50 * W2.grad
with open(os.path.join(OUT, 'bigram.txt.tmp'), 'w') as f:
    f.write(f'loss|{loss.item()!r}\n')
    f.write(f'loss4|{loss.item():.4f}\n')
    f.write(f'W|{vals(W)}\n')
    f.write(f'steps|{" ".join(repr(v) for v in steps)}\n')
os.replace(os.path.join(OUT, 'bigram.txt.tmp'), os.path.join(OUT, 'bigram.txt'))
print('loss', loss.item())
