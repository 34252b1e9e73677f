"""A layer's ``dtype=`` (the dtype of its parameters) for a target layer whose ``dtype``
defaults to float32 and does not accept ``None`` (MindSpore ``nn.Dense``/``nn.Conv2d``).
torch's ``None`` means its default float dtype, float32: it is left out; a dtype known only at
run time falls back to float32 when it is ``None``.

    dtype omitted / dtype=None   →  (nothing)
    dtype=torch.float16          →  dtype=ms.float16
    dtype=l.weight.dtype         →  dtype=l.weight.dtype
    dtype=dtype                  →  dtype=dtype or ms.float32
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, literal, parenthesize


def _known_dtype(node: ast.expr | None) -> bool:
    """``torch.<dtype>`` or ``<something>.dtype``: never None."""
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "dtype":
        return True
    return isinstance(node.value, ast.Name) and node.value.id == "torch"


def layer_dtype(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    if not value.given or (not call.run_time and literal(value.node) is None):
        return {}
    keyword = call.entry.args[name].name or name
    text = value.text.strip()
    if not call.run_time and _known_dtype(value.node):
        return {keyword: text}
    return {keyword: f"{parenthesize(text)} or {emit.counterpart('torch.float32')}"}


TRANSFORM = ArgTransform("layer_dtype", layer_dtype)
