"""The inputs both sides run on: seeded normal arrays of given shapes, or .npy files."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from translator.diagnostics import TranslatorError

InputSpec = tuple[str, str]  # ("shape", "2,3,224,224") or ("file", "x.npy"), in command-line order


def make_inputs(specs: list[InputSpec], seed: int) -> list[np.ndarray]:
    """One generator for all shapes, so several inputs differ from each other but not between runs."""
    rng = np.random.default_rng(seed)
    out = []
    for kind, text in specs:
        if kind == "file":
            try:
                out.append(np.load(text, allow_pickle=False))
            except (OSError, ValueError) as exc:
                raise TranslatorError(f"--input-file {text}: cannot read: {exc}") from None
            continue
        try:
            shape = tuple(int(part) for part in text.split(","))
        except ValueError:
            raise TranslatorError(f"--input {text}: expected a shape such as 2,3,224,224") from None
        if not shape or min(shape) < 1:
            raise TranslatorError(f"--input {text}: every dimension must be at least 1")
        out.append(rng.standard_normal(shape).astype(np.float32))
    if not out:
        raise TranslatorError("give the model's input: --input SHAPE or --input-file X.npy (repeat for more)")
    return out


def save_inputs(arrays: list[np.ndarray], folder: Path) -> list[str]:
    paths = []
    for i, a in enumerate(arrays):
        path = folder / f"input_{i}.npy"
        np.save(path, a)
        paths.append(str(path))
    return paths
