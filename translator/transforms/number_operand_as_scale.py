"""In-place arithmetic with a literal number → the target's in-place ``scale_(scale, bias)``
(its ``mul_``/``add_``/``div_``/``sub_`` take only tensors). Other operands keep the method.

    x.mul_(0.5)           →  x.scale_(0.5)
    x.div_(4)             →  x.scale_(1 / 4)
    x.add_(1.0)           →  x.scale_(1.0, 1.0)
    x.add_(2, alpha=0.5)  →  x.scale_(1.0, 0.5 * 2)
    x.sub_(1)             →  x.scale_(1.0, -1)
    x.mul_(mask)          →  x.mul_(mask)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize
from translator.transforms.number_operand_as_operator import is_number
from translator.transforms.receiver_as_first_argument import unchanged_method


def number_operand_as_scale(call: BoundCall, emit: Emitter) -> str:
    other = next(p.name for p in call.entry.params)
    op = call.entry.short
    if not is_number(call, other) or call.given("rounding_mode"):
        return unchanged_method(call)
    n = call.text(other).strip()
    if call.given("alpha"):
        n = f"{parenthesize(call.text('alpha'))} * {parenthesize(n)}"
    x = parenthesize(call.receiver)
    if op == "mul_":
        return f"{x}.scale_({n})"
    if op == "div_":
        return f"{x}.scale_(1 / {parenthesize(n)})"
    if op == "add_":
        return f"{x}.scale_(1.0, {n})"
    return f"{x}.scale_(1.0, -{parenthesize(n)})"


TRANSFORM = EntryTransform("number_operand_as_scale", number_operand_as_scale)
