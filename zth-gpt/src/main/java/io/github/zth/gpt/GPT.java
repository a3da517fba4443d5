package io.github.zth.gpt;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.Functional;
import io.github.zth.nn.KVCache;
import io.github.zth.nn.LayerNorm;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.ModuleDict;
import io.github.zth.nn.ModuleList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GPT language model with nanoGPT's architecture, parameter names and initialisation: token and
 * position embeddings, {@code nLayer} pre-LayerNorm {@link Block}s, a final LayerNorm and a head
 * that shares its weight with the token embedding. {@link GPTConfig#makemore} makes it
 * makemore.py's {@code Transformer} instead (own head weight, tanh GELU, PyTorch's default
 * initialisation).
 *
 * <pre>{@code
 * GPT model = new GPT(new GPTConfig().withNLayer(4).withNHead(4).withNEmbd(128).withBlockSize(64).withVocabSize(65),
 *     new Generator(1337));
 * Tensor logits = model.forward(idx);        // (B, T) INT64 -> (B, T, vocab)
 * Tensor loss = model.loss(idx, targets);    // mean cross-entropy
 * GPT makemore = new GPT(GPTConfig.makemore(27, 16, 4, 4, 64), new Generator(3407));
 * }</pre>
 *
 * <p>Built from a seeded generator, the parameters equal those of nanoGPT's {@code GPT(config)} (or
 * makemore's {@code Transformer(config)}) after {@code torch.manual_seed(seed)}: the layers are
 * created in torch's order, each drawing its default initialisation; nanoGPT's then re-draws them
 * as its constructor does, with one {@code apply(_init_weights)} pass and one pass over the named
 * parameters for the scaled {@code c_proj} weights.
 */
public final class GPT extends Module implements LanguageModel {

  private final GPTConfig config;
  private final Generator generator;
  private final Embedding wte;
  private final Embedding wpe;
  private final ModuleList h;
  private final LayerNorm lnF;
  private final Linear lmHead;

  /**
   * Builds and initialises a model.
   *
   * @param config the shape
   * @param generator the random source for initialisation, kept for dropout
   */
  public GPT(GPTConfig config, Generator generator) {
    this(config, generator, true);
  }

  /**
   * A model whose weights are about to be overwritten from a file: nanoGPT's re-initialisation pass
   * and the head torch draws only to discard it (when tied) are skipped, so loading GPT-2 does not
   * spend a second vocab-by-C matrix of heap, or the time, on numbers nobody reads.
   */
  static GPT forLoading(GPTConfig config) {
    return new GPT(config, new Generator(0), false);
  }

  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  private GPT(GPTConfig config, Generator generator, boolean initialise) {
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
    Linear head =
        config.tieWeights() && !initialise
            ? null // torch draws it even when tied, to keep its stream
            : new Linear(config.nEmbd(), config.vocabSize(), false, generator);
    lmHead = registerModule("lm_head", config.tieWeights() ? new Linear(wte.weight(), null) : head);
    if (initialise && config.init() == GPTConfig.InitScheme.NANOGPT) {
      try (var off = GradMode.disabled()) {
        apply(this::initWeights); // the tied weight is drawn twice, at wte and at lm_head, as in
        // torch
        double std =
            0.02
                / Math.sqrt(
                    2.0 * config.nLayer()); // nanoGPT's scaled init of the residual projections
        for (Map.Entry<String, Tensor> p : namedParameters().entrySet()) {
          if (p.getKey().endsWith("c_proj.weight")) {
            p.getValue().normal_(0, std, generator);
          }
        }
      }
    }
  }

  /** nanoGPT's {@code _init_weights}, called on every module in torch's {@code apply} order. */
  private void initWeights(Module m) {
    if (m instanceof Linear l) {
      l.weight().normal_(0, 0.02, generator);
      if (l.bias() != null) {
        l.bias().zero_();
      }
    } else if (m instanceof Embedding e) {
      e.weight().normal_(0, 0.02, generator);
    }
  }

  /** The shape this model was built with, written as a checkpoint's {@code config.json}. */
  public GPTConfig config() {
    return config;
  }

  /** Returns the generator dropout draws from (saved in checkpoints for exact resume). */
  public Generator generator() {
    return generator;
  }

  @Override
  public java.util.Optional<Generator> dropoutGenerator() {
    return java.util.Optional.of(generator);
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
   * @throws IllegalArgumentException if idx is not (B, T) INT64, T exceeds the block size or an id
   *     is out of range
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
    return lmHead.forward(h2).view(b, t, config.vocabSize()); // (B, T, vocab)
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
   * One empty cache per layer for {@link #forward(Tensor, List)}.
   *
   * @param batch the batch size B
   * @return {@code nLayer} caches of capacity {@code blockSize}
   */
  public List<KVCache> newCaches(int batch) {
    List<KVCache> caches = new ArrayList<>();
    for (int i = 0; i < config.nLayer(); i++) {
      caches.add(
          new KVCache(
              batch, config.nHead(), config.blockSize(), config.headSize(), wte.weight().dtype()));
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
      throw new IllegalArgumentException(
          "GPT.forward: expected " + config.nLayer() + " caches, got " + caches.size());
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
      return lmHead.forward(lnF.forward(last)); // (B, vocab)
    }
  }

  private void checkIdx(String op, Tensor idx, int start) {
    if (idx.dtype() != DType.INT64 || idx.dim() != 2 || idx.size(1) == 0) {
      throw new IllegalArgumentException(
          "GPT."
              + op
              + ": expected (B, T) INT64 token ids with T > 0, got "
              + idx.dtype()
              + " "
              + java.util.Arrays.toString(idx.shape()));
    }
    if (start + idx.size(1) > config.blockSize()) {
      throw new IllegalArgumentException(
          "GPT."
              + op
              + ": cannot forward a sequence of length "
              + (start + idx.size(1))
              + ", block size is only "
              + config.blockSize());
    }
  }

  /**
   * Loads a pretrained model from any of the layouts GPT-2's weights come in:
   *
   * <ul>
   *   <li>a directory with {@code config.json} and {@code model.safetensors}: Hugging Face's {@code
   *       gpt2} (HF's config keys, no {@code transformer.} prefix, the {@code Conv1D} weights
   *       {@code attn.c_attn}, {@code attn.c_proj}, {@code mlp.c_fc}, {@code mlp.c_proj} stored
   *       (in, out) and transposed on load, the {@code attn.bias}/{@code attn.masked_bias} buffers
   *       skipped, {@code lm_head} absent because tied), the same with the prefix, or zth's own
   *       checkpoint ({@link Checkpoint}, nanoGPT's names);
   *   <li>a file in llm.c's {@code gpt2_124M.bin} layout (recognised by its magic 20240326; version
   *       3 float32 or 5 bfloat16, widened to float32; the vocabulary padding rows are dropped);
   *   <li>a {@code model.safetensors} named directly: its directory is loaded as above.
   * </ul>
   *
   * Weights are memory-mapped and copied into the model's parameters a block at a time, so loading
   * needs the model's size of heap, not a multiple of the file's.
   *
   * @param path the checkpoint directory or llm.c file
   * @return the model, in eval mode
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if a file is missing or malformed or does not fit its config;
   *     the message names the file, the tensor or field, what was found and what was expected
   */
  public static GPT fromPretrained(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return PretrainedFiles.readSafetensorsDir(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "GPT.fromPretrained: " + path + " is neither a checkpoint directory nor a file");
    }
    if (PretrainedFiles.isLlmc(path)) {
      return PretrainedFiles.readLlmc(path);
    }
    if (path.getFileName().toString().endsWith(".safetensors") && path.getParent() != null) {
      return PretrainedFiles.readSafetensorsDir(path.getParent());
    }
    return PretrainedFiles.readLlmc(path); // reports the header it found
  }

  /**
   * This model with a shorter context, nanoGPT's {@code crop_block_size}: the same weights, the
   * position embedding cut to its first {@code blockSize} rows. Fine-tuning GPT-2 on short windows
   * (llm.c's B=4, T=64) then trains and checkpoints a T-position model, and batches are drawn at T.
   *
   * @param blockSize the new context, in {@code [1, blockSize()]}
   * @return a new model (this one is unchanged) in this one's training mode; building it draws
   *     nothing from this one's generator, and its own dropout generator is {@code new
   *     Generator(0)}, as a loaded model's is
   * @throws IllegalArgumentException if the size is out of range
   */
  public GPT cropBlockSize(int blockSize) {
    if (blockSize < 1 || blockSize > config.blockSize()) {
      throw new IllegalArgumentException(
          "GPT.cropBlockSize: "
              + blockSize
              + ": expected a context in [1, "
              + config.blockSize()
              + "]");
    }
    GPT out = forLoading(config.withBlockSize(blockSize));
    Map<String, Tensor> state = new java.util.LinkedHashMap<>(stateDict());
    state.computeIfPresent("transformer.wpe.weight", (k, w) -> w.narrow(0, 0, blockSize));
    out.loadStateDict(state, true);
    out.train(isTraining());
    return out;
  }

  /**
   * Saves the weights in Hugging Face's GPT-2 layout ({@code config.json} with {@code GPT2Config}'s
   * keys, {@code model.safetensors} without the {@code transformer.} prefix, {@code Conv1D} weights
   * (in, out), no {@code lm_head}), which {@code GPT2LMHeadModel.from_pretrained} and {@link
   * #fromPretrained} read. Each file is written atomically.
   *
   * @param dir the directory (created if absent)
   * @throws IllegalArgumentException if the model has no biases or an untied head
   * @throws IOException if writing fails
   */
  public void saveHuggingFace(Path dir) throws IOException {
    PretrainedFiles.writeHuggingFace(this, dir);
  }

  /**
   * Saves the weights in llm.c's {@code gpt2_124M.bin} layout (as its {@code train_gpt2.py} {@code
   * write_model} does): the 256-int header, then each kind of tensor for all layers, the vocabulary
   * padded with zero rows to a multiple of 128. Written atomically.
   *
   * @param file the target file
   * @param bfloat16 version 5 (bfloat16, rounded to nearest even) instead of version 3 (float32)
   * @throws IllegalArgumentException if the model has no biases or an untied head
   * @throws IOException if writing fails
   */
  public void saveLlmc(Path file, boolean bfloat16) throws IOException {
    PretrainedFiles.writeLlmc(this, file, bfloat16);
  }
}
