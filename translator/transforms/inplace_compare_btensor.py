"""In-place comparison (``x.eq_(y)``, ``x.lt_(0)``...): torch writes 1/0 in the receiver's own
dtype; the target's comparison gives bool, so the result is cast back to the receiver's dtype
before it is written. MindSpore writes with ``assign_value``; a ``paddle.*`` target with
``paddle.assign`` (see ``inplace_by_function`` and ``inplace_by_assign``).

    x.eq_(y)      →  x.assign_value(ops.eq(x, y).astype(x.dtype))          (MindSpore)
    x.lt_(0.5)    →  paddle.assign(paddle.less_than(x, 0.5).astype(x.dtype), x)   (Paddle)
    torch.rand(n).ge_(p)  →  ops.ge(ops.rand(n), p).astype(ops.rand(n).dtype)   (a fresh tensor)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform
from translator.transforms.init import receiver_node, write_back
from translator.transforms.inplace_by_assign_btensor import assign
from translator.transforms.inplace_by_function_btensor import out_of_place


def inplace_compare(call: BoundCall, emit: Emitter) -> str:
    receiver, node = receiver_node(call)
    value = out_of_place(call, emit, receiver, cast=True)
    if isinstance(node, ast.Call):
        return value  # a fresh tensor (torch.rand(n).ge_(p)): nothing else holds it
    if call.entry.target.startswith("paddle."):
        return assign(emit, receiver, node, value)
    return write_back(emit, receiver, node, value)


TRANSFORM = EntryTransform("inplace_compare", inplace_compare)
