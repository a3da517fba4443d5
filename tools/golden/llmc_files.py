"""Golden files for zth-data's llm.c formats, written the way llm.c writes them.

- gpt2_tokenizer.sha256: the SHA-256 of the gpt2_tokenizer.bin that llm.c's train_gpt2.py
  write_tokenizer() writes for GPT-2 (header int32s magic 20240328, version 2, n = 50257, eot = 50256,
  then per token a uint8 length and the bytes). tiktoken is not installed here, so a token's bytes
  come from GPT-2's encoder.json through GPT-2's byte decoder, which is what enc.decode_bytes([i])
  returns for GPT-2.
- shard_small.bin: a GPT-2 token shard as llm.c's dev/data/data_common.py write_datafile() writes it
  (256 int32 header: magic 20240520, version 1, token count; then uint16 tokens).

    /usr/bin/python3 tools/golden/llmc_files.py [shared-data-dir]
"""
import hashlib
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "zth-data", "src", "test", "resources", "golden", "llmc")


def bytes_to_unicode():
    # GPT-2's encoder.py table: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards.
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def tokenizer_bin(shared):
    encoder = json.load(open(os.path.join(shared, "gpt2", "encoder.json"), encoding="utf-8"))
    decoder = {v: k for k, v in encoder.items()}
    byte_decoder = {c: b for b, c in bytes_to_unicode().items()}
    n = max(encoder.values()) + 1
    header = np.zeros(256, dtype=np.int32)
    header[0] = 20240328
    header[1] = 2
    header[2] = n
    header[3] = encoder["<|endoftext|>"]
    out = bytearray(header.tobytes())
    for i in range(n):
        s = decoder[i]
        b = s.encode("utf-8") if s == "<|endoftext|>" else bytes(byte_decoder[c] for c in s)
        assert len(b) < 256
        out += bytes([len(b)]) + b
    return bytes(out)


def write_datafile(filename, toks):
    header = np.zeros(256, dtype=np.int32)
    header[0] = 20240520
    header[1] = 1
    header[2] = len(toks)
    toks_np = np.array(toks, dtype=np.uint16)
    with open(filename, "wb") as f:
        f.write(header.tobytes())
        f.write(toks_np.tobytes())


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    os.makedirs(OUT, exist_ok=True)
    sha = hashlib.sha256(tokenizer_bin(shared)).hexdigest()
    with open(os.path.join(OUT, "gpt2_tokenizer.sha256"), "w") as f:
        f.write(sha + "\n")
    # "Hello, I'm a language model," then <|endoftext|>, and ids at the uint16 edges.
    write_datafile(os.path.join(OUT, "shard_small.bin"), [50256, 15496, 11, 314, 1101, 257, 3303, 2746, 11, 0, 65535])


if __name__ == "__main__":
    main()
