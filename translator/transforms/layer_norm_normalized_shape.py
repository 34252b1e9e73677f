"""torch LayerNorm ``normalized_shape`` → MindSpore's (a tuple; one normalized dim only).

MindSpore wants a tuple, and normalizes more than the last dim only with a POSITIVE
``begin_norm_axis`` (input rank - k), which a translation cannot know.

    nn.LayerNorm(8)          →  nn.LayerNorm((8,), epsilon=1e-05)
    nn.LayerNorm([8])        →  nn.LayerNorm([8], epsilon=1e-05)
    nn.LayerNorm(dim)        →  nn.LayerNorm((dim,) if isinstance(dim, int) else tuple(dim), epsilon=1e-05)
    nn.LayerNorm((4, 8))     →  TODO (set begin_norm_axis=begin_params_axis=input rank - 2)
"""

from __future__ import annotations

import ast

from translator.transforms.base import NeedsTodo, ValueTransform, literal, parenthesize


def normalized_shape(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"({value},)"
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise NeedsTodo(f"normalized_shape={text} normalizes {len(value)} dims: MindSpore LayerNorm then "
                            "needs begin_norm_axis=begin_params_axis=<input rank - k> (positive); write them")
        return text
    if node is not None and isinstance(node, (ast.Tuple, ast.List)):
        if len(node.elts) != 1:
            raise NeedsTodo(f"normalized_shape={text} normalizes several dims: MindSpore LayerNorm then "
                            "needs begin_norm_axis=begin_params_axis=<input rank - k> (positive); write them")
        return text
    t = parenthesize(text)
    return f"({t},) if isinstance({t}, int) else tuple({t})"


TRANSFORM = ValueTransform("layer_norm_normalized_shape", normalized_shape)
