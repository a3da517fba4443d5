package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import io.github.zth.nn.internal.SafeTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Saves and loads named tensors as safetensors files, the format PyTorch and Hugging Face users
 * exchange weights in: for checkpoints that combine a model's {@link Module#stateDict()} with an
 * optimizer's {@link io.github.zth.nn.optim.Optimizer#stateDict()} under prefixes.
 *
 * <pre>{@code
 * Map<String, Tensor> ckpt = new LinkedHashMap<>();
 * model.stateDict().forEach((k, v) -> ckpt.put("model." + k, v));
 * optimizer.stateDict().forEach((k, v) -> ckpt.put("optimizer." + k, v));
 * TensorFiles.save(ckpt, Path.of("ckpt.safetensors"));
 * }</pre>
 */
public final class TensorFiles {

  private TensorFiles() {}

  /**
   * Writes FLOAT32, FLOAT64 and INT64 tensors to a safetensors file, atomically (temporary file,
   * then move). Tensors are ordered as the reference writer orders them (dtype, then name). Each
   * tensor is streamed into the file a block of rows at a time, so saving a model needs no second
   * copy of it on the heap; views (a transpose, a slice) are written in their logical order.
   *
   * @param tensors the tensors by name
   * @param file the target file
   * @throws IllegalArgumentException if a tensor has another dtype
   * @throws IOException if writing fails
   */
  public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
    StateDicts.save(tensors, file);
  }

  /**
   * Reads every tensor of a safetensors file (F16 and BF16 are widened to FLOAT32). The file is
   * validated before anything is allocated, so a corrupt file fails with a message naming it.
   *
   * @return the tensors by name, in the order of their data in the file
   * @throws IllegalArgumentException if the file is not valid safetensors or holds unsupported
   *     dtypes
   * @throws IOException if reading fails
   */
  public static Map<String, Tensor> load(Path file) throws IOException {
    return StateDicts.read(file);
  }

  /**
   * Visits every tensor of a safetensors file without reading the file onto the heap: the header is
   * validated as {@link #load} does, then each tensor is memory-mapped and handed over as a {@link
   * MappedTensor}, which copies itself into a model's parameters a block at a time. This is how a
   * 500 MB checkpoint loads into a model with about its own size of heap.
   *
   * @param action called once per tensor, in the order of their data in the file
   * @throws IllegalArgumentException if the file is not valid safetensors or holds unsupported
   *     dtypes
   * @throws IOException if reading or mapping fails
   */
  public static void forEach(Path file, Consumer<MappedTensor> action) throws IOException {
    List<SafeTensors.Span> spans = SafeTensors.spans(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (SafeTensors.Span s : spans) {
        int[] shape = new int[s.shape().length];
        for (int i = 0; i < shape.length; i++) {
          if (s.shape()[i] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "load: "
                    + file
                    + ": tensor \""
                    + s.name()
                    + "\" dimension "
                    + s.shape()[i]
                    + " exceeds the largest zth supports ("
                    + Integer.MAX_VALUE
                    + ")");
          }
          shape[i] = (int) s.shape()[i];
        }
        if (s.length() > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "load: "
                  + file
                  + ": tensor \""
                  + s.name()
                  + "\" has "
                  + s.length()
                  + " bytes; zth maps at most "
                  + Integer.MAX_VALUE
                  + " per tensor");
        }
        ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, s.position(), s.length());
        MappedTensor.Encoding enc =
            switch (s.dtype()) {
              case F32 -> MappedTensor.Encoding.F32;
              case BF16 -> MappedTensor.Encoding.BF16;
              case F16 -> MappedTensor.Encoding.F16;
              case F64 -> MappedTensor.Encoding.F64;
              case I64 -> MappedTensor.Encoding.I64;
            };
        action.accept(new MappedTensor(file, s.name(), enc, data, shape));
      }
    }
  }
}
