"""``torch.where(condition)`` (indices where it holds, one tensor per dim) for a target whose
``where`` takes only the three-argument form: ``nonzero`` from the same module as the target,
transposed into a tuple. The three-argument form goes to the target as the table says.

    torch.where(c)           →  tuple(ops.nonzero(c).T)
    torch.where(c, x, y)     →  ops.where(c, x, y)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, NeedsTodo


def where_condition_only_as_nonzero(call: BoundCall, emit: Emitter) -> str:
    if call.given("input") != call.given("other"):
        raise NeedsTodo("torch.where takes either one argument or three")
    if call.given("input"):
        return f"{emit.ref(call.entry.target)}({emit.arguments(call, [])})"
    module = call.entry.target.rsplit(".", 1)[0]
    return f"tuple({emit.ref(module + '.nonzero')}({call.text('condition').strip()}).T)"


TRANSFORM = EntryTransform("where_condition_only_as_nonzero", where_condition_only_as_nonzero)
