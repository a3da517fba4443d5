package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
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
 * Attention weights as a picture: one T×T heatmap per head, side by side in rows of up to three,
 * each with its title, the prompt's characters along both axes (query down, key across) and one
 * shared colour scale from 0 to 1 (matplotlib's "viridis"). Drawn with Java2D, so it works without
 * a display.
 */
final class AttentionHeatmap {
  private static final int COLUMNS = 3;
  private static final int PANEL_LEFT = 70;
  private static final int PANEL_TOP = 70;
  private static final int PANEL_GAP = 40;
  private static final int TOP = 70;
  private static final int BOTTOM = 30;
  private static final int BAR = 110;
  // matplotlib's viridis at 0, 1/8, ..., 1
  private static final int[][] VIRIDIS = {
    {68, 1, 84},
    {71, 44, 122},
    {59, 81, 139},
    {44, 113, 142},
    {33, 144, 141},
    {39, 173, 129},
    {92, 200, 99},
    {170, 220, 50},
    {253, 231, 37}
  };

  private AttentionHeatmap() {}

  /**
   * Draws the heads' maps and saves them as a PNG file (through a temporary file moved into place).
   *
   * @param att {@code att[head][query][key]}, weights in [0, 1]
   * @param tokens the prompt's characters, one per position
   * @param title the title line
   * @param file the destination
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  static Path save(double[][][] att, List<String> tokens, String title, Path file)
      throws IOException {
    int nh = att.length;
    int t = tokens.size();
    if (nh == 0 || att[0].length != t) {
      throw new IllegalArgumentException(
          "AttentionHeatmap: "
              + nh
              + " heads of "
              + (nh == 0 ? 0 : att[0].length)
              + " positions for "
              + t
              + " tokens: expected at least one head of "
              + t);
    }
    int cell = Math.max(9, Math.min(30, 420 / t));
    int side = cell * t;
    int panelW = PANEL_LEFT + side + PANEL_GAP;
    int panelH = PANEL_TOP + side + PANEL_GAP;
    int cols = Math.min(COLUMNS, nh);
    int rows = (nh + cols - 1) / cols;
    int width = cols * panelW + BAR;
    int height = TOP + rows * panelH + BOTTOM;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      Raster.centered(g, title, width / 2, 38);
      Font tick = new Font(Font.MONOSPACED, Font.PLAIN, Math.max(9, Math.min(14, cell - 2)));
      Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
      for (int h = 0; h < nh; h++) {
        int x0 = (h % cols) * panelW + PANEL_LEFT;
        int y0 = TOP + (h / cols) * panelH + PANEL_TOP;
        for (int i = 0; i < t; i++) {
          for (int j = 0; j < t; j++) {
            g.setColor(Raster.colormap(VIRIDIS, att[h][i][j]));
            g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
          }
        }
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0, side, side);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        Raster.centered(g, "head " + h, x0 + side / 2, y0 - 38);
        g.setFont(label);
        Raster.centered(g, "key (attended-to character)", x0 + side / 2, y0 - 22);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        Raster.centered(g, "query (current character)", -(y0 + side / 2), x0 - 34);
        g.setTransform(saved);
        g.setFont(tick);
        for (int i = 0; i < t; i++) {
          String s = shown(tokens.get(i), tick);
          Raster.centered(g, s, x0 + i * cell + cell / 2, y0 - 5);
          FontMetrics fm = g.getFontMetrics();
          g.drawString(
              s, x0 - 4 - fm.stringWidth(s), y0 + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
        }
      }
      Raster.colorBar(
          g,
          VIRIDIS,
          cols * panelW + 20,
          TOP + PANEL_TOP,
          20,
          Math.min(side, 300),
          f -> String.format(java.util.Locale.ROOT, "%.2f", f),
          "weight");
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    return AtomicFiles.write(file, png.toByteArray());
  }

  /**
   * A character as a readable tick label: a blank as the open-box sign (or "sp"), control
   * characters escaped.
   */
  static String shown(String token, Font font) {
    switch (token) {
      case " ":
        return font.canDisplay('\u2423') ? "\u2423" : "sp";
      case "\n":
        return "\\n";
      case "\t":
        return "\\t";
      default:
        return token;
    }
  }
}
