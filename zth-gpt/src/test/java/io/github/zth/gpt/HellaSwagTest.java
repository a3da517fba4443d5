package io.github.zth.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.io.Json;
import io.github.zth.data.tokenizer.TiktokenEncoding;
import io.github.zth.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build-nanogpt's HellaSwag scoring against tools/golden/gpt2_hellaswag.py: made-up examples in the
 * real line format, torch 1.13's summed and mean ending losses and both predictions on the small
 * random GPT-2.
 */
class HellaSwagTest {
  @TempDir Path tmp;

  private static int[] ints(Object list) {
    return ((List<?>) list).stream().mapToInt(v -> ((Long) v).intValue()).toArray();
  }

  private static double[] doubles(Object list) {
    return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  @Test
  void lossesAndPredictionsMatchTorch() throws Exception {
    Path gpt2 = SharedData.file("gpt2/encoder.json").getParent();
    TiktokenEncoding tok =
        TiktokenEncoding.gpt2(gpt2.resolve("encoder.json"), gpt2.resolve("vocab.bpe"));
    Path dir = Gpt2FormatsTest.golden();
    List<?> want = (List<?>) Json.parse(Files.readString(dir.resolve("hellaswag_expected.json")));
    List<HellaSwag.Example> examples = HellaSwag.read(dir.resolve("hellaswag.jsonl"), 0);
    assertEquals(want.size(), examples.size());
    GPT model = Gpt2FormatsTest.hf();
    for (int i = 0; i < examples.size(); i++) {
      Map<?, ?> w = (Map<?, ?>) want.get(i);
      HellaSwag.Example e = examples.get(i);
      assertEquals(((Long) w.get("label")).intValue(), e.label());
      assertArrayEquals(ints(w.get("ctx_tokens")), tok.encode(e.ctx()), "ctx " + i);
      List<?> ends = (List<?>) w.get("ending_tokens");
      for (int j = 0; j < 4; j++) {
        assertArrayEquals(ints(ends.get(j)), tok.encode(" " + e.endings().get(j)), "ending " + j);
      }
      HellaSwag.Score s = HellaSwag.score(model, tok, e);
      double[] sum = doubles(w.get("sum_loss"));
      double[] avg = doubles(w.get("avg_loss"));
      for (int j = 0; j < 4; j++) {
        assertEquals(sum[j], s.sumLoss()[j], 1e-4 * sum[j], "example " + i + " sum " + j);
        assertEquals(avg[j], s.meanLoss()[j], 1e-4 * avg[j], "example " + i + " mean " + j);
      }
      assertEquals(((Long) w.get("pred")).intValue(), s.pred(), "pred " + i);
      assertEquals(((Long) w.get("pred_norm")).intValue(), s.predNorm(), "pred_norm " + i);
    }
    assertEquals(2, HellaSwag.read(dir.resolve("hellaswag.jsonl"), 2).size());
  }

  @Test
  void malformedLinesNameFileAndLine() throws Exception {
    String good = "{\"ctx\": \"a b\", \"label\": 1, \"endings\": [\"c\", \"d\", \"e\", \"f\"]}";
    String[] bad = {
      "{\"ctx\": \"a b\", \"label\": 1, \"endings\": [\"c\", \"d\"]}",
      "{\"ctx\": \"a b\", \"label\": 4, \"endings\": [\"c\", \"d\", \"e\", \"f\"]}",
      "{\"label\": 1, \"endings\": [\"c\", \"d\", \"e\", \"f\"]}",
      "[1, 2]",
      "{\"ctx\": \"a b\", \"label\": 1,",
    };
    for (String line : bad) {
      Path f = tmp.resolve("h.jsonl");
      Files.writeString(f, good + "\n\n" + line + "\n");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HellaSwag.read(f, 0), line);
      assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void scoreRefusesRowsBeyondTheBlockOrVocabulary() throws Exception {
    GPT model = Gpt2FormatsTest.hf();
    int[][] ends = {{1}, {2}};
    assertThrows(IllegalArgumentException.class, () -> HellaSwag.score(model, new int[64], ends));
    assertThrows(
        IllegalArgumentException.class, () -> HellaSwag.score(model, new int[] {500}, ends));
    assertThrows(
        IllegalArgumentException.class,
        () -> HellaSwag.score(model, new int[] {1}, new int[][] {{}}));
  }
}
