"""In-place tensor method → the entry's out-of-place function, written back with ``assign_value``
(MindSpore 2.10's in-place methods leave a CPU tensor unchanged). Unlike
``inplace_as_assign_value``, the arguments follow the table's ``args`` specs: leading positional
ones stay positional (up to ``positional``), the rest go by their target keyword, so an omitted
optional argument cannot shift a later one into its place. A bare target (no module) is the
target tensor's own out-of-place method.

    x.clamp_(0, 1)           →  x.assign_value(ops.clamp(x, 0, 1))
    x.clamp_(max=1)          →  x.assign_value(ops.clamp(x, max=1))
    x.tril_(-1)              →  x.assign_value(ops.tril(x, -1))
    w.data.abs_()            →  w.assign_value(ops.abs(w))
    x.scatter_(1, i, 1.0)    →  x.assign_value(x.scatter(1, i, 1.0))
    torch.rand(n).abs_()     →  ops.abs(ops.rand(n))
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize
from translator.transforms.init import receiver_node, write_back


def out_of_place(call: BoundCall, emit: Emitter, receiver: str, cast: bool = False) -> str:
    """The out-of-place result, cast back to the receiver's dtype when ``cast``."""
    target = call.entry.target
    if "." in target:
        value = f"{emit.ref(target)}({emit.arguments(call, [receiver])})"
    else:
        value = f"{parenthesize(receiver)}.{target}({emit.arguments(call, [])})"
    return f"{value}.astype({parenthesize(receiver)}.dtype)" if cast else value


def inplace_by_function(call: BoundCall, emit: Emitter) -> str:
    receiver, node = receiver_node(call)
    value = out_of_place(call, emit, receiver)
    if isinstance(node, ast.Call):
        return value  # a fresh tensor (torch.rand(n).abs_()): nothing else holds it
    return write_back(emit, receiver, node, value)


TRANSFORM = EntryTransform("inplace_by_function", inplace_by_function)
