package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The count table of the bigram lecture as a picture: one cell per (first, second) character pair,
 * shaded by its count in matplotlib's "Blues" colours, labelled with the bigram ("em") above its
 * count, as the lecture's {@code plt.imshow(N, cmap='Blues')} figure. Drawn with Java2D, so it
 * works without a display.
 */
final class CountsHeatmap {
  private static final int CELL = 46;
  private static final int LEFT = 90;
  private static final int TOP = 110;
  private static final int RIGHT = 150;
  private static final int BOTTOM = 40;
  // matplotlib's Blues colormap at 0, 1/8, ..., 1
  private static final int[][] BLUES = {
    {247, 251, 255},
    {222, 235, 247},
    {198, 219, 239},
    {158, 202, 225},
    {107, 174, 214},
    {66, 146, 198},
    {33, 113, 181},
    {8, 81, 156},
    {8, 48, 107}
  };

  private CountsHeatmap() {}

  /**
   * Draws the table and saves it as a PNG file (through a temporary file moved into place).
   *
   * @param counts the (V, V) counts, row-major: counts[a * V + b] = how often b follows a
   * @param chars the V characters, by id
   * @param title the title line
   * @param file the destination
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  static Path save(long[] counts, List<String> chars, String title, Path file) throws IOException {
    int v = chars.size();
    if (counts.length != v * v) {
      throw new IllegalArgumentException(
          "CountsHeatmap: "
              + counts.length
              + " counts for "
              + v
              + " characters: expected "
              + (v * v));
    }
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    int width = LEFT + v * CELL + RIGHT;
    int height = TOP + v * CELL + BOTTOM;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      Font axisFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
      for (int r = 0; r < v; r++) {
        for (int c = 0; c < v; c++) {
          long n = counts[r * v + c];
          double t = (double) n / max;
          int x = LEFT + c * CELL;
          int y = TOP + r * CELL;
          g.setColor(Raster.colormap(BLUES, t));
          g.fillRect(x, y, CELL, CELL);
          g.setColor(t > 0.45 ? new Color(225, 225, 225) : new Color(90, 90, 90));
          g.setFont(cellFont);
          Raster.centered(g, chars.get(r) + chars.get(c), x + CELL / 2, y + CELL / 2 - 3);
          Raster.centered(g, Long.toString(n), x + CELL / 2, y + CELL / 2 + 13);
        }
      }
      g.setColor(new Color(120, 120, 120));
      g.setStroke(new BasicStroke(1f));
      g.drawRect(LEFT, TOP, v * CELL, v * CELL);
      g.setColor(Color.BLACK);
      g.setFont(axisFont);
      for (int i = 0; i < v; i++) {
        Raster.centered(g, chars.get(i), LEFT + i * CELL + CELL / 2, TOP - 10);
        Raster.centered(g, chars.get(i), LEFT - 18, TOP + i * CELL + CELL / 2 + 6);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
      Raster.centered(g, title, LEFT + v * CELL / 2, 36);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
      Raster.centered(g, "second character (column)", LEFT + v * CELL / 2, TOP - 42);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      Raster.centered(g, "first character (row)", -(TOP + v * CELL / 2), LEFT - 52);
      g.setTransform(saved);
      long top = max;
      Raster.colorBar(
          g,
          BLUES,
          LEFT + v * CELL + 40,
          TOP,
          22,
          v * CELL,
          f -> Long.toString(Math.round(top * f)),
          "count");
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    return AtomicFiles.write(file, png.toByteArray());
  }
}
