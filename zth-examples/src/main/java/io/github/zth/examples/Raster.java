package io.github.zth.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.function.DoubleFunction;

/** Drawing helpers shared by the hand-drawn heatmaps (XChart has no annotated heatmap). */
final class Raster {

  private Raster() {}

  /** Draws {@code s} with its centre at {@code cx}. */
  static void centered(Graphics2D g, String s, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, baseline);
  }

  /** Linear interpolation between a colormap's RGB stops; {@code t} in [0, 1]. */
  static Color colormap(int[][] stops, double t) {
    double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    int i = Math.min((int) p, stops.length - 2);
    double f = p - i;
    int[] a = stops[i];
    int[] b = stops[i + 1];
    return new Color(
        (int) Math.round(a[0] + f * (b[0] - a[0])),
        (int) Math.round(a[1] + f * (b[1] - a[1])),
        (int) Math.round(a[2] + f * (b[2] - a[2])));
  }

  /**
   * A vertical colour bar {@code w × h} at (x, y), top = 1, with five ticks labelled by {@code
   * tick(fraction)} and {@code title} above it.
   */
  static void colorBar(
      Graphics2D g,
      int[][] stops,
      int x,
      int y,
      int w,
      int h,
      DoubleFunction<String> tick,
      String title) {
    for (int i = 0; i < h; i++) {
      g.setColor(colormap(stops, 1.0 - (double) i / (h - 1)));
      g.drawLine(x, y + i, x + w, y + i);
    }
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int k = 0; k <= 4; k++) {
      int ty = y + h - (int) Math.round(h * k / 4.0);
      g.drawLine(x + w, ty, x + w + 5, ty);
      g.drawString(tick.apply(k / 4.0), x + w + 8, ty + 5);
    }
    g.drawString(title, x - 5, y - 10);
  }
}
