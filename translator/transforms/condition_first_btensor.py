"""``x.where(condition, other)`` → ``target(condition, x, other)``: torch's method takes the
tensor as the values where the condition holds; Paddle's ``Tensor.where`` takes the tensor as
the condition, so the function is called with torch's meaning.

    x.where(x > 0, y)      →  paddle.where(x > 0, x, y)
    (a + b).where(m, 0.0)  →  paddle.where(m, a + b, 0.0)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def condition_first(call: BoundCall, emit: Emitter) -> str:
    return f"{emit.ref(call.entry.target)}({call.text('condition')}, {call.receiver.strip()}, {call.text('other')})"


TRANSFORM = EntryTransform("condition_first", condition_first)
