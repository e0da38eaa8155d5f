#!/usr/bin/env python3
"""Compares step traces (LENETC_TRACE files, see Sources/LenetRuntime/StepTrace.swift).

    divergence.py A.trace B.trace [C.trace D.trace ...] [--steps 1,10,50,100,235]

Each pair (A, B) gets the curve ||w_A - w_B|| / ||w_B|| over all parameters after every step, printed
at the chosen steps with both runs' mean losses there, then its growth from step 1 to the last step.
"""
import sys

import numpy as np


def read(path):
    raw = open(path, "rb").read()
    if raw[:8] != b"LNTRACE1":
        sys.exit(f"{path}: not a step trace (no LNTRACE1 header)")
    count = int.from_bytes(raw[8:16], "little")
    body = np.frombuffer(raw[16:], dtype="<f4")
    if body.size % (count + 1):
        sys.exit(f"{path}: {body.size} floats are not whole steps of 1 + {count}")
    steps = body.reshape(-1, count + 1)
    return steps[:, 0].astype(np.float64), steps[:, 1:].astype(np.float64)


def main(argv):
    steps = [1, 10, 50, 100, 235]
    if "--steps" in argv:
        i = argv.index("--steps")
        steps = [int(s) for s in argv[i + 1].split(",")]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 2 or len(argv) % 2:
        sys.exit(__doc__)
    for a, b in zip(argv[0::2], argv[1::2]):
        loss_a, w_a = read(a)
        loss_b, w_b = read(b)
        n = min(len(w_a), len(w_b))
        curve = np.linalg.norm(w_a[:n] - w_b[:n], axis=1) / np.linalg.norm(w_b[:n], axis=1)
        print(f"{a} vs {b}: {n} steps, {w_a.shape[1]} parameters")
        print("  step  relative weight difference  loss A    loss B")
        for s in steps:
            if 1 <= s <= n:
                print(f"  {s:4d}  {curve[s - 1]:.3e}                   {loss_a[s - 1]:.5f}  {loss_b[s - 1]:.5f}")
        first = next((i for i in range(n) if curve[i] > 0), None)
        if first is None:
            print("  identical at every step")
        else:
            print(f"  first difference after step {first + 1}: {curve[first]:.3e}; growth to step {n}: "
                  f"{curve[n - 1] / curve[first]:.3g}x")
            print(f"  mean loss over the {n} steps: A {loss_a[:n].mean():.5f}, B {loss_b[:n].mean():.5f}")


if __name__ == "__main__":
    main(sys.argv[1:])
