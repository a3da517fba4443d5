package io.github.zth.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedTensorTest {

  @TempDir Path tmp;

  @Test
  void forEachMapsEveryTensorWithItsValues() throws Exception {
    Map<String, Tensor> saved = new LinkedHashMap<>();
    saved.put("a", Tensor.randn(new Generator(1), 3, 5));
    saved.put("b", Tensor.fromArray(new long[] {7, -2}, 2));
    saved.put("c", Tensor.fromArray(new double[] {0.25}, 1, 1));
    Path file = tmp.resolve("t.safetensors");
    TensorFiles.save(saved, file);
    List<String> seen = new ArrayList<>();
    TensorFiles.forEach(
        file,
        t -> {
          seen.add(t.name());
          Tensor want = saved.get(t.name());
          assertArrayEquals(want.shape(), t.shape());
          assertEquals(want.dtype(), t.read().dtype());
          assertEquals(want.dtype(), t.dtype());
          assertArrayEquals(want.toDoubleArray(), t.read().toDoubleArray(), 0.0, t.name());
          assertEquals(file, t.file());
        });
    assertEquals(
        List.of("b", "c", "a"),
        seen,
        "data order: I64, F64, then F32, as the writer lays them out");
  }

  /** More rows than one block holds, so the copy runs in several blocks. */
  @Test
  void copiesInBlocksStraightAndTransposed() {
    int rows = MappedTensor.BLOCK_ELEMENTS / 64 + 3;
    int cols = 128;
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f;
    }
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    MappedTensor t = MappedTensor.float32(Path.of("mem"), "w", b, rows, cols);
    Tensor dst =
        Tensor.zeros(rows, cols).requiresGrad(true); // a parameter: copied without gradients
    t.copyTo(dst);
    assertArrayEquals(v, dst.toFloatArray());
    Tensor dstT = Tensor.zeros(cols, rows);
    t.copyTransposedTo(dstT);
    assertArrayEquals(
        Tensor.fromArray(v, rows, cols).T().contiguous().toFloatArray(), dstT.toFloatArray());
    assertArrayEquals(
        new float[] {cols * 0.5f * 2, cols * 0.5f * 2 + 0.5f},
        t.rows(2, 1).narrow(1, 0, 2).toFloatArray());
  }

  @Test
  void bfloat16IsWidenedExactly() {
    ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0x3f80)
        .putShort((short) 0xc040)
        .putShort((short) 0x3e20)
        .flip(); // 1, -3, 0.15625
    assertArrayEquals(
        new float[] {1f, -3f, 0.15625f},
        MappedTensor.bfloat16(Path.of("m"), "x", b, 3).read().toFloatArray());
  }

  @Test
  void mismatchesNameTheFileAndTensor() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MappedTensor.float32(Path.of("f.bin"), "wte", b, 2, 4));
    assertTrue(
        e.getMessage().contains("f.bin")
            && e.getMessage().contains("\"wte\"")
            && e.getMessage().contains("32 bytes, got 24"),
        e.getMessage());
    MappedTensor t = MappedTensor.float32(Path.of("f.bin"), "wte", b, 2, 3);
    e = assertThrows(IllegalArgumentException.class, () -> t.copyTo(Tensor.zeros(3, 2)));
    assertTrue(
        e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.copyTransposedTo(Tensor.zeros(2, 3)));
    assertTrue(e.getMessage().contains("transpose"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.rows(1, 2));
  }

  @Test
  void corruptFilesAreRefusedBeforeAnyTensorIsVisited() throws Exception {
    Path file = tmp.resolve("bad.safetensors");
    TensorFiles.save(Map.of("a", Tensor.ones(4)), file);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 4));
    List<String> seen = new ArrayList<>();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorFiles.forEach(file, t -> seen.add(t.name())));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(seen.isEmpty());
  }

  /**
   * TensorFiles.save streams blocks of rows: a transposed view, a 0-d tensor and more rows than a
   * block.
   */
  @Test
  void savingStreamsViewsScalarsAndLargeTensors() throws Exception {
    Tensor big = Tensor.randn(new Generator(2), MappedTensor.BLOCK_ELEMENTS / 8 + 5, 16);
    Tensor view = Tensor.randn(new Generator(3), 7, 3).T();
    Map<String, Tensor> saved = new LinkedHashMap<>();
    saved.put("big", big);
    saved.put("view", view);
    saved.put("scalar", Tensor.scalar(io.github.zth.autograd.DType.FLOAT32, 2.5));
    Path file = tmp.resolve("s.safetensors");
    TensorFiles.save(saved, file);
    Map<String, Tensor> back = TensorFiles.load(file);
    assertArrayEquals(big.toFloatArray(), back.get("big").toFloatArray());
    assertArrayEquals(view.contiguous().toFloatArray(), back.get("view").toFloatArray());
    assertArrayEquals(new int[] {3, 7}, back.get("view").shape());
    assertArrayEquals(new int[0], back.get("scalar").shape());
    assertEquals(2.5, back.get("scalar").item());
  }
}
