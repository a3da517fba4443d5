import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.random.Generator.NormalPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Java half of tools/sincos/agreement.py: draws what torch drew and counts the differences.
 * Usage: java -cp zth-autograd/target/classes tools/sincos/SinCosAgreement.java DIR N SEED KERNELS
 */
public class SinCosAgreement {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    NormalPath path = args[3].equals("avx2") ? NormalPath.TORCH_X86 : NormalPath.LECTURE;

    double[] d = new double[n];
    new Generator(seed).normalPath(path).normal(d, 0, n, 0.0, 1.0);
    report("f64_contig", doubles(dir.resolve("f64_contig.bin"), n), d);
    new Generator(seed).normalPath(path).normalScalar(d, 0, n, 0.0, 1.0);
    report("f64_nc", doubles(dir.resolve("f64_nc.bin"), n), d);

    float[] f = new float[n];
    new Generator(seed).normalPath(path).normalScalar(f, 0, n, 0.0, 1.0);
    report("f32_nc", floats(dir.resolve("f32_nc.bin"), n), f);
    new Generator(seed).normalPath(path).normal(f, 0, n, 0.0, 1.0);
    report("f32_contig", floats(dir.resolve("f32_contig.bin"), n), f);
  }

  private static ByteBuffer read(Path p) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static double[] doubles(Path p, int n) throws IOException {
    double[] v = new double[n];
    read(p).asDoubleBuffer().get(v);
    return v;
  }

  private static float[] floats(Path p, int n) throws IOException {
    float[] v = new float[n];
    read(p).asFloatBuffer().get(v);
    return v;
  }

  private static void report(String name, double[] torch, double[] zth) {
    long differ = 0;
    double maxUlps = 0;
    for (int i = 0; i < torch.length; i++) {
      if (Double.doubleToRawLongBits(torch[i]) != Double.doubleToRawLongBits(zth[i])) {
        differ++;
        maxUlps = Math.max(maxUlps, Math.abs(torch[i] - zth[i]) / Math.ulp(torch[i]));
      }
    }
    System.out.printf("%s: %d of %d values differ (%.4f%%), at most %.0f ulp%n", name, differ,
        torch.length, 100.0 * differ / torch.length, maxUlps);
  }

  private static void report(String name, float[] torch, float[] zth) {
    long differ = 0;
    double maxUlps = 0;
    for (int i = 0; i < torch.length; i++) {
      if (Float.floatToRawIntBits(torch[i]) != Float.floatToRawIntBits(zth[i])) {
        differ++;
        maxUlps = Math.max(maxUlps, Math.abs(torch[i] - zth[i]) / Math.ulp(torch[i]));
      }
    }
    System.out.printf("%s: %d of %d values differ (%.4f%%), at most %.0f ulp%n", name, differ,
        torch.length, 100.0 * differ / torch.length, maxUlps);
  }
}
