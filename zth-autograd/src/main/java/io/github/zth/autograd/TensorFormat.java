package io.github.zth.autograd;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * torch's {@code _tensor_str}: a formatter sized from the (summarised) values picks integer, fixed
 * (4 decimals) or scientific mode and one column width; vectors wrap at 80 columns and tensors over
 * 1000 elements show 3 edge items around {@code ...}.
 */
final class TensorFormat {
  private TensorFormat() {}

  private static final int PRECISION = 4;
  private static final int LINEWIDTH = 80;
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;

  static String format(Tensor t) {
    String prefix = "tensor(";
    int indent = prefix.length();
    List<String> suffixes = new ArrayList<>();
    String body;
    Tensor x = t.detach();
    if (x.numel() == 0) {
      body = "[]";
      if (x.dim() != 1) {
        StringBuilder sb = new StringBuilder("size=(");
        int[] s = x.shape();
        for (int i = 0; i < s.length; i++) {
          sb.append(i > 0 ? ", " : "").append(s[i]);
        }
        suffixes.add(sb.append(s.length == 1 ? ",)" : ")").toString());
      }
    } else {
      boolean summarize = x.numel() > THRESHOLD;
      Formatter f = new Formatter(x.dtype(), (summarize ? summarized(x) : x).toDoubleArray());
      body = str(x, indent, summarize, f);
    }
    if (t.dtype() == DType.FLOAT64) {
      suffixes.add("dtype=" + t.dtype().torchName());
    }
    if (t.gradFnName() != null) {
      suffixes.add("grad_fn=<" + t.gradFnName() + ">");
    } else if (t.requiresGrad()) {
      suffixes.add("requires_grad=True");
    }
    StringBuilder out = new StringBuilder(prefix).append(body);
    int lastLineLen = body.length() - body.lastIndexOf('\n') + 1;
    for (String s : suffixes) {
      if (lastLineLen + s.length() + 2 > LINEWIDTH) {
        out.append(",\n").append(" ".repeat(indent)).append(s);
        lastLineLen = indent + s.length();
      } else {
        out.append(", ").append(s);
        lastLineLen += s.length() + 2;
      }
    }
    return out.append(')').toString();
  }

  private static Tensor summarized(Tensor x) {
    if (x.dim() == 0) {
      return x;
    }
    int n = x.size(0);
    if (x.dim() == 1) {
      return n > 2 * EDGE
          ? Tensor.cat(List.of(x.narrow(0, 0, EDGE), x.narrow(0, n - EDGE, EDGE)), 0)
          : x;
    }
    List<Tensor> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (n > 2 * EDGE && i == EDGE) {
        i = n - EDGE;
      }
      parts.add(summarized(x.select(0, i)));
    }
    return Tensor.stack(parts, 0);
  }

  private static String str(Tensor x, int indent, boolean summarize, Formatter f) {
    int dim = x.dim();
    if (dim == 0) {
      return f.format(x.item());
    }
    int n = x.size(0);
    if (dim == 1) {
      int elementLength = f.width + 2;
      int perLine = Math.max(1, (LINEWIDTH - indent) / elementLength);
      double[] v = x.toDoubleArray();
      List<String> data = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (summarize && n > 2 * EDGE && i == EDGE) {
          data.add(" ...");
          i = n - EDGE;
        }
        data.add(f.format(v[i]));
      }
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < data.size(); i++) {
        if (i > 0) {
          sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
        }
        sb.append(data.get(i));
      }
      return sb.append(']').toString();
    }
    List<String> slices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i == EDGE) {
        slices.add("...");
        i = n - EDGE;
      }
      slices.add(str(x.select(0, i), indent + 1, summarize, f));
    }
    String sep = "," + "\n".repeat(dim - 1) + " ".repeat(indent + 1);
    return "[" + String.join(sep, slices) + "]";
  }

  /** Chooses the number style and column width from all (summarised) values, as torch does. */
  private static final class Formatter {
    final boolean floating;
    final boolean bool;
    boolean intMode = true;
    boolean sciMode;
    int width = 1;

    Formatter(DType dtype, double[] values) {
      this.floating = dtype.isFloatingPoint();
      this.bool = dtype == DType.BOOL;
      if (!floating) {
        for (double v : values) {
          width = Math.max(width, integral(v).length());
        }
        return;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      int count = 0;
      for (double v : values) {
        if (Double.isFinite(v) && v != 0) {
          count++;
          min = Math.min(min, Math.abs(v));
          max = Math.max(max, Math.abs(v));
          if (v != Math.ceil(v)) {
            intMode = false;
          }
        }
      }
      if (count == 0) {
        return;
      }
      if (intMode) {
        sciMode = max / min > 1000 || max > 1e8;
      } else {
        sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
      }
      for (double v : values) {
        if (Double.isFinite(v) && v != 0) {
          int len =
              sciMode
                  ? sci(v).length()
                  : intMode ? fixed(v, 0).length() + 1 : fixed(v, PRECISION).length();
          width = Math.max(width, len);
        }
      }
    }

    String format(double v) {
      String s;
      if (!floating) {
        s = integral(v);
      } else if (Double.isNaN(v)) {
        s = "nan";
      } else if (Double.isInfinite(v)) {
        s = v > 0 ? "inf" : "-inf";
      } else if (sciMode) {
        s = sci(v);
      } else if (intMode) {
        s = fixed(v, 0) + ".";
      } else {
        s = fixed(v, PRECISION);
      }
      return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private String integral(double v) {
      return bool ? (v != 0 ? "True" : "False") : Long.toString((long) v);
    }
  }

  /**
   * Python's {@code '{:.Nf}'}: exact binary value rounded half-even, sign kept for negative zero.
   */
  static String fixed(double v, int decimals) {
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    return negative && !s.startsWith("-") ? "-" + s : s;
  }

  /** Python's {@code '{:.4e}'}, e.g. {@code 1.2346e+05}. */
  static String sci(double v) {
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0." + "0".repeat(PRECISION) + "e+00";
    }
    BigDecimal b = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
    int exp = b.precision() - b.scale() - 1;
    BigDecimal mant = b.movePointLeft(exp).setScale(PRECISION, RoundingMode.HALF_EVEN);
    String e = Integer.toString(Math.abs(exp));
    return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }
}
