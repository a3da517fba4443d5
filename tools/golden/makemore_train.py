"""Golden for zth makemore's training loop: the first steps of makemore.py on a tiny word list.

Restates makemore.py's main loop (karpathy/makemore) with PyTorch 1.13 on the 20 words of makemore_models.py:
torch.manual_seed(3407), the randperm split, the Transformer of makemore_models.py (n_layer 2, n_head 2,
n_embd 8), AdamW(lr 1e-2, weight_decay 0.01, betas (0.9, 0.99), eps 1e-8) over all parameters, batches of 4
from a RandomSampler(replacement=True, num_samples=1e10) DataLoader, evaluate(batch_size=100, max_batches=10)
on train then test every 4 steps, and print_samples(num=10) every 2 steps (which draw from the global
generator). Writes zth-examples/src/test/resources/golden/makemore_train.safetensors:
  loss   F32 (9)      the minibatch loss of steps 0..8
  eval   F32 (2, 2)   [train, test] evaluation losses at steps 4 and 8
The zth side runs `zth makemore` with the same settings (MakemoreCommandTest).
Run: /usr/bin/python3 tools/golden/makemore_train.py
"""
import os

import torch
from torch.nn import functional as F
from torch.utils.data import DataLoader, Dataset

from makemore_models import WORDS, Transformer, write_safetensors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "zth-examples", "src", "test", "resources",
                   "golden")


class Words(Dataset):
    def __init__(self, words, stoi, length):
        self.words, self.stoi, self.length = words, stoi, length

    def __len__(self):
        return len(self.words)

    def __getitem__(self, i):
        ix = torch.tensor([self.stoi[c] for c in self.words[i]], dtype=torch.long)
        x = torch.zeros(self.length, dtype=torch.long)
        y = torch.zeros(self.length, dtype=torch.long)
        x[1:1 + len(ix)] = ix
        y[:len(ix)] = ix
        y[len(ix) + 1:] = -1
        return x, y


def loss_of(model, x, y):
    logits = model(x)
    return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)


@torch.no_grad()
def evaluate(model, data):
    losses = []
    for i, (x, y) in enumerate(DataLoader(data, shuffle=True, batch_size=100)):
        losses.append(loss_of(model, x, y).item())
        if i >= 10:
            break
    return torch.tensor(losses).mean().item()


@torch.no_grad()
def print_samples(model, steps, length):
    idx = torch.zeros(10, 1, dtype=torch.long)
    for _ in range(steps):
        cond = idx if idx.size(1) <= length else idx[:, -length:]
        probs = F.softmax(model(cond)[:, -1, :], dim=-1)
        idx = torch.cat((idx, torch.multinomial(probs, num_samples=1)), dim=1)


def datasets(words):
    """makemore's create_datasets: the vocabulary, then a randperm split with min(1000, 10%) test words."""
    chars = sorted(set("".join(words)))
    stoi = {c: i + 1 for i, c in enumerate(chars)}
    max_len = max(len(w) for w in words)
    n_test = min(1000, int(len(words) * 0.1))
    rp = torch.randperm(len(words)).tolist()
    train = Words([words[i] for i in rp[:-n_test]], stoi, max_len + 1)
    test = Words([words[i] for i in rp[-n_test:]], stoi, max_len + 1)
    return train, test, len(chars) + 1, max_len


def main():
    torch.manual_seed(3407)
    train, test, vocab, max_len = datasets(WORDS)
    model = Transformer(vocab, max_len + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-8)
    sampler = torch.utils.data.RandomSampler(train, replacement=True, num_samples=int(1e10))
    batches = iter(DataLoader(train, sampler=sampler, batch_size=4))
    losses, evals = [], []
    for step in range(9):
        x, y = next(batches)
        loss = loss_of(model, x, y)
        model.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step > 0 and step % 4 == 0:
            model.eval()
            evals.append([evaluate(model, train), evaluate(model, test)])
            model.train()
        if step > 0 and step % 2 == 0:
            print_samples(model, max_len, max_len + 1)
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "makemore_train.safetensors"),
                      {"loss": torch.tensor(losses, dtype=torch.float32), "eval": torch.tensor(evals, dtype=torch.float32)})
    print("loss", [round(v, 4) for v in losses], "eval", evals)


if __name__ == "__main__":
    main()
