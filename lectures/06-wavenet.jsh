// Lecture 6: makemore part 5, building a WaveNet (its notebook, cell by cell).
// Run it with `bin/zth jshell 06-wavenet`, then keep typing: model.model(), Plot.plot(lossi, "loss"), ...

// cell: the data set, now with a context of 8 characters
var words = Files.readAllLines(data("names.txt"));
var stoi = CharTokenizer.forNames(words);
int block_size = 8;
var split = WordDataset.splits(words, stoi, block_size, 42);
var Xtr = split.train().x(); var Ytr = split.train().y();
System.out.println("Xtr " + Arrays.toString(Xtr.shape()));

// cell: the hierarchical model: Embedding, then three times FlattenConsecutive(2), Linear, BatchNorm1d,
// Tanh, then a Linear head; the head's weights are scaled by 0.1 so it starts unconfident
var g = new Generator(42);   // torch.manual_seed(42)
int n_embd = 24, n_hidden = 128, vocab_size = stoi.vocabSize();
var emb = new Embedding(vocab_size, n_embd, new Generator(0));
var layers = new ArrayList<Module>(List.of(emb));
try (var off = GradMode.disabled()) { emb.weight().copy_(Tensor.randn(g, vocab_size, n_embd)); }
int in = n_embd * 2;
for (int level = 0; level < 3; level++) {
  var lin = new Linear(in, n_hidden, false, new Generator(0));
  try (var off = GradMode.disabled()) { lin.weight().copy_(Tensor.randn(g, in, n_hidden).div(Math.sqrt(in)).T()); }
  layers.addAll(List.of(new FlattenConsecutive(2), lin, new BatchNorm1d(n_hidden, 1e-5, 0.1, BatchNorm1d.Layout.MAKEMORE), new Tanh()));
  in = n_hidden * 2;
}
var head = new Linear(n_hidden, vocab_size, true, new Generator(0));
try (var off = GradMode.disabled()) {
  head.weight().copy_(Tensor.randn(g, n_hidden, vocab_size).div(Math.sqrt(n_hidden)).T());
  head.bias().zero_();
  head.weight().mul_(0.1);
}
layers.add(head);
var model = new Sequential(layers.toArray(Module[]::new));
System.out.println("parameters: " + model.numParameters());   // 76579

// cell: training, minibatches of 32 (the lecture runs 200000 steps: set STEPS = 200000)
int STEPS = 1000;
var lossi = new ArrayList<Double>();
for (int i = 0; i < STEPS; i++) {
  var ix = Tensor.randint(g, 0, Xtr.size(0), 32);
  var logits = model.forward(Xtr.index(ix));
  var loss = logits.crossEntropy(Ytr.index(ix));
  model.zeroGrad();
  loss.backward();
  double lr = i < 150000 ? 0.1 : 0.01;
  for (var p : model.parameters()) p.detach().add_(p.grad().mul(-lr));
  if (i % 10000 == 0 || i == STEPS - 1) System.out.printf("%7d/%7d: %.4f%n", i, STEPS, loss.item());
  lossi.add(Math.log10(loss.item()));
}
Plot.plot(lossi, "log10 loss");

// cell: evaluate with BatchNorm's running statistics
model.eval();
try (var off = GradMode.disabled()) {
  System.out.printf("train %.4f%n", model.forward(Xtr).crossEntropy(Ytr).item());
  System.out.printf("val %.4f%n", model.forward(split.val().x()).crossEntropy(split.val().y()).item());
}
