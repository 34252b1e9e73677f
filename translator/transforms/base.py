"""The three shapes a named transform can take; each transform module defines one ``TRANSFORM``.

A transform gets already rewritten argument text and returns target text. It never edits the
source itself: the rewriter owns the edits, so every transform stays a small pure function that
its docstring examples describe completely.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

# re-exported: transforms raise it; it lives with the other diagnostics so that the engine
# catches it without importing the transforms
from translator.diagnostics import NeedsTodo as NeedsTodo

if TYPE_CHECKING:
    from translator.binding import BoundCall


@dataclass(frozen=True)
class ValueTransform:
    """Turns one argument's value text into the target's value text."""

    name: str
    fn: Callable[[str, ast.expr | None], str]


@dataclass(frozen=True)
class ArgTransform:
    """Turns one torch argument (given or defaulted) into target keyword arguments."""

    name: str
    fn: Callable[[BoundCall, str], dict[str, str]]


@dataclass(frozen=True)
class EntryTransform:
    """Produces the whole replacement text of a call."""

    name: str
    fn: Callable[[BoundCall], str]


def literal(node: ast.expr | None) -> object:
    """The Python value of a literal argument, or ``NotImplemented`` when it is not one."""
    if node is None:
        return NotImplemented
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NotImplemented


def binary_expression(left: str, op: str, right: str) -> str:
    """``(left op right)`` with each side parenthesized where it needs it."""
    return f"({parenthesize(left)} {op} {parenthesize(right)})"


def parenthesize(text: str) -> str:
    """Wrap ``text`` unless it is a single atom, so that it can be used inside an operator."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return f"({text})"
    if isinstance(node, (ast.Name, ast.Constant, ast.Attribute, ast.Call, ast.Subscript, ast.Tuple, ast.List)):
        return text.strip()
    return f"({text.strip()})"
