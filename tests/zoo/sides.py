"""What both side scripts share: the job file, results, flattening outputs (standard library only).

A job file is JSON: ``{"root": ..., "models": [{"name", "build", "input", "dir", "result", ...}]}``.
Each side writes the model's ``result`` file (JSON) as soon as the model is done, so a crash of
the process (a segfault in a framework) loses only the model it was on: the harness reruns the
others alone.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from pathlib import Path
from typing import Any

PARITY = Path(__file__).resolve().parents[1] / "parity"


def use_parity_helpers() -> None:
    """The parity scripts import their helpers as top-level modules (``_common``)."""
    if str(PARITY) not in sys.path:
        sys.path.insert(0, str(PARITY))


def build(spec: str) -> Any:
    """``module:expression`` → the expression evaluated in the imported module's namespace."""
    module_name, _, expression = spec.partition(":")
    module = importlib.import_module(module_name)
    return eval(expression, dict(vars(module)))


def input_shapes(spec: list) -> list[list[int]]:
    """A list entry's ``input``: one shape ``[1, 3, 64, 64]`` or several ``[[...], [...]]``."""
    return [list(shape) for shape in spec] if spec and isinstance(spec[0], list) else [list(spec)]


def make_inputs(spec: list) -> list[Any]:
    """Seeded standard-normal float32 arrays, a different seed per input (two images differ)."""
    import numpy as np

    return [np.random.default_rng(i).standard_normal(shape).astype(np.float32)
            for i, shape in enumerate(input_shapes(spec))]


def flatten(out: Any, is_tensor: Any) -> list[Any]:
    """Tensors of a model output in a fixed order: a tensor, tuples/lists in order, dicts by key order."""
    if is_tensor(out):
        return [out]
    if isinstance(out, (tuple, list)):
        return [t for item in out for t in flatten(item, is_tensor)]
    if isinstance(out, dict):
        return [t for value in out.values() for t in flatten(value, is_tensor)]
    raise TypeError(f"model output holds {type(out).__name__}, not tensors")


def describe(exc: BaseException, root: str) -> str:
    """First line of the error, and where in the package it was raised (innermost frame under root)."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(root)]
    if frames:
        text += f" [{Path(frames[-1].filename).relative_to(root)}:{frames[-1].lineno}]"
    return text


def record(job: dict[str, Any], stage: str, detail: str = "") -> None:
    """The model's outcome: ``ok`` or the failing stage, with the error's first line."""
    Path(job["result"]).write_text(json.dumps({"stage": stage, "detail": detail}), encoding="utf-8")


def read_jobs(path: str) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
