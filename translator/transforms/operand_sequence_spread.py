"""torch's ``einsum(equation, (a, b))`` and ``meshgrid([a, b])`` also take their tensors as one
sequence; for a target that takes them only as separate arguments, a sequence display in that
place is spread with ``*``. Other arguments follow the entry's ``args`` specs.

    torch.einsum("ij,jk", (a, b))        →  paddle.einsum("ij,jk", *(a, b))
    torch.einsum("ij,jk", a, b)          →  paddle.einsum("ij,jk", a, b)
    torch.meshgrid([a, b], indexing="ij") →  ops.meshgrid(*[a, b], indexing="ij")
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def operand_sequence_spread(call: BoundCall, emit: Emitter) -> str:
    star = next(p for p in call.entry.params if p.star == "*")
    value = call.values.get(star.name)
    items = list(value.items) if value is not None and value.given else []
    nodes = call.call.args[len(call.call.args) - len(items):]
    if items and isinstance(nodes[-1], (ast.Tuple, ast.List)) and all(
            isinstance(n, ast.Constant) and isinstance(n.value, str) for n in nodes[:-1]):
        items[-1] = "*" + items[-1]
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, items, skip=(star.name,))})"


TRANSFORM = EntryTransform("operand_sequence_spread", operand_sequence_spread)
