package io.github.zth.autograd;

import io.github.zth.autograd.random.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads golden/rng/rng_vectors.txt (written by tools/golden/rng_vectors.py). */
final class RngGolden {
  private RngGolden() {}

  /** One line: the op name, its arguments, and the colon-separated value groups. */
  record Rec(String line, String op, String[] args, String[][] groups) {
    long seed() {
      return new BigInteger(args[0]).longValue();
    }

    Generator generator() {
      Generator g = new Generator(seed());
      if (args.length > 1 && (args[1].equals("avx2") || args[1].equals("default"))) {
        g.normalPath(
            args[1].equals("avx2") ? Generator.NormalPath.TORCH_X86 : Generator.NormalPath.LECTURE);
      }
      return g;
    }

    int intArg(int i) {
      return Integer.parseInt(args[i]);
    }

    double doubleArg(int i) {
      return Double.parseDouble(args[i]);
    }

    String name() {
      return line.length() > 80 ? line.substring(0, line.indexOf(" :")) : line;
    }
  }

  static List<Rec> load() {
    try (InputStream in = RngGolden.class.getResourceAsStream("/golden/rng/rng_vectors.txt")) {
      if (in == null) {
        throw new IllegalStateException("golden/rng/rng_vectors.txt missing from test resources");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      List<Rec> out = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" : ", -1);
        String[] head = parts[0].trim().split(" ");
        String[] args = new String[head.length - 1];
        System.arraycopy(head, 1, args, 0, args.length);
        String[][] groups = new String[parts.length - 1][];
        for (int i = 1; i < parts.length; i++) {
          String g = parts[i].trim();
          groups[i - 1] = g.isEmpty() ? new String[0] : g.split(" ");
        }
        out.add(new Rec(line, head[0], args, groups));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] floats(String[] hex) {
    float[] v = new float[hex.length];
    for (int i = 0; i < hex.length; i++) {
      v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[i], 16));
    }
    return v;
  }

  static double[] doubles(String[] hex) {
    double[] v = new double[hex.length];
    for (int i = 0; i < hex.length; i++) {
      v[i] = Double.longBitsToDouble(Long.parseUnsignedLong(hex[i], 16));
    }
    return v;
  }

  static long[] longs(String[] dec) {
    long[] v = new long[dec.length];
    for (int i = 0; i < dec.length; i++) {
      v[i] = Long.parseLong(dec[i]);
    }
    return v;
  }

  static String[] hex(float[] v) {
    String[] s = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      s[i] = String.format("%08x", Float.floatToRawIntBits(v[i]));
    }
    return s;
  }

  static String[] hex(double[] v) {
    String[] s = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      s[i] = String.format("%016x", Double.doubleToRawLongBits(v[i]));
    }
    return s;
  }
}
