"""What a side process left behind (meta JSON + npz), read back for comparison."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class Call:
    name: str
    call: int
    inputs: list[np.ndarray]
    outputs: list[np.ndarray]


@dataclass
class SideResult:
    framework: str
    error: str | None
    outputs: list[tuple[str, np.ndarray]] = field(default_factory=list)
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {"type", "args"}, model order
    calls: list[Call] = field(default_factory=list)  # in the order the calls finished
    renamed: dict[str, str] = field(default_factory=dict)  # torch module -> target module, from the weights


def read_side(framework: str, meta_path: Path, result_path: Path, process_error: str | None) -> SideResult:
    if not meta_path.is_file():
        return SideResult(framework, process_error or "the side process wrote no result")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("error"):
        return SideResult(framework, meta["error"])
    with np.load(result_path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    outputs = [(p, arrays[f"o{i}"]) for i, p in enumerate(meta["outputs"])]
    calls = [Call(c["name"], c["call"], [arrays[f"c{k}i{j}"] for j in range(c["inputs"])],
                  [arrays[f"c{k}o{j}"] for j in range(len(c["outputs"]))])
             for k, c in enumerate(meta["calls"])]
    layers = {entry["name"]: {"type": entry["type"], "args": entry["args"]} for entry in meta["layers"]}
    return SideResult(framework, None, outputs, layers, calls, meta.get("renamed") or {})
