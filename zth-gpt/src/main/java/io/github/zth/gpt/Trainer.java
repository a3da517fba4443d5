package io.github.zth.gpt;

import io.github.zth.autograd.BufferPool;
import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.Batch;
import io.github.zth.nn.TensorFiles;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.GradClip;
import io.github.zth.nn.optim.LrSchedule;
import io.github.zth.nn.optim.ParamGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop of every {@link LanguageModel}: AdamW (decay on ≥2-D weights as nanoGPT, or on
 * all as makemore), nanoGPT's warmup-and-cosine learning rate or a constant one, gradient clipping
 * and accumulation, periodic evaluations, saving the best checkpoint, and exact resume. What
 * differs between nanoGPT's {@code train.py} and makemore.py, where batches come from and how
 * evaluations are made, is a {@link BatchSource}: {@link RandomWindows} or {@link WordBatches}.
 *
 * <pre>{@code
 * GPT model = new GPT(gptConfig, new Generator(1337));
 * Trainer trainer = new Trainer(model, new RandomWindows(new TokenData(tokens), model.generator()),
 *     TrainerConfig.shakespeareChar());
 * trainer.addListener(new TrainingListener() {
 *   public void onEval(Estimate e) { System.out.println("step " + e.step() + ": val " + e.val().loss()); }
 * });
 * TrainResult r = trainer.train(Checkpoint.of(Path.of("out"), model).withTokenizer(tokenizer));
 * }</pre>
 *
 * <p><b>The random stream.</b> {@link #train} draws in {@code train.py}'s order: the constructor
 * draws the first batch (train.py fetches it before its loop), each micro-step draws the next batch
 * right after its forward (the prefetch), and the evaluations come between steps. Given the model's
 * generator as the batch generator (one stream, as torch's default generator is), a run reproduces
 * nanoGPT's batches, and with the same initial weights its losses. makemore's batches come from
 * their own generator, so the prefetch does not move them.
 *
 * <p><b>Exact resume.</b> A checkpoint holds the parameters, AdamW's moments and step count, and a
 * {@link TrainState}: the step, the prefetched batch, the evaluations and the states of every
 * generator (the source's and the model's dropout), so {@link #resume} continues bit for bit.
 */
public final class Trainer {

  private final LanguageModel model;
  private final BatchSource source;
  private final TrainerConfig config;
  private final AdamW optimizer;
  private final List<Tensor>
      params; // in the optimizer's group order, which the clipping norm sums in
  private final LrSchedule schedule;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private final BufferPool buffers = new BufferPool(); // a step's tensors, reused by the next
  private int iter;
  private long[] pending;
  private Estimate last;
  private Estimate best;
  private double lastGradNorm = Double.NaN;
  private double lastLoss = Double.NaN;

  /**
   * Builds the optimizer and draws the first batch, as nanoGPT's {@code train.py} does before its
   * loop.
   *
   * @param model the model to train
   * @param source where batches and evaluations come from
   * @param config the settings
   */
  public Trainer(LanguageModel model, BatchSource source, TrainerConfig config) {
    this(model, source, config, true);
  }

  private Trainer(
      LanguageModel model, BatchSource source, TrainerConfig config, boolean drawFirstBatch) {
    this.model = model;
    this.source = source;
    this.config = config;
    List<ParamGroup> groups =
        config.decayAllParams()
            ? List.of(new ParamGroup(model.parameters(), config.weightDecay()))
            : ParamGroup.splitByRank(model.parameters(), config.weightDecay());
    this.optimizer = new AdamW(groups, config.learningRate(), config.beta1(), config.beta2(), 1e-8);
    this.params = optimizer.groups().stream().flatMap(g -> g.params().stream()).toList();
    this.schedule =
        config.decayLr()
            ? LrSchedule.cosineWithWarmup(
                config.learningRate(), config.minLr(), config.warmupIters(), config.lrDecayIters())
            : LrSchedule.constant(config.learningRate());
    if (drawFirstBatch) {
      pending = source.draw(config.batchSize(), model.blockSize());
    }
  }

  /**
   * Adds a listener, called on every step and evaluation.
   *
   * @param l the listener
   */
  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  /**
   * Returns the optimizer steps taken so far (a resumed run counts from its start).
   *
   * @return the steps taken
   */
  public int iter() {
    return iter;
  }

  /**
   * Returns the evaluation with the lowest held-out loss so far, which is the saved checkpoint's.
   *
   * @return the best evaluation, empty before the first
   */
  public Optional<Estimate> best() {
    return Optional.ofNullable(best);
  }

  /**
   * Returns the gradient norm of the last step, before clipping (NaN before the first step, or when
   * clipping is off).
   *
   * @return the gradient norm of the last step, before clipping
   */
  public double lastGradNorm() {
    return lastGradNorm;
  }

  /**
   * Returns the row indices of the next step's first micro-batch, already drawn (nanoGPT's
   * prefetch).
   *
   * @return a copy of the indices
   */
  public long[] nextBatchOffsets() {
    return pending.clone();
  }

  /**
   * Returns the model being trained.
   *
   * @return the model
   */
  public LanguageModel model() {
    return model;
  }

  /**
   * One optimizer step over {@code gradAccum} micro-batches.
   *
   * @return the mean training loss of the micro-batches
   */
  @SuppressWarnings("try") // the scope is used for its extent, as torch.no_grad() is
  public double step() {
    long t0 = System.nanoTime();
    double lr = schedule.lr(iter);
    model.train(true);
    double total = 0;
    // Every activation and intermediate gradient of the step dies with it; only doubles leave the
    // scope, so the next step reuses the buffers (the gradients and AdamW's moments are not
    // pooled).
    try (BufferPool.Scope s = buffers.open()) {
      for (int micro = 0; micro < config.gradAccum(); micro++) {
        Batch b = source.batch(pending, model.blockSize());
        Tensor loss = model.loss(b.x(), b.y());
        total += loss.item();
        pending =
            source.draw(
                config.batchSize(),
                model.blockSize()); // after the forward's dropout, before backward
        (config.gradAccum() == 1 ? loss : loss.div(config.gradAccum())).backward();
      }
      // clipGradNorm returns the norm before clipping, as torch's clip_grad_norm_; with clipping
      // off it is not computed
      lastGradNorm =
          config.gradClip() > 0 ? GradClip.clipGradNorm(params, config.gradClip()) : Double.NaN;
      optimizer.setLr(lr);
      optimizer.step();
      optimizer.zeroGrad(false); // zeroed in place, so the next backward adds into the same buffers
    }
    lastLoss = total / config.gradAccum();
    double ms = (System.nanoTime() - t0) / 1e6;
    for (TrainingListener l : listeners) {
      l.onStep(iter, lastLoss, lr, ms);
    }
    iter++;
    return lastLoss;
  }

  /**
   * Evaluates the model now (nanoGPT's {@code estimate_loss}, makemore's pair of {@code evaluate}
   * calls), in eval mode without gradients, and tells the listeners.
   *
   * @return the evaluation on training and held-out data
   */
  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  public Estimate evaluate() {
    Estimate e;
    model.train(false);
    try (var off = GradMode.disabled()) {
      e = source.estimate(model, config, iter);
    } finally {
      model.train(true);
    }
    last = e;
    for (TrainingListener l : listeners) {
      l.onEval(e);
    }
    return e;
  }

  /**
   * Trains until {@code maxIters} steps without saving anything, evaluating when the source says
   * one is due (nanoGPT: every {@code evalInterval} steps from step 0, and at the end).
   *
   * @return the run's summary
   */
  public TrainResult train() {
    try {
      return run(null);
    } catch (IOException e) {
      throw new IllegalStateException("Trainer.train: nothing is written without a checkpoint", e);
    }
  }

  /**
   * Trains until {@code maxIters} steps, saving the run to {@code target} whenever an evaluation
   * finds a new best held-out loss. A step a resumed checkpoint has already evaluated is not
   * evaluated again.
   *
   * @param target where the best checkpoint goes
   * @return the run's summary
   * @throws IOException if saving fails
   */
  public TrainResult train(Checkpoint target) throws IOException {
    return run(target);
  }

  private TrainResult run(Checkpoint target) throws IOException {
    while (true) {
      if (last == null || last.step() != iter) { // a resumed checkpoint's step is already done
        boolean improved = false;
        if (source.evaluationDue(iter, config)) {
          Estimate e = evaluate();
          improved = best == null || e.val().loss() < best.val().loss();
          if (improved) {
            best = e;
          }
        }
        for (TrainingListener l : listeners) {
          l.onStepEnd(iter);
        }
        if (improved && target != null) {
          save(target);
        }
      }
      if (iter >= config.maxIters()) {
        if (last == null || best == null) {
          throw new IllegalStateException(
              "Trainer.train: the run ended at step " + iter + " without an evaluation");
        }
        return new TrainResult(iter, lastLoss, last, best);
      }
      step();
    }
  }

  /**
   * Returns where the run stands, as {@link #save} writes it.
   *
   * @return the state
   */
  public TrainState state() {
    Map<String, byte[]> gens = new LinkedHashMap<>();
    generators().forEach((k, g) -> gens.put(k, g.getState()));
    return new TrainState(
        iter,
        optimizer.steps(),
        pending,
        Optional.ofNullable(last),
        Optional.ofNullable(best),
        gens);
  }

  private Map<String, Generator> generators() {
    Map<String, Generator> m = new LinkedHashMap<>(source.generators());
    model.dropoutGenerator().ifPresent(g -> m.put("model", g));
    return m;
  }

  /**
   * Writes a full checkpoint (model, tokenizer, optimizer, {@link TrainState}) atomically.
   *
   * @param target the checkpoint folder and what goes with the weights
   * @throws IOException if writing fails
   */
  public void save(Checkpoint target) throws IOException {
    target.write(model, optimizer.stateDict(), state());
  }

  /**
   * Continues a run from a checkpoint written by {@link #save} or {@link #train(Checkpoint)}: loads
   * the weights into {@code model}, the optimizer's moments, and the generator states into the
   * generators of {@code source} and of the model.
   *
   * @param checkpoint the checkpoint folder
   * @param model a model of the checkpoint's shape, built as the original run's was
   * @param source a source over the original run's data, built as the original run's was (sharing
   *     the same generators)
   * @param config the settings (the original run's; maxIters may grow)
   * @return a trainer positioned at the saved step
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the checkpoint lacks training state or is malformed
   */
  public static Trainer resume(
      Path checkpoint, LanguageModel model, BatchSource source, TrainerConfig config)
      throws IOException {
    Path dir =
        io.github.zth.autograd.io.AtomicFiles.readableDirectory(
            checkpoint); // a save killed mid-swap left the previous one
    Path st = dir.resolve(Checkpoint.TRAINER);
    Path opt = dir.resolve(Checkpoint.OPTIMIZER);
    Path weights = dir.resolve(Checkpoint.MODEL);
    if (!Files.isRegularFile(st) || !Files.isRegularFile(opt) || !Files.isRegularFile(weights)) {
      throw new IllegalArgumentException(
          "Trainer.resume: "
              + dir
              + " has no "
              + Checkpoint.TRAINER
              + " and "
              + Checkpoint.OPTIMIZER
              + " next to "
              + Checkpoint.MODEL
              + " (was it saved by a Trainer?)");
    }
    TrainState s =
        TrainState.fromJson(st.toString(), io.github.zth.autograd.io.TextFiles.readUtf8(st));
    try {
      model.loadStateDict(TensorFiles.load(weights), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Trainer.resume: " + weights + ": " + e.getMessage(), e);
    }
    Trainer t = new Trainer(model, source, config, false);
    Map<String, Generator> gens = t.generators();
    if (!gens.keySet().equals(s.generators().keySet())) {
      throw new IllegalArgumentException(
          "Trainer.resume: "
              + st
              + " holds the generators "
              + s.generators().keySet()
              + " but this run draws from "
              + gens.keySet()
              + " (a different model or batch source?)");
    }
    try {
      gens.forEach((k, g) -> g.setState(s.generators().get(k)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Trainer.resume: " + st + ": bad generator state: " + e.getMessage(), e);
    }
    if (s.nextBatch().length != config.batchSize()) {
      throw new IllegalArgumentException(
          "Trainer.resume: "
              + st
              + ": \"next_batch\" has "
              + s.nextBatch().length
              + " rows, expected batch_size "
              + config.batchSize());
    }
    try {
      source.batch(s.nextBatch(), model.blockSize()); // refuse rows that do not fit the data
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Trainer.resume: " + st + ": \"next_batch\": " + e.getMessage(), e);
    }
    t.pending = s.nextBatch();
    t.iter = s.step();
    t.last = s.last().orElse(null);
    t.best = s.best().orElse(null);
    try {
      t.optimizer.loadStateDict(TensorFiles.load(opt));
    } catch (
        IllegalArgumentException e) { // name the file (issue 20): the optimizer's message cannot
      throw new IllegalArgumentException("Trainer.resume: " + opt + ": " + e.getMessage(), e);
    }
    if (t.optimizer.steps() != s.optimizerSteps()) {
      throw new IllegalArgumentException(
          "Trainer.resume: "
              + st
              + " says "
              + s.optimizerSteps()
              + " optimizer steps but "
              + opt
              + " holds "
              + t.optimizer.steps()
              + " (a save was interrupted?)");
    }
    model.train(true);
    return t;
  }
}
