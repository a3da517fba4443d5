package io.github.zth.gpt.makemore;

import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.*;
import io.github.zth.gpt.internal.Contexts;
import io.github.zth.nn.Embedding;
import io.github.zth.nn.Linear;
import io.github.zth.nn.Module;
import io.github.zth.nn.ModuleDict;
import java.util.ArrayList;
import java.util.List;

/**
 * makemore.py's {@code RNN} language model: tokens are embedded, a cell folds them one at a time
 * into a hidden state that starts at a learned {@code start} vector, and a Linear head reads every
 * hidden state. The cells are makemore's own, each a Linear over {@code cat(x_t, h_{t-1})}:
 *
 * <ul>
 *   <li>{@link Cell#RNN}: {@code h = tanh(xh_to_h(cat(x, h)))};
 *   <li>{@link Cell#GRU}: reset {@code r}, candidate {@code hbar} from {@code cat(x, r·h)}, update
 *       {@code z}, {@code h = (1 - z)·h + z·hbar};
 *   <li>{@link Cell#LSTM} (not in makemore, written in the same style): input, forget, cell and
 *       output gates from {@code cat(x, h)}, a cell state starting at zero.
 * </ul>
 *
 * <pre>{@code
 * var m = new RnnLM(RnnLM.Cell.GRU, 27, 16, 64, 64, new Generator(3407));
 * Tensor logits = m.forward(idx);   // (B, T) -> (B, T, 27)
 * }</pre>
 */
public final class RnnLM extends Module implements LanguageModel {

  /** The recurrence. */
  public enum Cell {
    /** The vanilla tanh recurrence. */
    RNN,
    /** The gated recurrent unit. */
    GRU,
    /** The long short-term memory. */
    LSTM
  }

  private final Cell cell;
  private final int vocabSize;
  private final int blockSize;
  private final int nEmbd2;
  private final Tensor start;
  private final Embedding wte;
  private final List<Linear> gates = new ArrayList<>();
  private final Linear lmHead;

  /**
   * Builds the model; Linear and Embedding layers take PyTorch's default initialisation, in
   * makemore's order, and {@code start} is zero.
   *
   * @param cell the recurrence
   * @param vocabSize number of token ids
   * @param blockSize the longest context {@link #generate} keeps (makemore: longest word + 1)
   * @param nEmbd embedding width
   * @param nEmbd2 hidden-state width
   * @param g the initialisation's random source
   * @throws IllegalArgumentException on a non-positive size
   */
  public RnnLM(Cell cell, int vocabSize, int blockSize, int nEmbd, int nEmbd2, Generator g) {
    if (vocabSize < 1 || blockSize < 1 || nEmbd < 1 || nEmbd2 < 1) {
      throw new IllegalArgumentException(
          "RnnLM: vocab "
              + vocabSize
              + ", block "
              + blockSize
              + ", n_embd "
              + nEmbd
              + ", n_embd2 "
              + nEmbd2
              + ": expected positive sizes");
    }
    this.cell = cell;
    this.vocabSize = vocabSize;
    this.blockSize = blockSize;
    this.nEmbd2 = nEmbd2;
    start = registerParameter("start", Tensor.zeros(1, nEmbd2));
    wte = registerModule("wte", new Embedding(vocabSize, nEmbd, g));
    ModuleDict cellDict = registerModule("cell", new ModuleDict());
    String[] names =
        switch (cell) {
          case RNN -> new String[] {"xh_to_h"};
          case GRU -> new String[] {"xh_to_z", "xh_to_r", "xh_to_hbar"};
          case LSTM -> new String[] {"xh_to_i", "xh_to_f", "xh_to_g", "xh_to_o"};
        };
    for (String name : names) {
      Linear l = new Linear(nEmbd + nEmbd2, nEmbd2, true, g);
      cellDict.put(name, l);
      gates.add(l);
    }
    lmHead = registerModule("lm_head", new Linear(nEmbd2, vocabSize, true, g));
  }

  /** Which recurrence steps the sequence: makemore's {@code --type rnn} or {@code gru}, or LSTM. */
  public Cell cell() {
    return cell;
  }

  @Override
  public int blockSize() {
    return blockSize;
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  /**
   * Runs the recurrence over the sequence and reads every hidden state.
   *
   * @param idx (B, T) INT64
   * @return (B, T, vocab)
   */
  @Override
  public Tensor forward(Tensor idx) {
    Contexts.requireBatch("RnnLM.forward", idx);
    int b = idx.size(0);
    int t = idx.size(1);
    Tensor emb = wte.forward(idx); // (B, T, n_embd), all at once
    Tensor h = start.expand(b, nEmbd2); // (B, n_embd2)
    Tensor c = cell == Cell.LSTM ? Tensor.zeros(b, nEmbd2) : null;
    List<Tensor> hiddens = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      Tensor xt = emb.select(1, i); // (B, n_embd)
      Tensor xh = Tensor.cat(List.of(xt, h), 1); // (B, n_embd + n_embd2)
      switch (cell) {
        case RNN -> h = gates.get(0).forward(xh).tanh();
        case GRU -> {
          Tensor r = gates.get(1).forward(xh).sigmoid(); // reset: wipe channels of h
          Tensor xhr = Tensor.cat(List.of(xt, r.mul(h)), 1);
          Tensor hbar = gates.get(2).forward(xhr).tanh(); // candidate
          Tensor z = gates.get(0).forward(xh).sigmoid(); // update switch
          h = z.neg().add(1.0).mul(h).add(z.mul(hbar));
        }
        case LSTM -> {
          Tensor in = gates.get(0).forward(xh).sigmoid();
          Tensor forget = gates.get(1).forward(xh).sigmoid();
          Tensor g = gates.get(2).forward(xh).tanh();
          Tensor out = gates.get(3).forward(xh).sigmoid();
          c = forget.mul(c).add(in.mul(g));
          h = out.mul(c.tanh());
        }
        default -> throw new IllegalStateException("RnnLM: unknown cell " + cell);
      }
      hiddens.add(h);
    }
    Tensor hidden = Tensor.stack(hiddens, 1).reshape(b * t, nEmbd2); // (B*T, n_embd2)
    return lmHead.forward(hidden).view(b, t, vocabSize); // (B, T, vocab)
  }

  @Override
  protected String extraRepr() {
    return "cell=" + cell.name().toLowerCase(java.util.Locale.ROOT);
  }
}
