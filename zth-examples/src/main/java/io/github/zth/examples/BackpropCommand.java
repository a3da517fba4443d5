package io.github.zth.examples;

import io.github.zth.autograd.DType;
import io.github.zth.autograd.Tensor;
import io.github.zth.autograd.io.AtomicFiles;
import io.github.zth.autograd.random.Generator;
import io.github.zth.data.WordDataset;
import io.github.zth.data.tokenizer.CharTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zth backprop}: lecture 5 ("becoming a backprop ninja"). The two-layer MLP with a
 * written-out BatchNorm and cross-entropy is run forward in FLOAT64 with every intermediate kept,
 * autograd computes the gradients, and every one of them is derived again by hand with tensor ops
 * (plus the fused cross-entropy and BatchNorm backward passes); a table compares the two.
 */
@Command(
    name = "backprop",
    mixinStandardHelpOptions = true,
    description = "Lecture 5: derive every gradient of the MLP by hand and compare with autograd.")
public final class BackpropCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin NamesFile wordFile;

  @Option(
      names = "--out",
      defaultValue = "out/backprop",
      description = "directory for gradients.tsv, the comparison table (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "2147483647",
      description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  /** Creates the command; picocli fills in the options. */
  public BackpropCommand() {}

  /**
   * One row of the comparison.
   *
   * @param name the lecture's name of the gradient, e.g. {@code dlogprobs}
   * @param exact whether the hand-derived tensor equals autograd's bit for bit
   * @param maxAbsDiff the largest absolute difference
   * @param maxAbs the largest absolute value of autograd's gradient (the scale for a relative
   *     check)
   * @param manual the hand-derived gradient
   */
  record Row(String name, boolean exact, double maxAbsDiff, double maxAbs, Tensor manual) {
    /**
     * @return whether the difference is within 1e-6 of the gradient's scale (FLOAT64)
     */
    boolean close() {
      return maxAbsDiff <= 1e-6 * Math.max(1.0, maxAbs);
    }
  }

  @Override
  public Integer call() throws IOException {
    List<String> words = wordFile.words(10);
    CharTokenizer tok = CharTokenizer.forNames(words);
    WordDataset.Splits sp = WordDataset.splits(words, tok, 3, 42);
    List<Row> rows = compare(sp.train(), tok.vocabSize(), new Generator(seed));
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT, "%-16s | %-5s | %-11s | %s%n", "name", "exact", "approximate", "max_abs_diff");
    double worst = 0;
    boolean allClose = true;
    StringBuilder tsv = new StringBuilder("name\texact\tapproximate\tmax_abs_diff\tmax_abs_grad\n");
    for (Row r : rows) {
      tsv.append(
          String.format(
              Locale.ROOT,
              "%s\t%s\t%s\t%.6e\t%.6e%n",
              r.name(),
              r.exact(),
              r.close(),
              r.maxAbsDiff(),
              r.maxAbs()));
      w.printf(
          Locale.ROOT,
          "%-16s | %-5s | %-11s | %.3e%n",
          r.name(),
          r.exact(),
          r.close(),
          r.maxAbsDiff());
      worst = Math.max(worst, r.maxAbsDiff());
      allClose &= r.close();
    }
    java.nio.file.Files.createDirectories(out);
    // The lecture's picture of dlogits: each row pulls the right character up and every other one
    // down.
    Tensor dlogits =
        rows.stream()
            .filter(r -> r.name().equals("dlogits (fused)"))
            .findFirst()
            .orElseThrow()
            .manual();
    Path picture = Plot.savePng(Plot.gray(dlogits, "backprop"), out.resolve("dlogits.png"));
    Path table =
        AtomicFiles.write(
            out.resolve("gradients.tsv"),
            tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    new Summary()
        .put("gradients", rows.size())
        .put("table", table.toString())
        .put("dlogits_png", picture.toString())
        .put("max_abs_diff", String.format(Locale.ROOT, "%.3e", worst))
        .put("all_close", String.valueOf(allClose))
        .print(w);
    return allClose ? 0 : 1;
  }

  /**
   * Lecture 5's network on one minibatch of 32 drawn from {@code d}: parameters from {@code g} (C,
   * W1 scaled by (5/3)/sqrt(fan_in), b1, W2, b2 scaled by 0.1, then bngain and bnbias, which the
   * lecture draws from torch's global generator), forward in FLOAT64, autograd, then the manual
   * backward.
   *
   * @param d the examples with contexts of 3
   * @param vocab the vocabulary size
   * @param g the generator
   * @return one row per gradient, in the lecture's order
   */
  static List<Row> compare(WordDataset.Examples d, int vocab, Generator g) {
    int nEmbd = 10;
    int nHidden = 64;
    int block = d.x().size(1);
    int n = 32;
    Tensor c = param(Tensor.randn(g, vocab, nEmbd));
    Tensor w1 =
        param(Tensor.randn(g, nEmbd * block, nHidden).mul((5.0 / 3) / Math.sqrt(nEmbd * block)));
    Tensor b1 = param(Tensor.randn(g, nHidden).mul(0.1));
    Tensor w2 = param(Tensor.randn(g, nHidden, vocab).mul(0.1));
    Tensor b2 = param(Tensor.randn(g, vocab).mul(0.1));
    Tensor bngain = param(Tensor.randn(g, 1, nHidden).mul(0.1).add(1.0));
    Tensor bnbias = param(Tensor.randn(g, 1, nHidden).mul(0.1));
    Tensor ix = Tensor.randint(g, 0, d.size(), n);
    Tensor xb = d.x().index(ix); // (n, block)
    Tensor yb = d.y().index(ix); // (n)

    // Forward, chunked into the lecture's small steps so each can be differentiated by hand.
    Map<String, Tensor> t = new LinkedHashMap<>();
    Tensor emb = keep(t, "emb", c.index(xb)); // (n, block, nEmbd)
    Tensor embcat = keep(t, "embcat", emb.view(n, -1)); // (n, block*nEmbd)
    Tensor hprebn = keep(t, "hprebn", embcat.matmul(w1).add(b1)); // (n, nHidden)
    Tensor bnmeani = keep(t, "bnmeani", hprebn.sum(0, true).mul(1.0 / n)); // (1, nHidden)
    Tensor bndiff = keep(t, "bndiff", hprebn.sub(bnmeani));
    Tensor bndiff2 = keep(t, "bndiff2", bndiff.pow(2));
    Tensor bnvar = keep(t, "bnvar", bndiff2.sum(0, true).mul(1.0 / (n - 1))); // Bessel's correction
    Tensor bnvarInv = keep(t, "bnvar_inv", bnvar.add(1e-5).pow(-0.5));
    Tensor bnraw = keep(t, "bnraw", bndiff.mul(bnvarInv));
    Tensor hpreact = keep(t, "hpreact", bngain.mul(bnraw).add(bnbias));
    Tensor h = keep(t, "h", hpreact.tanh());
    Tensor logits = keep(t, "logits", h.matmul(w2).add(b2)); // (n, vocab)
    var maxes = logits.max(1, true);
    Tensor logitMaxes = keep(t, "logit_maxes", maxes.values()); // (n, 1)
    Tensor normLogits = keep(t, "norm_logits", logits.sub(logitMaxes));
    Tensor counts = keep(t, "counts", normLogits.exp());
    Tensor countsSum = keep(t, "counts_sum", counts.sum(1, true));
    Tensor countsSumInv = keep(t, "counts_sum_inv", countsSum.pow(-1));
    Tensor probs = keep(t, "probs", counts.mul(countsSumInv));
    Tensor logprobs = keep(t, "logprobs", probs.log());
    Tensor rows = Tensor.arange(n);
    Tensor loss = logprobs.index(rows, yb).mean().neg();
    loss.backward();

    // The manual backward pass, in the lecture's order; every step is a chain rule on one line
    // above.
    Tensor oneHotY = Tensor.oneHot(yb, vocab).to(DType.FLOAT64); // (n, vocab)
    Map<String, Tensor> m = new LinkedHashMap<>();
    Tensor dlogprobs = oneHotY.mul(-1.0 / n);
    Tensor dprobs = probs.detach().pow(-1).mul(dlogprobs);
    Tensor dcountsSumInv = counts.detach().mul(dprobs).sum(1, true);
    Tensor dcountsSum = countsSum.detach().pow(-2).neg().mul(dcountsSumInv);
    Tensor dcounts =
        countsSumInv.detach().mul(dprobs).add(dcountsSum); // broadcast of counts.sum(1)
    Tensor dnormLogits = counts.detach().mul(dcounts);
    Tensor dlogitMaxes = dnormLogits.neg().sum(1, true);
    Tensor dlogits =
        dnormLogits.add(
            Tensor.oneHot(maxes.indices().view(n), vocab).to(DType.FLOAT64).mul(dlogitMaxes));
    Tensor dh = dlogits.matmul(w2.detach().T());
    Tensor dW2 = h.detach().T().matmul(dlogits);
    Tensor db2 = dlogits.sum(0);
    Tensor dhpreact = h.detach().pow(2).rsub(1.0).mul(dh);
    Tensor dbngain = bnraw.detach().mul(dhpreact).sum(0, true);
    Tensor dbnbias = dhpreact.sum(0, true);
    Tensor dbnraw = bngain.detach().mul(dhpreact);
    Tensor dbnvarInv = bndiff.detach().mul(dbnraw).sum(0, true);
    Tensor dbnvar = bnvar.detach().add(1e-5).pow(-1.5).mul(-0.5).mul(dbnvarInv);
    Tensor dbndiff2 = Tensor.onesLike(bndiff2.detach()).mul(1.0 / (n - 1)).mul(dbnvar);
    Tensor dbndiff = bnvarInv.detach().mul(dbnraw).add(bndiff.detach().mul(2).mul(dbndiff2));
    Tensor dbnmeani = dbndiff.neg().sum(0, true);
    Tensor dhprebn = dbndiff.add(Tensor.onesLike(hprebn.detach()).mul(dbnmeani).mul(1.0 / n));
    Tensor dembcat = dhprebn.matmul(w1.detach().T());
    Tensor dW1 = embcat.detach().T().matmul(dhprebn);
    Tensor db1 = dhprebn.sum(0);
    Tensor demb = dembcat.view(emb.shape());
    // dC[Xb[k, j]] += demb[k, j] for all k, j, as one matmul with the one-hot rows of the contexts.
    Tensor dC =
        Tensor.oneHot(xb.reshape(-1), vocab).to(DType.FLOAT64).T().matmul(demb.reshape(-1, nEmbd));
    put(
        m,
        "logprobs",
        dlogprobs,
        "probs",
        dprobs,
        "counts_sum_inv",
        dcountsSumInv,
        "counts_sum",
        dcountsSum,
        "counts",
        dcounts,
        "norm_logits",
        dnormLogits,
        "logit_maxes",
        dlogitMaxes,
        "logits",
        dlogits,
        "h",
        dh);
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : m.entrySet()) {
      out.add(row("d" + e.getKey(), e.getValue(), t.get(e.getKey()).grad()));
    }
    out.add(row("dW2", dW2, w2.grad()));
    out.add(row("db2", db2, b2.grad()));
    out.add(row("dhpreact", dhpreact, hpreact.grad()));
    out.add(row("dbngain", dbngain, bngain.grad()));
    out.add(row("dbnbias", dbnbias, bnbias.grad()));
    out.add(row("dbnraw", dbnraw, bnraw.grad()));
    out.add(row("dbnvar_inv", dbnvarInv, bnvarInv.grad()));
    out.add(row("dbnvar", dbnvar, bnvar.grad()));
    out.add(row("dbndiff2", dbndiff2, bndiff2.grad()));
    out.add(row("dbndiff", dbndiff, bndiff.grad()));
    out.add(row("dbnmeani", dbnmeani, bnmeani.grad()));
    out.add(row("dhprebn", dhprebn, hprebn.grad()));
    out.add(row("dembcat", dembcat, embcat.grad()));
    out.add(row("dW1", dW1, w1.grad()));
    out.add(row("db1", db1, b1.grad()));
    out.add(row("demb", demb, emb.grad()));
    out.add(row("dC", dC, c.grad()));

    // Exercise 2: cross-entropy backward in one line, softmax minus the one-hot target, over n.
    Tensor dlogitsFused = logits.detach().softmax(1).sub(oneHotY).div(n);
    out.add(row("dlogits (fused)", dlogitsFused, logits.grad()));
    // Exercise 3: BatchNorm backward in one line, from dhpreact to dhprebn.
    Tensor raw = bnraw.detach();
    Tensor dhprebnFused =
        bngain
            .detach()
            .mul(bnvarInv.detach())
            .div(n)
            .mul(
                dhpreact
                    .mul(n)
                    .sub(dhpreact.sum(0, true))
                    .sub(raw.mul((double) n / (n - 1)).mul(dhpreact.mul(raw).sum(0, true))));
    out.add(row("dhprebn (fused)", dhprebnFused, hprebn.grad()));
    return out;
  }

  private static Tensor param(Tensor float32Values) {
    return float32Values.to(DType.FLOAT64).requiresGrad(true);
  }

  private static Tensor keep(Map<String, Tensor> t, String name, Tensor x) {
    t.put(name, x.retainGrad());
    return x;
  }

  private static void put(Map<String, Tensor> m, Object... nameThenGrad) {
    for (int i = 0; i < nameThenGrad.length; i += 2) {
      m.put((String) nameThenGrad[i], (Tensor) nameThenGrad[i + 1]);
    }
  }

  private static Row row(String name, Tensor manual, Tensor autograd) {
    if (autograd == null) {
      throw new IllegalStateException("backprop: autograd left no gradient for " + name);
    }
    if (manual.numel() != autograd.numel()) {
      throw new IllegalStateException(
          "backprop: "
              + name
              + " has "
              + manual.numel()
              + " elements, autograd's "
              + autograd.numel());
    }
    double[] a = manual.toDoubleArray();
    double[] b = autograd.toDoubleArray();
    double diff = 0;
    double scale = 0;
    boolean exact = true;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
      exact &= a[i] == b[i];
    }
    return new Row(name, exact, diff, scale, manual);
  }
}
