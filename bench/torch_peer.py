"""PyTorch peer for bench/run.mjs: x * mask into a preallocated out.

Reads a JSON spec on stdin: {"shapes": {"A": [N, T, C], ...}, "rate": r,
"threads": t, "workingSetBytes": w, "reps": n, "budgetSeconds": s}; prints
{"version", "threads", "results": {"A": {"ms": median, "reps": n}}} as JSON.
The mask is (N, 1, C), already scaled by 1 / (1 - rate), broadcast over time:
the work PyTorch's Dropout1d kernel does once its noise is drawn. Buffers
rotate exactly as in the Node benchmark (bench/lib/shapes.mjs).
"""
import json
import math
import statistics
import sys
import time

import torch


def measure(dims, spec):
    n, t, c = dims
    nbytes = n * t * c * 4
    count = max(1, math.ceil(spec["workingSetBytes"] / (2 * nbytes)))
    first = torch.rand(n, t, c) * 2 - 1
    sets = [(first if i == 0 else first.clone(), torch.zeros(n, t, c)) for i in range(count)]
    keep = (torch.rand(n, 1, c) >= spec["rate"]).float() / (1 - spec["rate"])
    calls = 0

    def once():
        nonlocal calls
        x, out = sets[calls % count]
        calls += 1
        start = time.perf_counter_ns()
        torch.mul(x, keep, out=out)
        return (time.perf_counter_ns() - start) / 1e6

    for _ in range(5):
        once()
    times, spent = [], 0.0
    while len(times) < spec["reps"] and (spent < spec["budgetSeconds"] * 1000 or len(times) < 3):
        ms = once()
        times.append(ms)
        spent += ms
    return {"ms": statistics.median(times), "reps": len(times)}


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(spec["threads"])
    results = {name: measure(dims, spec) for name, dims in spec["shapes"].items()}
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
