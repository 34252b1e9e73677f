"""An index argument cast to int32 (``.astype('int32')``): MindSpore 2.10's ``index_fill`` and
``index_add`` take int32 indices only, where torch's are int64.

    i         →  i.astype('int32')
    idx[:2]   →  idx[:2].astype('int32')
    a + b     →  (a + b).astype('int32')
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, parenthesize


def as_int32(text: str, node: ast.expr | None) -> str:
    return f"{parenthesize(text)}.astype('int32')"


TRANSFORM = ValueTransform("as_int32", as_int32)
