"""``x.size()`` → ``x.shape``; ``x.size(d)`` → ``x.shape[d]`` (MindSpore's ``Tensor.size`` is the
element count, an int property).

    x.size()        →  x.shape
    x.size(1)       →  x.shape[1]
    x.size(dim=-1)  →  x.shape[-1]
    (a + b).size(0) →  (a + b).shape[0]
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize


def method_size_to_shape(call: BoundCall, emit: Emitter) -> str:
    receiver = parenthesize(call.receiver)
    dim = call.values["dim"]
    if not dim.given:
        return f"{receiver}.shape"
    return f"{receiver}.shape[{dim.text}]"


TRANSFORM = EntryTransform("method_size_to_shape", method_size_to_shape)
