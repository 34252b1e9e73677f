"""A Tensor method the target has only as a function: the receiver becomes the first argument
of the entry's target, always (also without further arguments); the other arguments follow the
table's ``args`` specs.

    x.detach()            →  ops.stop_gradient(x)
    (a * b).detach()      →  ops.stop_gradient(a * b)
    x.log_softmax(1)      →  ops.log_softmax(x, 1)
    x.log_softmax(dim=1)  →  ops.log_softmax(x, axis=1)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def method_as_function(call: BoundCall, emit: Emitter) -> str:
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, [call.receiver.strip()])})"


TRANSFORM = EntryTransform("method_as_function", method_as_function)
