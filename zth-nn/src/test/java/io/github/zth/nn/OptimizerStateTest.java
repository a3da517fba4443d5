package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.BufferPool;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.optim.Adam;
import io.github.zth.nn.optim.AdamW;
import io.github.zth.nn.optim.LrSchedule;
import io.github.zth.nn.optim.Optimizer;
import io.github.zth.nn.optim.ParamGroup;
import io.github.zth.nn.optim.RMSprop;
import io.github.zth.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from a saved optimizer state continues exactly as if training had not stopped: 10 steps,
 * save, load into a fresh optimizer over a fresh model, 10 more steps equal 20 uninterrupted ones.
 */
class OptimizerStateTest {

  @TempDir Path tmp;

  private static final LrSchedule FACTOR = LrSchedule.cosineWithWarmup(1.0, 0.1, 3, 15);

  private static void trainSteps(Linear model, Optimizer opt, int from, int to) {
    for (int step = from; step < to; step++) {
      Tensor x = Tensor.randn(new Generator(100 + step), 4, 3);
      opt.scaleLr(FACTOR.lr(step));
      opt.zeroGrad();
      model.forward(x).tanh().sum().backward();
      opt.step();
    }
  }

  private void resumeMatchesUninterrupted(Function<List<Tensor>, Optimizer> make)
      throws IOException {
    Linear a = new Linear(3, 2, true, new Generator(9));
    Optimizer optA = make.apply(a.parameters());
    trainSteps(a, optA, 0, 10);
    Map<String, Tensor> ckpt = new LinkedHashMap<>();
    a.stateDict().forEach((k, v) -> ckpt.put("model." + k, v));
    optA.stateDict().forEach((k, v) -> ckpt.put("optimizer." + k, v));
    Path file = tmp.resolve("ckpt.safetensors");
    TensorFiles.save(ckpt, file);
    trainSteps(a, optA, 10, 20);

    Map<String, Tensor> loaded = TensorFiles.load(file);
    Linear b = new Linear(3, 2, true, new Generator(77));
    Map<String, Tensor> model = new LinkedHashMap<>();
    Map<String, Tensor> opt = new LinkedHashMap<>();
    loaded.forEach(
        (k, v) -> (k.startsWith("model.") ? model : opt).put(k.substring(k.indexOf('.') + 1), v));
    b.loadStateDict(model, true);
    Optimizer optB = make.apply(b.parameters());
    optB.loadStateDict(opt);
    assertEquals(10, optB.steps());
    for (int i = 0; i < optA.groups().size(); i++) {
      assertEquals(FACTOR.lr(9) * optB.baseLr(i), optB.lr(i), "group " + i + "'s lr is restored");
    }
    trainSteps(b, optB, 10, 20);
    assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
    assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
  }

  @Test
  void adamwResumes() throws IOException {
    resumeMatchesUninterrupted(
        ps -> new AdamW(ParamGroup.splitByRank(ps, 0.1), 1e-2, 0.9, 0.95, 1e-8));
  }

  @Test
  void adamwWithAGroupLrAndAmsgradResumes() throws IOException {
    resumeMatchesUninterrupted(
        ps ->
            new AdamW(
                List.of(
                    new ParamGroup(ps.subList(0, 1), 0.1),
                    new ParamGroup(ps.subList(1, 2), 0.0).withLr(3e-3)),
                1e-2,
                0.9,
                0.95,
                1e-8,
                true));
  }

  @Test
  void adamResumes() throws IOException {
    resumeMatchesUninterrupted(
        ps -> new Adam(List.of(new ParamGroup(ps, 0.01)), 1e-2, 0.9, 0.999, 1e-8, false));
  }

  @Test
  void rmspropResumes() throws IOException {
    resumeMatchesUninterrupted(ps -> new RMSprop(ps, 1e-2));
  }

  @Test
  void rmspropCenteredWithMomentumResumes() throws IOException {
    resumeMatchesUninterrupted(
        ps -> new RMSprop(List.of(new ParamGroup(ps, 0.01)), 1e-2, 0.9, 1e-8, 0.5, true));
  }

  @Test
  void sgdMomentumResumes() throws IOException {
    resumeMatchesUninterrupted(ps -> new SGD(List.of(new ParamGroup(ps, 0.01)), 0.1, 0.9, true));
  }

  @Test
  void stateOfAnotherKindOrGroupCountIsRefused() {
    Linear a = new Linear(3, 2, true, new Generator(9));
    RMSprop rms =
        new RMSprop(List.of(new ParamGroup(a.parameters(), 0.0)), 1e-2, 0.99, 1e-8, 0.9, false);
    trainSteps(a, rms, 0, 1);
    Map<String, Tensor> state = rms.stateDict();
    RMSprop centered =
        new RMSprop(List.of(new ParamGroup(a.parameters(), 0.0)), 1e-2, 0.99, 1e-8, 0.9, true);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> centered.loadStateDict(state));
    assertEquals(
        "RMSprop.loadStateDict: parameter 0 has state [momentum_buffer, square_avg, step], expected "
            + "[grad_avg, momentum_buffer, square_avg, step]",
        e.getMessage());
    AdamW twoGroups = new AdamW(ParamGroup.splitByRank(a.parameters(), 0.1), 1e-3, 0.9, 0.99, 1e-8);
    AdamW oneGroup = new AdamW(a.parameters(), 1e-3, 0.1);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> oneGroup.loadStateDict(twoGroups.stateDict()));
    assertEquals(
        "AdamW.loadStateDict: \"lr\" has 2 values but the optimizer has 1 groups", e.getMessage());
  }

  @Test
  void badStatesAreRefusedBeforeChangingAnything() {
    Linear a = new Linear(3, 2, true, new Generator(9));
    AdamW opt = new AdamW(a.parameters(), 1e-3, 0.0);
    trainSteps(a, opt, 0, 1);
    Map<String, Tensor> state = new LinkedHashMap<>(opt.stateDict());
    AdamW other = new AdamW(new Linear(3, 2, true, new Generator(1)).parameters(), 5e-3, 0.0);
    Map<String, Tensor> extra = new LinkedHashMap<>(state);
    extra.put("state.7.exp_avg", Tensor.zeros(2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(extra));
    assertEquals(
        "AdamW.loadStateDict: unexpected key \"state.7.exp_avg\" (this optimizer has 2 parameters)",
        e.getMessage());
    Map<String, Tensor> wrongShape = new LinkedHashMap<>(state);
    wrongShape.put("state.0.exp_avg", Tensor.zeros(3, 2));
    e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(wrongShape));
    assertTrue(
        e.getMessage()
            .contains("\"state.0.exp_avg\" has shape [3, 2] but parameter 0 has shape [2, 3]"),
        e.getMessage());
    Map<String, Tensor> partial = new LinkedHashMap<>(state);
    partial.remove("state.1.exp_avg_sq");
    e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(partial));
    assertTrue(
        e.getMessage()
            .contains(
                "parameter 1 has state [exp_avg, step], expected [exp_avg, exp_avg_sq, step]"),
        e.getMessage());
    assertEquals(5e-3, other.lr(), "a refused load changes nothing");
    assertEquals(0, other.steps());
  }

  @Test
  @SuppressWarnings("try") // the scope is used for its extent
  void aPooledLoopWithGradientsZeroedInPlaceTrainsBitForBitAsAPlainOne() {
    Linear plain = new Linear(3, 2, true, new Generator(9));
    Linear pooled = new Linear(3, 2, true, new Generator(9));
    Optimizer optPlain = new AdamW(plain.parameters(), 1e-2, 0.1);
    Optimizer optPooled = new AdamW(pooled.parameters(), 1e-2, 0.1);
    BufferPool pool = new BufferPool();
    Tensor firstGrad = null;
    for (int step = 0; step < 10; step++) {
      Tensor x = Tensor.randn(new Generator(100 + step), 4, 3);
      plain.forward(x).tanh().sum().backward();
      optPlain.step();
      optPlain.zeroGrad();
      try (BufferPool.Scope s = pool.open()) {
        pooled.forward(x).tanh().sum().backward();
        optPooled.step();
        optPooled.zeroGrad(false);
      }
      Tensor w = pooled.parameters().get(0);
      if (firstGrad == null) {
        firstGrad = w.grad();
      }
      assertSame(firstGrad, w.grad(), "zeroGrad(false) keeps the one gradient buffer");
      assertEquals(0.0, w.grad().abs().sum().item(), 0.0, "and zeroes it");
      assertNull(plain.parameters().get(0).grad(), "zeroGrad() sets it to none");
    }
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(
          plain.parameters().get(i).toFloatArray(), pooled.parameters().get(i).toFloatArray());
    }
    assertTrue(pool.cachedBytes() > 0, "the steps' tensors went back to the pool");
  }
}
