package io.github.zth.examples;

import io.github.zth.autograd.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts the example programs save as PNG files, drawn with XChart without a display. */
public final class Charts {
  private static final Color NEGATIVE_REGION = new Color(255, 205, 195);
  private static final Color POSITIVE_REGION = new Color(195, 215, 255);
  private static final Color NEGATIVE_POINT = new Color(200, 40, 30);
  private static final Color POSITIVE_POINT = new Color(30, 70, 200);

  private Charts() {}

  /**
   * Makes AWT run without a display. Call it before the first chart: AWT reads the setting once,
   * when it loads. An explicit {@code -Djava.awt.headless} on the command line is kept.
   */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * A two-class decision boundary: the plane coloured by the sign of {@code score} on a fine grid,
   * with the labelled points on top, the way the micrograd demo plots its moons.
   *
   * @param title the chart title
   * @param points the points, {@code points[i] = {x, y}}
   * @param labels their classes, compared with 0 (negative or positive)
   * @param score the classifier: positive means the positive class
   * @return an 800x600 chart with a title, axis labels and a legend
   * @throws IllegalArgumentException if the point and label counts differ or there are no points
   */
  public static XYChart decisionBoundary(
      String title, double[][] points, double[] labels, DoubleBinaryOperator score) {
    if (points.length != labels.length || points.length == 0) {
      throw new IllegalArgumentException(
          "decisionBoundary: "
              + points.length
              + " points and "
              + labels.length
              + " labels: expected the same, non-zero number");
    }
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[] p : points) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    minX -= 0.5;
    maxX += 0.5;
    minY -= 0.5;
    maxY += 0.5;
    int nx = 110;
    int ny = 80;
    Coords neg = new Coords();
    Coords pos = new Coords();
    for (int i = 0; i < nx; i++) {
      double x = minX + (maxX - minX) * (i + 0.5) / nx;
      for (int j = 0; j < ny; j++) {
        double y = minY + (maxY - minY) * (j + 0.5) / ny;
        (score.applyAsDouble(x, y) > 0 ? pos : neg).add(x, y);
      }
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(600)
            .title(title)
            .xAxisTitle("x1")
            .yAxisTitle("x2")
            .build();
    XYStyler st = chart.getStyler();
    st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    st.setMarkerSize(7);
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setPlotGridLinesVisible(false);
    st.setPlotContentSize(1.0); // the regions fill the plot up to the axes
    st.setXAxisMin(minX);
    st.setXAxisMax(maxX);
    st.setYAxisMin(minY);
    st.setYAxisMax(maxY);
    st.setXAxisDecimalPattern("0.0");
    st.setYAxisDecimalPattern("0.0");
    region(chart, "predicted -1", neg, NEGATIVE_REGION);
    region(chart, "predicted +1", pos, POSITIVE_REGION);
    Coords negPts = new Coords();
    Coords posPts = new Coords();
    for (int i = 0; i < points.length; i++) {
      (labels[i] > 0 ? posPts : negPts).add(points[i][0], points[i][1]);
    }
    pointSeries(chart, "class -1", negPts, NEGATIVE_POINT);
    pointSeries(chart, "class +1", posPts, POSITIVE_POINT);
    return chart;
  }

  /**
   * Saves a chart as a PNG file, through a temporary file moved into place.
   *
   * @param file the destination, e.g. {@code out/decision_boundary.png}
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
    return AtomicFiles.write(
        file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }

  private static void region(XYChart chart, String name, Coords c, Color color) {
    if (c.xs.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, c.xs, c.ys);
    s.setMarker(SeriesMarkers.SQUARE);
    s.setMarkerColor(color);
  }

  private static void pointSeries(XYChart chart, String name, Coords c, Color color) {
    if (c.xs.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, c.xs, c.ys);
    s.setMarker(new OutlinedCircle(11));
    s.setMarkerColor(color);
  }

  /**
   * A filled circle of a fixed size with a white rim, so points stand out on the coloured regions.
   */
  private static final class OutlinedCircle extends Marker {
    private final int diameter;

    OutlinedCircle(int diameter) {
      this.diameter = diameter;
    }

    @Override
    public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
      double r = diameter / 2.0;
      Ellipse2D.Double circle = new Ellipse2D.Double(xOffset - r, yOffset - r, diameter, diameter);
      g.fill(circle);
      Color fill = g.getColor();
      g.setStroke(new BasicStroke(1.2f));
      g.setColor(Color.WHITE);
      g.draw(circle);
      g.setColor(fill);
    }
  }

  /** Growable x and y lists for one series. */
  private static final class Coords {
    final List<Double> xs = new ArrayList<>();
    final List<Double> ys = new ArrayList<>();

    void add(double x, double y) {
      xs.add(x);
      ys.add(y);
    }
  }
}
