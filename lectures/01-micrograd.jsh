// Lecture 1: the spelled-out intro to neural networks and backpropagation, building micrograd.
// Run it with `bin/zth jshell 01-micrograd`, then keep typing: o.grad(), n.parameters().size(), ...
import io.github.zth.autograd.micrograd.MLP;

// cell: a function and its derivative, by the definition
double f(double x) { return 3 * x * x - 4 * x + 5; }
double h = 0.0001;
double x = 3.0;
System.out.printf("slope at x=3: %.4f%n", (f(x + h) - f(x)) / h);   // 14.0003

// cell: an expression of Values, and its gradient by backpropagation
var a = Value.of(2.0, "a");
var b = Value.of(-3.0, "b");
var c = Value.of(10.0, "c");
var e = a.mul(b).setLabel("e");
var d = e.add(c).setLabel("d");
var fv = Value.of(-2.0, "f");
var L = d.mul(fv).setLabel("L");
L.backward();
System.out.printf("L %.4f; dL/da %.4f, dL/db %.4f, dL/dc %.4f, dL/df %.4f%n", L.data(), a.grad(), b.grad(), c.grad(), fv.grad());

// cell: a neuron with two inputs, squashed by tanh
var x1 = Value.of(2.0, "x1");
var x2 = Value.of(0.0, "x2");
var w1 = Value.of(-3.0, "w1");
var w2 = Value.of(1.0, "w2");
var bias = Value.of(6.8813735870195432, "b");
var n = x1.mul(w1).add(x2.mul(w2)).add(bias).setLabel("n");
var o = n.tanh().setLabel("o");
o.backward();
System.out.printf("o %.4f; x1.grad %.4f, w1.grad %.4f, x2.grad %.4f, w2.grad %.4f%n", o.data(), x1.grad(), w1.grad(), x2.grad(), w2.grad());

// cell: draw the neuron's graph (graph.dot; render it with Graphviz's `dot -Tsvg`)
ValueGraph.trace(o).writeDot(Path.of("graph.dot"));
System.out.println("graph: graph.dot");

// cell: the same neuron in tensors, as PyTorch computes it
var tx1 = Tensor.of(2.0).requiresGrad(true);
var tx2 = Tensor.of(0.0).requiresGrad(true);
var tw1 = Tensor.of(-3.0).requiresGrad(true);
var tw2 = Tensor.of(1.0).requiresGrad(true);
var tb = Tensor.of(6.8813735870195432).requiresGrad(true);
var tn = tx1.mul(tw1).add(tx2.mul(tw2)).add(tb);
var to = tn.tanh();
to.backward(Tensor.onesLike(to));
System.out.printf("torch-style o %.4f; x1.grad %.4f, w1.grad %.4f%n", to.item(), tx1.grad().item(), tw1.grad().item());

// cell: a tiny data set and a multi-layer perceptron, MLP(3, [4, 4, 1]) (seeded, so every run agrees)
var xs = List.of(List.of(2.0, 3.0, -1.0), List.of(3.0, -1.0, 0.5), List.of(0.5, 1.0, 1.0), List.of(1.0, 1.0, -1.0));
var ys = List.of(1.0, -1.0, -1.0, 1.0);
var mlp = new MLP(3, List.of(4, 4, 1), 1337);
System.out.println("parameters: " + mlp.parameters().size());   // 41

// cell: gradient descent: forward, loss, zero the grads, backward, update
int STEPS = 50;
for (int k = 0; k < STEPS; k++) {
  var ypred = xs.stream().map(row -> mlp.applyScalar(row.stream().map(Value::of).toList())).toList();
  var terms = new ArrayList<Value>();
  for (int i = 0; i < ys.size(); i++) terms.add(ypred.get(i).sub(ys.get(i)).pow(2));
  var loss = Value.sum(terms);
  for (var p : mlp.parameters()) p.zeroGrad();
  loss.backward();
  for (var p : mlp.parameters()) p.setData(p.data() - 0.01 * p.grad());
  if (k % 10 == 0 || k == STEPS - 1) System.out.printf("%d %.6f%n", k, loss.data());
}

// cell: the predictions after training, close to ys = [1, -1, -1, 1]
System.out.println(xs.stream().map(row -> String.format("%.4f", mlp.applyScalar(row.stream().map(Value::of).toList()).data())).toList());
