package io.github.zth.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} could not match: the module's keys absent from the given state,
 * and the given keys the module does not have. Both are empty after a successful strict load.
 *
 * @param missingKeys keys of the module's state dict that were not provided, sorted
 * @param unexpectedKeys provided keys the module does not have, sorted
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {

  /** Makes unmodifiable copies of both lists. */
  public LoadResult {
    missingKeys = List.copyOf(missingKeys);
    unexpectedKeys = List.copyOf(unexpectedKeys);
  }
}
