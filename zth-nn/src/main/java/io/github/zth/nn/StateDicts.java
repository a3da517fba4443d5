package io.github.zth.nn;

import io.github.zth.autograd.GradMode;
import io.github.zth.autograd.Tensor;
import io.github.zth.nn.internal.SafeTensors;
import io.github.zth.nn.internal.SafeTensorsDType;
import io.github.zth.nn.internal.SafeTensorsEntry;
import io.github.zth.nn.internal.SafeTensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * State-dict loading and the Tensor ↔ safetensors conversion behind {@link Module#save}/{@link
 * Module#load}.
 */
final class StateDicts {

  private StateDicts() {}

  @SuppressWarnings("try") // the guard is used for its scope, as torch.no_grad() is
  static LoadResult load(Module module, Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = module.stateDict();
    TreeSet<String> missing = new TreeSet<>(own.keySet());
    missing.removeAll(state.keySet());
    TreeSet<String> unexpected = new TreeSet<>(state.keySet());
    unexpected.removeAll(own.keySet());
    List<String> problems = new ArrayList<>();
    if (strict && !missing.isEmpty()) {
      problems.add("missing keys " + missing);
    }
    if (strict && !unexpected.isEmpty()) {
      problems.add("unexpected keys " + unexpected);
    }
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        continue;
      }
      Tensor dst = e.getValue();
      if (!Arrays.equals(src.shape(), dst.shape())) {
        problems.add(
            "\""
                + e.getKey()
                + "\" has shape "
                + Arrays.toString(src.shape())
                + " but the module expects "
                + Arrays.toString(dst.shape()));
      }
      // a dtype difference is no problem: copy_ casts into the module's dtype, as torch's
      // load_state_dict does
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "loadStateDict: "
              + module.getClass().getSimpleName()
              + ": "
              + String.join("; ", problems));
    }
    try (var off = GradMode.disabled()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null && src != e.getValue()) {
          e.getValue().copy_(src);
        }
      }
    }
    return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
  }

  /**
   * Streams each tensor into the file a block of rows at a time, so saving a model needs no second
   * copy of it on the heap; strided views (a transpose) are written in their logical order.
   */
  static void save(Map<String, Tensor> state, Path file) throws IOException {
    List<SafeTensors.Planned> planned = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      planned.add(
          new SafeTensors.Planned(
              e.getKey(),
              dtypeOf(e.getKey(), e.getValue()),
              Arrays.stream(e.getValue().shape()).asLongStream().toArray()));
    }
    SafeTensors.write(
        file,
        planned,
        Map.of("format", "pt"),
        (name, ch) -> {
          Tensor t = state.get(name).detach();
          int rows = t.dim() == 0 ? 1 : t.size(0);
          Tensor flat =
              t.dim() == 0 ? t.reshape(1, 1) : t.reshape(rows, rows == 0 ? 0 : t.numel() / rows);
          int step = Math.max(1, MappedTensor.BLOCK_ELEMENTS / Math.max(1, flat.size(1)));
          for (int r = 0; r < rows; r += step) {
            ByteBuffer buf =
                ByteBuffer.wrap(toEntry(name, flat.narrow(0, r, Math.min(step, rows - r))).data());
            while (buf.hasRemaining()) {
              ch.write(buf);
            }
          }
        });
  }

  private static SafeTensorsDType dtypeOf(String name, Tensor t) {
    return switch (t.dtype()) {
      case FLOAT32 -> SafeTensorsDType.F32;
      case FLOAT64 -> SafeTensorsDType.F64;
      case INT64 -> SafeTensorsDType.I64;
      default ->
          throw new IllegalArgumentException(
              "save: \""
                  + name
                  + "\" is "
                  + t.dtype()
                  + "; zth saves FLOAT32, FLOAT64 and INT64 tensors");
    };
  }

  static Map<String, Tensor> read(Path file) throws IOException {
    SafeTensorsFile f = SafeTensors.read(file);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (SafeTensorsEntry e : f.tensors().values()) {
      out.put(e.name(), toTensor(file, e.toFloat32()));
    }
    return out;
  }

  static SafeTensorsEntry toEntry(String name, Tensor t) {
    long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
    int n = t.numel();
    ByteBuffer buf;
    SafeTensorsDType dtype;
    switch (t.dtype()) {
      case FLOAT32 -> {
        dtype = SafeTensorsDType.F32;
        buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.toFloatArray());
      }
      case FLOAT64 -> {
        dtype = SafeTensorsDType.F64;
        buf = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(t.toDoubleArray());
      }
      case INT64 -> {
        dtype = SafeTensorsDType.I64;
        buf = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(t.toLongArray());
      }
      default ->
          throw new IllegalArgumentException(
              "save: \""
                  + name
                  + "\" is "
                  + t.dtype()
                  + "; zth saves FLOAT32, FLOAT64 and INT64 tensors");
    }
    return new SafeTensorsEntry(name, dtype, shape, buf.array());
  }

  static Tensor toTensor(Path file, SafeTensorsEntry e) {
    int[] shape = new int[e.shape().length];
    for (int i = 0; i < shape.length; i++) {
      if (e.shape()[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "load: "
                + file
                + ": tensor \""
                + e.name()
                + "\" dimension "
                + e.shape()[i]
                + " exceeds the largest zth supports ("
                + Integer.MAX_VALUE
                + ")");
      }
      shape[i] = (int) e.shape()[i];
    }
    ByteBuffer buf = ByteBuffer.wrap(e.data()).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) e.numel();
    switch (e.dtype()) {
      case F32 -> {
        float[] a = new float[n];
        buf.asFloatBuffer().get(a);
        return Tensor.fromArray(a, shape);
      }
      case F64 -> {
        double[] a = new double[n];
        buf.asDoubleBuffer().get(a);
        return Tensor.fromArray(a, shape);
      }
      case I64 -> {
        long[] a = new long[n];
        buf.asLongBuffer().get(a);
        return Tensor.fromArray(a, shape);
      }
      default ->
          throw new IllegalStateException(
              "toTensor: " + e.dtype() + " should have been widened to F32");
    }
  }
}
