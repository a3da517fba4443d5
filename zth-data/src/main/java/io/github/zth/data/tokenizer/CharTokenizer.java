package io.github.zth.data.tokenizer;

import io.github.zth.data.tokenizer.internal.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One token per character (Unicode code point), the lectures' {@code stoi}/{@code itos}.
 *
 * <pre>{@code
 * CharTokenizer shakespeare = CharTokenizer.fromText(text);     // sorted(list(set(text)))
 * CharTokenizer names = CharTokenizer.forNames(words);          // '.' = 0, 'a'..'z' = 1..26
 * names.stoi("e");   // 5
 * }</pre>
 */
public final class CharTokenizer implements Tokenizer {
  static final String HEADER = "zth-char v1";

  private final int[] alphabet;
  private final Map<Integer, Integer> ids = new HashMap<>();

  private CharTokenizer(int[] alphabet) {
    this.alphabet = alphabet.clone();
    for (int i = 0; i < alphabet.length; i++) {
      if (ids.put(alphabet[i], i) != null) {
        throw new IllegalArgumentException(
            "CharTokenizer: character " + describe(alphabet[i]) + " appears twice in the alphabet");
      }
    }
  }

  /**
   * The vocabulary of a text: its distinct characters sorted by code point, as {@code
   * sorted(list(set(text)))} in the lectures.
   *
   * @return the tokenizer
   */
  public static CharTokenizer fromText(String text) {
    return new CharTokenizer(text.codePoints().distinct().sorted().toArray());
  }

  /**
   * The makemore vocabulary: {@code '.'} (start/end of a name) is id 0, the sorted distinct
   * characters of the words follow from id 1 (for lower-case names, 'a'..'z' = 1..26).
   *
   * @param words the names
   * @return the tokenizer
   * @throws IllegalArgumentException when a word contains '.'
   */
  public static CharTokenizer forNames(Collection<String> words) {
    TreeSet<Integer> chars = new TreeSet<>();
    for (String w : words) {
      w.codePoints().forEach(chars::add);
    }
    if (chars.contains((int) '.')) {
      throw new IllegalArgumentException(
          "CharTokenizer.forNames: the words contain '.', which is reserved for id 0");
    }
    int[] alphabet = new int[chars.size() + 1];
    alphabet[0] = '.';
    int i = 1;
    for (int c : chars) {
      alphabet[i++] = c;
    }
    return new CharTokenizer(alphabet);
  }

  /**
   * A tokenizer with exactly this alphabet, in this order.
   *
   * @param alphabet the characters; id {@code i} is {@code alphabet.get(i)}
   * @return the tokenizer
   */
  public static CharTokenizer ofAlphabet(List<String> alphabet) {
    int[] cps = new int[alphabet.size()];
    for (int i = 0; i < cps.length; i++) {
      String s = alphabet.get(i);
      if (s.codePointCount(0, s.length()) != 1) {
        throw new IllegalArgumentException(
            "CharTokenizer: alphabet entry " + i + " is '" + s + "', expected one character");
      }
      cps[i] = s.codePointAt(0);
    }
    return new CharTokenizer(cps);
  }

  @Override
  public int[] encode(String text) {
    int[] out = new int[text.codePointCount(0, text.length())];
    int o = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      Integer id = ids.get(cp);
      if (id == null) {
        throw new IllegalArgumentException(
            "encode: character "
                + describe(cp)
                + " at char index "
                + i
                + " is not in the vocabulary of "
                + alphabet.length
                + " characters");
      }
      out[o++] = id;
      i += Character.charCount(cp);
    }
    return out;
  }

  @Override
  public String decode(int[] tokens) {
    StringBuilder sb = new StringBuilder(tokens.length);
    for (int i = 0; i < tokens.length; i++) {
      sb.appendCodePoint(alphabet[checkId(tokens[i], i)]);
    }
    return sb.toString();
  }

  private int checkId(int id, int index) {
    if (id < 0 || id >= alphabet.length) {
      throw new IllegalArgumentException(
          "decode: unknown token id "
              + id
              + (index >= 0 ? " at index " + index : "")
              + "; expected 0.."
              + (alphabet.length - 1)
              + " (vocab size "
              + alphabet.length
              + ")");
    }
    return id;
  }

  @Override
  public int vocabSize() {
    return alphabet.length;
  }

  /**
   * The id of a character.
   *
   * @param ch one character
   * @return its id
   * @throws IllegalArgumentException when it is not in the vocabulary
   */
  public int stoi(String ch) {
    if (ch.isEmpty() || ch.codePointCount(0, ch.length()) != 1) {
      throw new IllegalArgumentException("stoi: expected one character, got '" + ch + "'");
    }
    return encode(ch)[0];
  }

  /**
   * The character of an id.
   *
   * @return its character
   * @throws IllegalArgumentException on an unknown id
   */
  public String itos(int id) {
    return new String(Character.toChars(alphabet[checkId(id, -1)]));
  }

  /** Character to id, as the lectures' {@code stoi} dict (iteration in id order). */
  public Map<String, Integer> stoi() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < alphabet.length; i++) {
      m.put(itos(i), i);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Id to character, as the lectures' {@code itos}. */
  public List<String> itos() {
    List<String> l = new ArrayList<>(alphabet.length);
    for (int i = 0; i < alphabet.length; i++) {
      l.add(itos(i));
    }
    return Collections.unmodifiableList(l);
  }

  /** Writes {@code prefix.model}: a header line, then each character's code point in hex, by id. */
  @Override
  public void save(Path prefix) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (int cp : alphabet) {
      sb.append(Integer.toHexString(cp)).append('\n');
    }
    ModelFiles.writeAtomically(Path.of(prefix + ".model"), sb.toString());
  }

  /**
   * Reads a file written by {@link #save}.
   *
   * @param modelFile the file
   * @return the tokenizer
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the file is malformed (the message names file and line)
   */
  public static CharTokenizer load(Path modelFile) throws IOException {
    List<String> lines = ModelFiles.readLines(modelFile);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw ModelFiles.bad(
          modelFile, 1, "expected '" + HEADER + "'", lines.isEmpty() ? "" : lines.get(0));
    }
    int[] cps = new int[lines.size() - 1];
    for (int i = 1; i < lines.size(); i++) {
      try {
        cps[i - 1] = Integer.parseInt(lines.get(i).strip(), 16);
        if (!Character.isValidCodePoint(cps[i - 1])) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw ModelFiles.bad(modelFile, i + 1, "expected a code point in hex", lines.get(i));
      }
    }
    try {
      return new CharTokenizer(cps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(modelFile + ": " + e.getMessage(), e);
    }
  }

  private static String describe(int cp) {
    return String.format("'%s' (U+%04X)", new String(Character.toChars(cp)), cp);
  }

  @Override
  public String toString() {
    return "CharTokenizer" + Arrays.toString(itos().toArray());
  }
}
