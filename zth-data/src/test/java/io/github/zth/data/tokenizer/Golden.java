package io.github.zth.data.tokenizer;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Access to the committed goldens (tools/golden/tokenizer_minbpe.py) and the shared corpora. */
final class Golden {
  private Golden() {}

  static Path file(String name) {
    try {
      return Path.of(Golden.class.getResource("/golden/tokenizer/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing golden file " + name, e);
    }
  }

  static String text(String name) throws IOException {
    return Files.readString(file(name), StandardCharsets.UTF_8);
  }

  static List<String[]> tsv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file(name), StandardCharsets.UTF_8)) {
      rows.add(line.split("\t", -1));
    }
    return rows;
  }

  /** Hex code points separated by spaces, as the golden script writes strings. */
  static String fromHex(String hex) {
    StringBuilder sb = new StringBuilder();
    for (String h : hex.trim().split(" ")) {
      if (!h.isEmpty()) {
        sb.appendCodePoint(Integer.parseInt(h, 16));
      }
    }
    return sb.toString();
  }

  static int[] ints(String s) {
    String t = s.trim();
    if (t.isEmpty()) {
      return new int[0];
    }
    String[] parts = t.split(" ");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** A shared corpus, or the test is skipped when the file is absent. */
  static Path shared(String name) {
    return io.github.zth.testing.SharedData.file(name);
  }
}
