"""Counts Vector API Java-fallback frames in a JFR recording's execution samples (a profile, not a timing).

The Vector API runs a lanewise op as SIMD only where C2 intrinsified it; elsewhere it runs the op's Java
fallback, one lane at a time on boxed vectors. Those fallbacks have recognisable names (FloatVector.ldOp,
bOpTemplate, tOpTemplate, rvOp, ...), so the share of samples with one on the stack says whether a run got
the compiled kernels.

Record:  java -XX:StartFlightRecording=filename=run.jfr,settings=profile ... -jar zth.jar bench gpt-step
Run:     python3 tools/bench/jfr_fallbacks.py run.jfr [--jfr /path/to/jdk/bin/jfr]
Prints:  samples, samples_with_fallback, fallback_share, the same per fifth of the run (warm-up, while
         C1 code and the interpreter run the kernels, is the first fifths; a fallback in the last ones
         stays for good), the zth frames under the fallbacks (JIT compiled / Interpreted), and the top
         frames (fallback frames marked *).
"""
import argparse
import collections
import json
import re
import subprocess

# The Java fallbacks of jdk.incubator.vector: uOp, bOp, tOp, ldOp, stOp, rvOp, vOp and their *Template
# forms, which run only where C2 did not intrinsify the call (C1 code, the interpreter, or a C2 compile
# that could not). VectorSupport.* frames are not counted: JFR also shows them inside intrinsified code.
FALLBACK = re.compile(r"^jdk\.incubator\.vector\.[\w$]+\.(u|b|t|ld|st|rv|v)Op(Template)?$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--jfr", default="jfr")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    out = subprocess.run([a.jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                          a.recording], check=True, capture_output=True, text=True).stdout
    events = sorted(json.loads(out)["recording"]["events"], key=lambda e: e["values"]["startTime"])
    fifths = [[0, 0] for _ in range(5)]
    top = collections.Counter()
    callers = collections.Counter()
    with_fallback = 0
    for index, e in enumerate(events):
        raw = (e["values"].get("stackTrace") or {}).get("frames", [])
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in raw]
        if not frames:
            continue
        top[frames[0]] += 1
        fifth = fifths[index * 5 // len(events)]
        fifth[1] += 1
        if any(FALLBACK.match(f) for f in frames):
            with_fallback += 1
            fifth[0] += 1
            zth = next((i for i, f in enumerate(frames) if f.startswith("io.github.zth.")), None)
            if zth is not None:
                callers[f"{frames[zth]} ({raw[zth].get('type', '?')})"] += 1
    n = sum(top.values())
    print(f"samples: {n}")
    print(f"samples_with_fallback: {with_fallback}")
    print(f"fallback_share: {with_fallback / max(n, 1):.3f}")
    print("fallback_by_fifth: " + " ".join(f"{f}/{t}" for f, t in fifths))
    print("fallbacks under:")
    for frame, count in callers.most_common(a.top):
        print(f"  {count:6d}   {frame}")
    print("top frames:")
    for frame, count in top.most_common(a.top):
        print(f"  {count:6d} {'*' if FALLBACK.match(frame) else ' '} {frame}")


if __name__ == "__main__":
    main()
