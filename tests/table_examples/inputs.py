"""Example inputs from their spec strings: ``randn(2, 3)``, ``randint(0, 5, (2, 3))``, literals."""

from __future__ import annotations

import ast
import zlib

import numpy as np


def make_input(spec: str, seed_text: str):
    rng = np.random.RandomState(zlib.crc32(seed_text.encode()) % (2**31))
    node = ast.parse(spec.strip(), mode="eval").body
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [ast.literal_eval(a) for a in node.args]
        name = node.func.id
        if name == "randn":
            return rng.randn(*args).astype(np.float32)
        if name == "rand":
            return rng.rand(*args).astype(np.float32)
        if name == "randpos":
            return (rng.rand(*args) + 0.5).astype(np.float32)
        if name == "randint":
            low, high, shape = args
            return rng.randint(low, high, size=shape).astype(np.int64)
        if name == "bool":
            return rng.rand(*args) > 0.5
        raise ValueError(f"unknown input maker {name!r}")
    return ast.literal_eval(node)
