"""Lecture 7 ("Let's build GPT") notebook's seeded cells in PyTorch 1.13: the first batch, the bigram
model's first loss and untrained sample, and its loss and sample after AdamW training. Writes
zth-gpt/src/test/resources/golden/lectures/gpt_bigram.txt, which LecturesIT compares 07-gpt.jsh with.

    python3 tools/golden/lecture7_gpt.py ../shared/data/tinyshakespeare.txt [steps]
"""
import sys, torch
import torch.nn as nn
from torch.nn import functional as F

text = open(sys.argv[1], encoding="utf-8").read()
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
chars = sorted(list(set(text)))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]
decode = lambda l: "".join([itos[i] for i in l])
data = torch.tensor(encode(text), dtype=torch.long)
n = int(0.9 * len(data))
train_data, val_data = data[:n], data[n:]

torch.manual_seed(1337)
batch_size, block_size = 4, 8
def get_batch(split):
    d = train_data if split == "train" else val_data
    ix = torch.randint(len(d) - block_size, (batch_size,))
    x = torch.stack([d[i:i + block_size] for i in ix])
    y = torch.stack([d[i + 1:i + block_size + 1] for i in ix])
    return x, y
xb, yb = get_batch("train")

torch.manual_seed(1337)
class BigramLanguageModel(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, vocab_size)
    def forward(self, idx, targets=None):
        logits = self.token_embedding_table(idx)
        if targets is None:
            return logits, None
        B, T, C = logits.shape
        logits = logits.view(B * T, C)
        return logits, F.cross_entropy(logits, targets.view(B * T))
    def generate(self, idx, max_new_tokens):
        for _ in range(max_new_tokens):
            logits, _ = self(idx)
            probs = F.softmax(logits[:, -1, :], dim=-1)
            idx = torch.cat((idx, torch.multinomial(probs, num_samples=1)), dim=1)
        return idx
m = BigramLanguageModel(vocab_size)
logits, loss = m(xb, yb)
out = []
out.append("xb: " + " ".join(str(v) for v in xb.view(-1).tolist()))
out.append("loss: %.4f" % loss.item())
out.append("untrained: " + decode(m.generate(torch.zeros((1, 1), dtype=torch.long), 100)[0].tolist()).replace("\n", "\\n"))
optimizer = torch.optim.AdamW(m.parameters(), lr=1e-3)
batch_size = 32
for step in range(steps):
    xb, yb = get_batch("train")
    logits, loss = m(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
out.append("steps: %d" % steps)
out.append("trained_loss: %.4f" % loss.item())
out.append("trained: " + decode(m.generate(torch.zeros((1, 1), dtype=torch.long), 300)[0].tolist()).replace("\n", "\\n"))
open("zth-gpt/src/test/resources/golden/lectures/gpt_bigram.txt", "w").write("\n".join(out) + "\n")
print("\n".join(out))
