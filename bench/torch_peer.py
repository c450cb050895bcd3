"""PyTorch peer for bench/run.mjs: x * mask into a preallocated out.

A small server on stdin/stdout, one JSON object per line, so that the Node
benchmark can time blocks of PyTorch calls in turn with its own blocks on each
shape (the same minute of the same machine) instead of in a phase of its own:

  first line   {"rate": r, "threads": t, "workingSetBytes": w}
  reply        {"version": "...", "threads": t}
  then         {"shape": [N, T, C], "calls": k, "sets": s, "warm": w}
  reply        {"ms": [k times]}

The mask is (N, 1, C), already scaled by 1 / (1 - rate), broadcast over time:
the work PyTorch's Dropout1d kernel does once its noise is drawn. Buffers
rotate as in the Node benchmark: s sets of x and out (bench/lib/shapes.mjs),
or as many as workingSetBytes takes where the request names none. Each request
makes w untimed calls first (one by default): after the pause between requests
PyTorch's OpenMP team has gone to sleep, and its wake-up is not the multiply's
cost, and the other contenders' writes have pushed its sets out of the caches.
"""
import json
import math
import sys
import time

import torch


class Shape:
    def __init__(self, dims, spec, count=None):
        n, t, c = dims
        nbytes = n * t * c * 4
        if count is None:
            count = max(1, math.ceil(spec["workingSetBytes"] / (2 * nbytes)))
        first = torch.rand(n, t, c) * 2 - 1
        self.sets = [(first if i == 0 else first.clone(), torch.zeros(n, t, c)) for i in range(count)]
        self.keep = (torch.rand(n, 1, c) >= spec["rate"]).float() / (1 - spec["rate"])
        self.calls = 0

    def once(self):
        x, out = self.sets[self.calls % len(self.sets)]
        self.calls += 1
        start = time.perf_counter_ns()
        torch.mul(x, self.keep, out=out)
        return (time.perf_counter_ns() - start) / 1e6


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    spec = json.loads(sys.stdin.readline())
    torch.set_num_threads(spec["threads"])
    reply({"version": torch.__version__, "threads": torch.get_num_threads()})
    current, key = None, None
    for line in sys.stdin:
        request = json.loads(line)
        if (request["shape"], request.get("sets")) != key:
            current, key = None, (request["shape"], request.get("sets"))  # free the last shape's buffers first
            current = Shape(request["shape"], spec, request.get("sets"))
        for _ in range(request.get("warm", 1)):
            current.once()
        reply({"ms": [current.once() for _ in range(request["calls"])]})


if __name__ == "__main__":
    main()
