"""Interop goldens between zth's GPT and the PyTorch 1.13 nanoGPT reference (tools/torchref/nanogpt.py).

(a) default: builds small seeded GPTs (2 layers, 2 heads, n_embd 32, block 16, vocab 65; bias on and off),
    writes under zth-gpt/src/test/resources/golden/gpt_<variant>/:
      init.safetensors   the state dict right after GPT(config) with torch.manual_seed(1337)
      model.safetensors  the same model with every parameter redrawn N(0, 0.3) (so logits are not ~0)
      config.json        nanoGPT field names
      check.safetensors  idx (I64, (3, 16)), targets, logits (F32, (3, 16, 65)), loss (F32, ())
(b) --verify DIR: loads a zth-written checkpoint (config.json + model.safetensors) and DIR/check.safetensors
    (idx, logits computed by zth) into the torch model and prints the max |logit difference|.

safetensors (python) is not installed, so the format is written and read here with json + struct.
Run: /usr/bin/python3 tools/golden/gpt_interop.py [--verify DIR]
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "torchref"))
from nanogpt import GPT, GPTConfig  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "zth-gpt", "src", "test", "resources", "golden")
DT = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}
FROM = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().astype(DT[t.dtype][1]).tobytes()
        header[name] = {"dtype": DT[t.dtype][0], "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        off += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(path + ".tmp", path)


def read_safetensors(path):
    import numpy as np
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, t = e["data_offsets"]
        dt = {"F32": "<f4", "F64": "<f8", "I64": "<i8"}[e["dtype"]]
        arr = np.frombuffer(raw[8 + n + b:8 + n + t], dtype=dt).reshape(e["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def config_json(c):
    return json.dumps({"block_size": c.block_size, "vocab_size": c.vocab_size, "n_layer": c.n_layer,
                       "n_head": c.n_head, "n_embd": c.n_embd, "dropout": c.dropout, "bias": c.bias}, indent=2) + "\n"


def generate():
    for bias in (True, False):
        name = "gpt_bias" if bias else "gpt_nobias"
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        c = GPTConfig(block_size=16, vocab_size=65, n_layer=2, n_head=2, n_embd=32, dropout=0.0, bias=bias)
        torch.manual_seed(1337)
        model = GPT(c)
        write_safetensors(os.path.join(d, "init.safetensors"), model.state_dict())
        g = torch.Generator().manual_seed(7)
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(torch.randn(p.shape, generator=g) * 0.3)
        model.eval()
        write_safetensors(os.path.join(d, "model.safetensors"), model.state_dict())
        with open(os.path.join(d, "config.json"), "w") as f:
            f.write(config_json(c))
        idx = torch.randint(0, c.vocab_size, (3, c.block_size), generator=g)
        targets = torch.randint(0, c.vocab_size, (3, c.block_size), generator=g)
        with torch.no_grad():
            logits, loss = model(idx, targets)
        write_safetensors(os.path.join(d, "check.safetensors"),
                          {"idx": idx, "targets": targets, "logits": logits, "loss": loss.reshape(())})
        print(f"{name}: params {model.num_parameters(False)}, loss {loss.item():.6f}")


def verify(d):
    cfg = json.load(open(os.path.join(d, "config.json")))
    c = GPTConfig(**{k: cfg[k] for k in ("block_size", "vocab_size", "n_layer", "n_head", "n_embd", "dropout", "bias")})
    model = GPT(c)
    state = read_safetensors(os.path.join(d, "model.safetensors"))
    missing, unexpected = model.load_state_dict(state, strict=True), None
    model.eval()
    check = read_safetensors(os.path.join(d, "check.safetensors"))
    with torch.no_grad():
        logits, _ = model(check["idx"])
    diff = (logits - check["logits"]).abs().max().item()
    print(f"verify {d}: logits {tuple(logits.shape)}, max |torch - zth| = {diff:.3e}")
    if diff > 1e-4:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--verify":
        verify(sys.argv[2])
    else:
        generate()
