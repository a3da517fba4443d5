import io.github.zth.autograd.random.Generator;
import io.github.zth.autograd.GradMode;
import io.github.zth.data.Batch;
import io.github.zth.data.tokenizer.CharTokenizer;
import io.github.zth.gpt.Checkpoint;
import io.github.zth.gpt.GPT;
import io.github.zth.data.TokenData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much nanoGPT's estimate_loss moves with the random batches alone: the val estimate of one
 * trained checkpoint over eval_iters batches (B x T as in training), repeated with different seeds,
 * and the mean over all of them. Run with the jar `bin/zth` builds:
 *   java --add-modules jdk.incubator.vector -cp zth-examples/target/zth.jar tools/torchref/EvalNoise.java \
 *       CHECKPOINT_DIR DATA.txt [evalIters=20] [repeats=20] [batch=12]
 */
public final class EvalNoise {
  @SuppressWarnings("try")
  public static void main(String[] args) throws Exception {
    GPT model = Checkpoint.loadModel(Path.of(args[0]));
    model.eval();
    String text = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
    CharTokenizer tok = Checkpoint.loadTokenizer(Path.of(args[0]));
    TokenData data = new TokenData(tok.encode(text));
    int evalIters = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 12;
    int block = model.config().blockSize();
    double sum = 0;
    double sumSq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    try (var off = GradMode.disabled()) {
      for (int r = 0; r < repeats; r++) {
        Generator g = new Generator(1000 + r);
        double s = 0;
        for (int k = 0; k < evalIters; k++) {
          Batch b = data.getBatch(TokenData.Split.VAL, batch, block, g);
          s += model.loss(b.x(), b.y()).item();
        }
        double est = s / evalIters;
        sum += est;
        sumSq += est * est;
        min = Math.min(min, est);
        max = Math.max(max, est);
      }
    }
    double mean = sum / repeats;
    double sd = Math.sqrt(Math.max(0, sumSq / repeats - mean * mean) * repeats / Math.max(1, repeats - 1));
    System.out.printf(Locale.ROOT, "eval_iters: %d%nrepeats: %d%nval_mean: %.4f%nval_sd: %.4f%nval_min: %.4f%nval_max: %.4f%n",
        evalIters, repeats, mean, sd, min, max);
  }
}
