"""A layer's constructor arguments as the built object holds them: its own attributes with
plain values (one leading underscore dropped from the name; a bare base-class instance's
attributes left out), plus the attributes of any operator object it keeps (MindSpore pooling
keeps ceil_mode in its primitive)."""

from __future__ import annotations

from typing import Any

PLAIN = (bool, int, float, str)
MAX_ITEMS = 8
# every MindSpore primitive has these; they say nothing about the layer
PRIMITIVE_NOISE = {"input_names", "output_names"}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, PLAIN):
        return value
    if isinstance(value, (tuple, list)) and len(value) <= MAX_ITEMS and all(isinstance(v, PLAIN) for v in value):
        return list(value)
    return NotImplemented


def plain_attributes(obj: Any, base_names: set[str], nested: tuple[type, ...] = ()) -> dict[str, Any]:
    """``nested``: types of operator objects whose own ``attrs`` dict is read too."""
    out: dict[str, Any] = {}
    for attr, value in vars(obj).items():
        # Paddle keeps its arguments in private attributes (_stride, _epsilon): read those too
        name = attr[1:] if attr.startswith("_") and not attr.startswith("__") else attr
        if attr in base_names or attr.startswith("__") or (name != attr and name in vars(obj)):
            continue
        plain = _plain(value)
        if plain is not NotImplemented:
            out[name] = plain
        elif nested and isinstance(value, nested):
            for key, inner in (getattr(value, "attrs", None) or {}).items():
                plain = _plain(inner)
                if plain is not NotImplemented and not key.startswith("_") and key not in PRIMITIVE_NOISE:
                    out[f"{name}.{key}"] = plain
    return out


def is_norm(layer: Any) -> bool:
    """Normalisation layers, by class name in every framework (a FrozenBatchNorm2d defined in
    the user's code is a plain module): the ones --norm-steps trains and the torch side randomises."""
    return "Norm" in type(layer).__name__
