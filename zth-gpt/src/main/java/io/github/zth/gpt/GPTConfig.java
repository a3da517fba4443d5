package io.github.zth.gpt;

import io.github.zth.autograd.io.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a {@link GPT}, nanoGPT's {@code GPTConfig} with the same defaults (GPT-2 small with
 * the vocabulary padded to 50304), plus the three switches in which makemore.py's {@code
 * Transformer} differs from nanoGPT's {@code GPT}, so one class builds both ({@link #makemore}).
 *
 * <pre>{@code
 * GPTConfig c = new GPTConfig().withNLayer(4).withNHead(4).withNEmbd(128).withBlockSize(64).withVocabSize(65);
 * GPTConfig m = GPTConfig.makemore(27, 16, 4, 4, 64); // makemore.py --type transformer
 * }</pre>
 *
 * @param blockSize the longest context the model sees (positions), positive
 * @param vocabSize number of token ids, positive
 * @param nLayer number of transformer blocks, positive
 * @param nHead attention heads per block, positive, dividing {@code nEmbd}
 * @param nEmbd width of the residual stream, positive
 * @param dropout dropout probability in [0, 1)
 * @param bias whether Linear and LayerNorm layers have biases
 * @param tieWeights whether {@code lm_head} shares the token embedding's weight (nanoGPT) or has
 *     its own (makemore)
 * @param geluTanh whether the MLP uses GELU's tanh approximation (makemore's {@code NewGELU})
 *     rather than the exact erf form (nanoGPT's {@code nn.GELU()})
 * @param init how the weights are initialised
 */
public record GPTConfig(
    int blockSize,
    int vocabSize,
    int nLayer,
    int nHead,
    int nEmbd,
    double dropout,
    boolean bias,
    boolean tieWeights,
    boolean geluTanh,
    InitScheme init) {

  /** How a {@link GPT}'s weights start. */
  public enum InitScheme {
    /**
     * nanoGPT's {@code _init_weights}: Linear and Embedding weights normal(0, 0.02), biases zero,
     * then every {@code c_proj} weight normal(0, 0.02/sqrt(2·nLayer)).
     */
    NANOGPT,
    /** PyTorch's default initialisation of each layer, as makemore.py leaves it. */
    TORCH_DEFAULT
  }

  /**
   * Checks the sizes.
   *
   * @throws IllegalArgumentException if a size is not positive, {@code nHead} does not divide
   *     {@code nEmbd}, dropout is outside [0, 1) or init is null
   */
  public GPTConfig {
    if (blockSize <= 0 || vocabSize <= 0 || nLayer <= 0 || nHead <= 0 || nEmbd <= 0) {
      throw new IllegalArgumentException(
          "GPTConfig: sizes must be positive, got block_size "
              + blockSize
              + ", vocab_size "
              + vocabSize
              + ", n_layer "
              + nLayer
              + ", n_head "
              + nHead
              + ", n_embd "
              + nEmbd);
    }
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "GPTConfig: n_embd " + nEmbd + " must be divisible by n_head " + nHead);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("GPTConfig: dropout must be in [0, 1), got " + dropout);
    }
    if (init == null) {
      throw new IllegalArgumentException(
          "GPTConfig: init must be NANOGPT or TORCH_DEFAULT, got null");
    }
  }

  /**
   * nanoGPT's model of the given shape: tied head, exact GELU, nanoGPT's initialisation.
   *
   * @param blockSize the longest context
   * @param vocabSize number of token ids
   * @param nLayer number of blocks
   * @param nHead heads per block
   * @param nEmbd residual width
   * @param dropout dropout probability
   * @param bias whether layers have biases
   */
  public GPTConfig(
      int blockSize,
      int vocabSize,
      int nLayer,
      int nHead,
      int nEmbd,
      double dropout,
      boolean bias) {
    this(
        blockSize, vocabSize, nLayer, nHead, nEmbd, dropout, bias, true, false, InitScheme.NANOGPT);
  }

  /**
   * nanoGPT's defaults: block 1024, vocab 50304, 12 layers, 12 heads, n_embd 768, dropout 0, bias.
   */
  public GPTConfig() {
    this(1024, 50304, 12, 12, 768, 0.0, true);
  }

  /**
   * GPT-2 small (124M) as OpenAI released it and build-nanogpt reproduces it: context 1024, vocab
   * 50257, 12 layers, 12 heads, n_embd 768, biases, a tied head and the tanh GELU (HF's {@code
   * gelu_new}), no dropout.
   *
   * @return the config
   */
  public static GPTConfig gpt2() {
    return new GPTConfig(1024, 50257, 12, 12, 768, 0.0, true, true, true, InitScheme.NANOGPT);
  }

  /**
   * makemore.py's {@code Transformer}: biases, no dropout, an untied {@code lm_head}, the tanh GELU
   * and PyTorch's default initialisation. Its parameter names and initial values are makemore's.
   *
   * @param vocabSize number of token ids
   * @param blockSize the longest context (makemore: longest word + 1)
   * @param nLayer number of blocks
   * @param nHead heads per block
   * @param nEmbd residual width
   * @return the config
   * @throws IllegalArgumentException on a non-positive size or {@code nHead} not dividing {@code
   *     nEmbd}
   */
  public static GPTConfig makemore(int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd) {
    return new GPTConfig(
        blockSize,
        vocabSize,
        nLayer,
        nHead,
        nEmbd,
        0.0,
        true,
        false,
        true,
        InitScheme.TORCH_DEFAULT);
  }

  /**
   * A copy with another context length (nanoGPT's {@code --block_size}); the position table grows
   * with it.
   */
  public GPTConfig withBlockSize(int v) {
    return new GPTConfig(
        v, vocabSize, nLayer, nHead, nEmbd, dropout, bias, tieWeights, geluTanh, init);
  }

  /** A copy with another vocabulary size; nanoGPT pads GPT-2's 50257 to 50304, a multiple of 64. */
  public GPTConfig withVocabSize(int v) {
    return new GPTConfig(
        blockSize, v, nLayer, nHead, nEmbd, dropout, bias, tieWeights, geluTanh, init);
  }

  /** A copy with another number of blocks (nanoGPT's {@code --n_layer}). */
  public GPTConfig withNLayer(int v) {
    return new GPTConfig(
        blockSize, vocabSize, v, nHead, nEmbd, dropout, bias, tieWeights, geluTanh, init);
  }

  /** A copy with another number of heads; it must still divide {@code nEmbd}. */
  public GPTConfig withNHead(int v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, v, nEmbd, dropout, bias, tieWeights, geluTanh, init);
  }

  /** A copy with another residual width; it must still be a multiple of {@code nHead}. */
  public GPTConfig withNEmbd(int v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, v, dropout, bias, tieWeights, geluTanh, init);
  }

  /**
   * A copy with another dropout probability in [0, 1); nanoGPT uses 0 for pretraining, 0.1+ to
   * finetune.
   */
  public GPTConfig withDropout(double v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, nEmbd, v, bias, tieWeights, geluTanh, init);
  }

  /**
   * A copy with or without biases in the Linear and LayerNorm layers (nanoGPT's {@code --bias}).
   */
  public GPTConfig withBias(boolean v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, nEmbd, dropout, v, tieWeights, geluTanh, init);
  }

  /**
   * A copy whose {@code lm_head} shares (true, nanoGPT) or owns (false, makemore) the embedding's
   * weight.
   */
  public GPTConfig withTieWeights(boolean v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, nEmbd, dropout, bias, v, geluTanh, init);
  }

  /**
   * A copy with the tanh GELU (true, GPT-2 and makemore's {@code NewGELU}) or the exact erf GELU
   * (false).
   */
  public GPTConfig withGeluTanh(boolean v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, nEmbd, dropout, bias, tieWeights, v, init);
  }

  /** A copy whose weights start from nanoGPT's scheme or PyTorch's per-layer defaults. */
  public GPTConfig withInit(InitScheme v) {
    return new GPTConfig(
        blockSize, vocabSize, nLayer, nHead, nEmbd, dropout, bias, tieWeights, geluTanh, v);
  }

  /** Returns the head size {@code nEmbd / nHead}. */
  public int headSize() {
    return nEmbd / nHead;
  }

  /**
   * Serialises to the {@code config.json} nanoGPT's field names use ({@code block_size}, ...).
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("block_size", blockSize);
    m.put("vocab_size", vocabSize);
    m.put("n_layer", nLayer);
    m.put("n_head", nHead);
    m.put("n_embd", nEmbd);
    m.put("dropout", dropout);
    m.put("bias", bias);
    if (tieWeights != d().tieWeights
        || geluTanh != d().geluTanh
        || init != d().init) { // nanoGPT's file stays nanoGPT's
      m.put("tie_weights", tieWeights);
      m.put("gelu", geluTanh ? "tanh" : "none");
      m.put("init", init == InitScheme.NANOGPT ? "nanogpt" : "torch");
    }
    return JsonObject.write(m);
  }

  /**
   * Parses a {@code config.json}, either zth's/nanoGPT's (missing keys take the defaults) or
   * Hugging Face's GPT-2 one, recognised by its {@code model_type}, {@code n_positions}, {@code
   * n_ctx} or {@code activation_function} keys (see {@link #fromHuggingFaceJson}).
   *
   * @param json the text
   * @return the config
   * @throws IllegalArgumentException if the text is malformed or a value has the wrong type
   */
  public static GPTConfig fromJson(String json) {
    JsonObject all = JsonObject.parseScalars(CONFIG, json);
    if (!all.has("block_size")
        && (all.has("model_type")
            || all.has("n_positions")
            || all.has("n_ctx")
            || all.has("activation_function"))) {
      return fromHuggingFaceJson(json);
    }
    JsonObject m = JsonObject.parse(CONFIG, json);
    GPTConfig d = new GPTConfig();
    return new GPTConfig(
        m.getInt("block_size", d.blockSize),
        m.getInt("vocab_size", d.vocabSize),
        m.getInt("n_layer", d.nLayer),
        m.getInt("n_head", d.nHead),
        m.getInt("n_embd", d.nEmbd),
        m.getDouble("dropout", d.dropout),
        m.getBoolean("bias", d.bias),
        m.getBoolean("tie_weights", d.tieWeights),
        isSecond(m, "gelu", "none", "tanh"),
        isSecond(m, "init", "nanogpt", "torch") ? InitScheme.TORCH_DEFAULT : InitScheme.NANOGPT);
  }

  /**
   * Parses Hugging Face's GPT-2 {@code config.json} ({@code GPT2Config}): {@code n_positions} (or
   * {@code n_ctx}), {@code vocab_size}, {@code n_layer}, {@code n_head} and {@code n_embd} are
   * required; {@code activation_function} must be {@code gelu_new} (or its alias {@code
   * gelu_pytorch_tanh}: the tanh GELU) or {@code gelu} (exact); {@code layer_norm_epsilon} must be
   * 1e-5, the only epsilon zth's GPT uses. The dropout probabilities are training settings of HF's
   * and are not taken: the model is loaded without dropout, as build-nanogpt does. Other keys,
   * nested ones included, are ignored.
   *
   * @param json the text
   * @return the config (biases, tied head)
   * @throws IllegalArgumentException naming the key, what was found and what was expected
   */
  public static GPTConfig fromHuggingFaceJson(String json) {
    JsonObject m = JsonObject.parseScalars(CONFIG, json);
    int block = m.has("n_positions") ? m.getInt("n_positions") : m.getInt("n_ctx");
    String act = m.getString("activation_function", "gelu_new");
    boolean tanh = "gelu_new".equals(act) || "gelu_pytorch_tanh".equals(act);
    if (!tanh && !"gelu".equals(act)) {
      throw new IllegalArgumentException(
          "config.json: \"activation_function\" is "
              + act
              + ", expected gelu_new, gelu_pytorch_tanh or gelu");
    }
    double eps = m.getDouble("layer_norm_epsilon", 1e-5);
    if (eps != 1e-5) {
      throw new IllegalArgumentException(
          "config.json: \"layer_norm_epsilon\" is "
              + eps
              + ", expected 1e-05 (zth's LayerNorm epsilon)");
    }
    return new GPTConfig(
        block,
        m.getInt("vocab_size"),
        m.getInt("n_layer"),
        m.getInt("n_head"),
        m.getInt("n_embd"),
        0.0,
        true,
        true,
        tanh,
        InitScheme.NANOGPT);
  }

  /**
   * Serialises to Hugging Face's GPT-2 {@code config.json}, the keys {@code GPT2Config} reads.
   *
   * @return the JSON text
   * @throws IllegalArgumentException if this config has no biases or an untied head, which HF's
   *     GPT-2 cannot express
   */
  public String toHuggingFaceJson() {
    if (!bias || !tieWeights) {
      throw new IllegalArgumentException(
          "GPTConfig.toHuggingFaceJson: HF's GPT-2 has biases and a tied head, got bias "
              + bias
              + ", tie_weights "
              + tieWeights);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_type", "gpt2");
    m.put("architectures", "GPT2LMHeadModel");
    m.put("activation_function", geluTanh ? "gelu_new" : "gelu");
    m.put("layer_norm_epsilon", 1e-5);
    m.put("n_ctx", blockSize);
    m.put("n_positions", blockSize);
    m.put("n_embd", nEmbd);
    m.put("n_head", nHead);
    m.put("n_layer", nLayer);
    m.put("vocab_size", vocabSize);
    m.put("embd_pdrop", dropout);
    m.put("attn_pdrop", dropout);
    m.put("resid_pdrop", dropout);
    m.put("tie_word_embeddings", true);
    String text = JsonObject.write(m);
    return text.replace("\"GPT2LMHeadModel\"", "[\"GPT2LMHeadModel\"]"); // HF lists architectures
  }

  private static final String CONFIG = "config.json";

  private static GPTConfig d() {
    return new GPTConfig();
  }

  /**
   * One of zth's two-valued string keys ({@code "gelu"}, {@code "init"}): whether it holds {@code
   * second}; absent means {@code first} (nanoGPT's file has neither key), anything else is refused.
   */
  private static boolean isSecond(JsonObject m, String key, String first, String second) {
    String v = m.getString(key, first);
    if (!first.equals(v) && !second.equals(v)) {
      throw new IllegalArgumentException(
          "config.json: \"" + key + "\" must be \"" + first + "\" or \"" + second + "\", got " + v);
    }
    return second.equals(v);
  }
}
