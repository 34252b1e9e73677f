"""``torch._assert(cond, msg)`` → an expression that evaluates to ``None`` when ``cond`` holds
and raises ``AssertionError(msg)`` otherwise (like ``torch._assert``, also under ``python -O``).

    torch._assert(x.ndim == 4, "4-D input")
        →  None if (x.ndim == 4) else (_ for _ in ()).throw(AssertionError("4-D input"))
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize


def assert_expression(call: BoundCall, emit: Emitter) -> str:
    cond = parenthesize(call.values["condition"].text)
    msg = call.values["message"].text.strip()
    return f"None if {cond} else (_ for _ in ()).throw(AssertionError({msg}))"


TRANSFORM = EntryTransform("assert_expression", assert_expression)
