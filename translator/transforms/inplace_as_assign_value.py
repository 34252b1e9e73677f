"""In-place tensor methods → ``assign_value`` of the out-of-place result (the entry's target).

MindSpore 2.10's in-place arithmetic leaves a CPU tensor unchanged and ``zero_``/``fill_`` have
no CPU kernel, but ``Tensor.assign_value`` (Parameters included) writes and returns the tensor,
as torch's in-place methods do. ``.data`` is stripped from the receiver: in MindSpore it is a
copy, so writing to it would change nothing.

    x.mul_(2)                  →  x.assign_value(ops.mul(x, 2))
    self.weight.data.zero_()   →  self.weight.assign_value(ops.zeros_like(self.weight))
    m.bias.data.fill_(0.1)     →  m.bias.assign_value(ops.full_like(m.bias, 0.1))
    f(x).mul_(2)               →  TODO (the receiver would be evaluated twice)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo


def inplace_as_assign_value(call: BoundCall) -> str:
    receiver = call.receiver.removesuffix(".data")
    try:
        node = ast.parse(receiver, mode="eval").body
    except SyntaxError:
        node = None
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name):
        raise NeedsTodo("in-place on an expression: assign its out-of-place result by hand")
    args = [call.text(p.name) for p in call.entry.params
            if not p.star and not p.keyword_only and call.given(p.name)]
    op = call.ref(call.entry.target)
    return f"{receiver}.assign_value({op}({', '.join([receiver, *args])}))"


TRANSFORM = EntryTransform("inplace_as_assign_value", inplace_as_assign_value)
