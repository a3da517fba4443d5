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
 * the tail (no masked loads, which JDK 17 runs slowly). exp is the scalar kernel's polynomial lane by
 * lane, so elementwise results equal the scalar path's bit for bit. One species, as
 * {@code VectorGemm} uses, to keep C2's code for both small.
 */
final class VectorFused implements FusedKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  VectorFused() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "Vector API, " + S.vectorBitSize() + "-bit float lanes";
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
  public void gelu(boolean tanh, float[] x, int xo, float[] y, int yo, float[] slope, int so, int n) {
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
    FloatVector t = FloatVector.broadcast(S, 1f).div(v.abs().fma(FloatVector.broadcast(S, AS_P * INV_SQRT_2),
        FloatVector.broadcast(S, 1f)));
    FloatVector poly = t.fma(FloatVector.broadcast(S, A5), FloatVector.broadcast(S, A4));
    poly = poly.fma(t, FloatVector.broadcast(S, A3));
    poly = poly.fma(t, FloatVector.broadcast(S, A2));
    poly = poly.fma(t, FloatVector.broadcast(S, A1));
    FloatVector h = poly.mul(t).mul(0.5f).mul(e);
    // cdf = v < 0 ? h : 1 - h, as a bit select on v's sign (a mask blend is slower on JDK 17)
    IntVector hb = (IntVector) h.reinterpretAsInts();
    IntVector ob = (IntVector) FloatVector.broadcast(S, 1f).sub(h).reinterpretAsInts();
    IntVector neg = ((IntVector) v.reinterpretAsInts()).lanewise(VectorOperators.ASHR, 31);
    FloatVector cdf = ob.lanewise(VectorOperators.XOR, ob.lanewise(VectorOperators.XOR, hb).lanewise(VectorOperators.AND, neg))
        .reinterpretAsFloats();
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
      FloatVector.fromArray(S, y, yo + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += x[xo + i];
    }
  }

  @Override
  public void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = a[ao + i] * b[bo + i];
    }
  }

  @Override
  public float max(float[] x, int xo, int n) {
    int i = 0;
    float m = x[xo];
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector acc = FloatVector.fromArray(S, x, xo);
      for (i = V; i < bound; i += V) {
        acc = acc.max(FloatVector.fromArray(S, x, xo + i));
      }
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      m = Math.max(m, x[xo + i]);
    }
    return m;
  }

  @Override
  public float expSum(float[] x, int xo, float scale, float shift, float[] y, int yo, int n) {
    int i = 0;
    FloatVector acc = FloatVector.zero(S);
    FloatVector sc = FloatVector.broadcast(S, scale);
    FloatVector sh = FloatVector.broadcast(S, -shift);
    for (int bound = S.loopBound(n); i < bound; i += V) {
      FloatVector e = exp(sc.fma(FloatVector.fromArray(S, x, xo + i), sh));
      e.intoArray(y, yo + i);
      acc = acc.add(e);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float e = ScalarFused.exp(Math.fma(scale, x[xo + i], -shift));
      y[yo + i] = e;
      s += e;
    }
    return s;
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
  public void softmaxBackward(float[] p, int po, float[] g, int go, float s, int n) {
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += V) {
      acc = FloatVector.fromArray(S, p, po + i).fma(FloatVector.fromArray(S, g, go + i), acc);
    }
    float dot = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      dot = Math.fma(p[po + i], g[go + i], dot);
    }
    for (i = 0; i < bound; i += V) {
      FloatVector pv = FloatVector.fromArray(S, p, po + i);
      pv.mul(s).mul(FloatVector.fromArray(S, g, go + i).sub(dot)).intoArray(g, go + i);
    }
    for (; i < n; i++) {
      g[go + i] = s * p[po + i] * (g[go + i] - dot);
    }
  }

  @Override
  public void layerNormRow(float[] x, int xo, float[] w, float[] b, float eps, float[] y, int yo, float[] stats,
      int row, int n) {
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += V) {
      acc = acc.add(FloatVector.fromArray(S, x, xo + i));
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += x[xo + i];
    }
    float mean = sum / n;
    acc = FloatVector.zero(S);
    for (i = 0; i < bound; i += V) {
      FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mean);
      acc = d.fma(d, acc);
    }
    float sq = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float d = x[xo + i] - mean;
      sq = Math.fma(d, d, sq);
    }
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
  public void layerNormRowBackward(float[] g, int go, float[] x, int xo, float mean, float rstd, float[] w,
      float[] dx, int dxo, float[] dw, float[] db, int n) {
    int bound = S.loopBound(n);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += V) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(mean).mul(rstd);
      FloatVector dh = FloatVector.fromArray(S, g, go + i).mul(FloatVector.fromArray(S, w, i));
      a1 = a1.add(dh);
      a2 = dh.fma(h, a2);
    }
    float s1 = a1.reduceLanes(VectorOperators.ADD);
    float s2 = a2.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float h = (x[xo + i] - mean) * rstd;
      float dh = g[go + i] * w[i];
      s1 += dh;
      s2 = Math.fma(dh, h, s2);
    }
    float m1 = s1 / n;
    float m2 = s2 / n;
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
