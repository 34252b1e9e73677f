"""``F.normalize(x, p, dim, eps)`` → ``x / x.norm(p, dim, keepdim=True).clamp(min=eps)``,
torch's own definition written with Tensor methods (norm's first positional is the order).
The input appears twice, so it must be a plain name, attribute or subscript.

    F.normalize(x)                  →  x / x.norm(2.0, 1, keepdim=True).clamp(min=1e-12)
    F.normalize(x, dim=-1)          →  x / x.norm(2.0, -1, keepdim=True).clamp(min=1e-12)
    F.normalize(self.w, p=1, eps=e) →  self.w / self.w.norm(1, 1, keepdim=True).clamp(min=e)
    F.normalize(f(x), dim=-1)       →  TODO (assign f(x) to a variable first)
"""

from __future__ import annotations

import ast

from translator.binding import BoundCall
from translator.transforms.base import EntryTransform, NeedsTodo


def simple(text: str) -> bool:
    """A name, attribute chain or constant-index subscript: cheap and safe to evaluate twice."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return False
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Subscript) and not all(
            isinstance(n, (ast.Constant, ast.Slice, ast.Tuple, ast.UnaryOp, ast.Name, ast.Load, ast.USub, ast.Ellipsis))
            for n in ast.walk(node.slice)
        ):
            return False
        node = node.value
    return isinstance(node, ast.Name)


def normalize_by_norm(call: BoundCall) -> str:
    x = call.text("input").strip()
    if not simple(x):
        raise NeedsTodo("the input is used twice in the translation; assign it to a variable first")
    if call.given("out") and call.text("out").strip() != "None":
        raise NeedsTodo("out= has no equivalent")
    p, dim, eps = (call.text(n).strip() for n in ("p", "dim", "eps"))
    return f"{x} / {x}.norm({p}, {dim}, keepdim=True).clamp(min={eps})"


TRANSFORM = EntryTransform("normalize_by_norm", normalize_by_norm)
