"""``pow(a, b)`` → ``a ** b``: the operator takes a tensor or a number on either side (a target
``pow`` that needs a tensor base fails on ``torch.pow(w_m, exponents)`` with a float ``w_m``,
and whether a name holds a number cannot be told statically).

    torch.pow(2, x)      →  (2 ** x)
    torch.pow(x, 2)      →  (x ** 2)
    torch.pow(w, t + 1)  →  (w ** (t + 1))
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, binary_expression


def power_as_operator(call: BoundCall, emit: Emitter) -> str:
    return binary_expression(call.text("input"), "**", call.text("exponent"))


TRANSFORM = EntryTransform("power_as_operator", power_as_operator)
