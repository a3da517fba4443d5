#!/usr/bin/python3
"""The reference for `zth bench value`: one step of micrograd's demo.ipynb, timed in CPython.

    /usr/bin/python3 tools/bench/micrograd_step.py [--steps 10] [--warmup 2]

micrograd (karpathy/micrograd) restated: its engine (a Value per +, *, ** and relu, and every constant
wrapped in a Value, backward over a topological sort) and nn (Neuron with uniform(-1, 1) weights,
ReLU on all but the last layer), and the demo's step on 100 moons points: MLP(2, [16, 16, 1]),
loss = mean(relu(1 - y * score)) + 1e-4 * sum(p * p), backward, plain gradient descent with
lr = 1 - 0.9 * k / 100. Prints the same keys as `zth bench value --plain-ops` (micrograd's exact
graph, the same 65,818 nodes), so the two can run alternately and their medians be compared. Its
closures make every node part of a reference cycle, so CPython's cycle collector runs through the
graph again and again while it is built: that is part of what micrograd costs, and is kept.
"""
import argparse
import math
import platform
import random
import statistics
import time


class Value:
    """micrograd's scalar autograd node."""

    def __init__(self, data, children=(), op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(children)
        self._op = op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0.0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        return self * -1

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
        return len(topo)


class Neuron:
    def __init__(self, nin, nonlin):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [[Neuron(sz[i], i != len(nouts) - 1) for _ in range(sz[i + 1])] for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def make_moons(n, noise):
    """sklearn's make_moons shape (outer half circle labelled -1, inner +1), Gaussian noise from random."""
    n_out = n // 2
    pts = []
    for i in range(n):
        outer = i < n_out
        k, count = (i, n_out) if outer else (i - n_out, n - n_out)
        t = math.pi * k / (count - 1)
        x, y = (math.cos(t), math.sin(t)) if outer else (1 - math.cos(t), 1 - math.sin(t) - 0.5)
        pts.append(((x + random.gauss(0, noise), y + random.gauss(0, noise)), -1.0 if outer else 1.0))
    return pts


def step(model, data, lr):
    scores = [model([Value(x[0]), Value(x[1])]) for x, _ in data]
    losses = [(1 + -y * s).relu() for (_, y), s in zip(data, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    loss = data_loss + reg_loss
    for p in model.parameters():
        p.grad = 0.0
    nodes = loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return nodes


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    args = p.parse_args()
    random.seed(1337)
    data = make_moons(100, 0.1)
    model = MLP(2, [16, 16, 1])
    times, nodes = [], 0
    for i in range(args.warmup + args.steps):
        k = i % 100
        if k == 0 and i > 0:
            random.seed(1337)
            model = MLP(2, [16, 16, 1])
        t0 = time.perf_counter()
        nodes = step(model, data, 1.0 - 0.9 * k / 100)
        if i >= args.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    print(f"model: MLP(2, [16, 16, 1])")
    print(f"parameters: {len(model.parameters())}")
    print(f"points: {len(data)}")
    print("graph: micrograd")
    print(f"steps: {args.steps}")
    print(f"warmup: {args.warmup}")
    print(f"nodes_per_step: {nodes}")
    print(f"ms_per_step: {statistics.median(times):.3f}")
    print(f"min_ms: {min(times):.3f}")
    print(f"ns_per_node: {statistics.median(times) * 1e6 / nodes:.1f}")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")


if __name__ == "__main__":
    main()
