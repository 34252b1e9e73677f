"""A call that is always false outside TorchScript / tracing becomes the literal ``False``.

    torch.jit.is_scripting()  →  False
    torch.jit.is_tracing()    →  False
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def literal_false(call: BoundCall, emit: Emitter) -> str:
    return "False"


TRANSFORM = EntryTransform("literal_false", literal_false)
