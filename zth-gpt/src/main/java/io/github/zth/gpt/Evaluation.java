package io.github.zth.gpt;

/**
 * A model's loss on some data, with its perplexity: how many equally likely next tokens the model
 * is, on average, choosing between. Perplexity is {@code exp} of the mean next-token negative log
 * likelihood, so it reads on the vocabulary's scale (1 is certainty, the vocabulary size is a
 * uniform guess) where the loss does not.
 *
 * <p>{@code loss} is the figure the program reports, which for nanoGPT's {@code estimate_loss} and
 * {@code gpt eval} is the mean token NLL itself ({@code perplexity == exp(loss)}). makemore.py's
 * {@code evaluate} averages per-batch means over words of different lengths; its loss is kept as
 * makemore prints it, while the perplexity weighs every token equally.
 *
 * @param loss the reported mean loss
 * @param tokens how many predicted tokens it covers
 * @param perplexity {@code exp} of the mean NLL per token
 */
public record Evaluation(double loss, long tokens, double perplexity) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if no token was evaluated
   */
  public Evaluation {
    if (tokens < 1) {
      throw new IllegalArgumentException("Evaluation: " + tokens + " tokens, expected at least 1");
    }
  }

  /**
   * An evaluation whose loss is the mean token NLL.
   *
   * @param meanNll the mean next-token NLL
   * @param tokens the number of tokens averaged
   * @return the evaluation, perplexity {@code exp(meanNll)}
   */
  public static Evaluation ofMeanNll(double meanNll, long tokens) {
    return new Evaluation(meanNll, tokens, Math.exp(meanNll));
  }
}
