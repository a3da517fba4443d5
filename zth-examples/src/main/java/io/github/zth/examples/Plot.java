package io.github.zth.examples;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.io.AtomicFiles;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.ImageIcon;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.SwingWrapper;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lectures' {@code plt.plot}, {@code plt.hist} and {@code plt.imshow} for JShell. With a
 * display a picture opens in a window, as a notebook shows it under the cell; without one (a
 * server, CI, a terminal over SSH) it is written to {@code plots/NAME.png} in the working folder
 * and its path is printed, so the same lecture script runs in both places.
 *
 * <pre>{@code
 * Plot.plot(lossi, "loss");                 // plt.plot(lossi)
 * Plot.hist(h.view(-1), 50, "h");           // plt.hist(h.view(-1).tolist(), 50)
 * Plot.imshow(h.abs().gt(0.99), "h > 0.99"); // plt.imshow(h.abs() > 0.99, cmap='gray')
 * }</pre>
 */
public final class Plot {
  private static final Path FOLDER = Path.of("plots");

  private Plot() {}

  /** A line through {@code y} against its index, like {@code plt.plot(y)}. */
  public static Path plot(double[] y, String name) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title(name).build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    return show(chart, name);
  }

  /** {@link #plot(double[], String)} of a tensor's values, flattened. */
  public static Path plot(Tensor y, String name) {
    return plot(y.to(DType.FLOAT64).contiguous().toDoubleArray(), name);
  }

  /** {@link #plot(double[], String)} of a list of numbers, such as a loss history. */
  public static Path plot(java.util.List<? extends Number> y, String name) {
    return plot(y.stream().mapToDouble(Number::doubleValue).toArray(), name);
  }

  /**
   * A histogram of a tensor's values in {@code bins} equal bins, like {@code plt.hist(t.tolist(),
   * bins)}.
   */
  public static Path hist(Tensor values, int bins, String name) {
    if (bins < 1) {
      throw new IllegalArgumentException("Plot.hist: bins " + bins + ": expected at least 1");
    }
    double[] v = values.to(DType.FLOAT64).contiguous().toDoubleArray();
    if (v.length == 0) {
      throw new IllegalArgumentException("Plot.hist: no values to count");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    double width = hi > lo ? (hi - lo) / bins : 1;
    double[] centers = new double[bins];
    double[] counts = new double[bins];
    for (int b = 0; b < bins; b++) {
      centers[b] = lo + (b + 0.5) * width;
    }
    for (double d : v) {
      counts[Math.min(bins - 1, (int) ((d - lo) / width))]++;
    }
    CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(name).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAvailableSpaceFill(1.0);
    chart.getStyler().setXAxisTicksVisible(false);
    chart.addSeries(name, centers, counts);
    return show(chart, name);
  }

  /**
   * A 2-D tensor as a grey-scale image, one pixel block per element, low values black and high
   * white, like {@code plt.imshow(t, cmap='gray')}. Booleans (a comparison's 0/1) show as black and
   * white.
   */
  public static Path imshow(Tensor m, String name) {
    BufferedImage img = gray(m, "Plot.imshow");
    if (!GraphicsEnvironment.isHeadless()) {
      SwingUtilities.invokeLater(() -> frame(name, new JLabel(new ImageIcon(img))));
      return null;
    }
    try {
      return saved(savePng(img, file(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code img} as a PNG file, through a temporary file moved into place. */
  static Path savePng(BufferedImage img, Path file) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    return AtomicFiles.write(file, png.toByteArray());
  }

  /** A 2-D tensor as grey levels, low black and high white, each element a square of pixels. */
  static BufferedImage gray(Tensor m, String op) {
    if (m.dim() != 2) {
      throw new IllegalArgumentException(
          op + ": expected a 2-D tensor, got shape " + java.util.Arrays.toString(m.shape()));
    }
    int rows = m.size(0);
    int cols = m.size(1);
    double[] v = m.to(DType.FLOAT64).contiguous().toDoubleArray();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    int cell = Math.max(1, Math.min(24, 800 / Math.max(rows, cols)));
    BufferedImage img = new BufferedImage(cols * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float t = hi > lo ? (float) ((v[r * cols + c] - lo) / (hi - lo)) : 0f;
        int rgb = new Color(t, t, t).getRGB();
        for (int dy = 0; dy < cell; dy++) {
          for (int dx = 0; dx < cell; dx++) {
            img.setRGB(c * cell + dx, r * cell + dy, rgb);
          }
        }
      }
    }
    return img;
  }

  private static Path show(Chart<?, ?> chart, String name) {
    if (!GraphicsEnvironment.isHeadless()) {
      new SwingWrapper<>(chart).displayChart();
      return null;
    }
    try {
      return saved(Charts.savePng(chart, file(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void frame(String title, JLabel content) {
    JFrame f = new JFrame(title);
    f.add(content);
    f.pack();
    f.setVisible(true);
  }

  private static Path saved(Path p) {
    System.out.println("plot: " + p);
    return p;
  }

  /**
   * plots/NAME.png, with NAME made safe for a file name; an existing picture of that name is
   * replaced.
   */
  private static Path file(String name) throws IOException {
    Files.createDirectories(FOLDER);
    String safe = name.replaceAll("[^A-Za-z0-9._-]+", "_");
    return FOLDER.resolve((safe.isEmpty() ? "plot" : safe) + ".png");
  }
}
