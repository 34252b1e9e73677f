"""``x.normal_(mean, std)`` / ``x.uniform_(from, to)`` → the entry's target (a ``*_like`` random
op of standard scale) scaled and shifted, written back with ``assign_value``: MindSpore 2.10 has
no CPU kernel for its in-place random fills. A fresh tensor (a call, as in
``torch.empty(n).normal_()``) takes the value directly; an indexed receiver is written back as
``inplace_as_assign_value`` does.

    w.normal_(std=0.02)                →  w.assign_value(ops.randn_like(w) * 0.02)
    w.data.uniform_(-a, a)             →  w.assign_value(ops.rand_like(w) * (a - (-a)) + (-a))
    ops.zeros((1, n)).normal_(std=s)   →  (ops.randn_like(ops.zeros((1, n))) * s)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, parenthesize
from translator.transforms.inplace_as_assign_value import receiver_node, write_back


def _scale_and_shift(call: BoundCall) -> tuple[str | None, str | None]:
    names = {p.name for p in call.entry.params}
    if {"mean", "std"} <= names:
        scale = call.text("std").strip() if call.given("std") else None
        shift = call.text("mean").strip() if call.given("mean") else None
        return scale, shift
    low = call.text("from_").strip() if call.given("from_") else "0"
    high = call.text("to").strip() if call.given("to") else "1"
    scale = None if (low, high) == ("0", "1") else f"{parenthesize(high)} - {parenthesize(low)}"
    return scale, (None if low == "0" else low)


def random_in_place(call: BoundCall, emit: Emitter) -> str:
    if call.given("generator"):
        raise NeedsTodo("generator=: seed the target's global generator instead")
    receiver, node = receiver_node(call)
    scale, shift = _scale_and_shift(call)
    value = f"{emit.ref(call.entry.target)}({receiver})"
    if scale is not None:
        value += f" * {parenthesize(scale)}"
    if shift is not None:
        value += f" + {parenthesize(shift)}"
    if isinstance(node, ast.Call):
        return f"({value})"
    return write_back(emit, receiver, node, value)


TRANSFORM = EntryTransform("random_in_place", random_in_place)
