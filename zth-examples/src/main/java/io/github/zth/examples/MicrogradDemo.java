package io.github.zth.examples;

import io.github.zth.autograd.micrograd.Layer;
import io.github.zth.autograd.micrograd.MLP;
import io.github.zth.autograd.micrograd.Neuron;
import io.github.zth.autograd.micrograd.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Micrograd's {@code demo.ipynb}: a small MLP learns to separate two interleaved half circles
 * ("moons") with a max-margin loss and plain gradient descent.
 *
 * <pre>{@code
 * Moons data = MicrogradDemo.makeMoons(100, 0.1, 1337);
 * MLP model = new MLP(2, List.of(16, 16, 1), 1337);
 * Run run = MicrogradDemo.train(model, data, 100, false);
 * double acc = run.accuracy()[99];
 * }</pre>
 */
public final class MicrogradDemo {
  /** The weight of the L2 penalty on the parameters, as in the demo. */
  public static final double ALPHA = 1e-4;

  private MicrogradDemo() {}

  /**
   * A two-class data set of points in the plane.
   *
   * @param x the points, {@code x[i] = {x1, x2}}
   * @param y their labels, -1 or +1
   */
  public record Moons(double[][] x, double[] y) {
    /**
     * Checks the shapes.
     *
     * @throws IllegalArgumentException if the counts differ
     */
    public Moons {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "Moons: " + x.length + " points and " + y.length + " labels");
      }
    }

    /**
     * How many points there are.
     *
     * @return the count
     */
    public int size() {
      return y.length;
    }
  }

  /**
   * Two interleaved half circles as scikit-learn's {@code make_moons}: the outer one {@code (cos t,
   * sin t)} labelled -1, the inner one {@code (1 - cos t, 1 - sin t - 0.5)} labelled +1, {@code t}
   * evenly spaced over [0, pi], plus Gaussian noise. Not scikit-learn's exact numbers: the noise
   * comes from a {@link SplittableRandom}.
   *
   * @param n the number of points (the outer circle gets {@code n / 2}, the inner the rest), at
   *     least 2
   * @param noise the standard deviation of the noise added to each coordinate, at least 0
   * @param seed the noise seed
   * @return the data set, outer points first
   * @throws IllegalArgumentException for fewer than 2 points or a negative noise
   */
  public static Moons makeMoons(int n, double noise, long seed) {
    if (n < 2 || !(noise >= 0)) {
      throw new IllegalArgumentException(
          "makeMoons: n=" + n + ", noise=" + noise + ": expected n >= 2 and noise >= 0");
    }
    int nOut = n / 2;
    int nIn = n - nOut;
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean outer = i < nOut;
      int k = outer ? i : i - nOut;
      int count = outer ? nOut : nIn;
      double t = count == 1 ? 0.0 : Math.PI * k / (count - 1);
      double px = outer ? Math.cos(t) : 1 - Math.cos(t);
      double py = outer ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
      x[i] = new double[] {px + noise * rng.nextGaussian(), py + noise * rng.nextGaussian()};
      y[i] = outer ? -1.0 : 1.0;
    }
    return new Moons(x, y);
  }

  /**
   * The loss of one full-batch step and the accuracy it was computed with.
   *
   * @param loss the total loss, ready for {@code backward()}
   * @param accuracy the fraction of points whose score has the sign of their label
   */
  public record Step(Value loss, double accuracy) {}

  /**
   * The demo's loss over the whole data set: the SVM max-margin loss {@code mean(relu(1 - y_i *
   * score_i))} plus {@code ALPHA * sum(p * p)} over the parameters.
   *
   * @param model an MLP with 2 inputs and 1 output
   * @param data the points
   * @param plainOps true to build micrograd's exact graph (one node per multiplication and
   *     addition, sums as chains), false to use the fused {@link Value#dot} and {@link Value#sum}
   *     nodes
   * @return the loss and accuracy
   */
  public static Step loss(MLP model, Moons data, boolean plainOps) {
    int n = data.size();
    List<Value> losses = new ArrayList<>(n);
    int correct = 0;
    for (int i = 0; i < n; i++) {
      List<Value> input = List.of(Value.of(data.x()[i][0]), Value.of(data.x()[i][1]));
      Value score = plainOps ? plainForward(model, input) : model.applyScalar(input);
      double yi = data.y()[i];
      losses.add(score.mul(-yi).add(1.0).relu()); // (1 + -yi*scorei).relu()
      if ((yi > 0) == (score.data() > 0)) {
        correct++;
      }
    }
    Value dataLoss = sum(losses, plainOps).mul(1.0 / n);
    List<Value> squares = new ArrayList<>(model.parameters().size());
    for (Value p : model.parameters()) {
      squares.add(p.mul(p));
    }
    Value regLoss = sum(squares, plainOps).mul(ALPHA);
    return new Step(dataLoss.add(regLoss), (double) correct / n);
  }

  /**
   * The losses and accuracies of a training run and the time its loop took.
   *
   * @param loss the loss at each step (before that step's update)
   * @param accuracy the accuracy at each step
   * @param seconds the wall time of the training loop alone, from {@link System#nanoTime}
   */
  public record Run(double[] loss, double[] accuracy, double seconds) {}

  /**
   * Trains {@code model} in place for {@code steps} full-batch steps of gradient descent with the
   * demo's learning rate {@code 1.0 - 0.9 * k / steps} (the demo's {@code k / 100} for 100 steps).
   *
   * @param model the model to train
   * @param data the points
   * @param steps how many steps, at least 1
   * @param plainOps whether to build micrograd's exact graph, see {@link #loss}
   * @return the losses, accuracies and loop time
   * @throws IllegalArgumentException if {@code steps < 1}
   */
  public static Run train(MLP model, Moons data, int steps, boolean plainOps) {
    if (steps < 1) {
      throw new IllegalArgumentException("train: steps " + steps + ": expected at least 1");
    }
    double[] losses = new double[steps];
    double[] accuracies = new double[steps];
    long start = System.nanoTime();
    for (int k = 0; k < steps; k++) {
      Step s = step(model, data, 1.0 - 0.9 * k / steps, plainOps);
      losses[k] = s.loss().data();
      accuracies[k] = s.accuracy();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(losses, accuracies, seconds);
  }

  /**
   * One full-batch step of the demo's loop: the loss, {@code model.zero_grad()}, {@code
   * backward()}, then {@code p.data -= lr * p.grad} for every parameter. {@code zth bench value}
   * times exactly this.
   *
   * @param model the model to train in place
   * @param data the points
   * @param lr the learning rate
   * @param plainOps whether to build micrograd's exact graph, see {@link #loss}
   * @return the loss (before the update) and the accuracy
   */
  public static Step step(MLP model, Moons data, double lr, boolean plainOps) {
    Step s = loss(model, data, plainOps);
    model.zeroGrad();
    s.loss().backward();
    for (Value p : model.parameters()) {
      p.setData(p.data() - lr * p.grad());
    }
    return s;
  }

  /**
   * The model's output built exactly as micrograd's {@code nn.py} does: each neuron computes {@code
   * sum((wi*xi for wi, xi in zip(w, x)), b)}, one node per multiplication and addition.
   *
   * @param model an MLP with one output
   * @param x its inputs
   * @return the output, equal to {@code model.applyScalar(x)} to rounding
   */
  public static Value plainForward(MLP model, List<Value> x) {
    List<Value> h = x;
    for (Layer layer : model.layers()) {
      List<Value> out = new ArrayList<>(layer.neurons().size());
      for (Neuron neuron : layer.neurons()) {
        Value act = neuron.bias();
        List<Value> w = neuron.weights();
        for (int i = 0; i < w.size(); i++) {
          act = act.add(w.get(i).mul(h.get(i)));
        }
        out.add(neuron.nonlin() ? act.relu() : act);
      }
      h = out;
    }
    return h.get(0);
  }

  /** Python's {@code sum}: a chain of additions for the plain graph, one n-ary node otherwise. */
  private static Value sum(List<Value> terms, boolean plainOps) {
    if (!plainOps) {
      return Value.sum(terms);
    }
    Value s = Value.of(0.0);
    for (Value t : terms) {
      s = s.add(t);
    }
    return s;
  }
}
