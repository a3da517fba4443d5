"""Lecture 3's MLP for the full 200,000 steps in PyTorch 1.13: the reference for `zth mlp`'s final losses.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/torchref/lecture_mlp_full.py NAMES_TXT OUT_TXT \
        [--steps 200000] [--seed 2147483647] [--capability default|avx2]

Runs tools/golden/lecture_mlp.py (the golden of the first steps) to the end: the same shuffle, split,
Generator(seed) for the parameters and every minibatch, lr 0.1 then 0.01 from step 100,000, and
writes its key: value lines (every step's loss, the split losses, 20 samples) to OUT_TXT. The minibatch
indices do not depend on the weights, so `zth mlp` draws the same batches; its losses part from these
in the last printed digit after about 20 steps, through float32 rounding in a different summation order.

--capability picks ATen's kernel set: `default` is the notebooks' (`zth mlp`'s --normal-path LECTURE),
`avx2` what torch picks by itself on this machine (--normal-path TORCH_X86). The two draw the same
numbers from the generator but round randn, tanh, exp and the sums differently: PyTorch against
itself, for measuring how far rounding alone moves the final losses.
"""
import argparse
import os
import sys

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names")
    p.add_argument("out")
    p.add_argument("--steps", type=int, default=200000)
    p.add_argument("--seed", type=int, default=2147483647)
    p.add_argument("--capability", choices=["default", "avx2"], default="default")
    args = p.parse_args()
    # ATen reads the variable once, at its first dispatch: set it before torch is imported.
    os.environ["ATEN_CPU_CAPABILITY"] = args.capability
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
    import lecture_mlp  # noqa: E402

    lecture_mlp.OUT = args.out
    lecture_mlp.STEPS = args.steps
    lecture_mlp.SEED = args.seed
    lecture_mlp.CAPABILITY = args.capability
    lecture_mlp.main(args.names)
