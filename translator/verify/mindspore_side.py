"""The MindSpore side (PyNative mode, where ``Cell.register_forward_hook`` works)."""

from __future__ import annotations

from typing import Any

import mindspore as ms
import numpy as np
from mindspore import nn
from mindspore.ops import Primitive

from translator.verify.layer_args import is_norm, plain_attributes
from translator.verify.target_weights import convert_and_write

MODEL_KIND = "mindspore.nn.Cell"
_BASE_NAMES = set(vars(nn.Cell()))


def setup(seed: int) -> None:
    ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
    ms.set_seed(seed)


def is_model(obj: Any) -> bool:
    return isinstance(obj, nn.Cell)


def to_numpy(x: Any) -> np.ndarray | None:
    return x.asnumpy().copy() if isinstance(x, ms.Tensor) else None


def from_numpy(a: np.ndarray) -> Any:
    return ms.Tensor(np.ascontiguousarray(a))


def load_weights(net: nn.Cell, job: dict[str, Any]) -> dict[str, str]:
    path, renamed = convert_and_write(net, job, "mindspore")
    not_loaded, _ = ms.load_param_into_net(net, ms.load_checkpoint(str(path)), strict_load=True)
    if not_loaded:
        raise RuntimeError(f"parameters not loaded: {not_loaded[:20]}")
    return renamed


def named_layers(net: nn.Cell) -> list[tuple[str, Any]]:
    return [(name, c) for name, c in net.cells_and_names() if name]


def add_hooks(layer: nn.Cell, before: Any, after: Any) -> None:
    layer.register_forward_pre_hook(lambda _cell, args: before(args))
    layer.register_forward_hook(lambda _cell, args, output: after(output))


def layer_args(layer: nn.Cell) -> dict[str, Any]:
    return {"repr": layer.extend_repr(), **plain_attributes(layer, _BASE_NAMES, (Primitive,))}


def set_mode(net: nn.Cell, norm_train: bool) -> None:
    net.set_train(False)
    if norm_train:
        for _, cell in net.cells_and_names():
            if is_norm(cell):
                cell.set_train(True)


def forward(net: nn.Cell, inputs: list[Any]) -> Any:
    return net(*inputs)
