"""A dtype whose ``None`` means torch's default float dtype, for a target that would otherwise
infer one from the value (``paddle.to_tensor(3)`` is int64, ``torch.scalar_tensor(3)`` float32).

    None           →  'float32'
    paddle.float16 →  paddle.float16   (the value arrives translated by the dtype tables)
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, literal


def none_as_float32(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    return "'float32'" if value is None else text.strip()


TRANSFORM = ValueTransform("none_as_float32", none_as_float32)
