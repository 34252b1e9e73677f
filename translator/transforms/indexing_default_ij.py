"""``indexing``: torch's default (``None``) is the legacy ``'ij'`` order; targets whose default
is ``'xy'`` must be told explicitly.

    torch.meshgrid(a, b)                  →  ops.meshgrid(a, b, indexing='ij')
    torch.meshgrid(a, b, indexing=None)   →  ops.meshgrid(a, b, indexing='ij')
    torch.meshgrid(a, b, indexing='xy')   →  ops.meshgrid(a, b, indexing='xy')
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform


def indexing_default_ij(text: str, node: ast.expr | None) -> str:
    if text.strip() == "None":
        return "'ij'"
    return text


TRANSFORM = ValueTransform("indexing_default_ij", indexing_default_ij)
