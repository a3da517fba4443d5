#!/usr/bin/python3
"""Golden values for zth's Tensor.topk and its gradient, from PyTorch 1.13 (run with /usr/bin/python3).

Writes zth-autograd/src/test/resources/golden/topk.txt, one case per line:
  name|shape|input values|k|dim|values|indices|gradient of (values * w).sum() w.r.t. the input
where w = arange(1, numel(values) + 1) in the values' shape. Covers ties (lower index first), NaN
(largest), negative dims, k = 0 and k = size, and dims other than the last.
"""
import os
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'zth-autograd', 'src', 'test', 'resources', 'golden',
                   'topk.txt')
nan = float('nan')
cases = [
    ('ties_nan', [[1., 3., 3., nan, -1.], [2., 0., 5., 5., 1.]], 3, 1),
    ('dim0', [[1., 2.], [4., 3.], [0., 9.]], 2, 0),
    ('negdim_all', [[0.5, -2., 7., 7.25]], 4, -1),
    ('k0', [[1., 2., 3.]], 0, 1),
    ('middle', [[[1., 6.], [5., 2.], [3., 4.]], [[0., -1.], [-3., 8.], [2., 2.]]], 2, 1),
    ('vector', [3., 1., 4., 1., 5., 9., 2., 6.], 3, 0),
]


def fmt(t):
    return ' '.join(repr(float(v)) if t.dtype.is_floating_point else str(int(v)) for v in t.reshape(-1).tolist())


lines = []
for name, data, k, dim in cases:
    x = torch.tensor(data, dtype=torch.float64, requires_grad=True)
    v, i = torch.topk(x, k, dim)
    w = torch.arange(1, v.numel() + 1, dtype=torch.float64).reshape(v.shape)
    (v * w).sum().backward()
    lines.append('|'.join([name, ','.join(str(s) for s in x.shape), fmt(x.detach()), str(k), str(dim), fmt(v.detach()),
                           fmt(i), fmt(x.grad)]))
with open(OUT, 'w') as f:
    f.write('# torch ' + torch.__version__ + ': name|shape|input|k|dim|values|indices|grad of (values * arange).sum()\n')
    f.write('\n'.join(lines) + '\n')
