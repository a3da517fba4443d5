package io.github.zth.gpt.makemore;

import io.github.zth.autograd.io.JsonObject;
import io.github.zth.autograd.random.Generator;
import io.github.zth.gpt.*;
import io.github.zth.gpt.lectures.WaveNetLM;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * makemore.py's {@code ModelConfig} plus its {@code --type}: which {@link LanguageModel} to build
 * and its sizes. {@code nLayer}, {@code nHead} and {@code nEmbd} shape the transformer; {@code
 * nEmbd} and {@code nEmbd2} the MLP and the RNNs; {@code cnn} is lecture 6's WaveNet (vocab, window
 * 8, embedding 24, hidden 128) applied at every position ({@link WaveNetSequenceLM}).
 *
 * <pre>{@code
 * LanguageModel m = new MakemoreConfig("transformer", 27, 16).create(new Generator(3407));
 * }</pre>
 *
 * @param type one of {@link #TYPES}
 * @param vocabSize number of token ids
 * @param blockSize the longest sequence, makemore's {@code max_word_length + 1}
 * @param nLayer transformer blocks
 * @param nHead attention heads
 * @param nEmbd embedding width
 * @param nEmbd2 hidden width of the MLP and RNNs
 */
public record MakemoreConfig(
    String type, int vocabSize, int blockSize, int nLayer, int nHead, int nEmbd, int nEmbd2) {

  /**
   * The model types, makemore's {@code bigram|mlp|rnn|gru|transformer} plus {@code cnn} and {@code
   * lstm}.
   */
  public static final List<String> TYPES =
      List.of("bigram", "mlp", "cnn", "rnn", "gru", "lstm", "transformer");

  /**
   * Checks the type and sizes.
   *
   * @throws IllegalArgumentException if the type is unknown, a size is not positive or {@code
   *     nHead} does not divide {@code nEmbd}
   */
  public MakemoreConfig {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "MakemoreConfig: type '" + type + "' is not one of " + String.join("|", TYPES));
    }
    if (vocabSize < 1 || blockSize < 1 || nLayer < 1 || nHead < 1 || nEmbd < 1 || nEmbd2 < 1) {
      throw new IllegalArgumentException(
          "MakemoreConfig: sizes must be positive, got vocab_size "
              + vocabSize
              + ", block_size "
              + blockSize
              + ", n_layer "
              + nLayer
              + ", n_head "
              + nHead
              + ", n_embd "
              + nEmbd
              + ", n_embd2 "
              + nEmbd2);
    }
    if (type.equals("transformer") && nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "MakemoreConfig: n_embd " + nEmbd + " must be divisible by n_head " + nHead);
    }
  }

  /**
   * makemore's defaults: 4 layers, 4 heads, n_embd 64, n_embd2 64.
   *
   * @param type the model type
   * @param vocabSize token ids
   * @param blockSize longest sequence
   */
  public MakemoreConfig(String type, int vocabSize, int blockSize) {
    this(type, vocabSize, blockSize, 4, 4, 64, 64);
  }

  /**
   * Builds the model, drawing its initialisation from {@code g}.
   *
   * @param g the random source
   * @return a new model in training mode
   */
  public LanguageModel create(Generator g) {
    return switch (type) {
      case "bigram" -> new BigramLM(vocabSize);
      case "mlp" -> new MakemoreMLP(vocabSize, blockSize, nEmbd, nEmbd2, g);
      case "cnn" ->
          new WaveNetSequenceLM(new WaveNetLM.Config(vocabSize, 8, 24, 128), blockSize, g);
      case "rnn" -> new RnnLM(RnnLM.Cell.RNN, vocabSize, blockSize, nEmbd, nEmbd2, g);
      case "gru" -> new RnnLM(RnnLM.Cell.GRU, vocabSize, blockSize, nEmbd, nEmbd2, g);
      case "lstm" -> new RnnLM(RnnLM.Cell.LSTM, vocabSize, blockSize, nEmbd, nEmbd2, g);
      case "transformer" ->
          new GPT(GPTConfig.makemore(vocabSize, blockSize, nLayer, nHead, nEmbd), g);
      default -> throw new IllegalStateException("MakemoreConfig: unknown type " + type);
    };
  }

  /**
   * Serialises to JSON with makemore's field names ({@code n_embd2}, ...).
   *
   * @return the JSON text
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("vocab_size", vocabSize);
    m.put("block_size", blockSize);
    m.put("n_layer", nLayer);
    m.put("n_head", nHead);
    m.put("n_embd", nEmbd);
    m.put("n_embd2", nEmbd2);
    return JsonObject.write(m);
  }

  /**
   * Parses {@link #toJson()}'s output; every key is required.
   *
   * @param json the text
   * @return the config
   * @throws IllegalArgumentException if the text is malformed, a key is missing or has the wrong
   *     type
   */
  public static MakemoreConfig fromJson(String json) {
    JsonObject m = JsonObject.parse("makemore config", json);
    return new MakemoreConfig(
        m.getString("type"),
        m.getInt("vocab_size"),
        m.getInt("block_size"),
        m.getInt("n_layer"),
        m.getInt("n_head"),
        m.getInt("n_embd"),
        m.getInt("n_embd2"));
  }
}
