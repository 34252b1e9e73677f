"""``torch.div(a, b)`` → ``(a / b)``: true division with broadcasting, for tensors and numbers
alike, which a target's ``divide`` function may not accept (Paddle's takes tensors only);
``rounding_mode='floor'`` is Python's floor division, ``//``.

    torch.div(x, 2)                         →  (x / 2)
    torch.div(x, y)                         →  (x / y)
    torch.div(x, 2, rounding_mode='floor')  →  (x // 2)
    torch.div(x, 2, rounding_mode='trunc')  →  TODO
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo, binary_expression, literal


def division_as_operator(call: BoundCall, emit: Emitter) -> str:
    first, second = (p.name for p in call.entry.params[:2])
    mode = literal(call["rounding_mode"].node) if call.given("rounding_mode") else None
    if mode not in (None, "floor"):
        raise NeedsTodo(f"rounding_mode={call.text('rounding_mode')}: truncate the quotient by hand")
    op = "//" if mode == "floor" else "/"
    return binary_expression(call.text(first), op, call.text(second))


TRANSFORM = EntryTransform("division_as_operator", division_as_operator)
