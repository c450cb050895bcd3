#!/usr/bin/env python3
"""NumPy's side of test/cli/cli-numpy.test.ts.

make JOBS
    JOBS is a JSON list of {"path", "descr", "shape", "version", "seed"}: writes
    each random array with numpy.lib.format (header version 1, 2 or 3).
check IN OUT MASK RATE LAYOUT
    Loads the CLI's output and mask with np.load and checks, bit for bit, that
    kept values are x / (1 - rate) in the array's dtype (SPEC section 3), that
    dropped values are +0, and that the output file is byte for byte what
    np.save writes for that array. Prints "ok" or fails with the reason.
"""
import io
import json
import sys

import numpy as np
from numpy.lib import format as npy_format

UINT_OF = {"<f2": np.uint16, "<f4": np.uint32, "<f8": np.uint64}


def make(jobs):
    for job in json.loads(jobs):
        rng = np.random.default_rng(job["seed"])
        x = (rng.standard_normal(job["shape"]) * 100).astype(job["descr"])
        x.flat[:5] = [np.inf, -np.inf, np.nan, -0.0, np.finfo(x.dtype).tiny]  # dropped or kept, each has an exact answer
        with open(job["path"], "wb") as f:
            npy_format.write_array(f, x, version=(job["version"], 0))


def expand(mask, rank, layout):
    """The (samples, channels) mask broadcast over the array's axes."""
    if rank == 2:
        mask = mask[0]
        return mask[None, :] if layout == "channelsLast" else mask[:, None]
    return mask[:, None, :] if layout == "channelsLast" else mask[:, :, None]


def check(in_path, out_path, mask_path, rate, layout):
    x = np.load(in_path)
    y = np.load(out_path)
    mask = np.load(mask_path)
    assert y.dtype == x.dtype and y.shape == x.shape, (y.dtype, y.shape, x.dtype, x.shape)
    assert mask.dtype == np.uint8 and set(np.unique(mask)) <= {0, 1}, (mask.dtype, np.unique(mask))
    keep = expand(mask, x.ndim, layout).astype(bool)
    k = x.dtype.type(1 - float(rate))  # RN_dtype(1 - rate), rounded once from double
    with np.errstate(all="ignore"):
        expected = np.where(keep, x / k, x.dtype.type(0)).astype(x.dtype)
    bits = UINT_OF[x.dtype.str]
    diff = np.flatnonzero(expected.view(bits) != y.view(bits))
    assert diff.size == 0, f"{diff.size} values differ, first at flat index {diff[0]}: {y.flat[diff[0]]!r} vs {expected.flat[diff[0]]!r}"
    saved = io.BytesIO()
    np.save(saved, expected)
    with open(out_path, "rb") as f:
        assert f.read() == saved.getvalue(), "the output file is not what np.save writes for the same array"
    print("ok")


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](*sys.argv[2:])
