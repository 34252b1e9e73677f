"""Everything one file's rewrite accumulates: edits, TODOs, counts, imports needed, weight facts."""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from translator.diagnostics import NeedsTodo
from translator.edits import Edits, SourceMap
from translator.names import ModuleNames
from translator.rewrite.layout import NO_LAYOUT, Layout
from translator.tables.schema import Entry, Tables


class AliasUnavailable(Exception):
    """The user's own names take every alias a target object could be written with."""


@dataclass(frozen=True)
class Todo:
    line: int  # the line the comment is placed above
    api: str
    reason: str
    col: int = 1  # 1-based column of the statement left as TODO (reports point at it)

    @property
    def comment(self) -> str:
        return f"# TODO(torch2ms): {self.api}: {self.reason}"


# translates a table's torch ``source`` (text, where) to target code, avoiding the given target
# aliases; raises NeedsTodo when it does not translate whole. The engine provides it, so that
# this module (which the engine's rewrite steps use) does not depend on the engine.
SnippetTranslator = Callable[[str, str, frozenset[str]], str]


@dataclass(frozen=True)
class Use:
    """One torch API use that was translated, where it is, and what its reader should know.

    ``notes`` say where the translation is not a plain rename: an argument dropped, a default the
    target does not share written out, a generated adapter or helper (``scan`` reports these)."""

    line: int
    col: int  # 1-based
    api: str
    notes: tuple[str, ...] = ()


@dataclass
class FileContext:
    path: str
    source: SourceMap
    tables: Tables
    names: ModuleNames
    edits: Edits
    translate_snippet: SnippetTranslator
    disabled_aliases: frozenset[str] = frozenset()
    helper_module: str | None = None  # generated code is imported from there (a package's)
    layout: Layout = field(default_factory=lambda: NO_LAYOUT)  # which layer constructions keep torch's weight layout
    todos: list[Todo] = field(default_factory=list)
    translated: Counter = field(default_factory=Counter)  # api -> uses rewritten
    needed_modules: set[str] = field(default_factory=set)  # target modules referenced
    # node identities, not counts: a reference can be seen, or rewritten away, by more than one
    # rewrite (a dropped argument holding an already translated call)
    alias_uses: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    alias_consumed: set[int] = field(default_factory=set)  # ids of torch alias names rewritten away
    adapters: dict[str, tuple[str, str]] = field(default_factory=dict)  # api -> (name, code)
    uses: list[Use] = field(default_factory=list)  # every translated use, in the order rewritten
    # notes gathered while the current use is rewritten (adapters, helpers), attached by record_use
    pending_notes: list[str] = field(default_factory=list)
    # torch names kept bound for other modules (see rewrite/reexports.py): id(alias of a torch
    # import) -> "name = value" replacing that binding; and star-imported names bound after
    # their import: (that import, name, torch name, "name = value" or None for a stand-in)
    reexports: dict[int, str] = field(default_factory=dict)
    rebinds: list[tuple[ast.stmt, str, str, str | None]] = field(default_factory=list)

    def ref(self, dotted: str) -> str:
        """Source text naming a target object, via the target's import aliases.

        ``mindspore.nn.Conv2d`` becomes ``nn.Conv2d`` (needing ``from mindspore import nn``);
        when that alias is unusable in this file, the next shorter module is tried.
        """
        modules = self.tables.target.modules
        parts = dotted.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:i])
            spec = modules.get(module)
            if spec is None or spec.alias in self.disabled_aliases:
                continue
            self.needed_modules.add(module)
            return ".".join([spec.alias, *parts[i:]])
        if dotted in modules and modules[dotted].alias not in self.disabled_aliases:
            self.needed_modules.add(dotted)
            return modules[dotted].alias
        if any(".".join(parts[:i]) in modules for i in range(1, len(parts) + 1)):
            raise AliasUnavailable(f"every import alias that could name {dotted} is taken in this file")
        # a table names a module its target description does not configure: the tables' fault
        raise ValueError(f"no import alias configured for {dotted!r} in {self.tables.target.name}'s _target.yaml")

    @contextmanager
    def generating(self) -> Iterator[None]:
        """Generated code is spelled for where it goes: a package's helper module has none of
        this file's own names, so it uses the usual target aliases even where this file cannot."""
        saved = self.disabled_aliases
        if self.helper_module is not None:
            self.disabled_aliases = frozenset()
        try:
            yield
        finally:
            self.disabled_aliases = saved

    def helper(self, name: str, code: str | Callable[[], str]) -> str:
        """Module-level support code a transform needs (emitted once, beside the adapters)."""
        key = f"helper:{name}"
        if key not in self.adapters:
            if callable(code):
                with self.generating():
                    code = code()
            nl = self.source.newline().decode()
            self.adapters[key] = (name, nl.join(code.strip("\n").splitlines()) + nl)
        self.pending_notes.append(f"generated helper {name} added to the file")
        return name

    def ref_or_source(self, entry: Entry) -> str:
        """The target name of ``entry``; an entry with ``source`` gets its torch source translated
        by the same tables and emitted once into this file."""
        if entry.source is None:
            return self.ref(entry.target)
        key = f"helper:{entry.target}"
        if key not in self.adapters:
            # a table's source is written with the usual aliases, as its examples are
            header = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
            with self.generating():
                code = self.translate_snippet(header + entry.source, f"<{entry.where}>", self.disabled_aliases)
            imports = {spec.import_line: module for module, spec in self.tables.target.modules.items()}
            body = []
            for line in code.splitlines():
                if line.startswith(("import torch", "from torch")):
                    raise NeedsTodo("its replacement source still needs torch")
                if line in imports:
                    self.needed_modules.add(imports[line])
                else:
                    body.append(line)
            nl = self.source.newline().decode()
            self.adapters[key] = (entry.target, nl.join(body).strip("\n") + nl)
        self.pending_notes.append(f"generated helper {entry.target} (torch's code, translated) added to the file")
        return entry.target

    def todo(self, stmt: ast.stmt, api: str, reason: str) -> None:
        line = stmt.lineno
        decorators = getattr(stmt, "decorator_list", None)
        if decorators:
            line = min(line, *(d.lineno for d in decorators))
        self.todos.append(Todo(line, api, reason, stmt.col_offset + 1))
        self.pending_notes.clear()

    def record_use(self, api: str, node: ast.AST, notes: list[str] | tuple[str, ...] = ()) -> None:
        """``api`` at ``node`` was translated (counted, and located for reports)."""
        self.translated[api] += 1
        merged = tuple(dict.fromkeys([*notes, *self.pending_notes]))
        self.uses.append(Use(getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1, api, merged))
        self.pending_notes.clear()

    def consume(self, node: ast.AST) -> None:
        """The torch references inside ``node`` are gone from the output."""
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and n.id in self.names.aliases:
                self.alias_consumed.add(id(n))
