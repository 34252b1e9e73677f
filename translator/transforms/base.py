"""The three shapes a named transform can take, and what a transform may ask of the rewriter.

A transform gets already rewritten argument text and returns target text. It never edits the
source itself: the rewriter owns the edits, so every transform stays a small pure function that
its docstring examples describe completely. What it needs beyond the call (a target name with
its import, a module-level helper, the target arguments the entry's specs give) it asks of the
:class:`Emitter` it is handed.

A module may define any number of transforms: every module-level instance is registered.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

# re-exported: transforms raise it; it lives with the other diagnostics so that the engine
# catches it without importing the transforms
from translator.diagnostics import NeedsTodo as NeedsTodo

if TYPE_CHECKING:
    from translator.binding import BoundCall


class Emitter(Protocol):
    """What a transform may ask of the rewriter of the file it works on."""

    def ref(self, dotted: str) -> str:
        """Source text naming the target object ``dotted`` (its import is added)."""

    def helper(self, name: str, code: str | Callable[[], str]) -> str:
        """Defines module-level support ``code`` once per file (or per package, in its helper
        module); returns the name to call. Code naming target objects is given as a function
        writing it, so that its names are spelled for where it goes."""

    def keywords(self, call: BoundCall, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """``(keyword, text)`` of the target arguments the entry's specs give, except ``skip``'s."""

    def arguments(self, call: BoundCall, lead: Sequence[str] = (), skip: tuple[str, ...] = ()) -> str:
        """The target call's argument text: ``lead``, leading positionals, then keywords."""

    def counterpart(self, torch_name: str) -> str:
        """Source text naming the target's counterpart of a torch object, as its table entry
        says (``torch.float32`` → ``ms.float32``): transforms name target objects this way."""


@dataclass(frozen=True)
class ValueTransform:
    """Turns one argument's value text into the target's value text."""

    name: str
    fn: Callable[[str, ast.expr | None], str]


@dataclass(frozen=True)
class ArgTransform:
    """Turns one torch argument (given or defaulted) into target keyword arguments."""

    name: str
    fn: Callable[[BoundCall, str, Emitter], dict[str, str]]
    # in a generated adapter the value is known only at run time: statements checking the
    # parameter (name, torch default text) that the adapter runs first, raising with the reason
    run_time_guard: Callable[[str, str | None], list[str]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", _with_emitter(self.fn, 2))


@dataclass(frozen=True)
class EntryTransform:
    """Produces the whole replacement text of a call."""

    name: str
    fn: Callable[[BoundCall, Emitter], str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", _with_emitter(self.fn, 1))


class LegacyCall:
    """The call as transforms written before the emitter saw it: ``call.ref`` / ``call.helper``.

    Kept so that such a transform still works while it is moved to ``fn(call, ..., emit)``.
    """

    def __init__(self, call: BoundCall, emit: Emitter) -> None:
        self.call, self.emit = call, emit
        self.ref, self.helper = emit.ref, emit.helper

    def __getattr__(self, name: str) -> Any:
        return getattr(self.call, name)

    def __getitem__(self, name: str) -> Any:
        return self.call[name]


def render_arguments(call: LegacyCall, lead: Sequence[str], skip: tuple[str, ...] = ()) -> str:
    """The former ``dims_to_shape_tuple.render_arguments``, for a transform not yet moved to
    ``emit.arguments(call, lead, skip)``."""
    return call.emit.arguments(call.call, lead, skip)


def _with_emitter(fn: Callable, legacy_arity: int) -> Callable:
    """``fn`` itself, or for a transform written without the emitter parameter, a wrapper."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn
    if len(params) != legacy_arity or getattr(fn, "legacy_wrapper", False):
        return fn

    def wrapper(call: BoundCall, *rest: Any) -> Any:
        *args, emit = rest
        return fn(LegacyCall(call, emit), *args)

    wrapper.legacy_wrapper = True
    return wrapper


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
