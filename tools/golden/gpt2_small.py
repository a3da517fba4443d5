"""Goldens for GPT-2's checkpoint formats without the real weights (issue 19, item 6).

Builds a SMALL random GPT-2 (the 124M architecture scaled down: 2 layers, 2 heads, n_embd 32, context 64,
vocab 512, biases, tied head, tanh GELU as HF's "gelu_new" and build-nanogpt), using the nanoGPT model in
tools/torchref/nanogpt.py with its GELU switched to approximate='tanh', and writes under
zth-gpt/src/test/resources/golden/gpt2_small/:
  hf/config.json, hf/model.safetensors   Hugging Face's gpt2 layout: keys without "transformer.", the four
                                         Conv1D weights (attn.c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj)
                                         stored (in, out), attn.bias / attn.masked_bias buffers present, no
                                         lm_head (tied), and the header NOT padded, so the data section is
                                         not 8-byte aligned (as in HF's own gpt2 file)
  llmc.bin                               llm.c's gpt2_124M.bin layout, version 3 (fp32), vocab padded to a
                                         multiple of 128 (512 -> 512 would not exercise padding, so the
                                         vocab is 500 -> padded 512)
  llmc_bf16.bin                          the same as version 5 (bf16)
  expected.json                          torch 1.13's outputs on the model:
     prompt, logits (of the prompt, (T, V) flattened), greedy (20 new tokens, full forward per step),
     topk: build-nanogpt's loop (5 rows of the prompt, until 30 tokens, softmax -> topk 50 ->
       multinomial(1) with torch.Generator().manual_seed(42) -> gather), the 5 rows of 30 ids,
     train: the fixed (4, 32) batch x, y and the losses of 10 AdamW steps (lr 1e-4, betas (0.9, 0.999),
       eps 1e-8, weight_decay 0.01 on every parameter, as llm.c's test_gpt2.c calls gpt2_update).
The weights are redrawn N(0, 0.2) (LayerNorm weights 1 + N(0, 0.2)) so logits are not nearly uniform.
safetensors (python) is not installed: the format is written here with json + struct.
Run: /usr/bin/python3 tools/golden/gpt2_small.py
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "torchref"))
from nanogpt import GPT, GPTConfig  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "zth-gpt", "src", "test", "resources", "golden", "gpt2_small")
CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
N_LAYER, N_HEAD, N_EMBD, BLOCK, VOCAB = 2, 2, 32, 64, 500
PROMPT = [15496 % VOCAB, 11, 314 % VOCAB, 1101 % VOCAB, 257, 3303 % VOCAB, 2746 % VOCAB, 11]


def build():
    torch.manual_seed(19)
    m = GPT(GPTConfig(block_size=BLOCK, vocab_size=VOCAB, n_layer=N_LAYER, n_head=N_HEAD, n_embd=N_EMBD,
                      dropout=0.0, bias=True))
    for b in m.transformer.h:
        b.mlp.gelu = nn.GELU(approximate="tanh")
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.normal_(0, 0.2)
            if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name.endswith("ln_f.weight"):
                p.add_(1.0)
    return m.eval()


def write_hf(m, d):
    os.makedirs(d, exist_ok=True)
    tensors = {}
    sd = m.state_dict()
    for k, v in sd.items():
        if k == "lm_head.weight":
            continue  # tied to wte, absent from HF's file
        name = k[len("transformer."):]
        if name.endswith(".attn.bias"):  # the mask buffer, not c_attn.bias
            tensors[name] = v.clone()  # (1, 1, T, T) mask buffer
            tensors[name.replace("attn.bias", "attn.masked_bias")] = torch.tensor(-1e4)
            continue
        tensors[name] = v.t().contiguous() if name.endswith(CONV1D) else v
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        off += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    if (8 + len(h)) % 4 == 0:
        h += b" "  # keep the data section unaligned, as HF's gpt2 file is
    with open(os.path.join(d, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    cfg = {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
           "bos_token_id": VOCAB - 1, "embd_pdrop": 0.1, "eos_token_id": VOCAB - 1, "initializer_range": 0.02,
           "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": BLOCK, "n_embd": N_EMBD, "n_head": N_HEAD,
           "n_layer": N_LAYER, "n_positions": BLOCK, "resid_pdrop": 0.1, "summary_activation": None,
           "summary_first_dropout": 0.1, "summary_proj_to_labels": True, "summary_type": "cls_index",
           "summary_use_proj": True, "task_specific_params": {"text-generation": {"do_sample": True, "max_length": 50}},
           "vocab_size": VOCAB}
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)


def write_llmc(m, path, version):
    """llm.c's train_gpt2.py write_model layout, re-implemented: header then tensors grouped by kind."""
    header = torch.zeros(256, dtype=torch.int32)
    header[0], header[1] = 20240326, version
    header[2], header[3], header[4], header[5], header[6] = BLOCK, VOCAB, N_LAYER, N_HEAD, N_EMBD
    p = {k: v.detach() for k, v in m.named_parameters()}
    wte = p["transformer.wte.weight"]
    vp = (VOCAB + 127) // 128 * 128
    header[7] = vp
    wte = torch.cat([wte, torch.zeros(vp - VOCAB, N_EMBD)])
    order = [wte, p["transformer.wpe.weight"]]
    for kind in ("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight",
                 "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
                 "mlp.c_proj.weight", "mlp.c_proj.bias"):
        order += [p["transformer.h.%d.%s" % (i, kind)] for i in range(N_LAYER)]
    order += [p["transformer.ln_f.weight"], p["transformer.ln_f.bias"]]
    with open(path, "wb") as f:
        f.write(header.numpy().tobytes())
        for t in order:
            t = t.contiguous()
            if version == 3:
                f.write(t.numpy().astype("<f4").tobytes())
            else:
                f.write(t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes())


def main():
    m = build()
    write_hf(m, os.path.join(OUT, "hf"))
    write_llmc(m, os.path.join(OUT, "llmc.bin"), 3)
    write_llmc(m, os.path.join(OUT, "llmc_bf16.bin"), 5)
    exp = {"prompt": PROMPT}
    with torch.no_grad():
        x = torch.tensor([PROMPT])
        logits, _ = m(x)
        exp["logits"] = [float(v) for v in logits[0].flatten()]
        seq = list(PROMPT)
        for _ in range(20):
            lg, _ = m(torch.tensor([seq]))
            seq.append(int(lg[0, -1].argmax()))
        exp["greedy"] = seq[len(PROMPT):]
        xgen = torch.tensor(PROMPT, dtype=torch.long).unsqueeze(0).repeat(5, 1)
        rng = torch.Generator(device="cpu")
        rng.manual_seed(42)
        while xgen.size(1) < 30:
            lg, _ = m(xgen)
            probs = F.softmax(lg[:, -1, :], dim=-1)
            topk_probs, topk_indices = torch.topk(probs, 50, dim=-1)
            ix = torch.multinomial(topk_probs, 1, generator=rng)
            xgen = torch.cat((xgen, torch.gather(topk_indices, -1, ix)), dim=1)
        exp["topk"] = xgen.tolist()
    g = torch.Generator().manual_seed(7)
    data = torch.randint(0, VOCAB, (4 * 32 + 1,), generator=g)
    xb, yb = data[:-1].view(4, 32), data[1:].view(4, 32)
    m.train()
    opt = torch.optim.AdamW(m.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    losses = []
    for _ in range(10):
        _, loss = m(xb, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss))
    exp["train"] = {"x": xb.tolist(), "y": yb.tolist(), "losses": losses}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(exp, f)
    print("losses", losses)
    print("greedy", exp["greedy"])


if __name__ == "__main__":
    main()
