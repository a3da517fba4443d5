package io.github.zth.nn.internal;

import java.util.Map;

/**
 * The contents of a safetensors file.
 *
 * @param tensors the tensors by name, in the order their data appears in the file
 * @param metadata the {@code __metadata__} string map (empty if the file has none)
 */
public record SafeTensorsFile(Map<String, SafeTensorsEntry> tensors, Map<String, String> metadata) {

  /** Makes unmodifiable copies of both maps, keeping their order. */
  public SafeTensorsFile {
    tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }
}
