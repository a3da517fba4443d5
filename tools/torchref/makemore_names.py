"""makemore's default Transformer run on names.txt, restated with PyTorch 1.13: the reference for `zth makemore`.

    /usr/bin/python3 tools/torchref/makemore_names.py NAMES_TXT [--max-steps 20000] [--threads 1]

makemore.py (karpathy/makemore) with its defaults: seed 3407, the randperm split with a test set of
min(1000, 10%) words, Transformer n_layer 4, n_head 4, n_embd 64, AdamW(lr 5e-4, weight_decay 0.01,
betas (0.9, 0.99), eps 1e-8), batches of 32 from a RandomSampler(replacement=True) DataLoader,
print_samples(num=10) every 200 steps (its draws move the global generator, which seeds every evaluation's
shuffle) and evaluate(batch_size=100, max_batches=10) on train and test every 500 steps. Prints
`step N train loss X test loss Y` at each evaluation and the best test loss at the end, the lines
`zth makemore` prints for the same run. The model is tools/golden/makemore_models.py's Transformer at
makemore's sizes, so its parameters are created in makemore.py's order.
"""
import argparse
import os
import sys

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("names")
p.add_argument("--max-steps", type=int, default=20000)
p.add_argument("--threads", type=int, default=1)
ARGS = p.parse_args()
# Before torch loads: Debian's torch multiplies through OpenBLAS, whose own threads otherwise spin on
# every core whatever torch.set_num_threads says.
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
import makemore_models  # noqa: E402
from makemore_train import datasets, evaluate, loss_of, print_samples  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    makemore_models.N_LAYER, makemore_models.N_HEAD, makemore_models.N_EMBD = 4, 4, 64

    torch.manual_seed(3407)
    words = [w.strip() for w in open(args.names).read().splitlines()]
    words = [w for w in words if w]
    train, test, vocab, max_len = datasets(words)
    model = makemore_models.Transformer(vocab, max_len + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)
    sampler = torch.utils.data.RandomSampler(train, replacement=True, num_samples=int(1e10))
    batches = iter(DataLoader(train, sampler=sampler, batch_size=32))
    best = None
    for step in range(args.max_steps + 1):
        x, y = next(batches)
        loss = loss_of(model, x, y)
        model.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 10 == 0:
            print(f"step {step} | loss {loss.item():.4f}", flush=True)
        if step > 0 and step % 500 == 0:
            model.eval()
            tr, te = evaluate(model, train), evaluate(model, test)
            model.train()
            print(f"step {step} train loss {tr:.4f} test loss {te:.4f}", flush=True)
            best = te if best is None or te < best else best
        if step > 0 and step % 200 == 0:
            model.eval()
            print_samples(model, max_len, max_len + 1)
            model.train()
    if best is not None:
        print(f"best_test_loss: {best:.4f}")


if __name__ == "__main__":
    main()
