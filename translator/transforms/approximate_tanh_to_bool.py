"""GELU ``approximate``: torch's string ('none' | 'tanh') → MindSpore nn.GELU's bool.

    nn.GELU()                    →  nn.GELU(approximate=False)
    nn.GELU(approximate='tanh')  →  nn.GELU(approximate=True)
    nn.GELU(approximate=a)       →  nn.GELU(approximate=a == 'tanh')
"""

from __future__ import annotations

import ast

from translator.transforms.base import NeedsTodo, ValueTransform, literal, parenthesize


def approximate_tanh_to_bool(text: str, node: ast.expr | None) -> str:
    value = literal(node) if node is not None else literal(ast.parse(text, mode="eval").body)
    if value == "none":
        return "False"
    if value == "tanh":
        return "True"
    if value is not NotImplemented:
        raise NeedsTodo(f"approximate={text}: torch accepts only 'none' or 'tanh'")
    return f"{parenthesize(text)} == 'tanh'"


TRANSFORM = ValueTransform("approximate_tanh_to_bool", approximate_tanh_to_bool)
