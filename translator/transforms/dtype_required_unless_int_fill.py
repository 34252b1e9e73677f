"""``dtype`` of ``full``: torch infers it from ``fill_value`` (bool → bool, int → int64,
float → float32); a target that makes every Python number int64 needs ``dtype`` spelled out
unless the fill value is an int literal.

    torch.full((2, 3), 7)                        →  ops.full((2, 3), 7)
    torch.full((2, 3), 0.5, dtype=torch.float32) →  ops.full((2, 3), 0.5, dtype=ms.float32)
    torch.full((2, 3), 0.5)                      →  TODO (pass dtype=)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo, literal


def dtype_required_unless_int_fill(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    value = call[name]
    if value.given and value.text.strip() != "None":
        return {name: value.text}
    fill = literal(call["fill_value"].node)
    if isinstance(fill, int) and not isinstance(fill, bool):
        return {}
    raise NeedsTodo("no dtype: torch infers it from fill_value (float32 for floats, bool for bools); "
                    "pass dtype= explicitly")


TRANSFORM = ArgTransform("dtype_required_unless_int_fill", dtype_required_unless_int_fill)
