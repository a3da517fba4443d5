package io.github.zth.gpt;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.data.Batch;
import io.github.zth.data.tokenizer.Tokenizer;
import io.github.zth.gpt.internal.FlatJson;
import io.github.zth.nn.TensorFiles;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.GradClip;
import io.github.zth.nn.optim.LrSchedule;
import io.github.zth.nn.optim.ParamGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nanoGPT's training loop: AdamW with weight decay on ≥2-D weights only, cosine learning rate with
 * linear warmup ({@link LrSchedule#cosineWithWarmup}), gradient clipping and accumulation, periodic
 * loss estimates, best-checkpoint saving and exact resume.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new TokenData(tokens), TrainerConfig.shakespeareChar(), new Generator(1337));
 * trainer.addListener(new TrainingListener() {
 *   public void onEval(int step, double train, double val) { System.out.println("step " + step + ": val " + val); }
 * });
 * trainer.train(Path.of("out"), tokenizer);
 * }</pre>
 *
 * <p><b>nanoGPT's random stream.</b> {@link #train} draws in {@code train.py}'s order: the constructor
 * draws the first batch (train.py fetches it before its loop), each micro-step draws the next batch
 * right after its forward (the prefetch), and the estimates, at every multiple of
 * {@code evalInterval} including step 0, come between. Given the model's generator as the batch
 * generator (one stream, as torch's default generator is), a run reproduces nanoGPT's batches, and
 * with the same initial weights its losses.
 *
 * <p><b>Exact resume.</b> A checkpoint holds the parameters, AdamW's moments and step count, the step
 * number, the prefetched batch's offsets and the states of the random generators (batches and
 * dropout, or the one they share), so {@link #resume} continues bit for bit as if the run had not
 * stopped.
 */
public final class Trainer {

  private final GPT model;
  private final TokenData data;
  private final TrainerConfig config;
  private final Generator generator;
  private final AdamW optimizer;
  private final List<Tensor> params; // in the optimizer's group order, which the clipping norm sums in
  private final LrSchedule schedule;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private int iter;
  private double bestValLoss = Double.POSITIVE_INFINITY;
  private long[] pending;
  private int evaluatedAt = -1;
  private double[] lastEstimate;
  private double lastGradNorm = Double.NaN;

  /**
   * Builds the optimizer and draws the first batch, as nanoGPT's {@code train.py} does before its loop.
   *
   * @param model the model to train (its generator drives dropout)
   * @param data the token stream
   * @param config the settings
   * @param generator the random source for batches; {@code model.generator()} for nanoGPT's single stream
   */
  public Trainer(GPT model, TokenData data, TrainerConfig config, Generator generator) {
    this(model, data, config, generator, true);
  }

  private Trainer(GPT model, TokenData data, TrainerConfig config, Generator generator, boolean drawFirstBatch) {
    this.model = model;
    this.data = data;
    this.config = config;
    this.generator = generator;
    this.optimizer = new AdamW(ParamGroup.splitByRank(model.parameters(), config.weightDecay()), config.learningRate(),
        config.beta1(), config.beta2(), 1e-8);
    this.params = optimizer.groups().stream().flatMap(g -> g.params().stream()).toList();
    this.schedule = LrSchedule.cosineWithWarmup(config.learningRate(), config.minLr(), config.warmupIters(),
        config.lrDecayIters());
    if (drawFirstBatch) {
      pending = nextOffsets();
    }
  }

  private long[] nextOffsets() {
    return data.offsets(TokenData.Split.TRAIN, config.batchSize(), model.config().blockSize(), generator);
  }

  /**
   * Sets called on every step and estimate.
   *
   * @param l called on every step and estimate
   */
  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  /**
   * Returns optimizer steps taken so far.
   *
   * @return optimizer steps taken so far
   */
  public int iter() {
    return iter;
  }

  /**
   * Returns the lowest val loss estimated so far (infinite before the first estimate).
   *
   * @return the lowest val loss estimated so far (infinite before the first estimate)
   */
  public double bestValLoss() {
    return bestValLoss;
  }

  /**
   * Returns the gradient norm of the last step, before clipping (NaN before the first step, or when clipping is off).
   *
   * @return the gradient norm of the last step, before clipping
   */
  public double lastGradNorm() {
    return lastGradNorm;
  }

  /**
   * Returns the offsets of the next step's first micro-batch, already drawn (nanoGPT's prefetch).
   *
   * @return the offsets of the next step's first micro-batch, already drawn (nanoGPT's prefetch)
   */
  public long[] nextBatchOffsets() {
    return pending.clone();
  }

  /**
   * Returns the model.
   *
   * @return the model
   */
  public GPT model() {
    return model;
  }

  /**
   * One optimizer step over {@code gradAccum} micro-batches.
   *
   * @return the mean training loss of the micro-batches
   */
  public double step() {
    long t0 = System.nanoTime();
    double lr = schedule.lr(iter);
    model.train();
    double total = 0;
    for (int micro = 0; micro < config.gradAccum(); micro++) {
      Batch b = data.batchAt(TokenData.Split.TRAIN, pending, model.config().blockSize());
      Tensor loss = model.loss(b.x(), b.y());
      total += loss.item();
      pending = nextOffsets(); // after the forward's dropout draws, before backward, as train.py
      (config.gradAccum() == 1 ? loss : loss.div(config.gradAccum())).backward();
    }
    // clipGradNorm returns the norm before clipping, as torch's clip_grad_norm_; with clipping off it is not computed
    lastGradNorm = config.gradClip() > 0 ? GradClip.clipGradNorm(params, config.gradClip()) : Double.NaN;
    optimizer.setLr(lr);
    optimizer.step();
    optimizer.zeroGrad();
    double loss = total / config.gradAccum();
    double ms = (System.nanoTime() - t0) / 1e6;
    for (TrainingListener l : listeners) {
      l.onStep(iter, loss, lr, ms);
    }
    iter++;
    return loss;
  }

  /**
   * nanoGPT's {@code estimate_loss}: the mean loss over {@code evalIters} batches of each split, in
   * eval mode without gradients.
   *
   * @return {train loss, val loss}
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public double[] estimateLoss() {
    double[] out = new double[2];
    model.eval();
    try (var off = GradMode.disabled()) {
      for (TokenData.Split split : TokenData.Split.values()) {
        double sum = 0;
        for (int k = 0; k < config.evalIters(); k++) {
          Batch b = data.getBatch(split, config.batchSize(), model.config().blockSize(), generator);
          sum += model.loss(b.x(), b.y()).item();
        }
        out[split.ordinal()] = sum / config.evalIters();
      }
    } finally {
      model.train();
    }
    evaluatedAt = iter;
    lastEstimate = out.clone();
    for (TrainingListener l : listeners) {
      l.onEval(iter, out[0], out[1]);
    }
    return out;
  }

  /**
   * Trains until {@code maxIters} steps, estimating the loss at every multiple of {@code evalInterval}
   * (step 0 included, as nanoGPT) and at the end; each estimate with a new best val loss saves a
   * checkpoint to {@code outDir} (if not null). A step already estimated (a resumed checkpoint's) is
   * not estimated again.
   *
   * @param outDir where to keep the best checkpoint, or null
   * @param tokenizer saved with the checkpoint, or null
   * @return the last estimate {train, val}
   * @throws IOException if saving fails
   */
  public double[] train(Path outDir, Tokenizer tokenizer) throws IOException {
    while (true) {
      boolean due = iter % config.evalInterval() == 0 || iter >= config.maxIters();
      if (due && (evaluatedAt != iter || lastEstimate == null)) {
        evalAndMaybeSave(outDir, tokenizer);
      }
      if (iter >= config.maxIters()) {
        return lastEstimate.clone();
      }
      step();
    }
  }

  private double[] evalAndMaybeSave(Path outDir, Tokenizer tokenizer) throws IOException {
    double[] est = estimateLoss();
    if (est[1] < bestValLoss) {
      bestValLoss = est[1];
      if (outDir != null) {
        save(outDir, tokenizer);
      }
    }
    return est;
  }

  /**
   * Writes a full checkpoint (model, tokenizer, optimizer, step, generator states) atomically.
   *
   * @param dir the checkpoint directory
   * @param tokenizer the tokenizer, or null
   * @throws IOException if writing fails
   */
  public void save(Path dir, Tokenizer tokenizer) throws IOException {
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("iter", iter);
    st.put("optimizer_steps", optimizer.steps());
    st.put("evaluated_at", evaluatedAt);
    if (lastEstimate != null) {
      st.put("last_train_loss", lastEstimate[0]);
      st.put("last_val_loss", lastEstimate[1]);
    }
    st.put("next_batch", joinOffsets(pending));
    st.put("shared_generator", generator == model.generator());
    if (Double.isFinite(bestValLoss)) {
      st.put("best_val_loss", bestValLoss);
    }
    st.put("generator_state", Base64.getEncoder().encodeToString(generator.getState()));
    st.put("model_generator_state", Base64.getEncoder().encodeToString(model.generator().getState()));
    Checkpoint.write(dir, model, tokenizer, optimizer.stateDict(), FlatJson.write(st));
  }

  private static String joinOffsets(long[] ix) {
    StringBuilder sb = new StringBuilder();
    for (long i : ix) {
      sb.append(sb.length() == 0 ? "" : ",").append(i);
    }
    return sb.toString();
  }

  private static long[] parseOffsets(Path st, Object v, int batchSize) {
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": \"next_batch\" must be a string of offsets");
    }
    String[] parts = s.split(",");
    if (parts.length != batchSize) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": \"next_batch\" has " + parts.length
          + " offsets, expected batch_size " + batchSize);
    }
    long[] ix = new long[parts.length];
    try {
      for (int i = 0; i < ix.length; i++) {
        ix[i] = Long.parseLong(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": bad \"next_batch\" offset: " + e.getMessage(), e);
    }
    return ix;
  }

  /**
   * Continues a run from a checkpoint written by {@link #save}.
   *
   * @param checkpoint the checkpoint directory
   * @param data the token stream (the same as the original run's)
   * @param config the settings (the same as the original run's; maxIters may grow)
   * @return a trainer positioned at the saved step
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the checkpoint lacks training state or is malformed
   */
  public static Trainer resume(Path checkpoint, TokenData data, TrainerConfig config) throws IOException {
    Path dir = io.github.zth.autograd.io.AtomicFiles.readableDirectory(checkpoint); // a save killed mid-swap left the previous one
    Path st = dir.resolve(Checkpoint.TRAINER);
    Path opt = dir.resolve(Checkpoint.OPTIMIZER);
    if (!Files.isRegularFile(st) || !Files.isRegularFile(opt)) {
      throw new IllegalArgumentException("Trainer.resume: " + dir + " has no " + Checkpoint.TRAINER + " and "
          + Checkpoint.OPTIMIZER + " (was it saved by Trainer.save?)");
    }
    Map<String, Object> s = FlatJson.parse(st.toString(), io.github.zth.autograd.io.TextFiles.readUtf8(st));
    GPT model = GPT.fromPretrained(dir);
    model.train();
    boolean shared = Boolean.TRUE.equals(s.get("shared_generator"));
    Generator g = shared ? model.generator() : new Generator();
    try {
      g.setState(Base64.getDecoder().decode((String) s.get("generator_state")));
      model.generator().setState(Base64.getDecoder().decode((String) s.get("model_generator_state")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": bad generator state: " + e.getMessage(), e);
    }
    Trainer t = new Trainer(model, data, config, g, false);
    if (!(s.get("iter") instanceof Long it) || !(s.get("optimizer_steps") instanceof Long steps)
        || !(s.get("evaluated_at") instanceof Long evaluated)) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": \"iter\", \"optimizer_steps\" and \"evaluated_at\""
          + " must be integers");
    }
    if (it < 0 || it > Integer.MAX_VALUE || evaluated < Integer.MIN_VALUE || evaluated > Integer.MAX_VALUE) { // issue 20
      throw new IllegalArgumentException("Trainer.resume: " + st + ": \"iter\" " + it + " and \"evaluated_at\" " + evaluated
          + " must be ints, \"iter\" not negative");
    }
    t.pending = parseOffsets(st, s.get("next_batch"), config.batchSize());
    try {
      data.batchAt(TokenData.Split.TRAIN, t.pending, model.config().blockSize()); // refuse offsets that do not fit
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Trainer.resume: " + st + ": \"next_batch\": " + e.getMessage(), e);
    }
    t.iter = (int) (long) it;
    t.evaluatedAt = (int) (long) evaluated;
    if (s.get("last_train_loss") instanceof Number a && s.get("last_val_loss") instanceof Number b) {
      t.lastEstimate = new double[] {a.doubleValue(), b.doubleValue()};
    }
    try {
      t.optimizer.loadStateDict(TensorFiles.load(opt));
    } catch (IllegalArgumentException e) { // name the file (issue 20): the optimizer's message cannot
      throw new IllegalArgumentException("Trainer.resume: " + opt + ": " + e.getMessage(), e);
    }
    if (t.optimizer.steps() != steps) {
      throw new IllegalArgumentException("Trainer.resume: " + st + " says " + steps + " optimizer steps but " + opt + " holds "
          + t.optimizer.steps());
    }
    if (s.get("best_val_loss") instanceof Number b) {
      t.bestValLoss = b.doubleValue();
    }
    return t;
  }
}
