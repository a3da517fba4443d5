#!/usr/bin/python3
"""Golden values for the op semantics of issue 22 from PyTorch 1.13 (run with /usr/bin/python3).

Writes zth-autograd/src/test/resources/golden/tensor/ops.txt in tensor_golden.py's format:
one case per line, name|dtype|shape|v v v ... (floats as exact Python reprs).
"""
import os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'zth-autograd', 'src', 'test', 'resources', 'golden',
                   'tensor', 'ops.txt')
g = torch.Generator().manual_seed(22)
lines = []
nan = float('nan')


def put(name, t):
    dt = {torch.float32: 'FLOAT32', torch.float64: 'FLOAT64', torch.int64: 'INT64', torch.bool: 'BOOL'}[t.dtype]
    flat = t.detach().reshape(-1).tolist()
    v = ' '.join(repr(float(x)) if t.dtype.is_floating_point else str(int(x)) for x in flat)
    lines.append(f'{name}|{dt}|{",".join(str(s) for s in t.shape)}|{v}')


def leaf(name, t):
    put(name, t)
    return t.clone().requires_grad_(t.dtype.is_floating_point)


# linspace with one step is the start
put('linspace.one', torch.linspace(2, 5, 1))
put('linspace.five', torch.linspace(2, 5, 5))

# integer powers of an INT64 tensor by an INT64 tensor: wrapping, negative exponents give 0 except +-1
b = leaf('powi.base', torch.tensor([0, -1, 1, 2, 3, -2, 7]))
e = leaf('powi.exp', torch.tensor([-1, -3, -2, 62, 50, 3, 0]))
put('powi.out', b.pow(e))

# relu keeps NaN and passes its gradient
x = leaf('relu.x', torch.tensor([nan, -1.0, 0.0, 2.0, -0.0]))
y = torch.relu(x)
y.sum().backward()
put('relu.out', y)
put('relu.grad', x.grad)

# full max/min: the gradient is shared by the NaN elements, or by the ties
for name, vals in [('nan2', [1.0, nan, 3.0, nan]), ('nan1', [1.0, nan, 3.0]), ('ties', [1.0, 3.0, 3.0, -2.0])]:
    for op in ['max', 'min']:
        x = leaf(f'{op}.{name}.x', torch.tensor(vals, dtype=torch.float64))
        y = getattr(x, op)()
        y.backward()
        put(f'{op}.{name}.out', y)
        put(f'{op}.{name}.grad', x.grad)
# max along a dim with a NaN: the NaN wins, index and gradient go to it
x = leaf('maxdim.x', torch.tensor([[1.0, nan, 0.5], [2.0, 3.0, nan], [4.0, 1.0, 2.0]], dtype=torch.float64))
v, i = x.max(1)
v.sum().backward()
put('maxdim.values', v)
put('maxdim.indices', i)
put('maxdim.grad', x.grad)

# std where std == 0 has gradient 0
x = leaf('std.x', torch.tensor([[2.0, 2.0, 2.0], [1.0, 3.0, 4.0]], dtype=torch.float64))
x.std(1).sum().backward()
put('std.dim1.out', x.std(1))
put('std.dim1.grad', x.grad)
x = leaf('std.const', torch.tensor([5.0, 5.0, 5.0, 5.0], dtype=torch.float64))
x.std().backward()
put('std.const.grad', x.grad)

# tensor-exponent pow: gradients masked at exponent 0 (base) and at base 0 with exponent >= 0 (exponent)
b = leaf('pow.b', torch.tensor([0.0, 0.0, 2.0, 0.0, -1.0, 0.0, 3.0, 1.5], dtype=torch.float64))
e = leaf('pow.e', torch.tensor([2.0, 0.0, 0.0, -1.0, 0.5, 0.5, 1.0, -2.0], dtype=torch.float64))
y = b.pow(e)
y.backward(torch.ones_like(y))
put('pow.out', y)
put('pow.gb', b.grad)
put('pow.ge', e.grad)
# broadcast: a (3, 1) base with a (4,) exponent
b = leaf('powb.b', torch.tensor([[0.0], [2.0], [0.5]], dtype=torch.float64))
e = leaf('powb.e', torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64))
b.pow(e).sum().backward()
put('powb.gb', b.grad)
put('powb.ge', e.grad)

# floating unary ops promote INT64 to FLOAT32
xi = leaf('unary.int', torch.tensor([0, 1, 2, 3, 7]))
for op in ['exp', 'log', 'sqrt', 'tanh', 'sigmoid']:
    put(f'unary.{op}', getattr(torch, op)(xi))
put('unary.relu', torch.relu(torch.tensor([-3, 0, 4])))

# clamp with min > max gives max everywhere and no gradient
x = leaf('clamp.x', torch.tensor([1.0, 5.0, 10.0, nan]))
y = x.clamp(6, 3)
y.sum().backward()
put('clamp.out', y)
put('clamp.grad', x.grad)

# cumsum: FLOAT32 accumulates in double; INT64 and BOOL give INT64; backward is the reversed cumsum
x = leaf('cumsum.f32.x', (torch.randn(3, 257, generator=g) * torch.logspace(-3, 4, 257)).float())
y = x.cumsum(1)
gy = leaf('cumsum.f32.g', torch.randn(3, 257, generator=g).float())
y.backward(gy)
put('cumsum.f32.out', y)
put('cumsum.f32.grad', x.grad)
x = leaf('cumsum.f64.x', torch.randn(2, 3, 4, generator=g, dtype=torch.float64))
y = x.cumsum(0)
y.backward(torch.arange(24, dtype=torch.float64).reshape(2, 3, 4))
put('cumsum.f64.dim0', y)
put('cumsum.f64.dim0.grad', x.grad)
put('cumsum.f64.dimm1', x.cumsum(-1))
xi = leaf('cumsum.i64.x', torch.tensor([[1, 2, 3], [4, 5, 6]]))
put('cumsum.i64.dim0', xi.cumsum(0))
put('cumsum.i64.dim1', xi.cumsum(1))
put('cumsum.bool', torch.tensor([True, False, True, True]).cumsum(0))

# integer matmul
a = leaf('mm.a', torch.randint(-5, 6, (2, 3, 4), generator=g))
b = leaf('mm.b', torch.randint(-5, 6, (4, 5), generator=g))
put('mm.ab', a @ b)
put('mm.bTa0T', b.T @ a[0].T)
v = leaf('mm.v', torch.randint(-5, 6, (4,), generator=g))
put('mm.av', a @ v)
put('mm.vv', v @ v)

# cross-entropy with class-probability targets
lg = leaf('cep.logits', torch.randn(4, 5, generator=g, dtype=torch.float64))
tg = leaf('cep.target', torch.softmax(torch.randn(4, 5, generator=g, dtype=torch.float64), 1))
for red in ['mean', 'sum', 'none']:
    put(f'cep.{red}', F.cross_entropy(lg, tg, reduction=red))
F.cross_entropy(lg, tg).backward()
put('cep.mean.glogits', lg.grad)
put('cep.mean.gtarget', tg.grad)
lg3 = leaf('cep3.logits', torch.randn(2, 3, 4, generator=g, dtype=torch.float64))
tg3 = leaf('cep3.target', torch.softmax(torch.randn(2, 3, 4, generator=g, dtype=torch.float64), 1))
put('cep3.none', F.cross_entropy(lg3, tg3, reduction='none'))
F.cross_entropy(lg3, tg3).backward()
put('cep3.mean', F.cross_entropy(lg3, tg3))
put('cep3.mean.glogits', lg3.grad)
l1 = leaf('cep1.logits', torch.randn(5, generator=g, dtype=torch.float64))
put('cep1.mean', F.cross_entropy(l1, tg[0]))
lf = leaf('cepf.logits', torch.randn(4, 5, generator=g))
tf = leaf('cepf.target', torch.softmax(torch.randn(4, 5, generator=g), 1))
F.cross_entropy(lf, tf).backward()
put('cepf.mean', F.cross_entropy(lf, tf))
put('cepf.mean.glogits', lf.grad)

with open(OUT, 'w') as f:
    f.write('\n'.join(lines) + '\n')
print(f'wrote {len(lines)} cases to {os.path.normpath(OUT)}')
