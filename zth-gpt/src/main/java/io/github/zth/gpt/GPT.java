package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Generator;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Reduction;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.Functional;
import io.github.zth.nn.LayerNorm;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.ModuleDict;
import io.github.zth.nn.ModuleList;
import io.github.zth.nn.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GPT language model with nanoGPT's architecture, parameter names and initialisation: token and
 * position embeddings, {@code nLayer} pre-LayerNorm {@link Block}s, a final LayerNorm and a head
 * that shares its weight with the token embedding.
 *
 * <pre>{@code
 * GPT model = new GPT(new GPTConfig().withNLayer(4).withNHead(4).withNEmbd(128).withBlockSize(64).withVocabSize(65),
 *     new Generator(1337));
 * Tensor logits = model.forward(idx);        // (B, T) INT64 -> (B, T, vocab)
 * Tensor loss = model.loss(idx, targets);    // mean cross-entropy
 * }</pre>
 *
 * <p>Built from a seeded generator, the parameters equal those of nanoGPT's {@code GPT(config)} after
 * {@code torch.manual_seed(seed)}: the layers are created in torch's order (consuming the default
 * initialisers), then re-drawn as nanoGPT's {@code _init_weights} does (normal(0, 0.02), zero biases,
 * {@code c_proj} weights normal(0, 0.02/sqrt(2·nLayer))).
 */
public final class GPT extends Module implements LanguageModel {

  private final GPTConfig config;
  private final Generator generator;
  private final Embedding wte;
  private final Embedding wpe;
  private final ModuleList h;
  private final LayerNorm lnF;
  private final Tensor headWeight;

  /** The language-model head: a bias-free Linear whose weight is the token embedding's (tied). */
  private static final class TiedHead extends Module {
    private final Tensor weight;

    TiedHead(Tensor weight) {
      this.weight = registerParameter("weight", weight);
    }

    @Override
    public Tensor forward(Tensor x) {
      return Functional.linear(x, weight, null);
    }
  }

  /**
   * Builds and initialises a model.
   *
   * @param config the shape
   * @param generator the random source for initialisation, kept for dropout
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public GPT(GPTConfig config, Generator generator) {
    this.config = config;
    this.generator = generator;
    ModuleDict transformer = registerModule("transformer", new ModuleDict());
    wte = new Embedding(config.vocabSize(), config.nEmbd(), generator);
    wpe = new Embedding(config.blockSize(), config.nEmbd(), generator);
    transformer.put("wte", wte).put("wpe", wpe);
    h = new ModuleList();
    for (int i = 0; i < config.nLayer(); i++) {
      h.add(new Block(config, generator));
    }
    transformer.put("h", h);
    lnF = new LayerNorm(config.nEmbd(), config.bias());
    transformer.put("ln_f", lnF);
    new Linear(config.nEmbd(), config.vocabSize(), false, generator); // torch builds lm_head's own weight first
    headWeight = wte.weight();
    registerModule("lm_head", new TiedHead(headWeight));
    try (var off = GradMode.disabled()) {
      wte.weight().normal_(0, 0.02, generator);
      wpe.weight().normal_(0, 0.02, generator);
      for (Module m : h) {
        Block b = (Block) m;
        initLinear(b.attn().cAttn());
        initLinear(b.attn().cProj());
        initLinear(b.mlp().cFc());
        initLinear(b.mlp().cProj());
      }
      headWeight.normal_(0, 0.02, generator); // torch's apply() reaches lm_head last: the tied weight is re-drawn
      double std = 0.02 / Math.sqrt(2.0 * config.nLayer());
      for (Module m : h) {
        Block b = (Block) m;
        b.attn().cProj().weight().normal_(0, std, generator);
        b.mlp().cProj().weight().normal_(0, std, generator);
      }
    }
  }

  private void initLinear(Linear l) {
    l.weight().normal_(0, 0.02, generator);
    if (l.bias() != null) {
      l.bias().zero_();
    }
  }

  /**
   * Returns the shape.
   *
   * @return the shape
   */
  public GPTConfig config() {
    return config;
  }

  /**
   * Returns the generator dropout draws from (saved in checkpoints for exact resume).
   *
   * @return the generator dropout draws from (saved in checkpoints for exact resume)
   */
  public Generator generator() {
    return generator;
  }

  /**
   * Counts parameters like nanoGPT's {@code get_num_params}: the tied head weight once, and with
   * {@code nonEmbedding} the position embedding left out.
   *
   * @param nonEmbedding whether to subtract the position embedding's size
   * @return the count
   */
  public long numParameters(boolean nonEmbedding) {
    long n = numParameters();
    return nonEmbedding ? n - wpe.weight().numel() : n;
  }

  /**
   * Logits for every position.
   *
   * @param idx (B, T) INT64 token ids, T at most the block size
   * @return (B, T, vocab)
   * @throws IllegalArgumentException if idx is not (B, T) INT64, T exceeds the block size or an id is
   *     out of range
   */
  @Override
  public Tensor forward(Tensor idx) {
    checkIdx("forward", idx, 0);
    int t = idx.size(1);
    Tensor pos = Tensor.arange(t); // (T)
    Tensor x = wte.forward(idx).add(wpe.forward(pos)); // (B, T, C)
    x = Functional.dropout(x, config.dropout(), isTraining(), generator);
    for (Module block : h) {
      x = block.forward(x);
    }
    int b = idx.size(0);
    Tensor h2 = lnF.forward(x).reshape(b * t, config.nEmbd()); // (B*T, C)
    return Functional.linear(h2, headWeight, null).view(b, t, config.vocabSize()); // (B, T, vocab)
  }

  @Override
  public int blockSize() {
    return config.blockSize();
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  /**
   * The mean cross-entropy of the next-token predictions, ignoring targets equal to -1 as nanoGPT does.
   *
   * @param idx (B, T) INT64 inputs
   * @param targets (B, T) INT64 next tokens
   * @return a scalar loss
   * @throws IllegalArgumentException if the shapes differ
   */
  @Override
  public Tensor loss(Tensor idx, Tensor targets) {
    if (!java.util.Arrays.equals(idx.shape(), targets.shape()) || targets.dtype() != DType.INT64) {
      throw new IllegalArgumentException("GPT.loss: targets must be INT64 of the inputs' shape "
          + java.util.Arrays.toString(idx.shape()) + ", got " + targets.dtype() + " " + java.util.Arrays.toString(targets.shape()));
    }
    Tensor logits = forward(idx);
    return logits.view(-1, config.vocabSize()).crossEntropy(targets.view(-1), Reduction.MEAN, -1);
  }

  /**
   * One empty cache per layer for {@link #forward(Tensor, List)}.
   *
   * @param batch the batch size B
   * @return {@code nLayer} caches of capacity {@code blockSize}
   */
  public List<KVCache> newCaches(int batch) {
    List<KVCache> caches = new ArrayList<>();
    for (int i = 0; i < config.nLayer(); i++) {
      caches.add(new KVCache(batch, config.nHead(), config.blockSize(), config.headSize()));
    }
    return caches;
  }

  /**
   * Cached inference: the logits of the last of the new positions, which continue the positions
   * already in {@code caches}. Runs without gradients.
   *
   * @param idx (B, Tn) INT64 new tokens
   * @param caches one cache per layer, from {@link #newCaches}, with room for Tn more positions
   * @return (B, vocab)
   * @throws IllegalArgumentException if the caches are the wrong number or too full
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public Tensor forward(Tensor idx, List<KVCache> caches) {
    if (caches.size() != config.nLayer()) {
      throw new IllegalArgumentException("GPT.forward: expected " + config.nLayer() + " caches, got " + caches.size());
    }
    int start = caches.get(0).length();
    checkIdx("forward", idx, start);
    int t = idx.size(1);
    try (var off = GradMode.disabled()) {
      Tensor x = wte.forward(idx).add(wpe.forward(Tensor.arange(start, start + t))); // (B, Tn, C)
      for (int i = 0; i < caches.size(); i++) {
        x = ((Block) h.get(i)).forward(x, caches.get(i));
      }
      Tensor last = x.select(1, t - 1); // (B, C)
      return Functional.linear(lnF.forward(last), headWeight, null); // (B, vocab)
    }
  }

  private void checkIdx(String op, Tensor idx, int start) {
    if (idx.dtype() != DType.INT64 || idx.dim() != 2) {
      throw new IllegalArgumentException("GPT." + op + ": expected (B, T) INT64 token ids, got " + idx.dtype() + " "
          + java.util.Arrays.toString(idx.shape()));
    }
    if (start + idx.size(1) > config.blockSize()) {
      throw new IllegalArgumentException("GPT." + op + ": cannot forward a sequence of length " + (start + idx.size(1))
          + ", block size is only " + config.blockSize());
    }
  }

  /**
   * Loads a model from a directory with {@code config.json} and {@code model.safetensors} in
   * nanoGPT's or Hugging Face GPT-2's layout. Keys may omit the {@code transformer.} prefix (HF),
   * {@code lm_head.weight} may be absent (it is tied) and the attention buffers HF stores
   * ({@code attn.bias}, {@code attn.masked_bias}) are skipped. HF's GPT-2 keeps {@code c_attn},
   * {@code c_proj} and {@code c_fc} in {@code Conv1D} layout, (in, out): when {@code c_attn.weight}
   * has the shape (C, 3C), every one of those four weights is transposed on load.
   *
   * @param dir the checkpoint directory
   * @return the model, in eval mode
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if a file is missing, malformed or does not fit the config
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public static GPT fromPretrained(Path dir) throws IOException {
    Path cfg = dir.resolve("config.json");
    Path weights = dir.resolve("model.safetensors");
    if (!Files.isRegularFile(cfg) || !Files.isRegularFile(weights)) {
      throw new IllegalArgumentException("GPT.fromPretrained: " + dir + " must contain config.json and model.safetensors");
    }
    GPTConfig config;
    try {
      config = GPTConfig.fromJson(io.github.zth.autograd.io.TextFiles.readUtf8(cfg));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("GPT.fromPretrained: " + cfg + ": " + e.getMessage(), e);
    }
    Map<String, Tensor> raw = TensorFiles.load(weights);
    // Checked before building the model (issue 20): a damaged config.json must not allocate far more than the weights hold.
    double values = 0;
    for (Tensor t : raw.values()) {
      values += t.numel();
    }
    double c = config.nEmbd();
    double t = config.blockSize(); // each attention layer also holds a (T, T) causal mask
    double needed = (double) config.vocabSize() * c + t * c + config.nLayer() * (12.0 * c * c + t * t);
    if (needed > 4 * values + (1 << 18)) { // a near miss gets loadStateDict's exact shape message instead
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "GPT.fromPretrained: %s describes a model of"
          + " at least %.0f parameters, but %s holds only %.0f values", cfg, needed, weights, values));
    }
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : raw.entrySet()) {
      String k = e.getKey();
      if (k.endsWith(".attn.bias") || k.endsWith(".attn.masked_bias")) {
        continue;
      }
      state.put(k.startsWith("transformer.") || k.startsWith("lm_head.") ? k : "transformer." + k, e.getValue());
    }
    Tensor cAttn = state.get("transformer.h.0.attn.c_attn.weight");
    boolean conv1d = cAttn != null && cAttn.dim() == 2 && cAttn.size(0) == config.nEmbd() && cAttn.size(1) == 3 * config.nEmbd();
    if (conv1d) {
      for (Map.Entry<String, Tensor> e : state.entrySet()) {
        String k = e.getKey();
        if (k.endsWith("c_attn.weight") || k.endsWith("c_proj.weight") || k.endsWith("c_fc.weight")) {
          e.setValue(e.getValue().T().contiguous());
        }
      }
    }
    if (!state.containsKey("lm_head.weight") && state.containsKey("transformer.wte.weight")) {
      state.put("lm_head.weight", state.get("transformer.wte.weight"));
    }
    GPT model = new GPT(config, new Generator(0));
    try {
      model.loadStateDict(state, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("GPT.fromPretrained: " + weights + ": " + e.getMessage(), e);
    }
    model.eval();
    return model;
  }
}
