"""A ``dim`` that torch lets default to an implicit, shape-dependent choice (``F.softmax``):
given → ``axis=``; omitted → TODO, since the target's default (-1) may differ.

    F.softmax(x, 1)     →  F.softmax(x, axis=1)
    F.softmax(x)        →  TODO: pass dim explicitly
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, NeedsTodo


def explicit_dim_as_axis(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    if not call.given(name):
        raise NeedsTodo("without dim torch picks an implicit dimension (deprecated); pass dim explicitly")
    return {"axis": call.text(name)}


TRANSFORM = ArgTransform("explicit_dim_as_axis", explicit_dim_as_axis)
