"""Golden files for zth-data's tokenizers, written by a faithful re-implementation of minbpe.

minbpe (github.com/karpathy/minbpe) is not installable here, so its algorithm is followed step by
step: get_stats counts adjacent pairs into a dict (insertion order = first occurrence), the merged pair
is max(stats, key=stats.get) (first inserted wins a tie), merge replaces left to right. Save/load use
minbpe's .model/.vocab formats. Run with the oracle Python (it needs the `regex` module):

    /usr/bin/python3 tools/golden/tokenizer_minbpe.py [shared-data-dir]

Writes zth-data/src/test/resources/golden/tokenizer/.
"""
import os
import random
import sys
import unicodedata

import regex as re

GPT2 = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
GPT4 = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""
# o200k_base's pattern, joined exactly as tiktoken_ext/openai_public.py joins it.
O200K = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""",
    r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
    r"""\s*[\r\n]+""",
    r"""\s+(?!\S)""",
    r"""\s+""",
])

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "zth-data", "src", "test", "resources", "golden", "tokenizer")


def get_stats(ids, counts=None):
    counts = {} if counts is None else counts
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids, pair, idx):
    newids = []
    i = 0
    while i < len(ids):
        if ids[i] == pair[0] and i < len(ids) - 1 and ids[i + 1] == pair[1]:
            newids.append(idx)
            i += 2
        else:
            newids.append(ids[i])
            i += 1
    return newids


def render_token(t):
    s = t.decode("utf-8", errors="replace")
    return "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in s)


class Bpe:
    def __init__(self, pattern=""):
        self.pattern = pattern
        self.merges = {}
        self.special_tokens = {}
        self.vocab = self.build_vocab()

    def build_vocab(self):
        vocab = {idx: bytes([idx]) for idx in range(256)}
        for (p0, p1), idx in self.merges.items():
            vocab[idx] = vocab[p0] + vocab[p1]
        for special, idx in self.special_tokens.items():
            vocab[idx] = special.encode("utf-8")
        return vocab

    def chunks(self, text):
        return re.findall(self.pattern, text) if self.pattern else [text]

    def train(self, text, vocab_size):
        ids = [list(ch.encode("utf-8")) for ch in self.chunks(text)]
        for i in range(vocab_size - 256):
            stats = {}
            for chunk_ids in ids:
                get_stats(chunk_ids, stats)
            pair = max(stats, key=stats.get)
            idx = 256 + i
            ids = [merge(chunk_ids, pair, idx) for chunk_ids in ids]
            self.merges[pair] = idx
        self.vocab = self.build_vocab()

    def encode_chunk(self, b):
        ids = list(b)
        while len(ids) >= 2:
            stats = get_stats(ids)
            pair = min(stats, key=lambda p: self.merges.get(p, float("inf")))
            if pair not in self.merges:
                break
            ids = merge(ids, pair, self.merges[pair])
        return ids

    def encode_ordinary(self, text):
        out = []
        for ch in self.chunks(text):
            out.extend(self.encode_chunk(ch.encode("utf-8")))
        return out

    def encode(self, text, allowed="none_raise"):
        if allowed == "all":
            special = self.special_tokens
        elif allowed in ("none", "none_raise"):
            special = {}
            if allowed == "none_raise":
                assert all(t not in text for t in self.special_tokens)
        else:
            special = {k: v for k, v in self.special_tokens.items() if k in allowed}
        if not special:
            return self.encode_ordinary(text)
        parts = re.split("(" + "|".join(re.escape(k) for k in special) + ")", text)
        out = []
        for part in parts:
            out.extend([special[part]] if part in special else self.encode_ordinary(part))
        return out

    def decode(self, ids):
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")

    def save(self, prefix):
        with open(prefix + ".model", "w", encoding="utf-8", newline="\n") as f:
            f.write("minbpe v1\n")
            f.write(f"{self.pattern}\n")
            f.write(f"{len(self.special_tokens)}\n")
            for special, idx in self.special_tokens.items():
                f.write(f"{special} {idx}\n")
            for idx1, idx2 in self.merges:
                f.write(f"{idx1} {idx2}\n")
        inverted = {idx: pair for pair, idx in self.merges.items()}
        with open(prefix + ".vocab", "w", encoding="utf-8", newline="\n") as f:
            for idx, token in self.vocab.items():
                s = render_token(token)
                if idx in inverted:
                    i0, i1 = inverted[idx]
                    f.write(f"[{render_token(self.vocab[i0])}][{render_token(self.vocab[i1])}] -> [{s}] {idx}\n")
                else:
                    f.write(f"[{s}] {idx}\n")


def hexcps(s):
    return " ".join(f"{ord(c):x}" for c in s)


TOY = ("aaabdaaabac aaabdaaabac\n"
       "The quick brown fox jumps over the lazy dog. It's 2024; we'll see 12345 foxes!\n"
       "Ça va? Très bien, merci. Привет, мир! 你好，世界。 👋🏽 emoji 🙂🙂 tabs\t\tand  spaces   \r\n"
       "don't DON'T you're YOU'VE I'M he'd she'LL 'ſ ab ab ab ab abab ba ba\n\n\n  trailing  ")

SAMPLES = [
    "", "a", "hello world", "The lazy fox's 12345 jumps!!", "  \n\n  x  ", "你好 👋🏽 Привет",
    "aaabdaaabac", "<|endoftext|>hi<|fim|> there<|endoftext|>", "don't DON'T 'ſ", "\t\r\n \u00a0\u2028x",
]


def write_lines(name, lines):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def toy_models():
    specials = {"<|endoftext|>": 300, "<|fim|>": 301}
    for name, pattern, vocab in [("toy_basic", "", 290), ("toy_gpt2", GPT2, 300), ("toy_gpt4", GPT4, 300)]:
        tok = Bpe(pattern)
        tok.train(TOY, vocab)
        if name == "toy_gpt4":
            tok.special_tokens = dict(specials)
            tok.vocab = tok.build_vocab()
        tok.save(os.path.join(OUT, name))
        lines = []
        for s in SAMPLES:
            if name == "toy_gpt4":
                modes = [("all", "all"), ("none", "none"), ("set:<|fim|>", {"<|fim|>"})]
                if not any(t in s for t in specials):
                    modes.append(("none_raise", "none_raise"))
            else:
                modes = [("none_raise", "none_raise")]
            for label, mode in modes:
                ids = tok.encode(s, mode)
                assert tok.decode(ids) == s
                lines.append(f"{hexcps(s)}\t{label}\t{' '.join(map(str, ids))}")
        write_lines(name + ".encode.tsv", lines)


def decode_goldens():
    cases = ["", "41", "c3a9", "ff", "c3", "e282", "e282ac", "f09f98", "f09f9880", "ed a0 80", "eda080edb080",
             "c0af", "e080af", "f4908080", "f8888080 80", "80", "bf41", "fe ff", "41c3 42", "e2 28 a1",
             "f0 28 8c bc", "f0 90 28 bc", "c2", "c280", "efbfbd", "f48fbfbf", "e0a080", "e09f80", "f08f8080",
             "c1bf", "41f09f", "f09f9880f09f", "6869e28261"]
    rng = random.Random(20261129)
    for _ in range(200):
        n = rng.randint(1, 8)
        cases.append(" ".join(f"{rng.choice([rng.randint(0, 255), rng.choice([0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0x9f])]):02x}" for _ in range(n)))
    lines = []
    for c in cases:
        b = bytes.fromhex(c.replace(" ", ""))
        lines.append(f"{b.hex()}\t{hexcps(b.decode('utf-8', errors='replace'))}")
    write_lines("utf8_replace.tsv", lines)


def split_goldens():
    alphabet = (list("aAzZsSdDmMtTlLvVrReE'’'\"0123456789.,;!?-_()[]{}<>/\\@#$%^&*+=|~`") +
                [" ", " ", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680",
                 "\u2000", "\u200a", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff",
                 "ſ", "K", "İ", "ß", "é", "e\u0301", "ñ", "Ω", "Ж", "ж", "ا", "ب", "א", "ह", "ि", "中", "文",
                 "あ", "カ", "한", "ไ", "²", "½", "Ⅻ", "٣", "१", "〇", "😀", "👋🏽", "🇫🇷", "𝔘", "𝟙", "©", "™",
                 "\u0000", "\u007f", "\u00ad", "\u200d", "\ue000"])
    rng = random.Random(1129)
    cases = ["", "don't", "DON'T", "'ſ 'S 'K", "a  b", "a \t!", "x\n\n  y", "a\n  ", "  \r\n\r\n x ",
             "12345678", "١٢٣٤", "hello   world  ", "it's 'll 'LL 'Ve", " \u00a0x", "\u3000\u3000x", "?!\n\n", "e\u0301\u0301"]
    for _ in range(400):
        n = rng.randint(1, 14)
        cases.append("".join(rng.choice(alphabet) for _ in range(n)))
    # o200k splits on case runs and takes trailing contractions and slashes: a few cases aimed at that.
    o200k_cases = cases + ["HTTPServer", "HelloWorld's", "iPhone XS'LL", "ÉCOLEécole", "a/b// c/\n/", "don'T 'd",
                           "ǅungla ǈ", "ʰxʰ", "e\u0301E\u0301", "中文'S", "x'", "'s's"]
    for name, pattern, texts in [("gpt2", GPT2, cases), ("gpt4", GPT4, cases), ("o200k", O200K, o200k_cases)]:
        lines = []
        for s in texts:
            chunks = re.findall(pattern, s)
            assert "".join(chunks) == s
            lines.append(f"{hexcps(s)}\t{' '.join(str(len(c)) for c in chunks)}")
        write_lines(f"split_{name}.tsv", lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "toy.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(TOY)
    toy_models()
    decode_goldens()
    split_goldens()
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    path = os.path.join(data, "taylorswift.txt")
    if os.path.exists(path):
        text = open(path, encoding="utf-8").read()
        for name, pattern in [("taylorswift_basic_512", ""), ("taylorswift_gpt4_512", GPT4)]:
            tok = Bpe(pattern)
            tok.train(text, 512)
            tok.save(os.path.join(OUT, name))
    else:
        print(f"skipping the taylorswift models: {path} is absent", file=sys.stderr)


if __name__ == "__main__":
    main()
