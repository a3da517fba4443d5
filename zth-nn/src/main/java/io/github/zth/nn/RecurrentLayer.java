package io.github.zth.nn;

import io.github.zth.autograd.Generator;
import io.github.zth.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared plumbing of the sequence layers {@link RNN}, {@link GRU} and {@link LSTM}, torch's
 * {@code RNNBase}: a stack of {@code numLayers} cells run over a whole sequence, each layer's output
 * sequence the next one's input.
 *
 * <p>Parameters are torch's, so state dicts exchange with torch: for each layer {@code k} in order
 * {@code weight_ih_lk (G·H, I_k)}, {@code weight_hh_lk (G·H, H)}, {@code bias_ih_lk},
 * {@code bias_hh_lk} (G gates, {@code I_0} the input size and {@code I_k = H} above), all drawn in
 * that order from {@code uniform(-1/sqrt(H), 1/sqrt(H))} as torch's {@code reset_parameters} does.
 *
 * <p>Inputs are (B, T, I) when {@code batchFirst} (the output is then (B, T, H)), (T, B, I)
 * otherwise, or unbatched (T, I). States are (numLayers, B, H) either way, (numLayers, H) unbatched.
 * With {@code dropout > 0} each layer's output but the last goes through dropout in training mode,
 * the mask drawn over the (T, B, H) layout as torch draws it. Not supported: bidirectional layers,
 * {@code proj_size}, packed sequences.
 */
public abstract sealed class RecurrentLayer extends Module permits RNN, GRU, LSTM {

    /**
     * What {@link RNN} and {@link GRU} return.
     *
     * @param output the last layer's state at every step: (B, T, H) batch first, (T, B, H), or (T, H)
     * @param hN every layer's final state (numLayers, B, H), or (numLayers, H) unbatched
     */
    public record Output(Tensor output, Tensor hN) {
    }

    private final String name;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final Generator generator;

    RecurrentLayer(String name, int gates, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
            double dropout, Generator generator) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": input_size, hidden_size and num_layers must be positive, got " + inputSize + ", "
                    + hiddenSize + ", " + numLayers);
        }
        Functional.checkProbability(name + " dropout", dropout);
        this.name = name;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.generator = java.util.Objects.requireNonNull(generator, "generator");
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        int g = gates * hiddenSize;
        for (int k = 0; k < numLayers; k++) {
            registerParameter("weight_ih_l" + k, uniform(generator, stdv, g, k == 0 ? inputSize : hiddenSize));
            registerParameter("weight_hh_l" + k, uniform(generator, stdv, g, hiddenSize));
            if (bias) {
                registerParameter("bias_ih_l" + k, uniform(generator, stdv, g));
                registerParameter("bias_hh_l" + k, uniform(generator, stdv, g));
            }
        }
    }

    private static Tensor uniform(Generator generator, double bound, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] v = new float[n];
        generator.uniform(v, 0, n, -bound, bound);
        return Tensor.fromArray(v, shape);
    }

    /**
     * One cell step on gate pre-activations.
     *
     * @param gi x W_ih^T + b_ih (B, G·H)
     * @param gh h W_hh^T + b_hh (B, G·H)
     * @param state the previous states (h first), each (B, H)
     * @return the new states, h first
     */
    abstract Tensor[] step(Tensor gi, Tensor gh, Tensor[] state);

    /**
     * Runs the stack over a sequence.
     *
     * @param x the input as documented on the class
     * @param init the initial states (h0, and c0 for an LSTM), each (numLayers, B, H) or (numLayers, H), or null for zeros
     * @return the output sequence followed by the final states (each (numLayers, B, H) or (numLayers, H))
     */
    final Tensor[] run(Tensor x, Tensor[] init) {
        int[] xs = x.shape();
        if (!(xs.length == 3 || xs.length == 2) || xs[xs.length - 1] != inputSize || xs[xs.length == 3 && !batchFirst ? 0 : xs.length - 2] == 0) {
            throw new IllegalArgumentException(name + ": expected input " + (batchFirst ? "(B, T, " : "(T, B, ") + inputSize + ") or (T, "
                    + inputSize + ") with T > 0, got " + Arrays.toString(xs));
        }
        boolean batched = xs.length == 3;
        Tensor seq = !batched ? x.unsqueeze(0) : batchFirst ? x : x.transpose(0, 1); // (B, T, I)
        int b = seq.size(0);
        int t = seq.size(1);
        Tensor[] states = new Tensor[init.length];
        for (int i = 0; i < init.length; i++) {
            states[i] = initialState(init[i], batched, b, x);
        }
        List<List<Tensor>> finals = new ArrayList<>();
        for (int i = 0; i < init.length; i++) {
            finals.add(new ArrayList<>());
        }
        for (int k = 0; k < numLayers; k++) {
            Tensor gi = Functional.linear(seq, parameter("weight_ih_l" + k), bias ? parameter("bias_ih_l" + k) : null); // (B, T, G*H)
            Tensor whh = parameter("weight_hh_l" + k);
            Tensor bhh = bias ? parameter("bias_hh_l" + k) : null;
            Tensor[] s = new Tensor[states.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = states[i].select(0, k); // (B, H)
            }
            List<Tensor> outputs = new ArrayList<>(t);
            for (int step = 0; step < t; step++) {
                s = step(gi.select(1, step), Functional.linear(s[0], whh, bhh), s);
                outputs.add(s[0]);
            }
            seq = Tensor.stack(outputs, 1); // (B, T, H)
            if (dropout > 0 && isTraining() && k < numLayers - 1) {
                seq = Functional.dropout(seq.transpose(0, 1), dropout, true, generator).transpose(0, 1); // mask over (T, B, H)
            }
            for (int i = 0; i < s.length; i++) {
                finals.get(i).add(s[i]);
            }
        }
        Tensor[] out = new Tensor[1 + states.length];
        out[0] = !batched ? seq.squeeze(0) : batchFirst ? seq : seq.transpose(0, 1);
        for (int i = 0; i < states.length; i++) {
            Tensor last = Tensor.stack(finals.get(i), 0); // (L, B, H)
            out[1 + i] = batched ? last : last.squeeze(1);
        }
        return out;
    }

    /** The given state as (L, B, H), or zeros. */
    private Tensor initialState(Tensor given, boolean batched, int b, Tensor x) {
        if (given == null) {
            return Tensor.zeros(x.dtype(), numLayers, b, hiddenSize);
        }
        int[] want = batched ? new int[] {numLayers, b, hiddenSize} : new int[] {numLayers, hiddenSize};
        if (!Arrays.equals(given.shape(), want)) {
            throw new IllegalArgumentException(name + ": expected initial state " + Arrays.toString(want) + " (num_layers"
                    + (batched ? ", B" : "") + ", hidden_size) for input " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(given.shape()));
        }
        return batched ? given : given.unsqueeze(1);
    }

    /**
     * Returns the number of input features.
     *
     * @return I
     */
    public final int inputSize() {
        return inputSize;
    }

    /**
     * Returns the number of hidden features.
     *
     * @return H
     */
    public final int hiddenSize() {
        return hiddenSize;
    }

    /**
     * Returns the number of stacked layers.
     *
     * @return num_layers
     */
    public final int numLayers() {
        return numLayers;
    }

    /**
     * Whether inputs and outputs are (B, T, ·) rather than (T, B, ·).
     *
     * @return batch_first
     */
    public final boolean batchFirst() {
        return batchFirst;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers != 1 ? ", num_layers=" + numLayers : "") + (bias ? "" : ", bias=false")
                + (batchFirst ? ", batch_first=true" : "") + (dropout != 0 ? ", dropout=" + dropout : "");
    }
}
