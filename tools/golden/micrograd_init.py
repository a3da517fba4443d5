"""Golden weights of micrograd's MLP(2, [16, 16, 1]) after random.seed(1337), as its demo builds it.

micrograd's Neuron draws random.uniform(-1, 1) per weight, layer by layer and neuron by neuron; the
bias is Value(0) and draws nothing. Run from the repository root with the oracle interpreter:
    /usr/bin/python3 tools/golden/micrograd_init.py
It writes zth-autograd/src/test/resources/golden/micrograd_init.txt (one repr float per line).
"""
import os
import random
import sys

OUT = os.path.join("zth-autograd", "src", "test", "resources", "golden", "micrograd_init.txt")


def main():
    random.seed(1337)
    sizes = [2, 16, 16, 1]
    weights = []
    for nin, nout in zip(sizes, sizes[1:]):
        for _ in range(nout):
            weights.extend(random.uniform(-1, 1) for _ in range(nin))
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        f.write("# python %s, random.seed(1337), MLP(2, [16, 16, 1]) weights in parameter order\n"
                % sys.version.split()[0])
        for w in weights:
            f.write("%r\n" % w)
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
