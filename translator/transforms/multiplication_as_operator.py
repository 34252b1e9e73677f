"""``torch.mul(a, b)`` → ``(a * b)``: element-wise product with broadcasting, for tensors and
numbers alike, which a target's ``multiply`` function may not accept (Paddle's takes tensors
only).

    torch.mul(x, y)         →  (x * y)
    torch.mul(x, 0.5)       →  (x * 0.5)
    torch.mul(a + b, c)     →  ((a + b) * c)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, binary_expression


def multiplication_as_operator(call: BoundCall, emit: Emitter) -> str:
    first, second = (p.name for p in call.entry.params[:2])
    return binary_expression(call.text(first), "*", call.text(second))


TRANSFORM = EntryTransform("multiplication_as_operator", multiplication_as_operator)
