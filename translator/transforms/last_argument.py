"""A call that returns its last argument unchanged, where the target needs no call at all.

    torch.jit.annotate(List[int], [])   →  []
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def last_argument(call: BoundCall, emit: Emitter) -> str:
    return call.text(call.entry.params[-1].name)


TRANSFORM = EntryTransform("last_argument", last_argument)
