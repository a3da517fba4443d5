package io.github.zth.nn;

import io.github.zth.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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

    private TensorFiles() {
    }

    /**
     * Writes FLOAT32, FLOAT64 and INT64 tensors to a safetensors file, atomically (temporary file,
     * then move). Tensors are ordered as the reference writer orders them (dtype, then name).
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
     * @param file the file
     * @return the tensors by name, in the order of their data in the file
     * @throws IllegalArgumentException if the file is not valid safetensors or holds unsupported dtypes
     * @throws IOException if reading fails
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return StateDicts.read(file);
    }
}
