"""torch's ``einsum(equation, (a, b))`` also takes its operands as one sequence; for a target
that takes them only as separate arguments, a sequence display is spread with ``*``.

    torch.einsum("ij,jk", (a, b))  →  paddle.einsum("ij,jk", *(a, b))
    torch.einsum("ij,jk", [a, b])  →  paddle.einsum("ij,jk", *[a, b])
    torch.einsum("ij,jk", a, b)    →  paddle.einsum("ij,jk", a, b)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform


def operand_sequence_spread(call: BoundCall) -> str:
    star = call.values[call.entry.params[0].name]
    items = list(star.items)
    args = call.call.args
    if len(args) == 2 and isinstance(args[1], (ast.Tuple, ast.List)):
        items[1] = "*" + items[1]
    return f"{call.ref(call.entry.target)}({', '.join(items)})"


TRANSFORM = EntryTransform("operand_sequence_spread", operand_sequence_spread)
