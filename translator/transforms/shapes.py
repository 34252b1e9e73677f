"""Shapes and sequences: sizes given as separate ints, operand lists, pairs the target takes as tensors."""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, Emitter, EntryTransform, literal


def dims_to_shape_tuple(call: BoundCall, emit: Emitter) -> str:
    """Size given as separate positional ints → one shape argument; other arguments by the table.

    torch's factories take ``*size``; MindSpore's take one ``size``/``shape`` argument (its second
    positional parameter is ``dtype``). Every other argument follows the entry's ``args`` specs.

        torch.zeros(2, 3)                    →  ops.zeros((2, 3))
        torch.zeros(n)                       →  ops.zeros(n)
        torch.zeros((2, 3), dtype=torch.long) →  ops.zeros((2, 3), dtype=ms.int64)
        torch.ones(x.shape, device=x.device) →  ops.ones(x.shape)
        torch.zeros()                        →  ops.zeros(())
    """
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


DIMS_TO_SHAPE_TUPLE = EntryTransform("dims_to_shape_tuple", dims_to_shape_tuple)



def operand_sequence_spread(call: BoundCall, emit: Emitter) -> str:
    """torch's ``einsum(equation, (a, b))`` and ``meshgrid([a, b])`` also take their tensors as one
    sequence; for a target that takes them only as separate arguments, a sequence display in that
    place is spread with ``*``. Other arguments follow the entry's ``args`` specs.

        torch.einsum("ij,jk", (a, b))        →  paddle.einsum("ij,jk", *(a, b))
        torch.einsum("ij,jk", a, b)          →  paddle.einsum("ij,jk", a, b)
        torch.meshgrid([a, b], indexing="ij") →  ops.meshgrid(*[a, b], indexing="ij")
    """
    star = next(p for p in call.entry.params if p.star == "*")
    value = call.values.get(star.name)
    items = list(value.items) if value is not None and value.given else []
    nodes = call.call.args[len(call.call.args) - len(items):]
    if items and isinstance(nodes[-1], (ast.Tuple, ast.List)) and all(
            isinstance(n, ast.Constant) and isinstance(n.value, str) for n in nodes[:-1]):
        items[-1] = "*" + items[-1]
    return f"{emit.ref(call.entry.target)}({emit.arguments(call, items, skip=(star.name,))})"


OPERAND_SEQUENCE_SPREAD = EntryTransform("operand_sequence_spread", operand_sequence_spread)



def pair_as_tensor(call: BoundCall, name: str, emit: Emitter) -> dict[str, str]:
    """A size pair that the target takes only as a 1-D integer tensor (MindSpore ``ops.fold``'s
    ``output_size``). torch accepts an int for a square size.

        output_size=4          →  output_size=ms.Tensor((4, 4))
        output_size=(H, W)     →  output_size=ms.Tensor((H, W))
        output_size=size       →  output_size=ms.Tensor(size)   (a run-time int fails loudly: 0-D)
    """
    value = call[name]
    tensor = emit.counterpart("torch.tensor")
    v = literal(value.node) if value.given else NotImplemented
    text = value.text.strip()
    if isinstance(v, int) and not isinstance(v, bool):
        text = f"({v}, {v})"
    return {call.entry.args[name].name or name: f"{tensor}({text})"}


PAIR_AS_TENSOR = ArgTransform("pair_as_tensor", pair_as_tensor)
