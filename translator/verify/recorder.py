"""Framework-neutral capture: flatten nested outputs to (path, array) and record every layer
call (name, call number, inputs, outputs) in the order the calls finish, which puts a layer
before the container that holds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

ToNumpy = Callable[[Any], "np.ndarray | None"]  # None: not a tensor

ROOT_NAME = "<model>"  # the model itself: diverges first only when every layer inside agrees


def flatten(value: Any, to_numpy: ToNumpy, path: str = "") -> list[tuple[str, np.ndarray]]:
    """Tensors of a (nested) tuple/list/dict output with their paths: '', '[0]', "['logits']"."""
    array = to_numpy(value)
    if array is not None:
        return [(path, array)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in flatten(v, to_numpy, f"{path}[{k!r}]")]
    if isinstance(value, (tuple, list)):
        return [item for i, v in enumerate(value) for item in flatten(v, to_numpy, f"{path}[{i}]")]
    return []


@dataclass
class LayerCall:
    name: str
    call: int  # 1 for a layer's first call, 2 for its second (a shared ReLU)...
    inputs: list[np.ndarray]
    outputs: list[tuple[str, np.ndarray]]


@dataclass
class Recorder:
    """Inputs are taken before the call (an in-place layer would change them), outputs after."""

    to_numpy: ToNumpy
    calls: list[LayerCall] = field(default_factory=list)
    active: bool = False
    _counts: dict[str, int] = field(default_factory=dict)
    _pending: dict[str, list[list[np.ndarray]]] = field(default_factory=dict)  # a stack: a layer may re-enter

    def pre_hook_for(self, name: str) -> Callable[[Any], None]:
        def record(inputs: Any) -> None:
            if self.active:
                self._pending.setdefault(name, []).append([a for _, a in flatten(inputs, self.to_numpy)])
        return record

    def hook_for(self, name: str) -> Callable[[Any], None]:
        def record(output: Any) -> None:
            if not self.active:
                return
            pending = self._pending.get(name)
            self._counts[name] = self._counts.get(name, 0) + 1
            self.calls.append(LayerCall(name, self._counts[name], pending.pop() if pending else [],
                                        flatten(output, self.to_numpy)))
        return record
