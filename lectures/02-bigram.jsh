// Lecture 2: makemore part 1, the bigram character model (build-makemore's notebook, cell by cell).
// Run it with `bin/zth jshell 02-bigram`, then keep typing: W, W.grad(), P.select(0, 0), ...

// cell: read the words
var words = Files.readAllLines(data("names.txt"));
System.out.println(words.subList(0, 10));
System.out.println(words.size());

// cell: the vocabulary, '.' (0) marks the start and the end of a word
var chars = words.stream().flatMap(w -> w.chars().mapToObj(c -> (char) c)).distinct().sorted().toList();
var stoi = new HashMap<Character, Integer>();
for (int i = 0; i < chars.size(); i++) stoi.put(chars.get(i), i + 1);
stoi.put('.', 0);
var itos = new char[27];
stoi.forEach((c, i) -> itos[i] = c);

// cell: N[ix1, ix2] += 1 over every bigram of every word
var counts = new long[27 * 27];
for (var w : words) {
  var cs = "." + w + ".";
  for (int k = 0; k + 1 < cs.length(); k++) counts[stoi.get(cs.charAt(k)) * 27 + stoi.get(cs.charAt(k + 1))]++;
}
var N = Tensor.fromArray(counts, 27, 27);
Plot.imshow(N, "counts");

// cell: sample from the counts, with the lecture's generator
var g = new Generator(2147483647);
var P = N.add(1).to(DType.FLOAT32);      // P = (N+1).float(): model smoothing
P = P.div(P.sum(1, true));               // P /= P.sum(1, keepdims=True)
for (int i = 0; i < 5; i++) {
  var out = new StringBuilder();
  int ix = 0;
  while (true) {
    ix = (int) P.select(0, ix).multinomial(1, true, g).item();
    out.append(itos[ix]);
    if (ix == 0) break;
  }
  System.out.println(out);
}

// cell: the quality of the model, the average negative log likelihood over the training set
// (log_likelihood is a float32 tensor in the notebook, so the sum is kept in float, as torch adds it)
var p = P.toFloatArray();
float logLikelihood = 0f;
int n = 0;
for (var w : words) {
  var cs = "." + w + ".";
  for (int k = 0; k + 1 < cs.length(); k++) {
    logLikelihood += (float) Math.log(p[stoi.get(cs.charAt(k)) * 27 + stoi.get(cs.charAt(k + 1))]);
    n++;
  }
}
System.out.printf("nll: %.4f%n", -logLikelihood / n);

// cell: the training set of bigrams (x, y) for the neural net
var xsList = new ArrayList<Long>();
var ysList = new ArrayList<Long>();
for (var w : words) {
  var cs = "." + w + ".";
  for (int k = 0; k + 1 < cs.length(); k++) { xsList.add((long) stoi.get(cs.charAt(k))); ysList.add((long) stoi.get(cs.charAt(k + 1))); }
}
var xs = Tensor.of(xsList.stream().mapToLong(Long::longValue).toArray());
var ys = Tensor.of(ysList.stream().mapToLong(Long::longValue).toArray());
int num = xs.numel();
System.out.println("number of examples: " + num);

// cell: randomly initialise 27 neurons' weights, each neuron receives 27 inputs
g = new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
var W = Tensor.randn(g, 27, 27).requiresGrad(true);

// cell: gradient descent (set STEPS = 100 for the lecture's run)
int STEPS = 100;
var xenc = Tensor.oneHot(xs, 27).to(DType.FLOAT32);   // input to the network: one-hot encoding
for (int k = 0; k < STEPS; k++) {
  var logits = xenc.matmul(W);                         // predict log-counts
  var countsNN = logits.exp();                         // counts, equivalent to N
  var probs = countsNN.div(countsNN.sum(1, true));     // probabilities for next character
  var loss = probs.index(Tensor.arange(num), ys).log().mean().neg().add(W.pow(2).mean().mul(0.01));
  if (k == 0 || k == STEPS - 1) System.out.printf("step %d loss %.4f%n", k, loss.item());
  W.zeroGrad();
  loss.backward();
  W.detach().add_(W.grad().mul(-50));                  // W.data += -50 * W.grad
}

// cell: sample from the neural net model
g = new Generator(2147483647);
for (int i = 0; i < 5; i++) {
  var out = new StringBuilder();
  int ix = 0;
  while (true) {
    var logits = Tensor.oneHot(Tensor.of((long) ix), 27).to(DType.FLOAT32).matmul(W);
    var pNN = logits.exp().div(logits.exp().sum(1, true));
    ix = (int) pNN.multinomial(1, true, g).item();
    out.append(itos[ix]);
    if (ix == 0) break;
  }
  System.out.println(out);
}
