package io.github.zth.gpt.internal;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.optim.ParamGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch's {@code AdamW} (single-tensor form) fused into one pass per parameter, with the gradient
 * clipping factor folded in and its moments exposed for checkpoints. Same arithmetic as
 * {@code io.github.zth.nn.optim.AdamW}, in float32:
 * {@code p *= 1 - lr·wd; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
 * p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps)}.
 */
public final class FusedAdamW {

  private final List<Tensor> params = new ArrayList<>();
  private final List<Double> decays = new ArrayList<>();
  private final List<float[]> m = new ArrayList<>();
  private final List<float[]> v = new ArrayList<>();
  private final double beta1;
  private final double beta2;
  private final double eps;
  private long t;

  /**
   * @param groups parameter groups with their weight decay
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param eps denominator term
   */
  public FusedAdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
        params.add(p);
        decays.add(g.weightDecay());
        m.add(new float[p.numel()]);
        v.add(new float[p.numel()]);
      }
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** @return the number of steps taken */
  public long steps() {
    return t;
  }

  /** Clears every gradient. */
  public void zeroGrad() {
    for (Tensor p : params) {
      p.zeroGrad();
    }
  }

  /**
   * Clips the joint gradient norm to {@code maxNorm} (torch's {@code clip_grad_norm_} factor
   * {@code min(1, maxNorm/(total + 1e-6))}, 0 to skip) and takes one AdamW step.
   *
   * @param lr the learning rate
   * @param maxNorm the clipping threshold, or 0 for none
   * @return the gradient norm before clipping
   */
  @SuppressWarnings("try")
  public double step(double lr, double maxNorm) {
    List<float[]> grads = new ArrayList<>();
    double sumSq = 0;
    for (Tensor p : params) {
      float[] g = p.grad() == null ? null : p.grad().toFloatArray();
      grads.add(g);
      if (g != null) {
        float s = 0; // torch sums each gradient's squares in float, then the norms in float
        for (float x : g) {
          s += x * x;
        }
        sumSq += s;
      }
    }
    double total = Math.sqrt(sumSq);
    float clip = maxNorm > 0 ? (float) Math.min(1.0, maxNorm / (total + 1e-6)) : 1f;
    t++;
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float c1 = (float) (1 - beta1);
    float c2 = (float) (1 - beta2);
    float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
    float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
    float e = (float) eps;
    try (var off = GradMode.disabled()) {
      for (int i = 0; i < params.size(); i++) {
        float[] g = grads.get(i);
        if (g == null) {
          continue;
        }
        Tensor p = params.get(i);
        float[] w = p.toFloatArray();
        float[] mi = m.get(i);
        float[] vi = v.get(i);
        float decay = (float) (1 - lr * decays.get(i));
        for (int j = 0; j < w.length; j++) {
          float gj = clip == 1f ? g[j] : g[j] * clip;
          float wj = w[j] * decay;
          float mj = mi[j] * b1 + c1 * gj;
          float vj = vi[j] * b2 + c2 * gj * gj;
          mi[j] = mj;
          vi[j] = vj;
          w[j] = wj - stepSize * (mj / ((float) Math.sqrt(vj) / bc2Sqrt + e));
        }
        p.copy_(Tensor.fromArray(w, p.shape()));
      }
    }
    return total;
  }

  /**
   * The moments by parameter index ({@code m.0}, {@code v.0}, ...) for a checkpoint.
   *
   * @return the state tensors
   */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      out.put("m." + i, Tensor.fromArray(m.get(i), params.get(i).shape()));
      out.put("v." + i, Tensor.fromArray(v.get(i), params.get(i).shape()));
    }
    return out;
  }

  /**
   * Restores moments written by {@link #state()} and the step count.
   *
   * @param state the tensors
   * @param steps the step count
   * @throws IllegalArgumentException if a tensor is missing or has the wrong size
   */
  public void load(Map<String, Tensor> state, long steps) {
    for (int i = 0; i < params.size(); i++) {
      for (String k : new String[] {"m." + i, "v." + i}) {
        Tensor s = state.get(k);
        if (s == null || s.numel() != params.get(i).numel()) {
          throw new IllegalArgumentException("optimizer state: \"" + k + "\" is " + (s == null ? "missing" : "of size " + s.numel())
              + ", expected " + params.get(i).numel() + " values");
        }
      }
    }
    for (int i = 0; i < params.size(); i++) {
      System.arraycopy(state.get("m." + i).toFloatArray(), 0, m.get(i), 0, m.get(i).length);
      System.arraycopy(state.get("v." + i).toFloatArray(), 0, v.get(i), 0, v.get(i).length);
    }
    this.t = steps;
  }
}
