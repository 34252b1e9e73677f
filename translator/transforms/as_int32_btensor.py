"""An index argument cast to int32 (``.astype('int32')``): MindSpore 2.10's ``index_fill`` and
``index_add`` take int32 indices only, where torch's are int64.

    x.index_fill(1, i, -1.0)      →  x.index_fill(axis=1, index=i.astype('int32'), value=-1.0)
    x.index_add_(0, idx[:2], y)   →  x.index_add(axis=0, indices=idx[:2].astype('int32'), y=y)
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, parenthesize


def as_int32(text: str, node: ast.expr | None) -> str:
    return f"{parenthesize(text)}.astype('int32')"


TRANSFORM = ValueTransform("as_int32", as_int32)
