"""torch ``chunk`` → a split into chunks of ``ceil(n / chunks)`` (the last one smaller), which is
how torch defines chunk; the target's own chunk requires an even split.

The entry's target is a split function with torch's ``split`` meaning (size of each chunk).
The size needs the input twice, so that form is used only when the input is a plain name or
attribute chain; any other input keeps the method form ``.chunk(chunks, dim)`` (exact when the
split is even, an error when it is not).

    torch.chunk(x, 3, dim=1)   →  paddle.compat.split(x, -(-x.shape[1] // 3), 1)
    x.chunk(2)                 →  paddle.compat.split(x, -(-x.shape[0] // 2), 0)
    self.qkv(x).chunk(3, -1)   →  self.qkv(x).chunk(3, -1)
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform, parenthesize
from translator.transforms.receiver_as_first_argument import is_plain_reference


def chunk_as_split_sizes(call: BoundCall, emit: Emitter) -> str:
    x = call.receiver if call.entry.kind == "method" else call.text("input")
    x = x.strip()
    chunks = call.text("chunks")
    dim = call.text("dim") if call.given("dim") else "0"
    if is_plain_reference(x):
        size = f"-(-{x}.shape[{dim}] // {parenthesize(chunks)})"
        return f"{emit.ref(call.entry.target)}({x}, {size}, {dim})"
    return f"{parenthesize(x)}.chunk({chunks}, {dim})"


TRANSFORM = EntryTransform("chunk_as_split_sizes", chunk_as_split_sizes)
