package io.github.zth.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.zth.testing.TensorArbitraries;
import java.util.List;
import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Broadcast and strided operands take the row-by-row kernel; materialised (contiguous) operands
 * take the flat one. Both must give the same bits, in FLOAT32 and FLOAT64. Likewise row gathers
 * along dim 0 of a contiguous tensor (one arraycopy per row) against the per-row view path of a
 * strided one.
 */
class BroadcastKernelsTest {

  private static final List<BinaryOperator<Tensor>> OPS =
      List.of(
          Tensor::add,
          Tensor::sub,
          Tensor::mul,
          Tensor::div,
          Tensor::maximum,
          Tensor::minimum,
          (a, b) -> a.abs().add(0.5).pow(b));

  @Provide
  Arbitrary<List<Tensor>> pairs() {
    return TensorArbitraries.broadcastTensors(4, 4, -3, 3);
  }

  @Property(tries = 60)
  void broadcastEqualsMaterialised(
      @ForAll("pairs") List<Tensor> p, @ForAll boolean float32, @ForAll boolean transposed) {
    Tensor a = float32 ? p.get(0).to(DType.FLOAT32) : p.get(0);
    Tensor b = float32 ? p.get(1).to(DType.FLOAT32) : p.get(1);
    if (transposed && a.dim() >= 2) {
      a =
          a.transpose(0, a.dim() - 1)
              .contiguous()
              .transpose(0, a.dim() - 1); // same values, strided layout
    }
    for (BinaryOperator<Tensor> op : OPS) {
      Tensor got = op.apply(a, b);
      int[] shape = got.shape();
      Tensor want = op.apply(a.expand(shape).contiguous(), b.expand(shape).contiguous());
      if (float32) {
        assertArrayEquals(want.toFloatArray(), got.toFloatArray());
      } else {
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray());
      }
    }
  }

  @Property(tries = 40)
  void rowGatherAndScatterEqualTheViewPath(
      @ForAll("pairs") List<Tensor> p, @ForAll boolean float32, @ForAll long seed) {
    Tensor x = float32 ? p.get(0).to(DType.FLOAT32) : p.get(0);
    if (x.dim() < 1) {
      x = x.reshape(1);
    }
    java.util.Random r = new java.util.Random(seed);
    long[] idx = new long[1 + r.nextInt(5)];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = r.nextInt(x.size(0));
    }
    Tensor index = Tensor.fromArray(idx, idx.length);
    Tensor a = x.detach().requiresGrad(true); // contiguous: the arraycopy path
    Tensor b =
        x.dim() >= 2 // same values, strided: the view path
            ? x.transpose(0, x.dim() - 1)
                .contiguous()
                .transpose(0, x.dim() - 1)
                .detach()
                .requiresGrad(true)
            : x.detach().requiresGrad(true);
    Tensor ya = a.indexSelect(0, index);
    Tensor yb = b.indexSelect(0, index);
    Tensor w =
        Tensor.arange(ya.numel())
            .to(ya.dtype())
            .add(1.0)
            .reshape(ya.shape()); // distinct weights per element
    ya.mul(w).sum().backward();
    yb.mul(w).sum().backward();
    assertArrayEquals(yb.toDoubleArray(), ya.toDoubleArray());
    assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray());
  }
}
