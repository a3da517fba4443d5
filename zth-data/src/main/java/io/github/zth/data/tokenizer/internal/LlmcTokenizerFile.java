package io.github.zth.data.tokenizer.internal;

import io.github.zth.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * llm.c's {@code gpt2_tokenizer.bin}, as {@code train_gpt2.py}'s {@code write_tokenizer} writes it
 * and {@code tokenizer.h} reads it: a header of 256 little-endian int32s (magic 20240328, version,
 * vocabulary size, and from version 2 the end-of-text id), then each token's bytes in id order,
 * each preceded by its length as one unsigned byte. Version 1 has no end-of-text field; llm.c then
 * takes 50256, GPT-2's.
 */
public final class LlmcTokenizerFile {
  /** The first int32 of the file. */
  public static final int MAGIC = 20240328;

  private static final int HEADER_BYTES = 256 * 4;
  private static final int GPT2_EOT = 50256;

  private LlmcTokenizerFile() {}

  /**
   * What the file holds.
   *
   * @param tokens each token's bytes, by id (the end-of-text token's included)
   * @param eot the end-of-text id
   */
  public record Contents(byte[][] tokens, int eot) {}

  /**
   * Reads the file.
   *
   * @return its tokens and end-of-text id
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when it is malformed: the message names the file and byte
   *     offset
   */
  public static Contents read(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (data.length < HEADER_BYTES) {
      throw bad(
          file, 0, "a " + HEADER_BYTES + "-byte header", "a file of " + data.length + " bytes");
    }
    if (b.getInt(0) != MAGIC) {
      throw bad(file, 0, "magic " + MAGIC + " (llm.c's tokenizer file)", "" + b.getInt(0));
    }
    int version = b.getInt(4);
    if (version != 1 && version != 2) {
      throw bad(file, 4, "version 1 or 2", "" + version);
    }
    int n = b.getInt(8);
    if (n <= 0 || n > (data.length - HEADER_BYTES)) {
      throw bad(
          file,
          8,
          "a vocabulary size from 1 to the "
              + (data.length - HEADER_BYTES)
              + " bytes after the header",
          "" + n);
    }
    int eot = version == 1 ? GPT2_EOT : b.getInt(12);
    if (eot < 0 || eot >= n) {
      throw bad(
          file,
          version == 1 ? 8 : 12,
          "an end-of-text id below the vocabulary size " + n,
          "" + eot);
    }
    byte[][] tokens = new byte[n][];
    int at = HEADER_BYTES;
    for (int i = 0; i < n; i++) {
      if (at >= data.length) {
        throw bad(file, at, "the length byte of token " + i + " of " + n, "the end of the file");
      }
      int len = data[at] & 0xFF;
      if (len == 0) {
        throw bad(file, at, "a token length from 1 to 255 (token " + i + ")", "0");
      }
      if (at + 1 + len > data.length) {
        throw bad(
            file, at, len + " bytes of token " + i, "only " + (data.length - at - 1) + " left");
      }
      tokens[i] = java.util.Arrays.copyOfRange(data, at + 1, at + 1 + len);
      at += 1 + len;
    }
    if (at != data.length) {
      throw bad(
          file,
          at,
          "the end of the file after " + n + " tokens",
          (data.length - at) + " more bytes");
    }
    return new Contents(tokens, eot);
  }

  /**
   * Writes the file (version 2) atomically.
   *
   * @param file the target
   * @param tokens each token's bytes by id, 1 to 255 bytes each
   * @param eot the end-of-text id
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when a token is missing, empty or longer than 255 bytes
   */
  public static void write(Path file, byte[][] tokens, int eot) throws IOException {
    int size = HEADER_BYTES;
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == null || tokens[i].length == 0 || tokens[i].length > 255) {
        throw new IllegalArgumentException(
            "llm.c tokenizer "
                + file
                + ": token "
                + i
                + " has "
                + (tokens[i] == null ? "no bytes" : tokens[i].length + " bytes")
                + ", expected 1 to 255");
      }
      size += 1 + tokens[i].length;
    }
    if (eot < 0 || eot >= tokens.length) {
      throw new IllegalArgumentException(
          "llm.c tokenizer "
              + file
              + ": end-of-text id "
              + eot
              + ", expected one of 0.."
              + (tokens.length - 1));
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(2).putInt(tokens.length).putInt(eot);
    b.position(HEADER_BYTES);
    for (byte[] t : tokens) {
      b.put((byte) t.length).put(t);
    }
    AtomicFiles.write(file, b.array());
  }

  private static IllegalArgumentException bad(Path file, long offset, String expected, String got) {
    return new IllegalArgumentException(
        "llm.c tokenizer "
            + file
            + ": at byte offset "
            + offset
            + ": expected "
            + expected
            + ", got "
            + got);
  }
}
