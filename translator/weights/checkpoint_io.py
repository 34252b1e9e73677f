"""Read torch checkpoints safely and write MindSpore / Paddle ones.

Frameworks are imported here only, and only when a checkpoint is read or written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from translator.diagnostics import TranslatorError

_WRAPPER_KEYS = ("state_dict", "model", "model_state", "model_state_dict", "net", "module", "ema")


def _unwrap(obj: Any, path: Path) -> dict[str, Any]:
    """``torch.save`` output: a state_dict, or a dict holding one (detection checkpoints)."""
    if isinstance(obj, dict) and obj and all(hasattr(v, "shape") for v in obj.values()):
        return obj
    if isinstance(obj, dict):
        for key in _WRAPPER_KEYS:
            if key in obj and isinstance(obj[key], dict):
                return _unwrap(obj[key], path)
        tensors = {k: v for k, v in obj.items() if hasattr(v, "shape")}
        if tensors:
            return tensors
    raise TranslatorError(
        f"{path}: no state_dict found (looked for tensors at the top level and under "
        f"{', '.join(_WRAPPER_KEYS)})"
    )


def load_state_dict(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise TranslatorError(f"{path}: no such file")
    if path.suffix == ".safetensors":
        try:
            from safetensors.numpy import load_file
        except ImportError:
            raise TranslatorError("reading .safetensors needs the 'safetensors' package") from None
        return dict(load_file(str(path)))
    try:
        import torch
    except ImportError:
        raise TranslatorError("reading a torch checkpoint needs torch installed") from None
    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises UnpicklingError and others for unsafe content
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TranslatorError(
            f"{path}: refused to load: not a plain weights file ({first}). Only tensors and "
            "plain containers are accepted (torch.load weights_only=True); arbitrary pickled "
            "objects are never unpickled"
        ) from None
    state = _unwrap(obj, path)
    out = {}
    for key, value in state.items():
        if str(value.dtype) == "torch.bfloat16":
            value = value.float()
        out[str(key)] = value.detach().cpu().numpy()
    return out


def _write_mindspore(state: dict[str, np.ndarray], tmp: Path) -> Path:
    import mindspore as ms

    ms.save_checkpoint(
        [{"name": k, "data": ms.Tensor(np.ascontiguousarray(v))} for k, v in state.items()], str(tmp)
    )
    # mindspore appends .ckpt to a name that lacks it
    return tmp if tmp.exists() else tmp.with_name(tmp.name + ".ckpt")


def _write_paddle(state: dict[str, np.ndarray], tmp: Path) -> Path:
    import paddle

    paddle.save({k: paddle.to_tensor(np.ascontiguousarray(v)) for k, v in state.items()}, str(tmp))
    return tmp


WRITERS = {"mindspore": _write_mindspore, "paddle": _write_paddle}


def _mindspore_keys(net: Any) -> dict[str, tuple[int, ...]]:
    return {name: tuple(p.shape) for name, p in net.parameters_and_names()}


def _paddle_keys(net: Any) -> dict[str, tuple[int, ...]]:
    return {name: tuple(t.shape) for name, t in net.state_dict().items()}


MODEL_KEYS = {"mindspore": _mindspore_keys, "paddle": _paddle_keys}


def translated_model_keys(spec: str, target: str) -> dict[str, tuple[int, ...]]:
    """Parameter names and shapes of the translated model ``PATH.py:FACTORY`` builds.

    This runs the user's translated model code (never the torch source), to check the
    converted checkpoint against what the model will load.
    """
    import importlib.util

    path, sep, factory = spec.rpartition(":")
    if not sep or not path.endswith(".py") or not Path(path).is_file():
        raise TranslatorError(f"--model {spec}: expected PATH.py:FACTORY (a function building the model)")
    module_spec = importlib.util.spec_from_file_location("torch2ms_translated_model", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    build = getattr(module, factory, None)
    if build is None:
        raise TranslatorError(f"--model {spec}: {path} defines no {factory}")
    return MODEL_KEYS[target](build())


def save_checkpoint(state: dict[str, np.ndarray], path: Path, target: str) -> None:
    """Write through a temporary sibling and rename, so a failure leaves no partial file."""
    if target not in WRITERS:
        raise TranslatorError(f"no checkpoint writer for target {target!r}")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        WRITERS[target](state, tmp).replace(path)
    except ImportError:
        raise TranslatorError(f"writing a {target} checkpoint needs {target} installed") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".ckpt")):
            if leftover.exists():
                leftover.unlink()
