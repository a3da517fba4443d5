"""PyTorch 1.13 reference for `bin/zth bench gpt-step`: the median time of one training step.

One step = forward + backward + gradient clipping (1.0) + AdamW update, by default for nanoGPT's CPU
configuration (4 layers, 4 heads, n_embd 128, block 64, batch 12, vocab 65, no bias, tied head). The size
options are bench gpt-step's, and params: is counted the same way (nanoGPT's, without the position embedding).
Run: /usr/bin/python3 tools/torchref/gpt_step.py [--threads 2] [--steps 30] [--warmup 10]
     [--n-layer 4] [--n-head 4] [--n-embd 128] [--block-size 64] [--batch-size 12] [--vocab-size 65] [--bias]
GPT-2 124M at llm.c's fine-tuning size: --vocab-size 50257 --n-layer 12 --n-head 12 --n-embd 768 --bias
--block-size 64 --batch-size 4.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(__file__))
from nanogpt import GPT, GPTConfig  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=12)
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--n-embd", type=int, default=128)
    ap.add_argument("--block-size", type=int, default=64)
    ap.add_argument("--vocab-size", type=int, default=65)
    ap.add_argument("--bias", action="store_true", help="biases in linears and LayerNorms, as GPT-2")
    a = ap.parse_args()
    if a.n_embd % a.n_head:
        ap.error(f"--n-embd {a.n_embd} must be divisible by --n-head {a.n_head}")
    torch.set_num_threads(a.threads)
    torch.manual_seed(1337)
    c = GPTConfig(block_size=a.block_size, vocab_size=a.vocab_size, n_layer=a.n_layer, n_head=a.n_head,
                  n_embd=a.n_embd, dropout=0.0, bias=a.bias)
    model = GPT(c)
    opt = model.configure_optimizers(0.1, 1e-3, (0.9, 0.99))
    x = torch.randint(0, c.vocab_size, (a.batch_size, c.block_size))
    y = torch.randint(0, c.vocab_size, (a.batch_size, c.block_size))
    times = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        dt = time.perf_counter() - t0
        if i >= a.warmup:
            times.append(dt * 1000)
    print(f"ms_per_step: {statistics.median(times):.2f}")
    print(f"params: {model.num_parameters()}")
    print(f"threads: {torch.get_num_threads()}")
    print(f"torch: {torch.__version__}")


if __name__ == "__main__":
    main()
