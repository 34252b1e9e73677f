"""What the example runner needs from each framework: tensors in and out, weights in, eval mode.

Imported only inside the runner process of that framework.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np


class Torch:
    name = "torch"

    def __init__(self) -> None:
        import torch

        from tests import torchvision_kernels

        self.torch = torch
        torchvision_kernels.register()  # the torch side of torch.ops.torchvision.* entries
        torch.manual_seed(0)
        self.namespace = {"torch": torch, "nn": torch.nn, "F": torch.nn.functional}

    def tensor(self, a: Any) -> Any:
        # a copy: in-place layers must not change the input the target side receives later
        return self.torch.from_numpy(a.copy()) if isinstance(a, np.ndarray) else a

    def is_layer(self, obj: Any) -> bool:
        return isinstance(obj, self.torch.nn.Module)

    def randomize(self, layer: Any, rng: np.random.RandomState) -> dict[str, np.ndarray]:
        """Random weights and statistics: defaults (ones, zeros, mean 0 / var 1) hide mapping bugs."""
        with self.torch.no_grad():
            for name, t in layer.state_dict().items():
                if not t.dtype.is_floating_point:
                    continue
                if "var" in name:
                    values = rng.uniform(0.5, 2.0, size=tuple(t.shape))
                else:
                    values = rng.randn(*t.shape) * 0.5
                t.copy_(self.torch.from_numpy(values.astype(np.float32)).to(t.dtype))
        return {k: v.detach().cpu().numpy().copy() for k, v in layer.state_dict().items()}

    def eval_mode(self, layer: Any, train: bool) -> None:
        layer.train(train)

    def to_plain(self, out: Any) -> Any:
        return to_plain(out, lambda t: isinstance(t, self.torch.Tensor),
                        lambda t: t.detach().cpu().numpy(), self.dtype_name)

    def dtype_name(self, obj: Any) -> str | None:
        if isinstance(obj, self.torch.dtype):
            return str(obj).replace("torch.", "")
        return None


class MindSpore:
    name = "mindspore"

    def __init__(self, modules: dict[str, Any]) -> None:
        import mindspore as ms

        self.ms = ms
        ms.set_seed(0)
        # run each op to completion: an asynchronous kernel error must fail its own example,
        # not a later one
        ms.set_context(pynative_synchronize=True)
        self.namespace = _namespace(modules)

    def tensor(self, a: Any) -> Any:
        return self.ms.Tensor(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a

    def is_layer(self, obj: Any) -> bool:
        return isinstance(obj, self.ms.nn.Cell)

    def param_names(self, layer: Any) -> set[str]:
        # attribute paths, as a checkpoint of a model holding this layer names them
        return {name for name, _ in layer.parameters_and_names()}

    def load(self, layer: Any, weights: dict[str, np.ndarray]) -> None:
        params = dict(layer.parameters_and_names())
        for name, value in weights.items():
            params[name].set_data(self.ms.Tensor(value))

    def eval_mode(self, layer: Any, train: bool) -> None:
        layer.set_train(train)

    def to_plain(self, out: Any) -> Any:
        return to_plain(out, lambda t: isinstance(t, self.ms.Tensor), lambda t: t.asnumpy(), self.dtype_name)

    def dtype_name(self, obj: Any) -> str | None:
        if type(obj).__module__.startswith("mindspore") and str(obj).lower() in _DTYPES:
            return str(obj).lower()
        return None


class Paddle:
    name = "paddle"

    def __init__(self, modules: dict[str, Any]) -> None:
        import paddle

        self.paddle = paddle
        paddle.seed(0)
        self.namespace = _namespace(modules)

    def tensor(self, a: Any) -> Any:
        return self.paddle.to_tensor(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a

    def is_layer(self, obj: Any) -> bool:
        return isinstance(obj, self.paddle.nn.Layer)

    def param_names(self, layer: Any) -> set[str]:
        return set(layer.state_dict())

    def load(self, layer: Any, weights: dict[str, np.ndarray]) -> None:
        layer.set_state_dict({k: self.paddle.to_tensor(v) for k, v in weights.items()})

    def eval_mode(self, layer: Any, train: bool) -> None:
        layer.train() if train else layer.eval()

    def to_plain(self, out: Any) -> Any:
        return to_plain(out, lambda t: isinstance(t, self.paddle.Tensor), lambda t: t.numpy(), self.dtype_name)

    def dtype_name(self, obj: Any) -> str | None:
        if isinstance(obj, self.paddle.dtype):
            return str(obj).replace("paddle.", "")
        return None


_DTYPES = {"float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool",
           "complex64", "complex128"}


def _namespace(modules: dict[str, Any]) -> dict[str, Any]:
    ns: dict[str, Any] = {}
    for spec in modules.values():
        exec(spec.import_line, ns)  # the target's own import lines, from _target.yaml
    ns.pop("__builtins__", None)
    return ns


def to_plain(out: Any, is_tensor, to_numpy, dtype_name) -> Any:
    """Nested lists of numpy arrays and Python scalars, comparable across frameworks."""
    if is_tensor(out):
        return to_numpy(out)
    if isinstance(out, (list, tuple)):
        return [to_plain(o, is_tensor, to_numpy, dtype_name) for o in out]
    if isinstance(out, (bool, int, float, str)) or out is None:
        return out
    if isinstance(out, np.ndarray):
        return out
    name = dtype_name(out)
    if name is not None:
        return ("dtype", name)
    return ("object", type(out).__name__)


def target_framework(target: str, modules: dict[str, Any]) -> Any:
    classes = {"mindspore": MindSpore, "paddle": Paddle}
    importlib.import_module(target)  # fail loudly, never skip, when the framework is missing
    return classes[target](modules)
