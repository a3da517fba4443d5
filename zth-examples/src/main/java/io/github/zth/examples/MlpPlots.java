package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures of the MLP lecture: loss curve, learning-rate sweep and the embedding scatter. */
final class MlpPlots {
  private static final int MAX_POINTS = 40_000;

  private MlpPlots() {}

  /**
   * A line of {@code y} against {@code x}, like the lecture's {@code plt.plot(x, y)}. Very long
   * series keep every k-th point (at most 40000), which keeps the noisy band's look.
   */
  static Path line(String title, String xTitle, String yTitle, double[] x, double[] y, Path file)
      throws IOException {
    int stride = Math.max(1, (x.length + MAX_POINTS - 1) / MAX_POINTS);
    int n = (x.length + stride - 1) / stride;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = x[i * stride];
      ys[i] = y[i * stride];
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisDecimalPattern(x[x.length - 1] > 1000 ? "#,###" : "0.00");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    XYSeries s = chart.addSeries(yTitle, xs, ys);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(0.8f);
    s.setLineColor(new Color(31, 119, 180));
    return Charts.savePng(chart, file);
  }

  /**
   * The lecture's embedding picture: each character's 2-D embedding as a big dot labelled with the
   * character ({@code plt.scatter(C[:,0], C[:,1], s=200)} plus {@code plt.text}), on a grid.
   *
   * @param xy the points, {@code xy[i] = {x, y}} for character i
   * @param chars the characters, by id
   */
  static Path embedding(
      String title, String xTitle, String yTitle, double[][] xy, List<String> chars, Path file)
      throws IOException {
    int size = 820;
    int left = 90;
    int top = 70;
    int plot = 680;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[] p : xy) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    double padX = Math.max(1e-6, (maxX - minX) * 0.08);
    double padY = Math.max(1e-6, (maxY - minY) * 0.08);
    minX -= padX;
    maxX += padX;
    minY -= padY;
    maxY += padY;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, size, size);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int k = 0; k <= 8; k++) {
        int px = left + plot * k / 8;
        int py = top + plot * k / 8;
        g.setColor(new Color(225, 225, 225));
        g.drawLine(px, top, px, top + plot);
        g.drawLine(left, py, left + plot, py);
        g.setColor(Color.DARK_GRAY);
        centered(
            g,
            String.format(Locale.ROOT, "%.2f", minX + (maxX - minX) * k / 8),
            px,
            top + plot + 20);
        String yl = String.format(Locale.ROOT, "%.2f", maxY - (maxY - minY) * k / 8);
        g.drawString(yl, left - 8 - g.getFontMetrics().stringWidth(yl), py + 5);
      }
      g.setColor(Color.GRAY);
      g.drawRect(left, top, plot, plot);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      double r = 15;
      for (int i = 0; i < xy.length; i++) {
        double px = left + (xy[i][0] - minX) / (maxX - minX) * plot;
        double py = top + (maxY - xy[i][1]) / (maxY - minY) * plot;
        g.setColor(new Color(31, 119, 180));
        g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
        g.setColor(Color.WHITE);
        centered(g, chars.get(i), (int) Math.round(px), (int) Math.round(py + 6));
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      centered(g, title, size / 2, 40);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
      centered(g, xTitle, left + plot / 2, top + plot + 48);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      centered(g, yTitle, -(top + plot / 2), 28);
      g.setTransform(saved);
      g.setStroke(new BasicStroke(1f));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    return AtomicFiles.write(file, png.toByteArray());
  }

  private static void centered(Graphics2D g, String s, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, baseline);
  }

  /**
   * The rows of {@code m} (n, d) projected on their first two principal components, found by power
   * iteration on the d x d covariance with deflation. Rows with d = 2 are returned as they are (the
   * lecture's 2-D embedding); d = 1 gets a zero second coordinate.
   *
   * @return {@code n} points {x, y}
   */
  static double[][] project2d(float[] m, int n, int d) {
    double[][] out = new double[n][2];
    if (d <= 2) {
      for (int i = 0; i < n; i++) {
        out[i][0] = m[i * d];
        out[i][1] = d == 2 ? m[i * d + 1] : 0;
      }
      return out;
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += m[i * d + j] / (double) n;
      }
    }
    double[][] cov = new double[d][d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a][b] += (m[i * d + a] - mean[a]) * (m[i * d + b] - mean[b]);
        }
      }
    }
    double[][] pcs = new double[2][];
    for (int k = 0; k < 2; k++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) {
        v[j] =
            1.0
                + 0.1
                    * j; // deterministic start, not orthogonal to a leading eigenvector in practice
      }
      double lambda = 0;
      for (int it = 0; it < 1000; it++) {
        double[] next = new double[d];
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            next[a] += cov[a][b] * v[b];
          }
        }
        double norm = Math.sqrt(dot(next, next));
        if (norm == 0) {
          break;
        }
        for (int a = 0; a < d; a++) {
          next[a] /= norm;
        }
        double change = 1 - Math.abs(dot(next, v) / Math.sqrt(dot(v, v)));
        v = next;
        lambda = norm;
        if (change < 1e-13) {
          break;
        }
      }
      pcs[k] = v;
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a][b] -= lambda * v[a] * v[b];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 2; k++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += (m[i * d + j] - mean[j]) * pcs[k][j];
        }
        out[i][k] = s;
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
