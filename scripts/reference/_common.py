"""Shared helpers for the reference-fixture generators in scripts/reference/.

Every generator writes one JSON file into test/reference/ holding the inputs AND the
expected outputs, so that the vitest suites in test/risk/ never call Python.

Conventions
- Seeded numpy generators only (numpy.random.default_rng(SEED)), so re-running a script
  reproduces its fixture byte for byte on the same numpy/scipy versions.
- Input data are rounded (to 1e-6 for daily returns) BEFORE the reference values are
  computed from them: the rounded numbers are what both Python and TypeScript see, and
  rounding keeps the fixtures small.
- Expected outputs are written with Python's shortest round-trip float repr (json module),
  so JSON.parse in JavaScript recovers the identical IEEE-754 doubles.
- NaN is not valid JSON: where an input holds a missing value it is written as null.
"""

import json
import os

import numpy as np
import scipy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "test", "reference")


def rounded(a, decimals=6):
    """Round an array (or scalar) and return it as float64 numpy data."""
    return np.round(np.asarray(a, dtype=float), decimals)


def tolist(a):
    """numpy -> nested Python lists of floats (NaN -> None)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        v = float(a)
        return None if np.isnan(v) else v
    return [tolist(x) for x in a]


def write_fixture(name, payload, generator):
    payload = {
        "_generator": f"scripts/reference/{generator}",
        "_versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        **payload,
    }
    path = os.path.join(OUT_DIR, name)
    os.makedirs(OUT_DIR, exist_ok=True)
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) / 1024:.1f} KiB)")
