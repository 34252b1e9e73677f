"""``v`` → ``not v``: an option whose meaning is inverted in the target (torch AvgPool's
``count_include_pad`` is Paddle's ``exclusive``).

    count_include_pad=True    →  exclusive=False
    count_include_pad=False   →  exclusive=True
    count_include_pad=flag    →  exclusive=not flag
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, literal, parenthesize


def logical_not(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    if isinstance(value, bool):
        return repr(not value)
    return f"not {parenthesize(text)}"


TRANSFORM = ValueTransform("logical_not", logical_not)
