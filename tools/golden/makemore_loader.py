"""Golden for makemore's data loading: which words each batch and each evaluation pass picks.

makemore.py trains from InfiniteDataLoader (a DataLoader over RandomSampler(replacement=True,
num_samples=1e10), batch 32) and evaluates with DataLoader(shuffle=True, batch_size=100). Neither sampler
gets a generator, so each DataLoader pass seeds a private one from the global generator. After
torch.manual_seed(3407) this records, to zth-gpt/src/test/resources/golden/makemore/loader.safetensors:
  train0     I64 (3, 32)   the first three training batches (indices into a 31033-word training set)
  eval       I64 (1000)    the order of one evaluation pass over a 1000-word set (ten batches of 100)
  train1     I64 (2, 32)   the next two training batches, drawn after that evaluation pass began
  global     I64 (4)       torch.randint(0, 1000, (4,)) from the global generator afterwards
Run: /usr/bin/python3 tools/golden/makemore_loader.py
"""
import os

import torch
from torch.utils.data import DataLoader, Dataset

from makemore_models import OUT, write_safetensors


class Indices(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return torch.tensor(i)


def main():
    torch.manual_seed(3407)
    train = Indices(31033)
    sampler = torch.utils.data.RandomSampler(train, replacement=True, num_samples=int(1e10))
    batches = iter(DataLoader(train, sampler=sampler, batch_size=32))
    train0 = torch.stack([next(batches) for _ in range(3)])
    order = torch.cat([b for b in DataLoader(Indices(1000), shuffle=True, batch_size=100)])
    train1 = torch.stack([next(batches) for _ in range(2)])
    after = torch.randint(0, 1000, (4,))
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "loader.safetensors"),
                      {"train0": train0, "eval": order, "train1": train1, "global": after})
    print("train0[0, :4]", train0[0, :4].tolist(), "eval[:4]", order[:4].tolist(), "global", after.tolist())


if __name__ == "__main__":
    main()
