#!/usr/bin/python3
"""Prints the sin/cos table of LibmDouble (zth-autograd internal/rng) as Java source.

Entry k (0 <= k < 110) holds sin(k/128) and cos(k/128) each as a double-double: the correctly
rounded value and the correctly rounded remainder, computed with mpmath at 300 bits. This is the
table shape glibc's IBM sin/cos use (glibc's own low parts differ from these in the last bit of 18
entries, about 2^-116 relative, which does not change any result in the tests' 10^6-sample check).
Usage: /usr/bin/python3 tools/golden/rng_sincos_table.py
"""
import mpmath

mpmath.mp.prec = 300
vals = []
for k in range(110):
    x = mpmath.mpf(k) / 128
    s, c = mpmath.sin(x), mpmath.cos(x)
    sn, cs = float(s), float(c)
    vals += [sn, float(s - sn), cs, float(c - cs)]
for i in range(0, len(vals), 4):
    print('    ' + ', '.join(v.hex() for v in vals[i:i + 4]) + ',')
