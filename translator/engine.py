"""Translate one source text: parse → resolve names → rewrite by table (the walk) → imports and
TODO comments → apply the edits.

The top-level call never raises because of a user's file: it returns a :class:`FileResult`
saying what happened, and the caller decides what to print and which exit code to use. A bug of
ours (any other exception) is not disguised as a user's problem: it propagates.
"""

from __future__ import annotations

import ast
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from translator.diagnostics import Diagnostic, NeedsTodo
from translator.edits import EditConflict, Edits, SourceMap
from translator.names import Resolver, collect_imports, find_shadowing
from translator.package_names import ModuleLinks, dunder_all
from translator.rewrite.context import AliasUnavailable, FileContext, Todo, Use
from translator.rewrite.imports import (
    module_bindings,
    remaining_torch_aliases,
    rewrite_imports,
    unusable_aliases,
)
from translator.rewrite.layout import analyse as analyse_layout
from translator.rewrite.reexports import plan_reexports
from translator.rewrite.todos import insert_todo_comments
from translator.rewrite.walker import Walker
from translator.tables.schema import Tables
from translator.weight_map import ClassFacts, Resolution, module_values


@dataclass
class FileResult:
    path: str
    status: str  # "translated" | "unchanged" | "failed"
    code: str | None = None  # the output text (None when failed)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    todos: list[Todo] = field(default_factory=list)
    translated: Counter = field(default_factory=Counter)
    classes: dict[str, ClassFacts] = field(default_factory=dict)
    uses: list[Use] = field(default_factory=list)  # each translated use, located, with its notes
    # generated support code the output uses: name -> definition (newlines as "\n"); inline in
    # the output, or (translated with a helper module) to be written into that module
    helpers: dict[str, str] = field(default_factory=dict)
    # module-level facts for the weight map's defaults (weight_map.module_values)
    module_values: dict[str, Any] = field(default_factory=dict)

    @property
    def todo_count(self) -> int:
        return len(self.todos)


def parse(text: str, path: str) -> ast.Module | Diagnostic:
    try:
        # the parser warns about the user's code (invalid escapes, ...): not ours to report,
        # and thousands of them would bury the run's own messages
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=path)
    except SyntaxError as exc:
        return Diagnostic(path, exc.lineno or 1, exc.offset or 1, f"syntax error: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:
        return Diagnostic(path, 1, 1, f"cannot parse: {exc}")


def _snippet_translator(tables: Tables):
    """Translates a table entry's torch ``source`` by the same tables (see FileContext)."""
    def translate(text: str, where: str, disabled_aliases: frozenset[str]) -> str:
        result = translate_source(text, where, tables, disabled_aliases=disabled_aliases)
        if result.code is None or result.todos:
            raise NeedsTodo(f"its replacement source does not translate: "
                            f"{'; '.join(t.comment for t in result.todos) or result.diagnostics}")
        return result.code
    return translate


def translate_source(text: str, path: str, tables: Tables,
                     module_classes: set[str] = frozenset(),
                     disabled_aliases: frozenset[str] = frozenset(),
                     helper_module: str | None = None, links: ModuleLinks | None = None) -> FileResult:
    """``disabled_aliases``: target aliases not to use (code emitted into a file where a kept
    torch import holds that name). ``helper_module``: the module (``.._torch2ms``) that the
    output imports its generated support code from, instead of defining it inline. ``links``:
    the torch names this module shares with the other modules of its package."""
    tree = parse(text, path)
    if isinstance(tree, Diagnostic):
        return FileResult(path, "failed", diagnostics=[tree])
    if "torch" not in text and not (links and links.inherited):
        return FileResult(path, "unchanged", code=text)
    names = collect_imports(tree)
    if links is not None:
        names.inherit(links.inherited)
    if not names.uses_torch:
        return FileResult(path, "unchanged", code=text)
    find_shadowing(tree, names)
    bindings = module_bindings(tree)
    names.module_bound = set(bindings)
    source = SourceMap(text)
    # decided once, before any rewrite: the rewrite and the weight map follow it
    layout = analyse_layout(tree, Resolver(names, tables.entries), tables.entries, ast.unparse)
    disabled: set[str] = set(disabled_aliases)
    for _attempt in range(4):
        ctx = FileContext(path, source, tables, names, Edits(source), _snippet_translator(tables),
                          frozenset(disabled), helper_module=helper_module, layout=layout)
        ctx.disabled_aliases = frozenset(disabled | unusable_aliases(ctx, bindings))
        try:
            walker = Walker(ctx, set(module_classes))
            walker.visit(tree)
        except AliasUnavailable as exc:
            return FileResult(path, "failed", diagnostics=[
                Diagnostic(path, 1, 1, f"file left untranslated: {exc}; rename your names")])
        # what unusual user code can cause; anything else is a bug of ours and surfaces
        except (EditConflict, RecursionError) as exc:
            return FileResult(path, "failed", diagnostics=[
                Diagnostic(path, 1, 1, f"internal error, file left untranslated: {exc!r}")])
        # a torch alias still in use (by a TODO) keeps its import; a target alias of the same
        # name would clash with it, so translate again spelling that target module longer
        clash = {a for a in remaining_torch_aliases(ctx)} & {
            spec.alias for spec in tables.target.modules.values()} - ctx.disabled_aliases
        if not clash:
            break
        disabled |= clash
    try:
        exported = (links.exported if links else frozenset()) | (dunder_all(tree) or set())
        if exported or names.inherited:
            plan_reexports(ctx, tree, walker.value_text, exported)
        rewrite_imports(ctx, tree)
        insert_todo_comments(ctx)
        code = ctx.edits.apply().decode("utf-8")
    except EditConflict as exc:
        return FileResult(path, "failed", diagnostics=[
            Diagnostic(path, 1, 1, f"internal error, file left untranslated: {exc}")])
    check = parse(code, path)
    if isinstance(check, Diagnostic):
        return FileResult(path, "failed", diagnostics=[Diagnostic(
            path, check.line, check.col,
            f"internal error: translation would not compile ({check.message}); file left untranslated")])
    classes = walker.class_facts
    values = module_values(tree, Resolution(lambda n: walker.resolver.resolve(n, walker.scope), tables.entries,
                                            ctx.layout.key))
    status = "translated" if code != text else "unchanged"
    helpers = {name: "\n".join(text.splitlines()) + "\n" for name, text in ctx.adapters.values()}
    return FileResult(path, status, code, [], ctx.todos, ctx.translated, classes, uses=ctx.uses,
                      helpers=helpers, module_values=values)
