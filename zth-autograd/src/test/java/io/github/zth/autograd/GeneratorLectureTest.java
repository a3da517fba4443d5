package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.PythonRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The makemore lectures' seeded outputs, reproduced at the array level from names.txt. */
class GeneratorLectureTest {

  private static List<String> names() throws IOException {
    Path file = io.github.zth.testing.SharedData.file("names.txt");
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void lectureRandNormalised() {
    Generator g = new Generator(2147483647);
    float[] p = new float[3];
    g.uniform(p, 0, 3, 0.0, 1.0);
    float sum = (p[0] + p[1]) + p[2];
    for (int i = 0; i < 3; i++) {
      p[i] /= sum;
    }
    assertEquals("[0.6064, 0.3033, 0.0903]", String.format("[%.4f, %.4f, %.4f]", p[0], p[1], p[2]));
  }

  @Test
  void pythonShuffleOfNamesGivesTheLectureSplit() throws IOException {
    List<String> words = new ArrayList<>(names());
    assertEquals(32033, words.size());
    new PythonRandom(42).shuffle(words);
    assertEquals(List.of("yuheng", "diondre", "xavien", "jori", "juanluis"), words.subList(0, 5));
    assertEquals(List.of("zaylynn", "yovani"), words.subList(words.size() - 2, words.size()));
  }

  @Test
  void bigramSamplingPrintsTheLectureNames() throws IOException {
    int[] counts = new int[27 * 27];
    for (String w : names()) {
      int prev = 0;
      for (int i = 0; i <= w.length(); i++) {
        int ix = i < w.length() ? w.charAt(i) - 'a' + 1 : 0;
        counts[prev * 27 + ix]++;
        prev = ix;
      }
    }
    // P = (N+1).float(); P /= P.sum(1, keepdims=True). The row sums are integers below 2^24, so
    // they are exact in float whatever order torch's reduction adds them in.
    float[] p = new float[27 * 27];
    for (int r = 0; r < 27; r++) {
      float s = 0f;
      for (int c = 0; c < 27; c++) {
        s += counts[r * 27 + c] + 1;
      }
      for (int c = 0; c < 27; c++) {
        p[r * 27 + c] = (counts[r * 27 + c] + 1) / s;
      }
    }
    RngGolden.Rec golden =
        RngGolden.load().stream().filter(r -> r.op().equals("bigram_p")).findFirst().orElseThrow();
    assertArrayEquals(golden.groups()[0], RngGolden.hex(p), "P differs from torch's");
    Generator g = new Generator(2147483647);
    List<String> out = new ArrayList<>();
    float[] row = new float[27];
    for (int i = 0; i < 5; i++) {
      StringBuilder sb = new StringBuilder();
      int ix = 0;
      do {
        System.arraycopy(p, ix * 27, row, 0, 27);
        ix = (int) g.multinomial(row, 1, 27, 1, true)[0];
        sb.append(ix == 0 ? '.' : (char) ('a' + ix - 1));
      } while (ix != 0);
      out.add(sb.toString());
    }
    assertEquals(List.of("mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie."), out);
    assertEquals(List.of(golden.groups()[1]), out);
  }
}
