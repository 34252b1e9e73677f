"""A call that returns its first argument unchanged, where the target needs no call at all.

    torch.fx.wrap("my_function")   →  "my_function"
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def first_argument(call: BoundCall, emit: Emitter) -> str:
    first = call.entry.params[0].name
    return call.text(first)


TRANSFORM = EntryTransform("first_argument", first_argument)
