"""A shape argument that the target takes only as a tuple (MindSpore ``ops.affine_grid`` rejects
lists). Tuples and ``.shape`` stay; a list literal becomes a tuple literal; anything else is
converted when it runs.

    (n, c, h, w)    →  (n, c, h, w)
    [n, c, h, w]    →  (n, c, h, w)
    x.shape         →  x.shape
    size            →  tuple(size)
"""

from __future__ import annotations

import ast

from translator.transforms.base import ValueTransform


def sequence_as_tuple(text: str, node: ast.expr | None) -> str:
    t = text.strip()
    try:  # the rewritten text decides (torch's x.size() is already x.shape here)
        node = ast.parse(t, mode="eval").body
    except SyntaxError:
        return f"tuple({t})"
    if isinstance(node, ast.Tuple) or (isinstance(node, ast.Attribute) and node.attr == "shape"):
        return t
    if isinstance(node, ast.List) and t.startswith("[") and t.endswith("]"):
        inner = t[1:-1].strip().rstrip(",")
        return f"({inner},)" if len(node.elts) == 1 else f"({inner})"
    return f"tuple({t})"


TRANSFORM = ValueTransform("sequence_as_tuple", sequence_as_tuple)
