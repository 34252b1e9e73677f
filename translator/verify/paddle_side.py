"""The Paddle side (``Layer.register_forward_post_hook``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import paddle
from paddle import nn

from translator.verify.layer_args import is_norm, plain_attributes
from translator.verify.target_weights import convert_and_write

MODEL_KIND = "paddle.nn.Layer"
_BASE_NAMES = set(vars(nn.Layer()))


def setup(seed: int) -> None:
    paddle.set_device("cpu")
    paddle.seed(seed)


def is_model(obj: Any) -> bool:
    return isinstance(obj, nn.Layer)


def to_numpy(x: Any) -> np.ndarray | None:
    return x.numpy().copy() if isinstance(x, paddle.Tensor) else None


def from_numpy(a: np.ndarray) -> Any:
    return paddle.to_tensor(np.ascontiguousarray(a))


def load_weights(net: nn.Layer, job: dict[str, Any]) -> dict[str, str]:
    path, renamed = convert_and_write(net, job, "paddle")
    # set_state_dict only warns on a mismatch; write_checked has already refused one
    net.set_state_dict(paddle.load(str(path)))
    return renamed


def named_layers(net: nn.Layer) -> list[tuple[str, Any]]:
    return [(name, layer) for name, layer in net.named_sublayers() if name]


def add_hooks(layer: nn.Layer, before: Any, after: Any) -> None:
    layer.register_forward_pre_hook(lambda _layer, args: before(args))
    layer.register_forward_post_hook(lambda _layer, args, output: after(output))


def layer_args(layer: nn.Layer) -> dict[str, Any]:
    return {"repr": layer.extra_repr(), **plain_attributes(layer, _BASE_NAMES)}


def set_mode(net: nn.Layer, norm_train: bool) -> None:
    net.eval()
    if norm_train:
        for layer in net.sublayers(include_self=True):
            if is_norm(layer):
                layer.train()


def forward(net: nn.Layer, inputs: list[Any]) -> Any:
    with paddle.no_grad():
        return net(*inputs)
