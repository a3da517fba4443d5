import io.github.zth.autograd.random.Generator;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.GPT;
import io.github.zth.gpt.GPTConfig;
import io.github.zth.gpt.Checkpoint;
import io.github.zth.gpt.Estimate;
import io.github.zth.gpt.RandomWindows;
import io.github.zth.gpt.TrainResult;
import io.github.zth.data.TokenData;
import io.github.zth.gpt.Trainer;
import io.github.zth.gpt.TrainerConfig;
import io.github.zth.gpt.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * zth's side of tools/torchref/nanogpt_train.py: the same run through zth's Trainer, printing the same
 * JSON trace lines (one per step for the first --trace steps: iter, lr, loss, grad_norm, ix; and the
 * estimates). Options and defaults as nanogpt_train.py's, plus --out DIR to keep the best checkpoint. Run with the jar `bin/zth` builds:
 *   java --add-modules jdk.incubator.vector -cp zth-examples/target/zth.jar tools/torchref/ZthTrainTrace.java \
 *       --data /work/shared/data/tinyshakespeare.txt --n-layer 4 ... --trace 50
 */
public final class ZthTrainTrace {
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("--n-layer", "6", "--n-head", "6", "--n-embd", "384",
        "--block-size", "256", "--batch-size", "64", "--max-iters", "5000", "--lr-decay-iters", "5000",
        "--dropout", "0.2", "--eval-iters", "200", "--seed", "1337"));
    o.putAll(Map.of("--lr", "1e-3", "--min-lr", "1e-4", "--warmup-iters", "100", "--weight-decay", "0.1",
        "--eval-interval", "250", "--grad-accum", "1", "--trace", "0"));
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].equals("--data") && !args[i].equals("--out") && !o.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("ZthTrainTrace: unknown option or missing value: " + args[i]);
      }
      o.put(args[i], args[i + 1]);
    }
    String text = Files.readString(Path.of(o.get("--data")), StandardCharsets.UTF_8);
    CharTokenizer tok = CharTokenizer.fromText(text);
    TokenData data = new TokenData(tok.encode(text));
    GPTConfig c = new GPTConfig(i(o, "--block-size"), tok.vocabSize(), i(o, "--n-layer"), i(o, "--n-head"),
        i(o, "--n-embd"), d(o, "--dropout"), false);
    TrainerConfig tc = new TrainerConfig(i(o, "--batch-size"), i(o, "--max-iters"), d(o, "--lr"), d(o, "--min-lr"),
        i(o, "--warmup-iters"), i(o, "--lr-decay-iters"), d(o, "--weight-decay"), 0.9, 0.99, 1.0, i(o, "--grad-accum"),
        i(o, "--eval-interval"), i(o, "--eval-iters"));
    GPT model = new GPT(c, new Generator(Long.parseLong(o.get("--seed"))));
    Trainer t = new Trainer(model, new RandomWindows(data, model.generator()), tc);
    int trace = i(o, "--trace");
    long[][] ix = new long[1][];
    t.addListener(new TrainingListener() {
      @Override
      public void onStep(int step, double loss, double lr, double millis) {
        if (step < trace) {
          System.out.printf(Locale.ROOT, "{\"iter\": %d, \"lr\": %s, \"loss\": %s, \"grad_norm\": %s, \"ix\": %s}%n", step,
              lr, loss, t.lastGradNorm(), Arrays.toString(ix[0]));
        }
        ix[0] = t.nextBatchOffsets();
      }

      @Override
      public void onEval(Estimate e) {
        int step = e.step();
        double train = e.train().loss();
        double val = e.val().loss();
        System.out.printf(Locale.ROOT, "step %d: train loss %.4f, val loss %.4f%n", step, train, val);
        if (step < trace) {
          System.out.printf(Locale.ROOT, "{\"eval\": %d, \"train\": %s, \"val\": %s}%n", step, train, val);
        }
      }
    });
    ix[0] = t.nextBatchOffsets();
    long t0 = System.nanoTime();
    TrainResult r = o.containsKey("--out") // --out keeps the best checkpoint
        ? t.train(Checkpoint.of(Path.of(o.get("--out")), model).withTokenizer(tok)) : t.train();
    System.out.printf(Locale.ROOT, "val_loss: %.4f%ntrain_loss: %.4f%niters: %d%nseed: %s%ntrain_seconds: %.1f%n",
        r.last().val().loss(), r.last().train().loss(), t.iter(), o.get("--seed"), (System.nanoTime() - t0) / 1e9);
  }

  private static int i(Map<String, String> o, String k) {
    return Integer.parseInt(o.get(k));
  }

  private static double d(Map<String, String> o, String k) {
    return Double.parseDouble(o.get(k));
  }
}
