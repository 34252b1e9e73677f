"""``num_classes`` of ``F.one_hot`` → the ``depth`` a target requires (MindSpore's ``ops.one_hot``).
torch infers it when omitted (or -1) as ``tensor.max() + 1``; the inference is written out when
the tensor is a name (evaluating it twice is harmless), else the call stays a TODO.

    F.one_hot(i, 5)             →  depth=5
    F.one_hot(i)                →  depth=int(i.max()) + 1
    F.one_hot(i, num_classes=-1) → depth=int(i.max()) + 1
    F.one_hot(f(i))             →  TODO (give num_classes)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import ArgTransform, NeedsTodo, literal


def one_hot_inferred_depth(call: BoundCall, name: str) -> dict[str, str]:
    value = call[name]
    if value.given and literal(value.node) != -1:
        return {"depth": value.text}
    tensor = call.text("tensor")
    node: ast.expr | None
    try:
        node = ast.parse(tensor.strip(), mode="eval").body
    except SyntaxError:
        node = None
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name):
        raise NeedsTodo("num_classes inferred from an expression: pass num_classes (the target's "
                        "one_hot requires it), e.g. int(t.max()) + 1")
    return {"depth": f"int({tensor.strip()}.max()) + 1"}


TRANSFORM = ArgTransform("one_hot_inferred_depth", one_hot_inferred_depth)
