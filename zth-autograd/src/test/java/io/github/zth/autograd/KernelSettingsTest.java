package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each kernel property is checked in one place and a bad value is one line naming the property, the
 * value and what is expected. The properties are set and restored around each case.
 */
class KernelSettingsTest {

  private static <T> T with(String key, String value, Supplier<T> body) {
    String saved = System.getProperty(key);
    try {
      System.setProperty(key, value);
      return body.get();
    } finally {
      if (saved == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, saved);
      }
    }
  }

  private static String refused(String key, String value) {
    return with(
        key,
        value,
        () -> assertThrows(IllegalArgumentException.class, KernelSettings::check).getMessage());
  }

  @Test
  void badValuesAreOneLine() {
    assertEquals("-Dzth.threads=0: expected a positive integer", refused("zth.threads", "0"));
    assertEquals("-Dzth.threads=two: expected a positive integer", refused("zth.threads", "two"));
    assertEquals(
        "-Dzth.simd=banana: expected auto, vector (or true) or scalar (or false)",
        refused("zth.simd", "banana"));
    assertEquals(
        "-Dzth.vectorBits=300: expected 128, 256 or 512", refused("zth.vectorBits", "300"));
    assertEquals("-Dzth.vectorBits=64: expected 128, 256 or 512", refused("zth.vectorBits", "64"));
  }

  @Test
  void goodValuesAreNormalised() {
    assertEquals(3, with("zth.threads", " 3 ", KernelSettings::threadsProperty));
    assertEquals("scalar", with("zth.simd", "false", KernelSettings::simdProperty));
    assertEquals("vector", with("zth.simd", "TRUE", KernelSettings::simdProperty));
    assertEquals("auto", with("zth.simd", "auto", KernelSettings::simdProperty));
    assertEquals(512, with("zth.vectorBits", "512", KernelSettings::vectorBitsProperty));
  }

  @Test
  void theStartUpLineNamesTheJdkAndThePath() {
    String line = KernelSettings.describe();
    assertEquals(true, line.startsWith("zth: JDK " + Runtime.version()), line);
    assertEquals(true, line.contains("kernels: " + KernelSettings.simd()), line);
  }
}
