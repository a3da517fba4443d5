// Lecture 3: makemore part 2, the MLP of Bengio et al. 2003 (its notebook, cell by cell).
// Run it with `bin/zth jshell 03-mlp`, then keep typing: C.shape(), Plot.plot(lossi, "loss"), ...

// cell: read the words and build the vocabulary ('.' is 0)
var words = Files.readAllLines(data("names.txt"));
var stoi = CharTokenizer.forNames(words);
System.out.println(words.size() + " words, vocabulary " + stoi.vocabSize());

// cell: build the dataset: random.seed(42); random.shuffle(words); 80% / 10% / 10% of the words,
// each character predicted from the block_size characters before it
int block_size = 3;
var split = WordDataset.splits(words, stoi, block_size, 42);
var Xtr = split.train().x(); var Ytr = split.train().y();
var Xdev = split.val().x(); var Ydev = split.val().y();
System.out.println("Xtr " + Arrays.toString(Xtr.shape()) + ", Xdev " + Arrays.toString(Xdev.shape()));

// cell: the parameters, drawn from the lecture's generator (the notebooks' randn kernels)
var g = new Generator(2147483647).normalPath(Generator.NormalPath.LECTURE);
var C = Tensor.randn(g, 27, 10);
var W1 = Tensor.randn(g, 30, 200);
var b1 = Tensor.randn(g, 200);
var W2 = Tensor.randn(g, 200, 27);
var b2 = Tensor.randn(g, 27);
var parameters = List.of(C, W1, b1, W2, b2);
System.out.println("parameters: " + parameters.stream().mapToInt(Tensor::numel).sum());   // 11897
for (var p : parameters) p.requiresGrad(true);

// cell: training, minibatches of 32 (the lecture runs 200000 steps: set STEPS = 200000)
int STEPS = 1000;
var lossi = new ArrayList<Double>();
for (int i = 0; i < STEPS; i++) {
  var ix = Tensor.randint(g, 0, Xtr.size(0), 32);           // minibatch construct
  var emb = C.index(Xtr.index(ix));                          // (32, 3, 10)
  var h = emb.view(-1, 30).matmul(W1).add(b1).tanh();       // (32, 200)
  var logits = h.matmul(W2).add(b2);                         // (32, 27)
  var loss = logits.crossEntropy(Ytr.index(ix));
  if (i == 0) System.out.printf("first minibatch loss: %.4f%n", loss.item());
  for (var p : parameters) p.zeroGrad();                     // p.grad = None
  loss.backward();
  double lr = i < 100000 ? 0.1 : 0.01;
  for (var p : parameters) p.detach().add_(p.grad().mul(-lr));   // p.data += -lr * p.grad
  lossi.add(Math.log10(loss.item()));
}
Plot.plot(lossi, "log10 loss");

// cell: the loss on the whole training and dev sets
try (var off = GradMode.disabled()) {
  var trainLoss = C.index(Xtr).view(-1, 30).matmul(W1).add(b1).tanh().matmul(W2).add(b2).crossEntropy(Ytr);
  var devLoss = C.index(Xdev).view(-1, 30).matmul(W1).add(b1).tanh().matmul(W2).add(b2).crossEntropy(Ydev);
  System.out.printf("train %.4f, dev %.4f%n", trainLoss.item(), devLoss.item());
}

// cell: sample from the model
var gs = new Generator(2147483647L + 10);
var off = GradMode.disabled();   // torch.no_grad() for the rest of the script
for (int k = 0; k < 20; k++) {
  var out = new StringBuilder();
  var context = new long[] {0, 0, 0};
  while (true) {
    var emb = C.index(Tensor.fromArray(context, 1, 3));
    var h = emb.view(1, -1).matmul(W1).add(b1).tanh();
    var probs = h.matmul(W2).add(b2).softmax(1);
    int ix = (int) probs.multinomial(1, false, gs).item();
    context = new long[] {context[1], context[2], ix};
    out.append(stoi.itos(ix));
    if (ix == 0) break;
  }
  System.out.println(out);
}
