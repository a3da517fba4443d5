"""Golden for HellaSwag scoring (issue 19, item 5) on the small random GPT-2 of gpt2_small.py.

Writes under zth-gpt/src/test/resources/golden/gpt2_small/:
  hellaswag.jsonl          a few made-up examples in HellaSwag's real line format ({"ind", "ctx", "label",
                           "endings": [4 strings], ...}); their text is lower-case words whose GPT-2 tokens
                           are all below 500, the small model's vocabulary
  hellaswag_expected.json  per example: the ctx and ending tokens, torch 1.13's summed and mean ending losses,
                           pred (argmin of the sum) and pred_norm (argmin of the mean), computed exactly as
                           build-nanogpt's hellaswag.py does (rows zero-padded, shifted cross-entropy with
                           reduction='none', masked to the ending)
tiktoken is not installed here: GPT-2's byte-level BPE is re-implemented below from OpenAI's published
algorithm, reading encoder.json and vocab.bpe from ../shared/data/gpt2 (or ZTH_DATA_DIR/gpt2).
Run: /usr/bin/python3 tools/golden/gpt2_hellaswag.py
"""
import json
import os

import regex
import torch
import torch.nn.functional as F

from gpt2_small import OUT, build

PAT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def byte_chars():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


class Gpt2Bpe:
    def __init__(self, folder):
        with open(os.path.join(folder, "encoder.json"), encoding="utf-8") as f:
            self.encoder = json.load(f)
        with open(os.path.join(folder, "vocab.bpe"), encoding="utf-8") as f:
            merges = [tuple(l.split()) for l in f.read().split("\n")[1:] if l.strip()]
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.chars = byte_chars()

    def word(self, w):
        parts = list(w)
        while len(parts) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(pairs)
            if rank == 1 << 30:
                break
            a, b = parts[i], parts[i + 1]
            out, j = [], 0
            while j < len(parts):
                if j < len(parts) - 1 and parts[j] == a and parts[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(parts[j])
                    j += 1
            parts = out
        return parts

    def encode(self, text):
        ids = []
        for piece in PAT.findall(text):
            w = "".join(self.chars[b] for b in piece.encode("utf-8"))
            ids += [self.encoder[t] for t in self.word(w)]
        return ids


EXAMPLES = [
    ("a pro can do all that they have, and he", 3, ["is in the at on.", "is to the it.", "has not.", "will go from this to that with you."]),
    ("a st is in the con and", 0, ["is on it.", "the con is on the pro.", "he is in it.", "at the st."]),
    ("a pro can be with the", 2, ["is on.", "and the re is in the.", "pro and the con.", "re in the st and on."]),
    ("a we are at the st and", 1, ["he is.", "we are at the st of it.", "the on is.", "it is."]),
    ("a this is not all of the", 3, ["com.", "ex.", "st is in it.", "pro and the con that they have."]),
]


def main():
    data = os.environ.get("ZTH_DATA_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")
    bpe = Gpt2Bpe(os.path.join(data, "gpt2"))
    assert bpe.encode("Hello, I'm a language model,") == [15496, 11, 314, 1101, 257, 3303, 2746, 11]
    m = build()
    lines, out = [], []
    with torch.no_grad():
        for ind, (ctx, label, endings) in enumerate(EXAMPLES):
            lines.append(json.dumps({"ind": ind, "activity_label": "made up", "ctx_a": ctx, "ctx_b": "", "ctx": ctx,
                                     "split": "val", "split_type": "indomain", "label": label, "endings": endings,
                                     "source_id": "zth~golden"}))
            ctx_tokens = bpe.encode(ctx)
            end_tokens = [bpe.encode(" " + e) for e in endings]
            rows = [ctx_tokens + e for e in end_tokens]
            assert max(max(r) for r in rows) < 500, (ctx, rows)
            n = max(len(r) for r in rows)
            tokens = torch.zeros((4, n), dtype=torch.long)
            mask = torch.zeros((4, n), dtype=torch.long)
            for i, e in enumerate(end_tokens):
                tokens[i, :len(rows[i])] = torch.tensor(rows[i])
                mask[i, len(ctx_tokens):len(rows[i])] = 1
            logits, _ = m(tokens, tokens)  # targets given so nanogpt.py returns every position's logits
            losses = F.cross_entropy(logits[..., :-1, :].contiguous().view(-1, logits.size(-1)),
                                     tokens[..., 1:].contiguous().view(-1), reduction="none").view(4, -1)
            shift_mask = mask[..., 1:].contiguous()
            sum_loss = (losses * shift_mask).sum(dim=1)
            avg_loss = sum_loss / shift_mask.sum(dim=1)
            out.append({"ctx_tokens": ctx_tokens, "ending_tokens": end_tokens, "label": label,
                        "sum_loss": [float(v) for v in sum_loss], "avg_loss": [float(v) for v in avg_loss],
                        "pred": int(sum_loss.argmin()), "pred_norm": int(avg_loss.argmin())})
    with open(os.path.join(OUT, "hellaswag.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(OUT, "hellaswag_expected.json"), "w") as f:
        json.dump(out, f)
    for o in out:
        print(o["label"], o["pred"], o["pred_norm"], o["avg_loss"])


if __name__ == "__main__":
    main()
