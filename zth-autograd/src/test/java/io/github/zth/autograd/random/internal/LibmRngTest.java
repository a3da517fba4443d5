package io.github.zth.autograd.random.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The libm ports against glibc 2.36 itself: SHA-256 digests (tools/golden/rng_libm_digests.py) of
 * logf/sinf/cosf over every float input the DEFAULT normal kernel can produce, and of log over 1.3
 * million inputs of the double kernels' form. (The double sin/cos are not ports; SinCosTest.)
 */
class LibmRngTest {
  private static final Map<String, String> DIGESTS = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = LibmRngTest.class.getResourceAsStream("/golden/rng/libm_digests.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] kv = line.split(" ");
          DIGESTS.put(kv[0], kv[1]);
        }
      }
    }
  }

  private interface FloatFn {
    float apply(int k);
  }

  private static String floatDigest(FloatFn f) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < 1 << 24; k++) {
      buf.putFloat(f.apply(k));
      if (!buf.hasRemaining()) {
        md.update(buf.array());
        buf.clear();
      }
    }
    md.update(buf.array(), 0, buf.position());
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void glibcFloatFunctionsExhaustively() throws NoSuchAlgorithmException {
    assertEquals(DIGESTS.get("logf"), floatDigest(k -> GlibcFloatMath.logf(1f - k * 0x1p-24f)));
    assertEquals(
        DIGESTS.get("sinf"),
        floatDigest(k -> GlibcFloatMath.sinf((float) (2.0 * Math.PI * (k * 0x1p-24)))));
    assertEquals(
        DIGESTS.get("cosf"),
        floatDigest(k -> GlibcFloatMath.cosf((float) (2.0 * Math.PI * (k * 0x1p-24)))));
  }

  private static String doubleDigest(DoubleUnaryOperator f) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    long state = 0;
    int n = (1 << 20) + (1 << 18);
    for (int i = 0; i < n; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      double u = (z & ((1L << 53) - 1)) * 0x1p-53;
      if (i >= 1 << 20) {
        u = Math.scalb(u, -(1 + i % 48));
      }
      buf.putDouble(f.applyAsDouble(u));
      if (!buf.hasRemaining()) {
        md.update(buf.array());
        buf.clear();
      }
    }
    md.update(buf.array(), 0, buf.position());
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void glibcDoubleLogOnKernelInputs() throws NoSuchAlgorithmException {
    assertEquals(DIGESTS.get("log"), doubleDigest(u -> LibmDouble.log(1.0 - u)));
  }
}
