"""Torch names other modules import from this one stay bound in the translation.

``from torch import _assert`` in timm's ``layers/trace_utils.py`` exists for other modules
(``from .trace_utils import _assert``); nothing in the module itself uses it, so the import would
simply be dropped and every importer would fail. A torch name that the package's other modules
import by name, or that ``__all__`` lists, is therefore bound to what a reference to it
translates to (``_assert = TorchArgs_assert``), or, when nothing stands for it, to the
untranslated stand-in with a TODO. A name that came here by a star import from a module of the
package (``from .activations import *`` giving ``F``) is bound after that import when this module
still uses it in a TODO line (a stand-in) or exports it (its translation): the translated source
module does not bind it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Set

from translator.diagnostics import NeedsTodo
from translator.package_names import module_level
from translator.rewrite.context import AliasUnavailable, FileContext
from translator.rewrite.imports import remaining_torch_aliases


def plan_reexports(ctx: FileContext, tree: ast.Module, value_text: Callable[[str], str],
                   exported: Set[str]) -> None:
    """Fill ``ctx.reexports`` and ``ctx.rebinds``; ``value_text`` is the walker's translation of a
    torch name used as a value (NeedsTodo when there is none)."""
    stmts = module_level(tree)
    at_module = {id(s) for s in stmts}
    for imp in ctx.names.imports:
        if id(imp.node) not in at_module:
            continue
        for local, qualified, alias in imp.bindings:
            if local == "*" or local not in exported or ctx.names.aliases.get(local) != qualified:
                continue
            try:
                ctx.reexports[id(alias)] = f"{local} = {value_text(qualified)}"
                ctx.record_use(qualified, imp.node)
            except (NeedsTodo, AliasUnavailable) as todo:
                # still used: the import becomes the stand-in (rewrite_imports)
                ctx.alias_uses[local].add(id(alias))
                ctx.todo(imp.node, qualified, f"imported from here by other modules: {_reason(todo)}")
    remaining = remaining_torch_aliases(ctx)
    imports_at = {s.lineno: s for s in stmts if isinstance(s, ast.ImportFrom)}
    for local, (qualified, line, star) in ctx.names.inherited.items():
        stmt = imports_at.get(line)
        if not star or stmt is None or ctx.names.aliases.get(local) != qualified:
            continue
        if local in remaining:
            ctx.rebinds.append((stmt, local, qualified, None))
        elif local in exported:
            try:
                ctx.rebinds.append((stmt, local, qualified, f"{local} = {value_text(qualified)}"))
                ctx.record_use(qualified, stmt)
            except (NeedsTodo, AliasUnavailable) as todo:
                ctx.rebinds.append((stmt, local, qualified, None))
                ctx.todo(stmt, qualified, f"imported from here by other modules: {_reason(todo)}")


def _reason(exc: Exception) -> str:
    return getattr(exc, "reason", None) or str(exc)
