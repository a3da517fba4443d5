package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleTest {

  @TempDir Path tmp;

  /** A nanoGPT-shaped toy: an embedding, blocks in a ModuleList, a head tied to the embedding. */
  static final class Toy extends Module {
    final Embedding wte;
    final ModuleList blocks;
    final LayerNorm lnF;
    final Tied head;

    Toy(Generator g) {
      wte = registerModule("wte", new Embedding(5, 4, g));
      blocks =
          registerModule(
              "blocks",
              new ModuleList(
                  new Sequential(new Linear(4, 4, true, g), new Tanh()),
                  new Sequential(new Linear(4, 4, false, g), new BatchNorm1d(4))));
      lnF = registerModule("ln_f", new LayerNorm(4, false));
      head = registerModule("head", new Tied(wte.weight()));
      registerBuffer("mask", Tensor.ones(2, 2), false);
    }

    @Override
    public Tensor forward(Tensor idx) {
      Tensor x = wte.forward(idx); // (B, 4)
      for (Module b : blocks) {
        x = b.forward(x);
      }
      return head.forward(lnF.forward(x)); // (B, 5)
    }
  }

  /** A head whose weight is another module's tensor (weight tying). */
  static final class Tied extends Module {
    Tied(Tensor weight) {
      registerParameter("tied", weight);
    }

    @Override
    public Tensor forward(Tensor x) {
      return Functional.linear(
          x, parameter("tied"), null); // read through the registry, so to() and swaps apply
    }
  }

  @Test
  void dottedNamesInRegistrationOrder() {
    Toy toy = new Toy(new Generator(1));
    assertEquals(
        List.of(
            "wte.weight",
            "blocks.0.0.weight",
            "blocks.0.0.bias",
            "blocks.1.0.weight",
            "blocks.1.1.weight",
            "blocks.1.1.bias",
            "ln_f.weight"),
        List.copyOf(toy.namedParameters().keySet()),
        "tied tensor listed once, under its first name");
    assertEquals(
        List.of(
            "mask",
            "blocks.1.1.running_mean",
            "blocks.1.1.running_var",
            "blocks.1.1.num_batches_tracked"),
        List.copyOf(toy.namedBuffers().keySet()));
    assertEquals(
        List.of(
            "wte.weight",
            "blocks.0.0.weight",
            "blocks.0.0.bias",
            "blocks.1.0.weight",
            "blocks.1.1.weight",
            "blocks.1.1.bias",
            "blocks.1.1.running_mean",
            "blocks.1.1.running_var",
            "blocks.1.1.num_batches_tracked",
            "ln_f.weight",
            "head.tied"),
        List.copyOf(toy.stateDict().keySet()),
        "state dict: own params, own buffers, then children; tied tensors under each name; no non-persistent buffers");
    assertSame(toy.stateDict().get("wte.weight"), toy.stateDict().get("head.tied"));
    assertEquals(5 * 4 + 16 + 4 + 16 + 4 + 4 + 4, toy.numParameters());
    assertEquals(
        List.of("wte", "blocks", "ln_f", "head"), List.copyOf(toy.namedChildren().keySet()));
    assertEquals(
        List.of(
            "",
            "wte",
            "blocks",
            "blocks.0",
            "blocks.0.0",
            "blocks.0.1",
            "blocks.1",
            "blocks.1.0",
            "blocks.1.1",
            "ln_f",
            "head"),
        List.copyOf(toy.namedModules().keySet()));
    assertTrue(toy.parameters().stream().allMatch(Tensor::requiresGrad));
  }

  @Test
  void trainEvalApplyAndZeroGrad() {
    Toy toy = new Toy(new Generator(1));
    assertTrue(toy.isTraining());
    toy.eval();
    assertTrue(toy.namedModules().values().stream().noneMatch(Module::isTraining));
    toy.train();
    assertTrue(toy.namedModules().values().stream().allMatch(Module::isTraining));
    List<String> order = new ArrayList<>();
    new Sequential(new Tanh(), new Sequential(new ReLU()))
        .apply(m -> order.add(m.getClass().getSimpleName()));
    assertEquals(List.of("Tanh", "ReLU", "Sequential", "Sequential"), order);

    Tensor loss = toy.forward(Tensor.of(0L, 3L, 4L)).sum();
    loss.backward();
    assertTrue(toy.parameters().stream().allMatch(p -> p.grad() != null));
    toy.zeroGrad();
    assertTrue(toy.parameters().stream().allMatch(p -> p.grad() == null));
  }

  @Test
  void reprIsATreeWithParameterCounts() {
    Sequential s =
        new Sequential(
            new Linear(30, 200, true, new Generator(0)), new Tanh(), new LayerNorm(200, false));
    assertEquals(
        "Sequential(  # 6,400 params\n"
            + "  (0): Linear(in_features=30, out_features=200, bias=true)  # 6,200 params\n"
            + "  (1): Tanh()\n"
            + "  (2): LayerNorm((200,), eps=1.0E-5, elementwise_affine=true, bias=false)  # 200 params\n"
            + ")",
        s.toString());
  }

  @Test
  void registrationErrors() {
    Module m = new Sequential(new Tanh());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ((Sequential) m).append(m));
    assertTrue(e.getMessage().contains("cannot be its own child"), e.getMessage());
    Module bad =
        new Module() {
          {
            registerParameter("w", Tensor.zeros(2));
          }

          @Override
          public Tensor forward(Tensor x) {
            return x;
          }
        };
    assertEquals(1, bad.parameters().size());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Module() {
              {
                registerParameter("a.b", Tensor.zeros(1));
              }

              @Override
              public Tensor forward(Tensor x) {
                return x;
              }
            });
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Module() {
                  {
                    registerParameter("w", Tensor.zeros(1));
                    registerBuffer("w", Tensor.zeros(1));
                  }

                  @Override
                  public Tensor forward(Tensor x) {
                    return x;
                  }
                });
    assertTrue(
        dup.getMessage().contains("registerBuffer: \"w\" is already registered"), dup.getMessage());
    IllegalArgumentException ints =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Module() {
                  {
                    registerParameter("i", Tensor.of(1L));
                  }

                  @Override
                  public Tensor forward(Tensor x) {
                    return x;
                  }
                });
    assertTrue(
        ints.getMessage().contains("must be a floating point tensor, got INT64"),
        ints.getMessage());
    assertThrows(
        UnsupportedOperationException.class, () -> new ModuleList().forward(Tensor.zeros(1)));
    assertThrows(
        UnsupportedOperationException.class, () -> new ModuleDict().forward(Tensor.zeros(1)));
    assertThrows(IndexOutOfBoundsException.class, () -> new ModuleList().get(0));
  }

  @Test
  void moduleDictKeepsInsertionOrder() {
    ModuleDict d =
        new ModuleDict().put("b", new Tanh()).put("a", new Linear(2, 3, true, new Generator(0)));
    assertEquals(List.of("b", "a"), List.copyOf(d.asMap().keySet()));
    assertEquals(List.of("a.weight", "a.bias"), List.copyOf(d.namedParameters().keySet()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.get("c"));
    assertTrue(e.getMessage().contains("no module \"c\"; have [b, a]"), e.getMessage());
  }

  @Test
  void loadStateDictChecksEverythingBeforeCopying() {
    Linear a = new Linear(3, 2, true, new Generator(1));
    Linear b = new Linear(3, 2, true, new Generator(2));
    float[] before = b.weight().toFloatArray();
    Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
    state.put("extra", Tensor.zeros(1));
    state.remove("bias");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(state, true));
    assertEquals(
        "loadStateDict: Linear: missing keys [bias]; unexpected keys [extra]", e.getMessage());
    assertArrayEquals(before, b.weight().toFloatArray(), "nothing copied by a failed load");

    LoadResult r = b.loadStateDict(state, false);
    assertEquals(List.of("bias"), r.missingKeys());
    assertEquals(List.of("extra"), r.unexpectedKeys());
    assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.loadStateDict(Map.of("weight", Tensor.zeros(3, 2)), false));
    assertEquals(
        "loadStateDict: Linear: \"weight\" has shape [3, 2] but the module expects [2, 3]",
        e.getMessage());
    // another dtype is cast into the module's, as torch's load_state_dict copies
    Tensor w = b.weight();
    b.loadStateDict(Map.of("weight", Tensor.full(DType.FLOAT64, 0.1, 2, 3)), false);
    assertSame(w, b.weight());
    assertEquals(DType.FLOAT32, b.weight().dtype());
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, b.weight().toFloatArray());
  }

  @Test
  void loadCastsAFloat64FileIntoAFloat32Model() throws IOException {
    Linear a = new Linear(3, 2, true, new Generator(1));
    a.to(DType.FLOAT64);
    Path file = tmp.resolve("f64.safetensors");
    a.save(file);
    Linear b = new Linear(3, 2, true, new Generator(2));
    b.load(file);
    assertEquals(DType.FLOAT32, b.weight().dtype());
    assertArrayEquals(a.weight().to(DType.FLOAT32).toFloatArray(), b.weight().toFloatArray());
    assertArrayEquals(a.bias().to(DType.FLOAT32).toFloatArray(), b.bias().toFloatArray());
  }

  @Test
  void toConvertsInPlaceSoAnOptimizerMadeBeforeKeepsTraining() {
    Generator g = new Generator(3);
    Linear model = new Linear(3, 1, true, g);
    Tensor weight = model.weight();
    Tensor x = Tensor.randn(g, 8, 3);
    Tensor y = Tensor.randn(g, 8, 1);
    io.github.zth.nn.optim.SGD opt = new io.github.zth.nn.optim.SGD(model.parameters(), 0.1);
    model.forward(x).mseLoss(y).backward(); // a FLOAT32 gradient that to() converts along
    model.to(DType.FLOAT64);
    assertSame(weight, model.weight(), "the same parameter object, as torch's model.double()");
    assertEquals(DType.FLOAT64, weight.dtype());
    assertEquals(DType.FLOAT64, weight.grad().dtype());
    opt.zeroGrad();
    Tensor x64 = x.to(DType.FLOAT64);
    Tensor y64 = y.to(DType.FLOAT64);
    double before = model.forward(x64).mseLoss(y64).item();
    for (int i = 0; i < 5; i++) {
      opt.zeroGrad();
      Tensor loss = model.forward(x64).mseLoss(y64);
      loss.backward();
      opt.step();
    }
    double after = model.forward(x64).mseLoss(y64).item();
    assertTrue(
        after < before,
        "loss " + before + " -> " + after + ": the optimizer trains the converted model");
  }

  @Test
  void saveLoadRoundTrip() throws IOException {
    Toy a = new Toy(new Generator(1));
    a.forward(Tensor.of(0L, 1L, 2L)); // moves the BatchNorm running statistics
    Path file = tmp.resolve("toy.safetensors");
    a.save(file);
    Toy b = new Toy(new Generator(2));
    b.load(file);
    for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
      assertArrayEquals(
          e.getValue().toDoubleArray(), b.stateDict().get(e.getKey()).toDoubleArray(), e.getKey());
    }
    Toy evalA = (Toy) a.eval();
    Toy evalB = (Toy) b.eval();
    Tensor idx = Tensor.of(4L, 2L);
    assertArrayEquals(evalA.forward(idx).toFloatArray(), evalB.forward(idx).toFloatArray());

    Path other = tmp.resolve("linear.safetensors");
    new Linear(4, 4, true, new Generator(0)).save(other);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.load(other));
    assertTrue(
        e.getMessage().startsWith("loadStateDict: Toy: missing keys [blocks.0.0.bias"),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("nothing")));
    assertNull(new Linear(2, 2, false, new Generator(0)).bias());
  }

  @Test
  void toFloat64ConvertsParametersAndFloatingBuffersKeepingTies() {
    Toy toy = new Toy(new Generator(1));
    Tensor before = toy.wte.weight();
    toy.to(DType.FLOAT64);
    Map<String, Tensor> state = toy.stateDict();
    assertTrue(
        state.entrySet().stream()
            .filter(e -> !e.getKey().endsWith("num_batches_tracked"))
            .allMatch(e -> e.getValue().dtype() == DType.FLOAT64),
        "all floating state is FLOAT64");
    assertEquals(DType.INT64, state.get("blocks.1.1.num_batches_tracked").dtype());
    assertSame(state.get("wte.weight"), state.get("head.tied"), "tied parameters stay one tensor");
    assertArrayEquals(before.toDoubleArray(), toy.wte.weight().toDoubleArray());
    assertTrue(toy.parameters().stream().allMatch(p -> p.requiresGrad() && p.isLeaf()));
    assertEquals(DType.FLOAT64, toy.wte.forward(Tensor.of(1L)).dtype());
    assertThrows(IllegalArgumentException.class, () -> toy.to(DType.INT64));
  }
}
