"""In-place tensor method the target (Paddle) lacks → its out-of-place function, written into the
receiver with ``paddle.assign(value, receiver)``, which returns the receiver as torch's in-place
methods do. Arguments follow the table's ``args`` specs (see ``inplace_by_function``); an
indexed receiver is written back by item assignment as ``inplace_as_assign_value`` does.

    x.sgn_()                 →  paddle.assign(paddle.sgn(x), x)
    x.atan2_(y)              →  paddle.assign(paddle.atan2(x, y), x)
    f(x).sign_()             →  paddle.sign(f(x))  (a fresh tensor: nothing else holds it)
    (x * 2).sgn_()           →  TODO (an expression: assign its result by hand)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo
from translator.transforms.init import receiver_node, write_back
from translator.transforms.inplace_by_function_btensor import out_of_place


def inplace_by_assign(call: BoundCall, emit: Emitter) -> str:
    receiver, node = receiver_node(call)
    return assign(emit, receiver, node, out_of_place(call, emit, receiver))


def assign(emit: Emitter, receiver: str, node: ast.expr | None, value: str) -> str:
    """``value`` written into the receiver, which is returned."""
    if isinstance(node, ast.Call):
        return value  # a fresh tensor (paddle.rand([n]).sgn_()): nothing else holds it
    if isinstance(node, ast.Subscript):
        return write_back(emit, receiver, node, value)
    base = node
    while isinstance(base, ast.Attribute):
        base = base.value
    if not isinstance(base, ast.Name):
        raise NeedsTodo("in-place on an expression: assign its out-of-place result by hand")
    # the target's assign(value, output) lives beside its tensor class (paddle.Tensor -> paddle.assign)
    module = emit.counterpart("torch.Tensor").rsplit(".", 1)[0]
    return f"{module}.assign({value}, {receiver})"


TRANSFORM = EntryTransform("inplace_by_assign", inplace_by_assign)
