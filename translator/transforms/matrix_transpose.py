"""``w`` → ``w.T``: a weight stored [out, in] by torch for a target that takes [in, out]
(``F.linear``).

    weight          →  weight.T
    self.fc.weight  →  self.fc.weight.T
    a + b           →  (a + b).T
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, parenthesize


def matrix_transpose(text: str, node: ast.expr | None) -> str:
    return f"{parenthesize(text)}.T"


TRANSFORM = ValueTransform("matrix_transpose", matrix_transpose)
