package io.github.zth.data;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * makemore.py's {@code CharDataset}: words over a character vocabulary where id 0 is the special
 * start/end token and the characters, sorted by code point, are ids 1..n. Example {@code i} is the
 * pair {@code x = [0, w...], y = [w..., 0, -1...]}, both of length {@code maxWordLength + 1}, where
 * {@code -1} marks positions the loss ignores.
 *
 * <pre>{@code
 * CharDataset.Split s = CharDataset.split(words, new Generator(3407));   // makemore's create_datasets
 * Batch b = s.train().batch(new long[] {0, 5, 7});                    // x, y: (3, maxWordLength + 1)
 * }</pre>
 */
public final class CharDataset {

  /**
   * The training and test sets of {@link #split}.
   *
   * @param train the training words
   * @param test the held-out words
   */
  public record Split(CharDataset train, CharDataset test) {}

  private final List<String> words;
  private final int[] chars;
  private final int maxWordLength;
  private final Map<Integer, Integer> stoi = new HashMap<>();
  private final Set<String> wordSet;

  /**
   * A dataset of {@code words} over the vocabulary {@code chars}.
   *
   * @param chars the vocabulary's code points, sorted ascending, without duplicates
   * @param maxWordLength the longest word length of the whole corpus (fixes the example length)
   * @throws IllegalArgumentException if a word is empty, too long or uses a character outside
   *     {@code chars}, or {@code chars} is not sorted
   */
  public CharDataset(List<String> words, int[] chars, int maxWordLength) {
    for (int i = 1; i < chars.length; i++) {
      if (chars[i] <= chars[i - 1]) {
        throw new IllegalArgumentException(
            "CharDataset: the vocabulary must be sorted without duplicates, got "
                + new String(chars, 0, chars.length));
      }
    }
    if (maxWordLength < 1) {
      throw new IllegalArgumentException(
          "CharDataset: max word length " + maxWordLength + ": expected at least 1");
    }
    this.words = List.copyOf(words);
    this.chars = chars.clone();
    this.maxWordLength = maxWordLength;
    for (int i = 0; i < chars.length; i++) {
      stoi.put(chars[i], i + 1);
    }
    for (String w : this.words) {
      int n = w.codePointCount(0, w.length());
      if (n == 0 || n > maxWordLength) {
        throw new IllegalArgumentException(
            "CharDataset: word '"
                + w
                + "' has "
                + n
                + " characters, expected 1 to "
                + maxWordLength);
      }
      encode(w);
    }
    this.wordSet = new HashSet<>(this.words);
  }

  /**
   * makemore's {@code create_datasets}: the vocabulary and longest length of all words, then {@code
   * test_set_size = min(1000, int(len(words) * 0.1))} words picked by {@code
   * torch.randperm(len(words))} (the last ones of the permutation) for the test set.
   *
   * @param words the stripped, non-empty words, at least 10
   * @param g the generator the permutation comes from (makemore: {@code torch.manual_seed(3407)})
   * @return the training and test sets
   * @throws IllegalArgumentException if there are fewer than 10 words or one is empty
   */
  public static Split split(List<String> words, Generator g) {
    if (words.size() < 10) {
      throw new IllegalArgumentException(
          "CharDataset.split: "
              + words.size()
              + " words, expected at least 10 (a tenth of them is the test set)");
    }
    int[] chars = vocabulary(words);
    int maxLen = 0;
    for (String w : words) {
      maxLen = Math.max(maxLen, w.codePointCount(0, w.length()));
    }
    int testSize = testSetSize(words.size());
    long[] rp = g.randperm(words.size());
    List<String> train = new ArrayList<>(words.size() - testSize);
    List<String> test = new ArrayList<>(testSize);
    for (int i = 0; i < rp.length; i++) {
      (i < rp.length - testSize ? train : test).add(words.get((int) rp[i]));
    }
    return new Split(new CharDataset(train, chars, maxLen), new CharDataset(test, chars, maxLen));
  }

  /**
   * The private generator torch's {@code DataLoader} gives a {@code RandomSampler} that has none of
   * its own, for one pass: starting the iterator draws its base seed, then the sampler draws its
   * seed, each an int64 {@code random_()} of the global generator (a 64-bit draw reduced mod 2^63);
   * the second seeds a fresh generator. makemore draws its training batches from such a generator
   * ({@code InfiniteDataLoader}: {@code randint(n, (32,))} chunks, with replacement) and every
   * {@code evaluate} pass shuffles with one ({@code randperm(n)}), so neither depends on how much
   * else (sampling, other evaluations) has drawn from the global generator in between.
   *
   * @param global the global generator ({@code torch.manual_seed(3407)} in makemore); two draws are
   *     taken
   * @return a new generator seeded as the sampler's
   */
  public static Generator loaderGenerator(Generator global) {
    global.random64(); // the iterator's _base_seed, unused with num_workers=0
    return new Generator(global.random64() & Long.MAX_VALUE);
  }

  /**
   * Returns makemore's test-set size for a corpus of {@code n} words: {@code min(1000, int(n *
   * 0.1))}.
   *
   * @param n the number of words
   * @return the test-set size
   */
  public static int testSetSize(int n) {
    return Math.min(1000, (int) (n * 0.1));
  }

  /**
   * Returns the sorted distinct code points of the words ({@code sorted(set(''.join(words)))}).
   *
   * @return the code points, ascending
   */
  public static int[] vocabulary(List<String> words) {
    TreeSet<Integer> set = new TreeSet<>();
    for (String w : words) {
      if (w.isEmpty()) {
        throw new IllegalArgumentException(
            "CharDataset.vocabulary: empty word (expected stripped, non-empty words)");
      }
      w.codePoints().forEach(set::add);
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /** How many words (examples) the set holds; a batch draws indices below it. */
  public int size() {
    return words.size();
  }

  /** Returns the words, in order. */
  public List<String> words() {
    return words;
  }

  /** Returns the vocabulary's code points (ids 1..n). */
  public int[] chars() {
    return chars.clone();
  }

  /**
   * Returns whether {@code word} is one of this set's words.
   *
   * @return whether it is in this set
   */
  public boolean contains(String word) {
    return wordSet.contains(word);
  }

  /** Returns the number of ids: the characters and the special token 0. */
  public int vocabSize() {
    return chars.length + 1;
  }

  /**
   * Returns the example length, {@code maxWordLength + 1}: the start token followed by a word
   * (makemore's {@code get_output_length}, also the models' block size).
   *
   * @return the example length
   */
  public int outputLength() {
    return maxWordLength + 1;
  }

  /**
   * The ids of a word's characters.
   *
   * @return one id per code point, each in 1..n
   * @throws IllegalArgumentException if a character is not in the vocabulary
   */
  public long[] encode(String word) {
    return word.codePoints()
        .mapToLong(
            cp -> {
              Integer id = stoi.get(cp);
              if (id == null) {
                throw new IllegalArgumentException(
                    "CharDataset.encode: '"
                        + new String(Character.toChars(cp))
                        + "' in '"
                        + word
                        + "' is not in the vocabulary "
                        + new String(chars, 0, chars.length));
              }
              return id;
            })
        .toArray();
  }

  /**
   * The characters of ids 1..n.
   *
   * @return the word
   * @throws IllegalArgumentException if an id is outside 1..n
   */
  public String decode(long[] ids) {
    StringBuilder sb = new StringBuilder();
    for (long id : ids) {
      if (id < 1 || id > chars.length) {
        throw new IllegalArgumentException(
            "CharDataset.decode: id " + id + " is outside 1.." + chars.length);
      }
      sb.appendCodePoint(chars[(int) id - 1]);
    }
    return sb.toString();
  }

  /**
   * Examples {@code indices[0], indices[1], ...} stacked: makemore's {@code __getitem__} for each.
   *
   * @param indices word indices in [0, size)
   * @return x and y, INT64 of shape (indices.length, {@link #outputLength()}): x starts with 0, y
   *     is -1 where ignored
   * @throws IllegalArgumentException if an index is out of range or there are none
   */
  public Batch batch(long[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("CharDataset.batch: no indices");
    }
    int len = outputLength();
    long[] x = new long[indices.length * len];
    long[] y = new long[indices.length * len];
    for (int b = 0; b < indices.length; b++) {
      long i = indices[b];
      if (i < 0 || i >= words.size()) {
        throw new IllegalArgumentException(
            "CharDataset.batch: index " + i + " is outside [0, " + words.size() + ")");
      }
      long[] ix = encode(words.get((int) i));
      int row = b * len;
      System.arraycopy(ix, 0, x, row + 1, ix.length);
      System.arraycopy(ix, 0, y, row, ix.length);
      Arrays.fill(y, row + ix.length + 1, row + len, -1L); // y[len(ix)] stays 0: the end token
    }
    return new Batch(
        Tensor.fromArray(x, indices.length, len), Tensor.fromArray(y, indices.length, len));
  }
}
