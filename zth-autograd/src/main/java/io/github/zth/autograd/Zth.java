package io.github.zth.autograd;

import io.github.zth.autograd.random.Generator;
import java.security.SecureRandom;

/**
 * Torch-like static entry points. Holds the one piece of process-wide mutable state zth allows: the
 * default {@link Generator}, which {@code torch.nn}-style layer initialisers and the random tensor
 * factories use when no generator is passed.
 *
 * <p>Like torch's, the default generator starts from a non-deterministic seed; call {@link
 * #manualSeed(long)} for reproducible runs. It is safe to use from several threads (its methods are
 * synchronized), but runs are reproducible only when one thread draws from it.
 */
public final class Zth {
  private Zth() {}

  private static final Generator DEFAULT = new Generator(new SecureRandom().nextLong());

  /** The process-wide default generator ({@code torch.default_generator}). */
  public static Generator defaultGenerator() {
    return DEFAULT;
  }

  /**
   * Re-seeds the default generator like {@code torch.manual_seed(seed)} and returns it.
   *
   * @see Generator#manualSeed(long)
   */
  public static Generator manualSeed(long seed) {
    return DEFAULT.manualSeed(seed);
  }

  /** The default generator's seed, like {@code torch.initial_seed()}. */
  public static long initialSeed() {
    return DEFAULT.initialSeed();
  }
}
