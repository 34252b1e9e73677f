"""``torch.max``/``torch.min`` (and ``amax`` style reductions): three torch forms, told apart
by the second argument.

    torch.max(x)                  →  x.max()                      (full reduction, one value)
    torch.max(x, 1)               →  ops.max(x, axis=1)           ((values, indices))
    torch.max(x, dim=1, keepdim=True) →  ops.max(x, axis=1, keepdims=True)
    torch.max(a, b)               →  TODO (element-wise maximum: use the maximum function)
    torch.max(x, d)               →  TODO (``d`` may be a dim or a tensor)

The method name of the full reduction is the last part of the entry's key; the dim form uses
the entry's target and ``args`` specs.
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, literal, parenthesize


def _is_dim(node: ast.expr | None) -> bool:
    value = literal(node)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, tuple) and all(isinstance(v, int) for v in value))


def max_min_over_dim(call: BoundCall, emit: Emitter) -> str:
    dim = call.values["dim"]
    if not dim.given:
        if call.given("keepdim"):
            raise NeedsTodo("keepdim without dim")
        return f"{parenthesize(call.values['input'].text)}.{call.entry.key.rsplit('.', 1)[-1]}()"
    if dim.keyword is None and not _is_dim(dim.node):
        raise NeedsTodo(f"cannot tell statically whether {dim.text!r} is a dim or a tensor (element-wise "
                        "form); pass dim= by keyword, or use the element-wise maximum/minimum function")
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])})"


TRANSFORM = EntryTransform("max_min_over_dim", max_min_over_dim)
