package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.MappedTensor;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pretrained-weight layouts {@link GPT#fromPretrained} reads and {@link GPT#saveHuggingFace} /
 * {@link GPT#saveLlmc} write. Every read copies from a memory map straight into the new model's
 * parameters, a block at a time ({@link MappedTensor}), so the heap holds the model and little
 * else.
 */
final class PretrainedFiles {

  /** llm.c's {@code gpt2_124M.bin} magic number (header[0]). */
  static final int LLMC_MAGIC = 20240326;

  private static final int LLMC_HEADER_INTS = 256;

  /** llm.c pads the vocabulary to a multiple of 128 so its matmuls tile. */
  private static final int LLMC_VOCAB_MULTIPLE = 128;

  /**
   * The per-layer tensors of llm.c's file, in its order: each kind for all layers, then the next
   * kind.
   */
  private static final String[] LLMC_LAYER_KINDS = {
    "ln_1.weight",
    "ln_1.bias",
    "attn.c_attn.weight",
    "attn.c_attn.bias",
    "attn.c_proj.weight",
    "attn.c_proj.bias",
    "ln_2.weight",
    "ln_2.bias",
    "mlp.c_fc.weight",
    "mlp.c_fc.bias",
    "mlp.c_proj.weight",
    "mlp.c_proj.bias"
  };

  /** HF GPT-2's Conv1D weights, stored (in, out). */
  private static final String[] CONV1D = {
    "attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"
  };

  private PretrainedFiles() {}

  // --------------------------------------------------------------------- safetensors + config.json

  static GPT readSafetensorsDir(Path dir) throws IOException {
    Path cfg = dir.resolve("config.json");
    Path weights = dir.resolve("model.safetensors");
    if (!Files.isRegularFile(cfg) || !Files.isRegularFile(weights)) {
      throw new IllegalArgumentException(
          "GPT.fromPretrained: " + dir + " must contain config.json and model.safetensors");
    }
    GPTConfig config;
    try {
      config = GPTConfig.fromJson(io.github.zth.autograd.io.TextFiles.readUtf8(cfg));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("GPT.fromPretrained: " + cfg + ": " + e.getMessage(), e);
    }
    // First pass over the header only: whether the file keeps HF's Conv1D (in, out) layout is
    // decided
    // once, from c_attn (never square), because c_proj's (C, C) alone could not tell.
    Map<String, int[]> stored = new LinkedHashMap<>();
    double[] values = {0};
    TensorFiles.forEach(
        weights,
        t -> {
          stored.put(stateKey(t.name()), t.shape());
          values[0] +=
              java.util.Arrays.stream(t.shape()).asDoubleStream().reduce(1, (a, b) -> a * b);
        });
    // Checked before the model is built (issue 20): a damaged config.json must not allocate far
    // more
    // than the weights file holds. A near miss gets the loader's exact shape message instead.
    double c = config.nEmbd();
    double needed =
        (double) config.vocabSize() * c + config.blockSize() * c + config.nLayer() * 12.0 * c * c;
    if (needed > 4 * values[0] + (1 << 18)) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "GPT.fromPretrained: %s describes a model of at least %.0f parameters, but %s holds only %.0f values",
              cfg,
              needed,
              weights,
              values[0]));
    }
    int[] cAttn = stored.get("transformer.h.0.attn.c_attn.weight");
    boolean conv1d =
        cAttn != null
            && cAttn.length == 2
            && cAttn[0] == config.nEmbd()
            && cAttn[1] == 3 * config.nEmbd();
    GPT model = GPT.forLoading(config);
    Map<String, Tensor> own = model.stateDict();
    TreeSet<String> unexpected = new TreeSet<>();
    TreeSet<String> missing = new TreeSet<>(own.keySet());
    try {
      TensorFiles.forEach(
          weights,
          t -> {
            if (t.name().endsWith(".attn.bias") || t.name().endsWith(".attn.masked_bias")) {
              return; // HF's causal-mask buffers: zth's attention builds its mask itself
            }
            String key = stateKey(t.name());
            Tensor dst = own.get(key);
            if (dst == null) {
              unexpected.add(t.name());
              return;
            }
            if (t.dtype() == DType.INT64) {
              throw new IllegalArgumentException(
                  weights
                      + ": tensor \""
                      + t.name()
                      + "\" holds integers (I64), expected float weights");
            }
            if (conv1d && isConv1D(key)) {
              t.copyTransposedTo(dst);
            } else {
              t.copyTo(dst);
            }
            missing.remove(key);
          });
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("GPT.fromPretrained: " + e.getMessage(), e);
    }
    if (config.tieWeights() && !missing.contains("transformer.wte.weight")) {
      missing.remove("lm_head.weight"); // the head is the token embedding
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new IllegalArgumentException(
          "GPT.fromPretrained: "
              + weights
              + ": does not fit "
              + cfg
              + (missing.isEmpty() ? "" : "; missing tensors " + missing)
              + (unexpected.isEmpty() ? "" : "; unexpected tensors " + unexpected));
    }
    model.eval();
    return model;
  }

  private static String stateKey(String name) {
    return name.startsWith("transformer.") || name.startsWith("lm_head.")
        ? name
        : "transformer." + name;
  }

  private static boolean isConv1D(String key) {
    for (String c : CONV1D) {
      if (key.endsWith("." + c)) {
        return true;
      }
    }
    return false;
  }

  static void writeHuggingFace(GPT model, Path dir) throws IOException {
    String json = model.config().toHuggingFaceJson();
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
      String k = e.getKey();
      if (k.equals("lm_head.weight")) {
        continue; // tied to wte, which HF's file holds once
      }
      String name = k.substring("transformer.".length());
      out.put(
          name,
          isConv1D(k)
              ? e.getValue().detach().T()
              : e.getValue().detach()); // written a block at a time
    }
    Files.createDirectories(dir);
    TensorFiles.save(out, dir.resolve("model.safetensors"));
    writeAtomically(
        dir.resolve("config.json"),
        ch -> writeFully(ch, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))));
  }

  // ------------------------------------------------------------------------------- llm.c .bin

  /**
   * Whether a file starts with llm.c's checkpoint magic, so {@link GPT#fromPretrained} can tell it
   * from a safetensors file given by name.
   */
  static boolean isLlmc(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < 4) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(b, 0);
      return b.getInt(0) == LLMC_MAGIC;
    }
  }

  static GPT readLlmc(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < LLMC_HEADER_INTS * 4L) {
        throw bad(
            file,
            "is " + size + " bytes, shorter than llm.c's " + LLMC_HEADER_INTS * 4 + "-byte header");
      }
      ByteBuffer hb =
          ch.map(FileChannel.MapMode.READ_ONLY, 0, LLMC_HEADER_INTS * 4L)
              .order(ByteOrder.LITTLE_ENDIAN);
      int[] h = new int[LLMC_HEADER_INTS];
      hb.asIntBuffer().get(h);
      if (h[0] != LLMC_MAGIC) {
        throw bad(
            file,
            "header[0] (magic) is "
                + h[0]
                + ", expected "
                + LLMC_MAGIC
                + " (an llm.c GPT-2 checkpoint)");
      }
      if (h[1] != 3 && h[1] != 5) {
        throw bad(
            file, "header[1] (version) is " + h[1] + ", expected 3 (float32) or 5 (bfloat16)");
      }
      String[] fields = {
        "max_seq_len", "vocab_size", "num_layers", "num_heads", "channels", "padded_vocab_size"
      };
      for (int i = 2; i <= 7; i++) {
        if (h[i] <= 0) {
          throw bad(
              file,
              "header["
                  + i
                  + "] ("
                  + fields[i - 2]
                  + ") is "
                  + h[i]
                  + ", expected a positive size");
        }
      }
      int maxT = h[2];
      int v = h[3];
      int l = h[4];
      int c = h[6];
      int vp = h[7];
      if (vp < v) {
        throw bad(
            file, "header[7] (padded_vocab_size) is " + vp + ", expected at least vocab_size " + v);
      }
      GPTConfig config;
      try {
        config =
            new GPTConfig(maxT, v, l, h[5], c, 0.0, true, true, true, GPTConfig.InitScheme.NANOGPT);
      } catch (IllegalArgumentException e) {
        throw bad(file, "header describes no valid model: " + e.getMessage());
      }
      boolean bf16 = h[1] == 5;
      int elem = bf16 ? 2 : 4;
      List<Group> groups;
      long expected = LLMC_HEADER_INTS * 4L;
      try {
        groups = llmcGroups(config, vp);
        for (Group g : groups) {
          expected = Math.addExact(expected, Math.multiplyExact(g.numel(), elem));
        }
      } catch (ArithmeticException e) {
        throw bad(
            file,
            "header sizes ("
                + l
                + " layers, "
                + c
                + " channels, vocab "
                + vp
                + ", max_seq_len "
                + maxT
                + ") describe more than 2^63 bytes");
      }
      if (size != expected) {
        throw bad(
            file,
            "is "
                + size
                + " bytes, expected "
                + expected
                + " for the model in its header ("
                + l
                + " layers, "
                + c
                + " channels, vocab "
                + v
                + " padded to "
                + vp
                + ", max_seq_len "
                + maxT
                + ", "
                + (bf16 ? "bfloat16" : "float32")
                + ")");
      }
      GPT model = GPT.forLoading(config);
      Map<String, Tensor> own = model.stateDict();
      long pos = LLMC_HEADER_INTS * 4L;
      for (Group g : groups) {
        long per = g.perTensor() * elem;
        for (int i = 0; i < g.keys.size(); i++) {
          String key = g.keys.get(i);
          Tensor dst = own.get(key);
          int[] shape = dst.shape();
          long bytes = 1;
          for (int d : shape) {
            bytes *= d;
          }
          bytes *= elem; // wte's stored rows beyond vocab_size are padding: left unread
          ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, pos + i * per, bytes);
          MappedTensor t =
              bf16
                  ? MappedTensor.bfloat16(file, g.name, data, shape)
                  : MappedTensor.float32(file, g.name, data, shape);
          t.copyTo(dst);
        }
        pos += per * g.keys.size();
      }
      model.eval();
      return model;
    }
  }

  /**
   * One of llm.c's tensors: {@code keys.size()} stored tensors (one per layer) of {@code perTensor}
   * elements.
   */
  private record Group(String name, List<String> keys, long perTensor) {
    long numel() {
      return Math.multiplyExact(perTensor, (long) keys.size());
    }
  }

  private static List<Group> llmcGroups(GPTConfig config, int paddedVocab) {
    long c = config.nEmbd();
    List<Group> groups = new ArrayList<>();
    groups.add(
        new Group("wte", List.of("transformer.wte.weight"), Math.multiplyExact(paddedVocab, c)));
    groups.add(
        new Group(
            "wpe", List.of("transformer.wpe.weight"), Math.multiplyExact(config.blockSize(), c)));
    long cc = Math.multiplyExact(c, c);
    long[] sizes = {
      c,
      c,
      Math.multiplyExact(3, cc),
      3 * c,
      cc,
      c,
      c,
      c,
      Math.multiplyExact(4, cc),
      4 * c,
      Math.multiplyExact(4, cc),
      c
    };
    for (int k = 0; k < LLMC_LAYER_KINDS.length; k++) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < config.nLayer(); i++) {
        keys.add("transformer.h." + i + "." + LLMC_LAYER_KINDS[k]);
      }
      groups.add(new Group(LLMC_LAYER_KINDS[k], keys, sizes[k]));
    }
    groups.add(new Group("ln_f.weight", List.of("transformer.ln_f.weight"), c));
    groups.add(new Group("ln_f.bias", List.of("transformer.ln_f.bias"), c));
    return groups;
  }

  static void writeLlmc(GPT model, Path file, boolean bf16) throws IOException {
    GPTConfig config = model.config();
    if (!config.bias() || !config.tieWeights()) {
      throw new IllegalArgumentException(
          "GPT.saveLlmc: llm.c's GPT-2 has biases and a tied head, got bias "
              + config.bias()
              + ", tie_weights "
              + config.tieWeights());
    }
    int vp =
        (config.vocabSize() + LLMC_VOCAB_MULTIPLE - 1) / LLMC_VOCAB_MULTIPLE * LLMC_VOCAB_MULTIPLE;
    Map<String, Tensor> own = model.stateDict();
    writeAtomically(
        file,
        ch -> {
          ByteBuffer header =
              ByteBuffer.allocate(LLMC_HEADER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
          header
              .asIntBuffer()
              .put(
                  new int[] {
                    LLMC_MAGIC,
                    bf16 ? 5 : 3,
                    config.blockSize(),
                    config.vocabSize(),
                    config.nLayer(),
                    config.nHead(),
                    config.nEmbd(),
                    vp
                  });
          writeFully(ch, header);
          for (Group g : llmcGroups(config, vp)) {
            for (String key : g.keys) {
              Tensor t = own.get(key).detach();
              int rows = t.dim() == 1 ? 1 : t.size(0);
              Tensor flat = t.reshape(rows, t.numel() / rows);
              int step = Math.max(1, MappedTensor.BLOCK_ELEMENTS / Math.max(1, flat.size(1)));
              for (int r = 0; r < rows; r += step) {
                writeFloats(ch, flat.narrow(0, r, Math.min(step, rows - r)).toFloatArray(), bf16);
              }
            }
            if (g.name.equals("wte")) {
              writeFloats(ch, new float[(vp - config.vocabSize()) * config.nEmbd()], bf16);
            }
          }
        });
  }

  private static void writeFloats(FileChannel ch, float[] a, boolean bf16) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(a.length * (bf16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : a) {
      if (bf16) {
        b.putShort(toBfloat16(f));
      } else {
        b.putFloat(f);
      }
    }
    writeFully(ch, b.flip());
  }

  /**
   * Rounds to the nearest bfloat16, ties to even, as torch's {@code .to(torch.bfloat16)} does; NaN
   * stays NaN.
   */
  static short toBfloat16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  // ---------------------------------------------------------------------------------- plumbing

  private interface ChannelWriter {
    void write(FileChannel ch) throws IOException;
  }

  /**
   * Writes to a sibling temporary file and moves it into place, so a crash never leaves half a
   * file. zth-autograd's internal AtomicFiles does the same for safetensors but is not API; the
   * temporary file is made with {@code createFile}, not {@code createTempFile}, so the result has
   * the umask's mode rather than 0600.
   */
  private static void writeAtomically(Path file, ChannelWriter writer) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp =
        Files.createFile(
            abs.resolveSibling(
                "." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp"));
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.write(ch);
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static IllegalArgumentException bad(Path file, String problem) {
    return new IllegalArgumentException("GPT.fromPretrained: " + file + ": " + problem);
  }
}
