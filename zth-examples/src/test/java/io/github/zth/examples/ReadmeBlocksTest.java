package io.github.zth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README parser that {@link ReadmeIT} relies on, on a small README and on the real one. */
class ReadmeBlocksTest {
  @Test
  void readsBoldCommandsTheirQuotedOutputAndNotes() {
    String md =
        String.join(
            "\n",
            "## Quick start",
            "<!-- readme-test: long; short: --max-iters 2 -->",
            "```sh",
            "bin/zth gpt train --max-iters 2000",
            "./mvnw -B verify",
            "```",
            "**`bin/zth tokenizer train --out ts`** then **`bin/zth tokenizer encode --text \"a b\"`**:",
            "```",
            "tokens: 2",
            "...",
            "```",
            "**`bin/zth mlp`** (long):",
            "<!-- readme-test: long; short: --steps 3; volatile: train_seconds -->",
            "```",
            "val_loss: 2.1730",
            "train_seconds: 1.0",
            "```");
    List<ReadmeBlocks.Example> ex = ReadmeBlocks.parse(md);
    assertEquals(3, ex.size());
    assertEquals(List.of("gpt train --max-iters 2000"), ex.get(0).commands());
    assertTrue(ex.get(0).isLong());
    assertEquals(
        List.of("tokenizer train --out ts", "tokenizer encode --text \"a b\""),
        ex.get(1).commands());
    assertEquals(List.of("tokens: 2"), ex.get(1).expected());
    assertFalse(ex.get(1).isLong());
    assertEquals(List.of("train_seconds"), ex.get(2).volatileKeys());
    assertEquals(
        List.of("tokenizer", "encode", "--text", "a b"),
        ReadmeBlocks.words(ex.get(1).commands().get(1)));
    assertEquals(
        List.of("mlp", "--steps", "3", "--data", "x"),
        ReadmeBlocks.withOptions(
            List.of("mlp", "--steps", "200000", "--data", "x"), List.of("--steps", "3")));
  }

  @Test
  void theRealReadmeHasRunnableExamplesAndEveryLongOneHasAShortForm() throws Exception {
    List<ReadmeBlocks.Example> ex =
        ReadmeBlocks.parse(Files.readString(RepoPaths.root().resolve("README.md")));
    assertTrue(ex.size() >= 8, "examples: " + ex.size());
    for (ReadmeBlocks.Example e : ex) {
      assertTrue(
          !e.isLong() || !e.shortArgs().isEmpty(),
          "README line " + e.line() + " is long but has no short form");
    }
  }
}
