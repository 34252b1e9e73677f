"""``pow(n, x)`` with a number base → ``n ** x`` (the target's pow needs a tensor base);
a tensor base keeps the function.

    torch.pow(2, x)      →  (2 ** x)
    torch.pow(x, 2)      →  paddle.pow(x, 2)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, parenthesize
from translator.transforms.number_operand_as_operator import is_number


def number_base_pow(call: BoundCall) -> str:
    base, exponent = call.text("input").strip(), call.text("exponent").strip()
    if is_number(call, "input"):
        return f"({parenthesize(base)} ** {parenthesize(exponent)})"
    return f"{call.ref(call.entry.target)}({base}, {exponent})"


TRANSFORM = EntryTransform("number_base_pow", number_base_pow)
