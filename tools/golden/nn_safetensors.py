#!/usr/bin/python3
"""Golden files for zth's safetensors reader/writer (run with /usr/bin/python3, torch 1.13).

The safetensors Python package is not available here, so this script implements the format with
json + struct + torch, following the reference (Rust) writer's conventions:
  * tensors ordered by descending dtype alignment (I64, F64, F32, BF16, F16), then by name (UTF-8 bytes),
    their data laid out contiguously in that order;
  * compact JSON (no spaces), "__metadata__" first, fields in the order dtype, shape, data_offsets;
  * header padded with spaces to a multiple of 8 bytes.

Usage:
  nn_safetensors.py write            writes torch_written.safetensors + torch_written.json (expected values)
  nn_safetensors.py check <file>     checks a zth-written file (zth_written.safetensors): strict parse,
                                     values equal to zth_expected(), and bytes identical to what this
                                     writer produces for the same tensors; prints OK.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "zth-nn", "src", "test", "resources", "golden", "safetensors")

DTYPES = {"F16": (torch.float16, "<f2"), "BF16": (torch.bfloat16, None), "F32": (torch.float32, "<f4"),
          "F64": (torch.float64, "<f8"), "I64": (torch.int64, "<i8")}
ALIGN_ORDER = {"F16": 0, "BF16": 1, "F32": 2, "F64": 3, "I64": 4}
TORCH_TO_ST = {v[0]: k for k, v in DTYPES.items()}


def serialize(tensors, metadata):
    names = sorted(tensors, key=lambda n: (-ALIGN_ORDER[TORCH_TO_ST[tensors[n].dtype]], n.encode("utf-8")))
    header = {}
    if metadata:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata)}
    blobs = []
    offset = 0
    for n in names:
        t = tensors[n].contiguous()
        data = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[n] = {"dtype": TORCH_TO_ST[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def deserialize(raw):
    assert len(raw) >= 8, "file shorter than 8 bytes"
    (n,) = struct.unpack("<Q", raw[:8])
    assert n <= 100_000_000 and 8 + n <= len(raw), "bad header length %d" % n
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    buf = raw[8 + n:]
    infos = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    pos = 0
    out = {}
    for name, info in infos:
        b, e = info["data_offsets"]
        assert b == pos and e >= b, "non-contiguous offsets for %s" % name
        dt, np_dt = DTYPES[info["dtype"]]
        numel = int(np.prod(info["shape"], dtype=np.int64)) if info["shape"] else 1
        assert e - b == numel * torch.tensor([], dtype=dt).element_size(), "bad byte length for %s" % name
        if np_dt is None:  # bfloat16 has no numpy type: read the bits as int16 and reinterpret
            arr = np.frombuffer(buf[b:e], dtype="<i2").reshape(info["shape"])
            out[name] = torch.from_numpy(arr.copy()).view(torch.bfloat16)
        else:
            arr = np.frombuffer(buf[b:e], dtype=np_dt).reshape(info["shape"])
            out[name] = torch.from_numpy(arr.copy())
        pos = e
    assert pos == len(buf), "data buffer has trailing bytes"
    return out, metadata


def torch_tensors():
    g = torch.Generator().manual_seed(1337)
    return {
        "block.0.weight": torch.randn(3, 4, generator=g),
        "block.0.bias": torch.randn(4, generator=g),
        "head.weight": torch.randn(2, 3, generator=g, dtype=torch.float64),
        "pi": torch.tensor(3.141592653589793, dtype=torch.float64),
        "empty": torch.zeros(0, 3),
        "ids": torch.tensor([-2**63, -1, 0, 42, 2**63 - 1], dtype=torch.int64),
        "step": torch.tensor(7, dtype=torch.int64),
        # half: zero, -0, smallest subnormal, largest subnormal, smallest normal, 1/3, max, a negative
        "half": torch.tensor([0.0, -0.0, 2.0**-24, 1023 * 2.0**-24, 2.0**-14, 1 / 3, 65504.0, -1.5], dtype=torch.float16),
        "bf16": torch.randn(2, 2, generator=g).to(torch.bfloat16),
    }


TORCH_METADATA = {"format": "pt", "source": "tools/golden/nn_safetensors.py"}


def zth_expected():
    """The tensors ZthWrittenFixtureTest writes; every value is an IEEE-exact expression."""
    return {
        "layer.weight": torch.tensor([i * 0.1 - 1.0 for i in range(6)], dtype=torch.float64).to(torch.float32).reshape(2, 3),
        "layer.bias": torch.tensor([(i + 1) / 3.0 for i in range(3)], dtype=torch.float64).to(torch.float32),
        "stats.mean": torch.tensor([i / 7.0 - 0.5 for i in range(4)], dtype=torch.float64).reshape(2, 2),
        "step": torch.tensor(123456789012345, dtype=torch.int64),
        "tokens": torch.tensor([-2**63, -1, 0, 2**63 - 1], dtype=torch.int64),
        "empty": torch.zeros(0, dtype=torch.float64),
        "\u00fcn\u00efcode name": torch.tensor([[2.5]], dtype=torch.float32),
    }


ZTH_METADATA = {"format": "pt", "written_by": "zth"}


def write():
    tensors = torch_tensors()
    raw = serialize(tensors, TORCH_METADATA)
    with open(os.path.join(OUT, "torch_written.safetensors"), "wb") as f:
        f.write(raw)
    expected = {"metadata": TORCH_METADATA, "tensors": {
        n: {"dtype": TORCH_TO_ST[t.dtype], "shape": list(t.shape), "values": t.reshape(-1).double().tolist() if t.is_floating_point() else t.reshape(-1).tolist()}
        for n, t in tensors.items()}}
    with open(os.path.join(OUT, "torch_written.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    back, md = deserialize(raw)
    assert md == TORCH_METADATA and all(torch.equal(back[n], t) for n, t in tensors.items())
    print("wrote torch_written.safetensors (%d bytes) and torch_written.json" % len(raw))


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    got, md = deserialize(raw)
    want = zth_expected()
    assert md == ZTH_METADATA, "metadata %r" % md
    assert set(got) == set(want), "names %r" % sorted(got)
    for n, t in want.items():
        assert got[n].dtype == t.dtype and got[n].shape == t.shape and torch.equal(got[n], t), "tensor %s: %r vs %r" % (n, got[n], t)
    assert serialize(want, ZTH_METADATA) == raw, "bytes differ from the reference layout"
    print("OK: %s: %d tensors equal, bytes identical to the reference layout" % (path, len(want)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "write":
        write()
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
