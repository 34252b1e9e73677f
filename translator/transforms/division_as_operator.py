"""``torch.div(a, b)`` → ``(a / b)``: true division with broadcasting, for tensors and numbers
alike, which a target's ``divide`` function may not accept (Paddle's takes tensors only).

    torch.div(x, 2)   →  (x / 2)
    torch.div(x, y)   →  (x / y)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, parenthesize


def division_as_operator(call: BoundCall) -> str:
    first, second = (p.name for p in call.entry.params[:2])
    return f"({parenthesize(call.text(first))} / {parenthesize(call.text(second))})"


TRANSFORM = EntryTransform("division_as_operator", division_as_operator)
