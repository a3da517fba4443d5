// Lecture 5: makemore part 4, becoming a backprop ninja (its notebook, cell by cell).
// Every gradient of a 2-layer MLP with BatchNorm derived by hand, and compared with autograd's.
// Run it with `bin/zth jshell 05-backprop`, then keep typing: dlogits, Plot.imshow(dlogits, "dlogits"), ...

// cell: the data set (context of 3, 80/10/10 after random.seed(42))
var words = Files.readAllLines(data("names.txt"));
var stoi = CharTokenizer.forNames(words);
var split = WordDataset.splits(words, stoi, 3, 42);
var Xtr = split.train().x(); var Ytr = split.train().y();
int n_embd = 10, n_hidden = 64, vocab_size = stoi.vocabSize(), n = 32;

// cell: cmp(s, dt, t): is my gradient dt equal to autograd's t.grad, exactly or approximately?
void cmp(String s, Tensor dt, Tensor t) {
  double[] a = dt.to(DType.FLOAT64).contiguous().toDoubleArray(), b = t.grad().contiguous().toDoubleArray();
  double maxdiff = 0; boolean ex = true;
  for (int i = 0; i < a.length; i++) { maxdiff = Math.max(maxdiff, Math.abs(a[i] - b[i])); ex &= a[i] == b[i]; }
  boolean app = maxdiff <= 1e-5 + 1e-8 * Arrays.stream(b).map(Math::abs).max().orElse(0);
  System.out.printf("%-15s | exact: %-5s | approximate: %-5s | maxdiff: %.3e%n", s, ex, app, maxdiff);
}

// cell: the parameters, initialised with small random numbers (not zeros) so a wrong formula cannot
// hide; kept in float64 so that exact and approximate agreement can be told apart
var g = new Generator(2147483647);
Tensor param(Tensor t) { return t.to(DType.FLOAT64).requiresGrad(true); }
var C = param(Tensor.randn(g, vocab_size, n_embd));
var W1 = param(Tensor.randn(g, n_embd * 3, n_hidden).mul((5.0 / 3) / Math.sqrt(n_embd * 3)));
var b1 = param(Tensor.randn(g, n_hidden).mul(0.1));
var W2 = param(Tensor.randn(g, n_hidden, vocab_size).mul(0.1));
var b2 = param(Tensor.randn(g, vocab_size).mul(0.1));
var bngain = param(Tensor.randn(g, 1, n_hidden).mul(0.1).add(1.0));
var bnbias = param(Tensor.randn(g, 1, n_hidden).mul(0.1));

// cell: one minibatch, and the forward pass "chunkated" into small steps we can differentiate one by one
var ix = Tensor.randint(g, 0, Xtr.size(0), n);
var Xb = Xtr.index(ix); var Yb = Ytr.index(ix);
var emb = C.index(Xb).retainGrad();                                // (32, 3, 10)
var embcat = emb.view(n, -1).retainGrad();                         // (32, 30)
var hprebn = embcat.matmul(W1).add(b1).retainGrad();               // hidden layer pre-activation
var bnmeani = hprebn.sum(0, true).mul(1.0 / n).retainGrad();       // BatchNorm layer
var bndiff = hprebn.sub(bnmeani).retainGrad();
var bndiff2 = bndiff.pow(2).retainGrad();
var bnvar = bndiff2.sum(0, true).mul(1.0 / (n - 1)).retainGrad();  // Bessel's correction: n-1, not n
var bnvar_inv = bnvar.add(1e-5).pow(-0.5).retainGrad();
var bnraw = bndiff.mul(bnvar_inv).retainGrad();
var hpreact = bngain.mul(bnraw).add(bnbias).retainGrad();
var h = hpreact.tanh().retainGrad();                               // non-linearity
var logits = h.matmul(W2).add(b2).retainGrad();                    // output layer
var maxes = logits.max(1, true);
var logit_maxes = maxes.values().retainGrad();                     // cross-entropy, spelled out
var norm_logits = logits.sub(logit_maxes).retainGrad();            // subtract the max for numerical stability
var counts = norm_logits.exp().retainGrad();
var counts_sum = counts.sum(1, true).retainGrad();
var counts_sum_inv = counts_sum.pow(-1).retainGrad();
var probs = counts.mul(counts_sum_inv).retainGrad();
var logprobs = probs.log().retainGrad();
var loss = logprobs.index(Tensor.arange(n), Yb).mean().neg();
loss.backward();
System.out.printf("loss %.4f%n", loss.item());

// cell: exercise 1, backprop through the whole thing manually, one line per step of the forward
var dlogprobs = Tensor.oneHot(Yb, vocab_size).to(DType.FLOAT64).mul(-1.0 / n);
var dprobs = probs.detach().pow(-1).mul(dlogprobs);
var dcounts_sum_inv = counts.detach().mul(dprobs).sum(1, true);
var dcounts_sum = counts_sum.detach().pow(-2).neg().mul(dcounts_sum_inv);
var dcounts = counts_sum_inv.detach().mul(dprobs).add(dcounts_sum);
var dnorm_logits = counts.detach().mul(dcounts);
var dlogit_maxes = dnorm_logits.neg().sum(1, true);
var dlogits = dnorm_logits.add(Tensor.oneHot(maxes.indices().view(n), vocab_size).to(DType.FLOAT64).mul(dlogit_maxes));
var dh = dlogits.matmul(W2.detach().T());
var dW2 = h.detach().T().matmul(dlogits);
var db2 = dlogits.sum(0);
var dhpreact = h.detach().pow(2).rsub(1.0).mul(dh);
var dbngain = bnraw.detach().mul(dhpreact).sum(0, true);
var dbnbias = dhpreact.sum(0, true);
var dbnraw = bngain.detach().mul(dhpreact);
var dbnvar_inv = bndiff.detach().mul(dbnraw).sum(0, true);
var dbnvar = bnvar.detach().add(1e-5).pow(-1.5).mul(-0.5).mul(dbnvar_inv);
var dbndiff2 = Tensor.onesLike(bndiff2.detach()).mul(1.0 / (n - 1)).mul(dbnvar);
var dbndiff = bnvar_inv.detach().mul(dbnraw).add(bndiff.detach().mul(2).mul(dbndiff2));
var dbnmeani = dbndiff.neg().sum(0, true);
var dhprebn = dbndiff.add(Tensor.onesLike(hprebn.detach()).mul(dbnmeani).mul(1.0 / n));
var dembcat = dhprebn.matmul(W1.detach().T());
var dW1 = embcat.detach().T().matmul(dhprebn);
var db1 = dhprebn.sum(0);
var demb = dembcat.view(emb.shape());
var dC = Tensor.oneHot(Xb.reshape(-1), vocab_size).to(DType.FLOAT64).T().matmul(demb.reshape(-1, n_embd));  // dC[Xb[k,j]] += demb[k,j]

cmp("logprobs", dlogprobs, logprobs); cmp("probs", dprobs, probs);
cmp("counts_sum_inv", dcounts_sum_inv, counts_sum_inv); cmp("counts_sum", dcounts_sum, counts_sum);
cmp("counts", dcounts, counts); cmp("norm_logits", dnorm_logits, norm_logits);
cmp("logit_maxes", dlogit_maxes, logit_maxes); cmp("logits", dlogits, logits); cmp("h", dh, h);
cmp("W2", dW2, W2); cmp("b2", db2, b2); cmp("hpreact", dhpreact, hpreact);
cmp("bngain", dbngain, bngain); cmp("bnbias", dbnbias, bnbias); cmp("bnraw", dbnraw, bnraw);
cmp("bnvar_inv", dbnvar_inv, bnvar_inv); cmp("bnvar", dbnvar, bnvar); cmp("bndiff2", dbndiff2, bndiff2);
cmp("bndiff", dbndiff, bndiff); cmp("bnmeani", dbnmeani, bnmeani); cmp("hprebn", dhprebn, hprebn);
cmp("embcat", dembcat, embcat); cmp("W1", dW1, W1); cmp("b1", db1, b1); cmp("emb", demb, emb); cmp("C", dC, C);

// cell: exercise 2, cross-entropy backward in one line: softmax minus the one-hot target, over n
var dlogitsFused = logits.detach().softmax(1).sub(Tensor.oneHot(Yb, vocab_size).to(DType.FLOAT64)).div(n);
cmp("logits (fused)", dlogitsFused, logits);
Plot.imshow(dlogitsFused, "dlogits");   // each row pulls the right character up and the others down

// cell: exercise 3, BatchNorm backward in one line, from dhpreact to dhprebn
var raw = bnraw.detach();
var dhprebnFused = bngain.detach().mul(bnvar_inv.detach()).div(n).mul(
    dhpreact.mul(n).sub(dhpreact.sum(0, true)).sub(raw.mul((double) n / (n - 1)).mul(dhpreact.mul(raw).sum(0, true))));
cmp("hprebn (fused)", dhprebnFused, hprebn);
