"""An argument the target lacks: dropped when it holds the torch default, else a TODO.

For options whose only supported value is torch's default (e.g. max pooling ``dilation``):

    dilation omitted      →  nothing
    dilation=1            →  nothing
    dilation=(1, 1)       →  nothing when the default is 1 (every element equal to it)
    dilation=2            →  TODO (the target has no such option)
    dilation=d            →  TODO (not a literal)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo, literal


def _default(call: BoundCall, name: str) -> object:
    param = next(p for p in call.entry.params if p.name == name)
    return literal(ast.parse(param.default, mode="eval").body) if param.default else NotImplemented


def drop_if_torch_default(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    if not value.given:
        return {}
    v, default = literal(value.node), _default(call, name)
    if v is not NotImplemented and default is not NotImplemented and (
        v == default or (isinstance(v, (tuple, list)) and v and all(e == default for e in v))
    ):
        return {}
    raise NeedsTodo(f"{name}={value.text}: the target has no {name!r} option "
                    f"(only torch's default {default!r} can be translated)")


TRANSFORM = ArgTransform("drop_if_torch_default", drop_if_torch_default)
