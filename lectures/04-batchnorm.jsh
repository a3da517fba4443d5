// Lecture 4: makemore part 3, activations, gradients and BatchNorm (its notebook, cell by cell).
// Run it with `bin/zth jshell 04-batchnorm`, then keep typing: layers.get(2), Plot.hist(outs.get(2), 50, "h"), ...

// cell: the data set of lecture 3 (context of 3 characters; 80/10/10 split after random.seed(42))
var words = Files.readAllLines(data("names.txt"));
var stoi = CharTokenizer.forNames(words);
var split = WordDataset.splits(words, stoi, 3, 42);
var Xtr = split.train().x(); var Ytr = split.train().y();
int n_embd = 10, n_hidden = 100, vocab_size = stoi.vocabSize();

// cell: a deep network, "PyTorch-ified": Linear (no bias), BatchNorm1d and Tanh, five times, then
// Linear and BatchNorm1d. Linear weights are randn / sqrt(fan_in), times the tanh gain 5/3; the last
// BatchNorm's gamma is scaled by 0.1 so the first predictions are not confidently wrong.
var g = new Generator(2147483647);
var C = Tensor.randn(g, vocab_size, n_embd).requiresGrad(true);
var layers = new ArrayList<Module>();
int fanIn = n_embd * 3;
for (int k = 0; k < 6; k++) {
  boolean last = k == 5;
  int fanOut = last ? vocab_size : n_hidden;
  var lin = new Linear(fanIn, fanOut, false, new Generator(0));
  var bn = new BatchNorm1d(fanOut, 1e-5, 0.1, BatchNorm1d.Layout.MAKEMORE);
  var w = Tensor.randn(g, fanIn, fanOut).div(Math.sqrt(fanIn)).mul(last ? 1.0 : 5.0 / 3).T();
  try (var off = GradMode.disabled()) {
    lin.weight().copy_(w);
    if (last) bn.namedParameters().get("weight").mul_(0.1);
  }
  layers.add(lin);
  layers.add(bn);
  if (!last) layers.add(new Tanh());
  fanIn = n_hidden;
}
var parameters = new ArrayList<Tensor>(List.of(C));
layers.forEach(l -> parameters.addAll(l.parameters()));
System.out.println("parameters: " + parameters.stream().mapToInt(Tensor::numel).sum());

// cell: training; the first step keeps every layer's output and its gradient for the statistics below
// (the lecture runs 200000 steps: set STEPS = 200000)
int STEPS = 1000;
List<Tensor> outs = null;
for (int i = 0; i < STEPS; i++) {
  var ix = Tensor.randint(g, 0, Xtr.size(0), 32);
  var x = C.index(Xtr.index(ix)).view(32, -1);              // (32, 30)
  var kept = new ArrayList<Tensor>();
  for (var layer : layers) {
    x = layer.forward(x);
    kept.add(i == 0 ? x.retainGrad() : x);
  }
  var loss = x.crossEntropy(Ytr.index(ix));
  for (var p : parameters) p.zeroGrad();
  loss.backward();
  double lr = i < 150000 ? 0.1 : 0.01;
  for (var p : parameters) p.detach().add_(p.grad().mul(-lr));
  if (i == 0) outs = kept;
  if (i % 10000 == 0 || i == STEPS - 1) System.out.printf("%7d/%7d: %.4f%n", i, STEPS, loss.item());
}

// cell: the activations of each tanh layer at initialisation: mean, std, and how many are saturated
for (int k = 0; k < layers.size(); k++) {
  if (layers.get(k) instanceof Tanh) {
    var s = Diagnostics.stats(outs.get(k), 0.97);
    System.out.printf("layer %d (Tanh): mean %+.2f, std %.2f, saturated %.2f%%%n", k, s.mean(), s.std(), 100 * s.saturated());
  }
}
Plot.hist(outs.get(2), 50, "layer 2 tanh activations");

// cell: the gradients flowing back into each tanh layer at initialisation
for (int k = 0; k < layers.size(); k++) {
  if (layers.get(k) instanceof Tanh) {
    var s = Diagnostics.stats(outs.get(k).grad(), 0);
    System.out.printf("layer %d (Tanh): grad mean %+.6f, grad std %.6e%n", k, s.mean(), s.std());
  }
}

// cell: evaluate on the dev split with BatchNorm's running statistics
layers.forEach(Module::eval);
try (var off = GradMode.disabled()) {
  var x = C.index(split.val().x()).view(split.val().size(), -1);
  for (var layer : layers) x = layer.forward(x);
  System.out.printf("val %.4f%n", x.crossEntropy(split.val().y()).item());
}
