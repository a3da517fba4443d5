"""Step-by-step diff of two training traces: nanogpt_train.py's (torch) and ZthTrainTrace.java's (zth).

Both print JSON lines {"iter", "lr", "loss", "grad_norm", "ix"} per step and {"eval", "train", "val"}
per estimate (see nanogpt_train.py). This prints, per step, whether the batch offsets are the same,
the two losses, learning rates and gradient norms and their relative differences, then the estimates.

Run: /usr/bin/python3 tools/torchref/compare_train.py torch.txt zth.txt [--every 1]
"""
import argparse
import json


def load(path):
    steps, evals = {}, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            d = json.loads(line)
            if "iter" in d:
                steps[d["iter"]] = d
            else:
                evals[d["eval"]] = d
    return steps, evals


def rel(a, b):
    return abs(a - b) / max(abs(a), 1e-30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("torch")
    ap.add_argument("zth")
    ap.add_argument("--every", type=int, default=1, help="print every k-th step (all steps are checked)")
    a = ap.parse_args()
    ts, te = load(a.torch)
    zs, ze = load(a.zth)
    common = sorted(set(ts) & set(zs))
    print(f"{'iter':>5} {'ix':>4} {'lr torch':>12} {'rel lr':>8} {'loss torch':>11} {'loss zth':>11} {'rel loss':>9}"
          f" {'gnorm torch':>12} {'gnorm zth':>12} {'rel gnorm':>9}")
    first_ix_diff, worst = None, (0.0, None)
    for i in common:
        t, z = ts[i], zs[i]
        same = t["ix"] == z["ix"]
        if not same and first_ix_diff is None:
            first_ix_diff = i
        rl = rel(t["loss"], z["loss"])
        if rl > worst[0]:
            worst = (rl, i)
        if i % a.every == 0 or not same:
            print(f"{i:5d} {'=' if same else 'DIFF':>4} {t['lr']:12.6e} {rel(t['lr'], z['lr']):8.1e} {t['loss']:11.6f}"
                  f" {z['loss']:11.6f} {rl:9.1e} {t['grad_norm']:12.6f} {z['grad_norm']:12.6f}"
                  f" {rel(t['grad_norm'], z['grad_norm']):9.1e}")
    print(f"steps compared: {len(common)}")
    print(f"batch offsets identical: {'all' if first_ix_diff is None else 'until step ' + str(first_ix_diff)}")
    print(f"largest relative loss difference: {worst[0]:.2e} at step {worst[1]}")
    for k in sorted(set(te) & set(ze)):
        print(f"estimate at {k}: torch train {te[k]['train']:.4f} val {te[k]['val']:.4f} | zth train {ze[k]['train']:.4f}"
              f" val {ze[k]['val']:.4f}")


if __name__ == "__main__":
    main()
