// Lecture 7: let's build GPT, from scratch, in code, spelled out (its notebook, cell by cell).
// Run it with `bin/zth jshell 07-gpt`, then keep typing: decode(...), model, wei, ...

// cell: read Tiny Shakespeare, and look at it
var text = Files.readString(data("tinyshakespeare.txt"));
System.out.println("length of dataset in characters: " + text.length());
System.out.println(text.substring(0, 250));

// cell: the vocabulary is every character that occurs, sorted
var chars = text.chars().distinct().sorted().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
int vocab_size = chars.length();
System.out.println(chars.replace("\n", "\\n") + " " + vocab_size);

// cell: encode (string -> ids) and decode (ids -> string)
int[] encode(String s) { return s.chars().map(c -> chars.indexOf(c)).toArray(); }
String decode(long[] ids) { var sb = new StringBuilder(); for (long i : ids) sb.append(chars.charAt((int) i)); return sb.toString(); }
System.out.println(Arrays.toString(encode("hii there")) + " " + decode(Arrays.stream(encode("hii there")).asLongStream().toArray()));

// cell: the whole text as one tensor of ids, and a 90% / 10% train / val split
var data = Tensor.of(Arrays.stream(encode(text)).asLongStream().toArray());
int n = (int) (0.9 * data.numel());
var train_data = data.slice(0, 0, n);
var val_data = data.slice(0, n, data.numel());
System.out.println(Arrays.toString(data.shape()) + " " + data.dtype());

// cell: a batch of chunks: random offsets, inputs x and targets y shifted by one
var g = new Generator(1337);   // torch.manual_seed(1337)
int batch_size = 4, block_size = 8;
Tensor[] getBatch(String split) {
  var d = split.equals("train") ? train_data : val_data;
  var ix = Tensor.randint(g, 0, d.numel() - block_size, batch_size).toLongArray();
  var xs = new ArrayList<Tensor>(); var ys = new ArrayList<Tensor>();
  for (long i : ix) { xs.add(d.slice(0, (int) i, (int) i + block_size)); ys.add(d.slice(0, (int) i + 1, (int) i + block_size + 1)); }
  return new Tensor[] {Tensor.stack(xs, 0), Tensor.stack(ys, 0)};
}
var batch = getBatch("train");
var xb = batch[0]; var yb = batch[1];
System.out.println("inputs:\n" + xb + "\ntargets:\n" + yb);

// cell: the bigram language model: each token reads the logits for the next one off a lookup table
g = new Generator(1337);   // the notebook seeds again before it builds the model
var token_embedding_table = new Embedding(vocab_size, vocab_size, g);
Tensor bigramLogits(Tensor idx) { return token_embedding_table.forward(idx); }   // (B, T, C)
var logits = bigramLogits(xb);
var loss = logits.view(batch_size * block_size, vocab_size).crossEntropy(yb.view(batch_size * block_size));
System.out.printf("logits %s, loss %.4f (a uniform guess is -ln(1/65) = 4.1744)%n", Arrays.toString(logits.shape()), loss.item());

// cell: generate from the model: sample the next token from the last position's softmax, append, repeat
long[] generate(java.util.function.Function<Tensor, Tensor> model, int maxNewTokens) {
  var idx = new ArrayList<Long>(List.of(0L));
  try (var off = GradMode.disabled()) {
    for (int i = 0; i < maxNewTokens; i++) {
      var ctx = idx.subList(Math.max(0, idx.size() - block_size), idx.size());
      var lg = model.apply(Tensor.of(ctx.stream().mapToLong(Long::longValue).toArray()).view(1, -1));
      var probs = lg.select(1, lg.size(1) - 1).softmax(-1);   // (1, C), the last time step
      idx.add((long) probs.multinomial(1, false, g).item());
    }
  }
  return idx.stream().mapToLong(Long::longValue).toArray();
}
System.out.println("untrained sample: " + decode(generate(idx -> bigramLogits(idx), 100)).replace("\n", "\\n"));

// cell: train the bigram model with AdamW (the lecture runs 10000 steps of batch 32: set STEPS = 10000)
int STEPS = 1000;
batch_size = 32;
var optimizer = new AdamW(token_embedding_table.parameters(), 1e-3, 0.01);
for (int steps = 0; steps < STEPS; steps++) {
  var b = getBatch("train");
  var l = bigramLogits(b[0]).view(-1, vocab_size).crossEntropy(b[1].view(-1));
  optimizer.zeroGrad();
  l.backward();
  optimizer.step();
  loss = l;
}
System.out.printf("loss after %d steps: %.4f%n", STEPS, loss.item());
System.out.println("trained sample: " + decode(generate(idx -> bigramLogits(idx), 300)).replace("\n", "\\n"));

// cell: the mathematical trick in self-attention: a weighted average of the past via a masked softmax
var x = Tensor.randn(g, 4, 8, 2);                                          // (B, T, C)
var tril = Tensor.ones(8, 8).tril();
var wei = Tensor.zeros(8, 8).maskedFill(tril.eq(0), Double.NEGATIVE_INFINITY).softmax(-1);
var xbow = wei.matmul(x);                                                  // (T, T) @ (B, T, C) -> (B, T, C)
System.out.println("wei:\n" + wei);

// cell: self-attention, one head: the weights now come from queries and keys of the data
int head_size = 16;
var x32 = Tensor.randn(g, 4, 8, 32);
var key = new Linear(32, head_size, false, g);
var query = new Linear(32, head_size, false, g);
var value = new Linear(32, head_size, false, g);
var k = key.forward(x32);                                                  // (B, T, 16)
var q = query.forward(x32);                                                // (B, T, 16)
var att = q.matmul(k.transpose(-2, -1)).mul(Math.pow(head_size, -0.5));   // (B, T, T), scaled
att = att.maskedFill(tril.eq(0), Double.NEGATIVE_INFINITY).softmax(-1);
var out = att.matmul(value.forward(x32));                                  // (B, T, 16)
System.out.println("att[0]:\n" + att.select(0, 0));

// cell: the whole GPT, the lecture's final model.py, as the library's GPT in nanoGPT's CPU configuration
// (4 layers, 4 heads, 128 channels, a block of 64 characters, no dropout)
var tok = CharTokenizer.fromText(text);
var model = new GPT(new GPTConfig(64, tok.vocabSize(), 4, 4, 128, 0.0, false), new Generator(1337));
System.out.println("GPT parameters: " + model.numParameters());
var sampler = new Sampler(model);
System.out.println("untrained GPT: " + tok.decode(sampler.generate(new int[] {0}, 100, new Generator(42))).replace("\n", "\\n"));

// cell: nanoGPT's training loop: random windows, AdamW with warm-up and cosine decay, evaluation
// (the CPU run of the README takes 2000 iterations: set ITERS = 2000)
int ITERS = 30;
var tconfig = TrainerConfig.shakespeareChar().withBatchSize(12).withMaxIters(ITERS).withWarmupIters(0).withLrDecayIters(ITERS)
    .withEvalInterval(ITERS).withEvalIters(5);
var trainer = new Trainer(model, new RandomWindows(new TokenData(tok.encode(text)), model.generator()), tconfig);
var result = trainer.train();
System.out.printf("step %d: train loss %.4f, val loss %.4f%n", result.steps(), result.last().train().loss(), result.last().val().loss());
System.out.println("trained GPT: " + tok.decode(sampler.generate(new int[] {0}, 300, new Generator(42))).replace("\n", "\\n"));
