"""A query that has no answer outside torch's tracer becomes the literal ``None``.

    torch._C._get_tracing_state()  →  None
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def literal_none(call: BoundCall, emit: Emitter) -> str:
    return "None"


TRANSFORM = EntryTransform("literal_none", literal_none)
