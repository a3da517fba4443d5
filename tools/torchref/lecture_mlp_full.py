"""Lecture 3's MLP for the full 200,000 steps in PyTorch 1.13: the reference for `zth mlp`'s final losses.

    ATEN_CPU_CAPABILITY=default OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/torchref/lecture_mlp_full.py \
        NAMES_TXT OUT_TXT [STEPS]

Runs tools/golden/lecture_mlp.py (the golden of the first steps) to the end: the same shuffle, split,
Generator(2147483647) for the parameters and every minibatch, lr 0.1 then 0.01 from step 100,000, and
writes its key: value lines (every step's loss, the split losses, 20 samples) to OUT_TXT. The minibatch
indices do not depend on the weights, so `zth mlp` draws the same batches; its losses part from these
in the last printed digit after about 20 steps, through float32 rounding in a different summation order.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
import lecture_mlp  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    lecture_mlp.OUT = sys.argv[2]
    lecture_mlp.STEPS = int(sys.argv[3]) if len(sys.argv) == 4 else 200000
    lecture_mlp.main(sys.argv[1])
