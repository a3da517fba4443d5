package example;

import io.github.zth.autograd.GradCheck;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.ModuleGradCheck;
import io.github.zth.testing.ModuleArbitraries;
import io.github.zth.testing.TensorArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SiLUMlpProperties {
  @Property(tries = 50)
  void siluHasRightGradients(@ForAll("tensors") Tensor x) {
    GradCheck.assertGradients(in -> SiLUMlp.SILU.apply(in.get(0)), x);
  }

  @Property(tries = 10)
  void mlpHasRightGradients(@ForAll("mlps") ModuleArbitraries.Case<SiLUMlp> c) {
    ModuleGradCheck.assertGradients(c.module(), c.input());
  }

  @Provide
  Arbitrary<Tensor> tensors() {
    return TensorArbitraries.tensors(3, 4, -4, 4); // up to 3 dims of size up to 4, values in [-4, 4]
  }

  @Provide
  Arbitrary<ModuleArbitraries.Case<SiLUMlp>> mlps() {
    return ModuleArbitraries.withInputs(ModuleArbitraries.seeded(g -> new SiLUMlp(3, 5, 2, g)),
        m -> Arbitraries.integers().between(1, 4).flatMap(b -> TensorArbitraries.tensors(new int[] {b, 3}, -2, 2)));
  }
}
