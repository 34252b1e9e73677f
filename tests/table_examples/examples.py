"""Every example of every table entry, with the translation the translator actually produces.

Shared by the text tests (no frameworks needed) and by the numeric runner processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from translator.engine import translate_source
from translator.tables import Entry, Example, load_tables
from translator.tables.loader import available_targets

HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
RESULT = "_result = "


@dataclass(frozen=True)
class Case:
    id: str
    target: str
    entry: Entry
    example: Example
    translated: str  # the expression the translator produced for example.call
    todos: tuple[str, ...]
    module_code: str  # the whole translated example module (imports, adapters, _result = ...)

    @property
    def torch_code(self) -> str:
        return torch_module(self.example.call)


def torch_module(call: str) -> str:
    """A one-line example is an expression; a multi-line one is statements that set _result."""
    if "\n" in call.strip():
        return HEADER + call.strip("\n") + "\n"
    return f"{HEADER}{RESULT}{call}\n"


def _body(code: str) -> str:
    """The translated module without the import lines the translator manages at its top."""
    lines = code.splitlines()
    while lines and (lines[0].startswith(("import ", "from ")) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def translate_expression(call: str, target: str) -> tuple[str, tuple[str, ...], str]:
    tables = load_tables(target)
    result = translate_source(torch_module(call), "<example>", tables)
    if result.code is None:
        failed = "<failed: " + "; ".join(str(d) for d in result.diagnostics) + ">"
        return failed, (), failed
    todos = tuple(t.comment for t in result.todos)
    if "\n" in call.strip():
        return _body(result.code), todos, result.code
    lines = [ln for ln in result.code.splitlines() if ln.startswith(RESULT)]
    return lines[0][len(RESULT):], todos, result.code


@cache
def cases(target: str) -> tuple[Case, ...]:
    tables = load_tables(target)
    out = []
    for key, entry in sorted(tables.entries.items()):
        for i, ex in enumerate(entry.examples):
            translated, todos, code = translate_expression(ex.call, target)
            out.append(Case(f"{target}:{key}:{i}", target, entry, ex, translated, todos, code))
    return tuple(out)


def all_targets() -> list[str]:
    return available_targets()
