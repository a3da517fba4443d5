"""Reference timing for BpeBench: minbpe's training (Basic and Regex/GPT-4, vocab 512) on taylorswift.txt.

Uses the faithful minbpe transcription in tools/golden/tokenizer_minbpe.py (minbpe itself is not
installable here). Prints wall and CPU seconds per repeat and their medians, so the Java figures can be
put side by side. Usage:

    /usr/bin/python3 tools/bench/bpe_minbpe_train.py [shared-data-dir] [repeats]
"""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
import tokenizer_minbpe as ref  # noqa: E402


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data")
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    text = open(os.path.join(data, "taylorswift.txt"), encoding="utf-8").read()
    walls, cpus = [], []
    for r in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        ref.Bpe("").train(text, 512)
        ref.Bpe(ref.GPT4).train(text, 512)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        walls.append(wall)
        cpus.append(cpu)
        print(f"repeat {r}: basic+regex 512 wall {wall:.2f} s cpu {cpu:.2f} s", flush=True)
    print(f"minbpe_basic_regex_512_wall_median_s: {statistics.median(walls):.3f}")
    print(f"minbpe_basic_regex_512_cpu_median_s: {statistics.median(cpus):.3f}")


if __name__ == "__main__":
    main()
