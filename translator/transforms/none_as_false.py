"""An optional flag whose ``None`` means ``False`` (torch ``align_corners``) for a target that
takes only a bool.

    None    →  False
    True    →  True
    flag    →  bool(flag)      (None at run time becomes False)
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform, literal


def none_as_false(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text.strip(), mode="eval").body)
    if value is None:
        return "False"
    if isinstance(value, bool):
        return repr(value)
    return f"bool({text.strip()})"


TRANSFORM = ValueTransform("none_as_false", none_as_false)
