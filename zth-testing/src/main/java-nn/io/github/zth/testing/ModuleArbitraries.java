package io.github.zth.testing;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for property-testing {@link Module}s with {@link
 * io.github.zth.nn.ModuleGradCheck}. Each module is built from a {@link Generator} seeded by jqwik,
 * so a failing try is reproduced by jqwik's own seed, and is converted to FLOAT64, where finite
 * differences are tight.
 *
 * <pre>{@code
 * @Property(tries = 20)
 * void myBlockHasRightGradients(@ForAll("blocks") ModuleArbitraries.Case<MyBlock> c) {
 *   ModuleGradCheck.assertGradients(c.module(), c.input());
 * }
 * @Provide Arbitrary<ModuleArbitraries.Case<MyBlock>> blocks() {
 *   return ModuleArbitraries.withInputs(ModuleArbitraries.seeded(g -> new MyBlock(4, g)),
 *       m -> TensorArbitraries.tensors(new int[] {3, 4}, -2, 2));
 * }
 * }</pre>
 */
public final class ModuleArbitraries {
  private ModuleArbitraries() {}

  /**
   * A module and an input it accepts, drawn together so the input can depend on the module's sizes.
   *
   * @param <M> the module type
   * @param module the module, in FLOAT64
   * @param input the input, FLOAT64
   */
  public record Case<M extends Module>(M module, Tensor input) {}

  /**
   * Modules built by {@code factory} from a fresh seeded generator per try, then converted to
   * FLOAT64.
   *
   * @param <M> the module type
   * @param factory builds the module, drawing its initial weights from the generator it is given
   * @return the arbitrary
   */
  public static <M extends Module> Arbitrary<M> seeded(Function<Generator, M> factory) {
    return Arbitraries.longs()
        .withoutEdgeCases()
        .map(seed -> inFloat64(factory.apply(new Generator(seed))));
  }

  /**
   * {@link Linear} layers of 1..maxIn inputs and 1..maxOut outputs, with and without bias.
   *
   * @param maxIn the largest in_features
   * @param maxOut the largest out_features
   * @return the arbitrary
   */
  public static Arbitrary<Linear> linears(int maxIn, int maxOut) {
    return Combinators.combine(
            Arbitraries.integers().between(1, maxIn),
            Arbitraries.integers().between(1, maxOut),
            Arbitraries.of(true, false),
            Arbitraries.longs().withoutEdgeCases())
        .as((in, out, bias, seed) -> inFloat64(new Linear(in, out, bias, new Generator(seed))));
  }

  /**
   * Pairs each module with an input drawn for it.
   *
   * @param <M> the module type
   * @param inputs the inputs a given module accepts (for example a batch of its in_features)
   * @return the arbitrary
   */
  public static <M extends Module> Arbitrary<Case<M>> withInputs(
      Arbitrary<M> modules, Function<M, Arbitrary<Tensor>> inputs) {
    return modules.flatMap(m -> inputs.apply(m).map(x -> new Case<>(m, x)));
  }

  private static <M extends Module> M inFloat64(M module) {
    module.to(DType.FLOAT64);
    return module;
  }
}
