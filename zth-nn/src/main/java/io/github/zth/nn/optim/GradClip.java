package io.github.zth.nn.optim;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.internal.Arr;
import java.util.List;

/** Gradient clipping, like {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {

    private GradClip() {
    }

    /**
     * Scales all gradients in place so their joint 2-norm is at most {@code maxNorm}: each is
     * multiplied by {@code min(1, maxNorm / (total + 1e-6))}, as torch 1.13 does. Parameters without a
     * gradient are ignored. Each gradient's sum of squares is taken in its own precision, in order;
     * the total in double.
     *
     * @param params the parameters
     * @param maxNorm the largest allowed norm, positive
     * @return the total norm before clipping (useful to log, as nanoGPT does)
     * @throws IllegalArgumentException if maxNorm is not positive
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
        }
        double sumSq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                sumSq += sumOfSquares(p.grad());
            }
        }
        double total = Math.sqrt(sumSq);
        double coef = Math.min(1.0, maxNorm / (total + 1e-6));
        if (coef < 1.0) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    scale(p.grad(), coef);
                }
            }
        }
        return total;
    }

    private static double sumOfSquares(Tensor grad) {
        Arr a = grad.contiguous().arr();
        int n = grad.numel();
        int o = a.offset();
        if (grad.dtype() == DType.FLOAT32) {
            float[] f = a.storage().f;
            // torch reduces each float gradient in float, in vector lanes: four partial sums here,
            // which also frees the loop from waiting on one add's latency per element
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                s0 = Math.fma(f[o + j], f[o + j], s0);
                s1 = Math.fma(f[o + j + 1], f[o + j + 1], s1);
                s2 = Math.fma(f[o + j + 2], f[o + j + 2], s2);
                s3 = Math.fma(f[o + j + 3], f[o + j + 3], s3);
            }
            float s = (s0 + s1) + (s2 + s3);
            for (; j < n; j++) {
                s = Math.fma(f[o + j], f[o + j], s);
            }
            return s;
        }
        double[] d = a.storage().d;
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += d[o + j] * d[o + j];
        }
        return s;
    }

    private static void scale(Tensor grad, double coef) {
        Tensor work = Flat.writable(grad);
        Arr a = work.arr();
        int n = grad.numel();
        int o = a.offset();
        if (grad.dtype() == DType.FLOAT32) {
            float[] f = a.storage().f;
            float c = (float) coef;
            for (int j = 0; j < n; j++) {
                f[o + j] *= c;
            }
        } else {
            double[] d = a.storage().d;
            for (int j = 0; j < n; j++) {
                d[o + j] *= coef;
            }
        }
        Flat.written(grad, work);
    }

    /**
     * Clamps every gradient element into {@code [-clipValue, clipValue]} in place, like
     * {@code torch.nn.utils.clip_grad_value_}. Parameters without a gradient are ignored.
     *
     * @param params the parameters
     * @param clipValue the largest allowed magnitude, positive
     * @throws IllegalArgumentException if clipValue is not positive
     */
    @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipGradValue: clipValue must be positive, got " + clipValue);
        }
        try (var off = GradMode.disabled()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().copy_(p.grad().clamp(-clipValue, clipValue));
                }
            }
        }
    }
}
