package io.github.zth.data.tokenizer;

import java.util.Set;

/**
 * Which special tokens {@code encode} may emit, as minbpe's {@code allowed_special}: {@link #ALL},
 * {@link #NONE} (special tokens are encoded as ordinary text), {@link #NONE_RAISE} (the default: a
 * special token in the text is an error) or {@link #of(Set)} a subset (the others are ordinary
 * text).
 *
 * @param mode which of the four rules applies
 * @param allowed the allowed tokens for {@link Mode#SET}, else empty
 */
public record AllowedSpecial(Mode mode, Set<String> allowed) {
  /** The four rules. */
  public enum Mode {
    /** Every special token is emitted as its id. */
    ALL,
    /** No special token is recognised: its text is encoded like any other. */
    NONE,
    /** No special token is recognised, and one in the text is an error. */
    NONE_RAISE,
    /** Only the given special tokens are emitted as ids. */
    SET
  }

  /** Every special token is emitted as its id. */
  public static final AllowedSpecial ALL = new AllowedSpecial(Mode.ALL, Set.of());

  /** Special tokens are encoded as ordinary text. */
  public static final AllowedSpecial NONE = new AllowedSpecial(Mode.NONE, Set.of());

  /** A special token in the text is an error (minbpe's and tiktoken's default). */
  public static final AllowedSpecial NONE_RAISE = new AllowedSpecial(Mode.NONE_RAISE, Set.of());

  /** Copies the set so the record stays immutable. */
  public AllowedSpecial {
    allowed = Set.copyOf(allowed);
  }

  /**
   * Only these special tokens are emitted as ids; any other special token is ordinary text.
   *
   * @param tokens the allowed special tokens
   * @return the rule
   */
  public static AllowedSpecial of(Set<String> tokens) {
    return new AllowedSpecial(Mode.SET, tokens);
  }
}
