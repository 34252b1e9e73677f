"""``m`` → ``1 - m``: torch's BatchNorm momentum weighs the new batch, MindSpore's and Paddle's
weigh the running statistic.

    nn.BatchNorm2d(8, momentum=0.1)   →  nn.BatchNorm2d(8, momentum=0.9)
    nn.BatchNorm2d(8, momentum=m)     →  nn.BatchNorm2d(8, momentum=1 - m)
    nn.BatchNorm2d(8, momentum=None)  →  TODO (cumulative average has no equivalent)
"""

from __future__ import annotations

import ast

from translator.transforms.base import NeedsTodo, ValueTransform, literal, parenthesize


def one_minus(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if value is None:
        raise NeedsTodo("momentum=None (cumulative moving average) has no equivalent")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(round(1 - value, 12))
    return f"1 - {parenthesize(text)}"


TRANSFORM = ValueTransform("one_minus", one_minus)
