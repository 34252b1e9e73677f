"""The torch side: build, weights (given, or random with randomised norm statistics), hooks.

The random weights are saved with ``torch.save`` and read back with the reader ``weights
convert`` uses; the state that read gives is what the target side gets, converted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from translator.verify.layer_args import is_norm, plain_attributes
from translator.weights.checkpoint_io import load_state_dict

MODEL_KIND = "torch.nn.Module"
_BASE_NAMES = set(vars(nn.Module()))


def setup(seed: int) -> None:
    torch.manual_seed(seed)


def is_model(obj: Any) -> bool:
    return isinstance(obj, nn.Module)


def to_numpy(x: Any) -> np.ndarray | None:
    if not isinstance(x, torch.Tensor):
        return None
    x = x.detach().cpu()
    return (x.float() if x.dtype == torch.bfloat16 else x).numpy().copy()


def from_numpy(a: np.ndarray) -> Any:
    return torch.from_numpy(np.ascontiguousarray(a))


@torch.no_grad()
def randomise(model: nn.Module, gen: torch.Generator) -> None:
    """Fresh norm layers (mean 0, var 1, weight 1, bias 0) and constant tensors (zero biases)
    would hide a swapped, dropped or mis-converted tensor and a wrong eps less well."""
    for module in model.modules():
        if not is_norm(module):
            continue
        for name, t in [*module.named_parameters(recurse=False), *module.named_buffers(recurse=False)]:
            if not t.is_floating_point():
                continue
            if name == "running_var":
                t.copy_(torch.rand(t.shape, generator=gen) * 1.5 + 0.5)
            elif name == "weight":
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
            elif name in ("running_mean", "bias"):
                t.copy_(torch.randn(t.shape, generator=gen) * 0.3)
    for t in model.state_dict().values():
        if t.is_floating_point() and t.numel() > 1 and bool((t == t.flatten()[0]).all()):
            t.copy_(torch.randn(t.shape, generator=gen) * 0.1)


def load_weights(net: nn.Module, job: dict[str, Any]) -> dict[str, str]:
    if job.get("weights"):
        state = load_state_dict(Path(job["weights"]))
        result = net.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, strict=False)
        if result.missing_keys or result.unexpected_keys:
            raise RuntimeError(f"{job['weights']} does not fit the torch model: missing {result.missing_keys[:10]}, "
                               f"unexpected {result.unexpected_keys[:10]}")
    else:
        randomise(net, torch.Generator().manual_seed(job["seed"] + 1))
        saved = Path(job["state_out"]).with_suffix(".pth")
        torch.save(net.state_dict(), saved)
        state = load_state_dict(saved)
    np.savez(job["state_out"], **state)
    return {}


def named_layers(net: nn.Module) -> list[tuple[str, Any]]:
    return [(name, m) for name, m in net.named_modules() if name]


def add_hooks(layer: nn.Module, before: Any, after: Any) -> None:
    layer.register_forward_pre_hook(lambda _module, args: before(args))
    layer.register_forward_hook(lambda _module, args, output: after(output))


def layer_args(layer: nn.Module) -> dict[str, Any]:
    return {"repr": layer.extra_repr(), **plain_attributes(layer, _BASE_NAMES)}


def set_mode(net: nn.Module, norm_train: bool) -> None:
    net.eval()
    if norm_train:
        for m in net.modules():
            if is_norm(m):
                m.train()


def forward(net: nn.Module, inputs: list[Any]) -> Any:
    with torch.no_grad():
        return net(*inputs)
