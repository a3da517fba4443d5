#!/usr/bin/python3
"""How often zth's normals differ from torch's now that zth's double sin/cos are its own.

zth's SinCos is correctly rounded; torch calls glibc's sin/cos, which are one ulp off on a few
angles in 10^3. This draws N normals (default 10^7) per case from torch 1.13 with one seed, has
zth's Generator draw the same (SinCosAgreement.java, run on zth-autograd/target/classes, so build
that module first: ./mvnw -B -q -o -pl zth-autograd compile), and prints for each case how many
values differ and by how many ulps at most. Cases:
  f64_contig : torch.randn(N, float64), the 16-lane Box-Muller layout (double sin/cos)
  f64_nc     : normal_() of a non-contiguous float64 view, one Box-Muller pair per two values
  f32_nc     : the same for float32 (double Box-Muller, rounded to float)
  f32_contig : torch.randn(N), float32 vector math (no double sin/cos; expected identical)
The float32 kernel set is the one this torch build reports (AVX2 or DEFAULT).
Usage: /usr/bin/python3 tools/sincos/agreement.py [N] [seed]
"""
import os
import subprocess
import sys
import tempfile

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def noncontiguous(n, dtype, seed):
    torch.manual_seed(seed)
    view = torch.empty(2 * n, dtype=dtype)[::2]
    assert not view.is_contiguous()
    return view.normal_().contiguous()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10 ** 7
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    avx2 = 'CPU capability usage: AVX2' in torch.__config__.show()
    with tempfile.TemporaryDirectory() as tmp:
        torch.manual_seed(seed)
        cases = {'f64_contig': torch.randn(n, dtype=torch.float64),
                 'f64_nc': noncontiguous(n, torch.float64, seed),
                 'f32_nc': noncontiguous(n, torch.float32, seed)}
        torch.manual_seed(seed)
        cases['f32_contig'] = torch.randn(n, dtype=torch.float32)
        for name, t in cases.items():
            t.numpy().astype('<f8' if t.dtype == torch.float64 else '<f4').tofile(
                os.path.join(tmp, name + '.bin'))
        print('torch %s, kernels %s, n %d, seed %d' % (torch.__version__,
                                                        'AVX2' if avx2 else 'DEFAULT', n, seed))
        sys.stdout.flush()
        subprocess.run(['java', '-cp', os.path.join(ROOT, 'zth-autograd', 'target', 'classes'),
                        os.path.join(ROOT, 'tools', 'sincos', 'SinCosAgreement.java'), tmp,
                        str(n), str(seed), 'avx2' if avx2 else 'default'], check=True)


if __name__ == '__main__':
    main()
