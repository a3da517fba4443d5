"""PyTorch 1.13 reference for `bin/zth bench gpt2-generate`: greedy GPT-2 decoding, batch 1, KV-cached.

The model is tools/torchref/nanogpt.py's GPT with GPT-2 124M's shape by default (vocab 50257, context 1024,
12 layers, 12 heads, n_embd 768, biases, tanh GELU), random weights from torch.manual_seed(1337). The cache
loop is written here (Hugging Face's generate is not used): each layer keeps preallocated (1, heads,
block, head_size) key and value buffers, the prompt is prefilled in one forward, then every new token runs
one position through the blocks and attends to the cache. A run's time covers the prefill and every new
token; tokens_per_s is new tokens over it, the median of the timed runs, as the zth side reports it.
Run: /usr/bin/python3 tools/torchref/gpt2_generate.py [--threads 1] [--prompt-tokens 16] [--new-tokens 200]
     [--runs 3] [--warmup 1] [--n-layer 12] [--n-head 12] [--n-embd 768] [--vocab-size 50257] [--block-size 1024]
"""
import argparse
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nanogpt import GPT, GPTConfig  # noqa: E402


class Cache:
    """One layer's keys and values for positions [0, length)."""

    def __init__(self, n_head, block, head_size):
        self.k = torch.zeros(1, n_head, block, head_size)
        self.v = torch.zeros(1, n_head, block, head_size)
        self.length = 0


def attend(attn, x, cache):
    """The block's attention for the new positions x (1, Tn, C), appending their keys and values."""
    _, tn, c = x.shape
    nh = attn.n_head
    hs = c // nh
    q, k, v = attn.c_attn(x).split(c, dim=2)
    q = q.view(1, tn, nh, hs).transpose(1, 2)
    start = cache.length
    cache.k[:, :, start:start + tn] = k.view(1, tn, nh, hs).transpose(1, 2)
    cache.v[:, :, start:start + tn] = v.view(1, tn, nh, hs).transpose(1, 2)
    cache.length = start + tn
    keys = cache.k[:, :, :cache.length]
    values = cache.v[:, :, :cache.length]
    att = (q @ keys.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (1, nh, Tn, T)
    if tn > 1:  # the prefill: position start+i sees keys up to start+i
        mask = torch.ones(tn, cache.length, dtype=torch.bool).tril(diagonal=start)
        att = att.masked_fill(~mask, float("-inf"))
    y = F.softmax(att, dim=-1) @ values  # (1, nh, Tn, hs)
    return attn.c_proj(y.transpose(1, 2).contiguous().view(1, tn, c))


def forward_cached(m, idx, caches):
    """Logits (1, vocab) of the last of the new tokens idx (1, Tn), continuing the cached positions."""
    start = caches[0].length
    tn = idx.size(1)
    t = m.transformer
    x = t.wte(idx) + t.wpe(torch.arange(start, start + tn))
    for block, cache in zip(t.h, caches):
        x = x + attend(block.attn, block.ln_1(x), cache)
        x = x + block.mlp(block.ln_2(x))
    return m.lm_head(t.ln_f(x[:, -1]))


@torch.no_grad()
def generate(m, c, prompt, new_tokens):
    caches = [Cache(c.n_head, c.block_size, c.n_embd // c.n_head) for _ in range(c.n_layer)]
    nxt = prompt
    out = []
    for _ in range(new_tokens):
        logits = forward_cached(m, nxt, caches)
        tok = int(logits.argmax(-1))
        out.append(tok)
        nxt = torch.tensor([[tok]])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--prompt-tokens", type=int, default=16)
    ap.add_argument("--new-tokens", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--n-layer", type=int, default=12)
    ap.add_argument("--n-head", type=int, default=12)
    ap.add_argument("--n-embd", type=int, default=768)
    ap.add_argument("--vocab-size", type=int, default=50257)
    ap.add_argument("--block-size", type=int, default=1024)
    a = ap.parse_args()
    if a.prompt_tokens + a.new_tokens > a.block_size:
        ap.error("--prompt-tokens + --new-tokens must fit --block-size")
    torch.set_num_threads(a.threads)
    torch.manual_seed(1337)
    c = GPTConfig(block_size=a.block_size, vocab_size=a.vocab_size, n_layer=a.n_layer, n_head=a.n_head,
                  n_embd=a.n_embd, dropout=0.0, bias=True)
    m = GPT(c)
    for b in m.transformer.h:
        b.mlp.gelu = nn.GELU(approximate="tanh")
    m.eval()
    prompt = torch.randint(0, a.vocab_size, (1, a.prompt_tokens), generator=torch.Generator().manual_seed(1))
    # the check that the cache loop is right: its greedy tokens equal full forwards'
    check = generate(m, c, prompt, min(4, a.new_tokens))
    seq = prompt
    with torch.no_grad():
        for tok in check:
            logits, _ = m(seq)
            assert int(logits[0, -1].argmax()) == tok, "cached and full forwards disagree"
            seq = torch.cat([seq, torch.tensor([[tok]])], dim=1)
    rates = []
    for i in range(a.warmup + a.runs):
        t0 = time.perf_counter()
        generate(m, c, prompt, a.new_tokens)
        dt = time.perf_counter() - t0
        if i >= a.warmup:
            rates.append(a.new_tokens / dt)
    weights = sum(p.numel() for p in m.parameters()) - m.transformer.wpe.weight.numel()
    print(f"tokens_per_s: {statistics.median(rates):.2f}")
    print(f"weight_bytes_per_token: {4 * weights}")
    print(f"threads: {torch.get_num_threads()}")
    print(f"torch: {torch.__version__}")


if __name__ == "__main__":
    main()
