"""``x.new_tensor(data)`` / ``x.new_full(size, v)``: a fresh tensor that takes the receiver's
dtype unless ``dtype`` is given, built by the entry's target function (MindSpore's
``Tensor.new_full`` runs on Ascend only, and neither target has ``new_tensor``). The other
arguments follow the entry's specs (device, requires_grad... dropped there).

    x.new_tensor([1.0, 2.0])                 →  ms.Tensor([1.0, 2.0], dtype=x.dtype)
    x.new_full((2, 3), 1.5)                  →  ops.full((2, 3), 1.5, dtype=x.dtype)
    x.new_full([2], 7, dtype=torch.int64)    →  ops.full([2], 7, dtype=ms.int64)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize


def new_like_receiver(call: BoundCall, emit: Emitter) -> str:
    dtype = call.text("dtype") if call.given("dtype") else f"{parenthesize(call.receiver)}.dtype"
    args = emit.arguments(call, [], skip=("dtype",))
    return f"{emit.ref(call.entry.target)}({args}, dtype={dtype})"


TRANSFORM = EntryTransform("new_like_receiver", new_like_receiver)
