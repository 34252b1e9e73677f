"""Size given as separate positional ints → one shape argument; other arguments by the table.

torch's factories take ``*size``; MindSpore's take one ``size``/``shape`` argument (its second
positional parameter is ``dtype``). Every other argument follows the entry's ``args`` specs.

    torch.zeros(2, 3)                    →  ops.zeros((2, 3))
    torch.zeros(n)                       →  ops.zeros(n)
    torch.zeros((2, 3), dtype=torch.long) →  ops.zeros((2, 3), dtype=ms.int64)
    torch.ones(x.shape, device=x.device) →  ops.ones(x.shape)
    torch.zeros()                        →  ops.zeros(())
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def dims_to_shape_tuple(call: BoundCall, emit: Emitter) -> str:
    star = next(p for p in call.entry.params if p.star == "*")
    value = call.values.get(star.name)
    args = call.call.args
    if call.run_time:
        # torch.zeros(2, 3) and torch.zeros((2, 3)) both arrive here as a tuple
        t = value.text
        shape = f"{t}[0] if len({t}) == 1 and isinstance({t}[0], (tuple, list)) else {t}"
    elif value is None or not value.given:
        shape = "()"
    elif len(args) == 1 or value.keyword is not None:
        shape = value.text
    else:
        shape = f"({value.text})"
    rest = emit.arguments(call, [shape], skip=(star.name,))
    return f"{emit.ref(call.entry.target)}({rest})"


TRANSFORM = EntryTransform("dims_to_shape_tuple", dims_to_shape_tuple)
