package io.github.zth.autograd.internal.simd;

import static io.github.zth.autograd.internal.simd.ScalarFused.A1;
import static io.github.zth.autograd.internal.simd.ScalarFused.A2;
import static io.github.zth.autograd.internal.simd.ScalarFused.A3;
import static io.github.zth.autograd.internal.simd.ScalarFused.A4;
import static io.github.zth.autograd.internal.simd.ScalarFused.A5;
import static io.github.zth.autograd.internal.simd.ScalarFused.AS_P;
import static io.github.zth.autograd.internal.simd.ScalarFused.EXP_BIAS;
import static io.github.zth.autograd.internal.simd.ScalarFused.EXP_HI;
import static io.github.zth.autograd.internal.simd.ScalarFused.EXP_LO;
import static io.github.zth.autograd.internal.simd.ScalarFused.GELU_C;
import static io.github.zth.autograd.internal.simd.ScalarFused.INV_SQRT_2;
import static io.github.zth.autograd.internal.simd.ScalarFused.INV_SQRT_2PI;
import static io.github.zth.autograd.internal.simd.ScalarFused.LN2_HI;
import static io.github.zth.autograd.internal.simd.ScalarFused.LN2_LO;
import static io.github.zth.autograd.internal.simd.ScalarFused.LOG2E;
import static io.github.zth.autograd.internal.simd.ScalarFused.MAGIC;
import static io.github.zth.autograd.internal.simd.ScalarFused.P0;
import static io.github.zth.autograd.internal.simd.ScalarFused.P1;
import static io.github.zth.autograd.internal.simd.ScalarFused.P2;
import static io.github.zth.autograd.internal.simd.ScalarFused.P3;
import static io.github.zth.autograd.internal.simd.ScalarFused.P4;
import static io.github.zth.autograd.internal.simd.ScalarFused.P5;
import static io.github.zth.autograd.internal.simd.ScalarFused.SQRT_2_OVER_PI;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused kernels on the Vector API: full vectors in the main loop, the scalar kernel's code for
 * the tail (no masked loads, which JDK 17 runs slowly). exp is the scalar kernel's polynomial lane
 * by lane, so elementwise results equal the scalar path's bit for bit. Sums keep the 16 partial
 * sums of {@link ScalarFused}'s fixed layout in {@link #A} accumulators (lane l of accumulator a
 * holds partial a·V + l), walk the row in 16-element groups, add a ragged end lane by lane, and
 * combine with {@link ScalarFused#tree}, so they equal the scalar path's bit for bit at every
 * width; no {@code reduceLanes(ADD)}, whose order is unspecified. One species, {@link
 * VectorWidth#FLOAT}, as {@code VectorGemm} uses, to keep C2's code for both small.
 */
final class VectorFused implements FusedKernels {
  private static final VectorSpecies<Float> S = VectorWidth.FLOAT;
  private static final int V = S.length();

  /** Accumulators that hold the 16 partial sums: 1 at 512 bits, 2 at 256, 4 at 128. */
  private static final int A = ScalarFused.LANES / V;

  private static final int G = ScalarFused.LANES;

  VectorFused() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "Vector API, " + S.vectorBitSize() + "-bit float lanes";
  }

  /**
   * Stores the accumulators' lanes as the layout's 16 partial sums at {@code p[off..off+16)}
   * (unused accumulators are ignored), in the caller's scratch: an array made here per row is one
   * escape analysis cannot remove, since vector stores write it.
   */
  private static float[] partials(
      float[] p, int off, FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3) {
    a0.intoArray(p, off);
    if (A > 1) {
      a1.intoArray(p, off + V);
    }
    if (A > 2) {
      a2.intoArray(p, off + 2 * V);
      a3.intoArray(p, off + 3 * V);
    }
    return p;
  }

  private static FloatVector exp(FloatVector x) {
    FloatVector c = x.max(EXP_LO).min(EXP_HI);
    FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, MAGIC));
    FloatVector fn = t.sub(MAGIC);
    FloatVector r = fn.fma(FloatVector.broadcast(S, -LN2_HI), c);
    r = fn.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1));
    p = p.fma(r, FloatVector.broadcast(S, P2));
    p = p.fma(r, FloatVector.broadcast(S, P3));
    p = p.fma(r, FloatVector.broadcast(S, P4));
    p = p.fma(r, FloatVector.broadcast(S, P5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    IntVector bits = (IntVector) t.reinterpretAsInts();
    FloatVector pow2 = bits.add(EXP_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(pow2);
  }

  @Override
  public void gelu(
      boolean tanh, float[] x, int xo, float[] y, int yo, float[] slope, int so, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    if (tanh) {
      for (; i < bound; i += V) {
        geluTanh(x, xo + i, y, yo + i, slope, so + i);
      }
      for (; i < n; i++) {
        y[yo + i] = ScalarFused.geluTanh(x[xo + i], slope, so + i);
      }
    } else {
      for (; i < bound; i += V) {
        geluErf(x, xo + i, y, yo + i, slope, so + i);
      }
      for (; i < n; i++) {
        y[yo + i] = ScalarFused.geluErf(x[xo + i], slope, so + i);
      }
    }
  }

  private static void geluErf(float[] x, int xo, float[] y, int yo, float[] slope, int so) {
    FloatVector v = FloatVector.fromArray(S, x, xo);
    FloatVector e = exp(v.mul(-0.5f).mul(v));
    FloatVector t =
        FloatVector.broadcast(S, 1f)
            .div(
                v.abs()
                    .fma(
                        FloatVector.broadcast(S, AS_P * INV_SQRT_2), FloatVector.broadcast(S, 1f)));
    FloatVector poly = t.fma(FloatVector.broadcast(S, A5), FloatVector.broadcast(S, A4));
    poly = poly.fma(t, FloatVector.broadcast(S, A3));
    poly = poly.fma(t, FloatVector.broadcast(S, A2));
    poly = poly.fma(t, FloatVector.broadcast(S, A1));
    FloatVector h = poly.mul(t).mul(0.5f).mul(e);
    // cdf = v < 0 ? h : 1 - h, as the scalar kernel writes it. A compare and blend: the integer
    // bit select on v's sign used before ran in the Vector API's Java fallback on JDK 25 (JFR:
    // int[]
    // and boolean[] from IntVector.bOpTemplate and maskAll at every GELU), a third of what a
    // pooled training step still allocated; JDK 17, where the blend was slower, no longer runs the
    // vector path by default
    FloatVector cdf =
        FloatVector.broadcast(S, 1f).sub(h).blend(h, v.compare(VectorOperators.LT, 0f));
    v.mul(cdf).intoArray(y, yo);
    if (slope != null) {
      v.mul(INV_SQRT_2PI).fma(e, cdf).intoArray(slope, so);
    }
  }

  private static void geluTanh(float[] x, int xo, float[] y, int yo, float[] slope, int so) {
    FloatVector v = FloatVector.fromArray(S, x, xo);
    FloatVector v2 = v.mul(v);
    FloatVector u = v.mul(GELU_C).fma(v2, v).mul(SQRT_2_OVER_PI);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector th = one.sub(FloatVector.broadcast(S, 2f).div(exp(u.mul(2f)).add(1f)));
    v.mul(0.5f).mul(one.add(th)).intoArray(y, yo);
    if (slope != null) {
      FloatVector du = v2.fma(FloatVector.broadcast(S, 3f * GELU_C), one).mul(SQRT_2_OVER_PI);
      v.mul(0.5f).mul(th.neg().fma(th, one)).fma(du, one.add(th).mul(0.5f)).intoArray(slope, so);
    }
  }

  @Override
  public void addInto(float[] x, int xo, float[] y, int yo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector.fromArray(S, y, yo + i)
          .add(FloatVector.fromArray(S, x, xo + i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += x[xo + i];
    }
  }

  @Override
  public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector.fromArray(S, a, ao + i)
          .mul(FloatVector.fromArray(S, b, bo + i))
          .intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = a[ao + i] * b[bo + i];
    }
  }

  @Override
  public float max(float[] x, int xo, int n, float[] scratch) {
    int i = 0;
    float m = x[xo];
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.fromArray(S, x, xo);
      for (i = V; i < bound; i += V) {
        acc = acc.max(FloatVector.fromArray(S, x, xo + i));
      }
      // the lanes through an array, not reduceLanes(MAX): JDK 17 runs that reduction in its Java
      // fallback (rvOp) in some compilations; a max is the same in any order
      acc.intoArray(scratch, 0);
      for (int l = 0; l < V; l++) {
        m = Math.max(m, scratch[l]);
      }
    }
    for (; i < n; i++) {
      m = Math.max(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public float expSum(
      float[] x, int xo, float scale, float shift, float[] y, int yo, int n, float[] scratch) {
    // Two passes, exp then sum: one loop doing both (an exp per accumulator) grew past C2's node
    // budget (JFR: partials and tree not inlined, NodeCountInliningCutoff, on JDK 17 and 25), which
    // boxes the accumulators; the second pass rereads y from L1.
    int i = 0;
    FloatVector sc = FloatVector.broadcast(S, scale);
    FloatVector sh = FloatVector.broadcast(S, -shift);
    for (int bound = S.loopBound(n); i < bound; i += V) {
      expInto(x, xo + i, sc, sh, y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = ScalarFused.exp(Math.fma(scale, x[xo + i], -shift));
    }
    return sum(y, yo, n, scratch);
  }

  /** The sum of n floats in the fixed 16-lane layout. */
  private static float sum(float[] x, int xo, int n, float[] scratch) {
    FloatVector z = FloatVector.zero(S);
    FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
    int i = 0;
    for (int groups = n & -G; i < groups; i += G) {
      a0 = a0.add(FloatVector.fromArray(S, x, xo + i));
      if (A > 1) {
        a1 = a1.add(FloatVector.fromArray(S, x, xo + i + V));
      }
      if (A > 2) {
        a2 = a2.add(FloatVector.fromArray(S, x, xo + i + 2 * V));
        a3 = a3.add(FloatVector.fromArray(S, x, xo + i + 3 * V));
      }
    }
    float[] p = partials(scratch, 0, a0, a1, a2, a3);
    for (; i < n; i++) {
      p[i & (G - 1)] += x[xo + i];
    }
    return ScalarFused.tree(p, 0);
  }

  private static void expInto(
      float[] x, int xo, FloatVector sc, FloatVector sh, float[] y, int yo) {
    exp(sc.fma(FloatVector.fromArray(S, x, xo), sh)).intoArray(y, yo);
  }

  @Override
  public void scale(float[] x, int xo, float s, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector.fromArray(S, x, xo + i).mul(s).intoArray(x, xo + i);
    }
    for (; i < n; i++) {
      x[xo + i] *= s;
    }
  }

  @Override
  public void softmaxBackward(
      float[] p, int po, float[] g, int go, float s, int n, float[] scratch) {
    int bound = S.loopBound(n);
    FloatVector z = FloatVector.zero(S);
    FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
    int i = 0;
    for (int groups = n & -G; i < groups; i += G) {
      a0 = fma(p, po + i, g, go + i, a0);
      if (A > 1) {
        a1 = fma(p, po + i + V, g, go + i + V, a1);
      }
      if (A > 2) {
        a2 = fma(p, po + i + 2 * V, g, go + i + 2 * V, a2);
        a3 = fma(p, po + i + 3 * V, g, go + i + 3 * V, a3);
      }
    }
    float[] acc = partials(scratch, 0, a0, a1, a2, a3);
    for (; i < n; i++) {
      acc[i & (G - 1)] = Math.fma(p[po + i], g[go + i], acc[i & (G - 1)]);
    }
    float dot = ScalarFused.tree(acc, 0);
    for (i = 0; i < bound; i += V) {
      FloatVector pv = FloatVector.fromArray(S, p, po + i);
      pv.mul(s).mul(FloatVector.fromArray(S, g, go + i).sub(dot)).intoArray(g, go + i);
    }
    for (; i < n; i++) {
      g[go + i] = s * p[po + i] * (g[go + i] - dot);
    }
  }

  private static FloatVector fma(float[] p, int po, float[] g, int go, FloatVector acc) {
    return FloatVector.fromArray(S, p, po).fma(FloatVector.fromArray(S, g, go), acc);
  }

  private static FloatVector square(float[] x, int xo, FloatVector mean, FloatVector acc) {
    FloatVector d = FloatVector.fromArray(S, x, xo).sub(mean);
    return d.fma(d, acc);
  }

  private static FloatVector gw(float[] g, int go, float[] w, int wo) {
    return FloatVector.fromArray(S, g, go).mul(FloatVector.fromArray(S, w, wo));
  }

  private static FloatVector xhat(float[] x, int xo, float mean, float rstd) {
    return FloatVector.fromArray(S, x, xo).sub(mean).mul(rstd);
  }

  @Override
  public void layerNormRow(
      float[] x,
      int xo,
      float[] w,
      float[] b,
      float eps,
      float[] y,
      int yo,
      float[] stats,
      int row,
      int n,
      float[] scratch) {
    int bound = S.loopBound(n);
    float mean = sum(x, xo, n, scratch) / n;
    FloatVector mv = FloatVector.broadcast(S, mean);
    FloatVector z = FloatVector.zero(S);
    FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
    int i = 0;
    for (int groups = n & -G; i < groups; i += G) {
      a0 = square(x, xo + i, mv, a0);
      if (A > 1) {
        a1 = square(x, xo + i + V, mv, a1);
      }
      if (A > 2) {
        a2 = square(x, xo + i + 2 * V, mv, a2);
        a3 = square(x, xo + i + 3 * V, mv, a3);
      }
    }
    float[] acc = partials(scratch, 0, a0, a1, a2, a3);
    for (; i < n; i++) {
      float d = x[xo + i] - mean;
      acc[i & (G - 1)] = Math.fma(d, d, acc[i & (G - 1)]);
    }
    float sq = ScalarFused.tree(acc, 0);
    float rstd = (float) (1 / Math.sqrt(sq / n + eps));
    stats[2 * row] = mean;
    stats[2 * row + 1] = rstd;
    for (i = 0; i < bound; i += V) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(mean).mul(rstd);
      FloatVector wv = FloatVector.fromArray(S, w, i);
      (b == null ? h.mul(wv) : h.fma(wv, FloatVector.fromArray(S, b, i))).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      y[yo + i] = b == null ? h * w[i] : Math.fma(h, w[i], b[i]);
    }
  }

  @Override
  public void layerNormRowBackward(
      float[] g,
      int go,
      float[] x,
      int xo,
      float mean,
      float rstd,
      float[] w,
      float[] dx,
      int dxo,
      float[] dw,
      float[] db,
      int n,
      float[] scratch) {
    int bound = S.loopBound(n);
    FloatVector z = FloatVector.zero(S);
    FloatVector s0 = z, s1 = z, s2 = z, s3 = z; // sums of g·w, partials a·V + lane
    FloatVector t0 = z, t1 = z, t2 = z, t3 = z; // sums of g·w·xhat
    int i = 0;
    for (int groups = n & -G; i < groups; i += G) {
      FloatVector dh = gw(g, go + i, w, i);
      s0 = s0.add(dh);
      t0 = dh.fma(xhat(x, xo + i, mean, rstd), t0);
      if (A > 1) {
        dh = gw(g, go + i + V, w, i + V);
        s1 = s1.add(dh);
        t1 = dh.fma(xhat(x, xo + i + V, mean, rstd), t1);
      }
      if (A > 2) {
        dh = gw(g, go + i + 2 * V, w, i + 2 * V);
        s2 = s2.add(dh);
        t2 = dh.fma(xhat(x, xo + i + 2 * V, mean, rstd), t2);
        dh = gw(g, go + i + 3 * V, w, i + 3 * V);
        s3 = s3.add(dh);
        t3 = dh.fma(xhat(x, xo + i + 3 * V, mean, rstd), t3);
      }
    }
    float[] p = partials(partials(scratch, 0, s0, s1, s2, s3), G, t0, t1, t2, t3);
    for (; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      float dh = g[go + i] * w[i];
      int l = i & (G - 1);
      p[l] += dh;
      p[G + l] = Math.fma(dh, h, p[G + l]);
    }
    float m1 = ScalarFused.tree(p, 0) / n;
    float m2 = ScalarFused.tree(p, G) / n;
    for (i = 0; i < bound; i += V) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(mean).mul(rstd);
      FloatVector gv = FloatVector.fromArray(S, g, go + i);
      FloatVector inner = gv.fma(FloatVector.fromArray(S, w, i), FloatVector.broadcast(S, -m1));
      h.neg().fma(FloatVector.broadcast(S, m2), inner).mul(rstd).intoArray(dx, dxo + i);
      if (dw != null) {
        gv.fma(h, FloatVector.fromArray(S, dw, i)).intoArray(dw, i);
      }
      if (db != null) {
        gv.add(FloatVector.fromArray(S, db, i)).intoArray(db, i);
      }
    }
    for (; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      dx[dxo + i] = rstd * Math.fma(-h, m2, Math.fma(g[go + i], w[i], -m1));
      if (dw != null) {
        dw[i] = Math.fma(g[go + i], h, dw[i]);
      }
      if (db != null) {
        db[i] += g[go + i];
      }
    }
  }
}
