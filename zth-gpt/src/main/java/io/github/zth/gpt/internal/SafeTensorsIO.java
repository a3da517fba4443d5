package io.github.zth.gpt.internal;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small safetensors reader/writer for F32, F64 and I64 tensors: an 8-byte little-endian header
 * length, a JSON header {@code {"name": {"dtype", "shape", "data_offsets"}}}, then the raw bytes.
 * Every size and offset is checked, so a truncated file fails with a message naming it.
 */
public final class SafeTensorsIO {

  private static final Pattern ENTRY = Pattern.compile(
      "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([\\d,\\s]*)\\]\\s*,"
          + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]\\s*\\}");

  private SafeTensorsIO() {}

  /**
   * Reads every tensor of a file.
   *
   * @param file the file
   * @return tensors by name, in header order
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the file is truncated or malformed
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 8) {
      throw bad(file, "file has " + all.length + " bytes, shorter than the 8-byte header length");
    }
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > all.length - 8L) {
      throw bad(file, "header length " + n + " does not fit in a file of " + all.length + " bytes (truncated?)");
    }
    String header = new String(all, 8, (int) n, StandardCharsets.UTF_8).strip();
    if (!header.startsWith("{") || !header.endsWith("}")) {
      throw bad(file, "header is not a JSON object");
    }
    int dataStart = 8 + (int) n;
    Map<String, Tensor> out = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(header);
    while (m.find()) {
      String name = m.group(1);
      String dtype = m.group(2);
      String shapeText = m.group(3).strip();
      int[] shape = shapeText.isEmpty() ? new int[0]
          : java.util.Arrays.stream(shapeText.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
      long begin = Long.parseLong(m.group(4));
      long end = Long.parseLong(m.group(5));
      long numel = 1;
      for (int d : shape) {
        numel *= d;
      }
      int width = switch (dtype) {
        case "F32" -> 4;
        case "F64", "I64" -> 8;
        default -> throw bad(file, "tensor \"" + name + "\" has dtype " + dtype + "; supported: F32, F64, I64");
      };
      if (end < begin || end - begin != numel * width) {
        throw bad(file, "tensor \"" + name + "\" of shape " + java.util.Arrays.toString(shape) + " " + dtype
            + " needs " + numel * width + " bytes but its offsets span " + (end - begin));
      }
      if (dataStart + end > all.length) {
        throw bad(file, "tensor \"" + name + "\" ends at byte " + (dataStart + end) + " but the file has " + all.length
            + " bytes (truncated)");
      }
      ByteBuffer buf = ByteBuffer.wrap(all, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
      Tensor t;
      if (width == 4) {
        float[] a = new float[(int) numel];
        buf.asFloatBuffer().get(a);
        t = Tensor.fromArray(a, shape);
      } else if (dtype.equals("F64")) {
        double[] a = new double[(int) numel];
        buf.asDoubleBuffer().get(a);
        t = Tensor.fromArray(a, shape);
      } else {
        long[] a = new long[(int) numel];
        buf.asLongBuffer().get(a);
        t = Tensor.fromArray(a, shape);
      }
      out.put(name.replace("\\\"", "\"").replace("\\\\", "\\"), t);
    }
    if (out.isEmpty() && header.contains("data_offsets")) {
      throw bad(file, "could not parse the header's tensor entries");
    }
    return out;
  }

  /**
   * Writes tensors (FLOAT32, FLOAT64 or INT64) to {@code file} directly; callers that need atomicity
   * write into a temporary directory first.
   *
   * @param file the target
   * @param tensors tensors by name
   * @throws IOException if writing fails
   */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    List<byte[]> blobs = new ArrayList<>();
    long off = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      byte[] data;
      String dt;
      if (t.dtype() == DType.FLOAT32) {
        float[] a = t.toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        data = b.array();
        dt = "F32";
      } else if (t.dtype() == DType.FLOAT64) {
        double[] a = t.toDoubleArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(a);
        data = b.array();
        dt = "F64";
      } else if (t.dtype() == DType.INT64) {
        long[] a = t.toLongArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(a);
        data = b.array();
        dt = "I64";
      } else {
        throw new IllegalArgumentException("safetensors write: \"" + e.getKey() + "\" is " + t.dtype()
            + "; supported: FLOAT32, FLOAT64, INT64");
      }
      StringBuilder shape = new StringBuilder();
      for (int d : t.shape()) {
        shape.append(shape.length() == 0 ? "" : ",").append(d);
      }
      h.append(",\"").append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\":{\"dtype\":\"").append(dt)
          .append("\",\"shape\":[").append(shape).append("],\"data_offsets\":[").append(off).append(',')
          .append(off + data.length).append("]}");
      off += data.length;
      blobs.add(data);
    }
    h.append('}');
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - header.length % 8) % 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + pad).array());
    out.write(header);
    for (int i = 0; i < pad; i++) {
      out.write(' ');
    }
    for (byte[] b : blobs) {
      out.write(b);
    }
    Files.write(file, out.toByteArray());
  }

  private static IllegalArgumentException bad(Path file, String msg) {
    return new IllegalArgumentException("safetensors: " + file + ": " + msg);
  }
}
