"""Every example of every table entry, with the translation the translator actually produces.

Shared by the text tests (no frameworks needed) and by the numeric runner processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from translator.tables import Entry, Example, example_text, load_tables
from translator.tables.example_text import torch_module
from translator.tables.loader import available_targets


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

    @property
    def torch_id(self) -> str:
        return self.id.split(":", 1)[1]

    @property
    def keeps_torch(self) -> bool:
        """An example of what this target leaves (partly) torch: the entry is unsupported, or the
        translation carries a TODO (pinned by the text test); nothing of it is claimed to run."""
        return bool(self.entry.unsupported) or bool(self.todos)


    @property
    def keeps_api(self) -> bool:
        """The entry's API is left as it is, with its TODO (torch calls nested in the example, such as
        an ``nn.Parameter(x)`` argument, may still be translated)."""
        short = self.entry.key.rsplit(".", 1)[-1]
        return (any(t.startswith(f"# TODO(torch2ms): {self.entry.key}:") for t in self.todos)
                and short in self.translated)


def torch_id(key: str, index: int) -> str:
    """An example's name across targets: the torch side runs once for all of them."""
    return f"{key}:{index}"


@cache
def _tables(target: str):
    return load_tables(target)


def translate_expression(call: str, target: str) -> tuple[str, tuple[str, ...], str]:
    return example_text.translate_expression(call, _tables(target))


@cache
def cases(target: str) -> tuple[Case, ...]:
    tables = _tables(target)
    out = []
    for key, entry in sorted(tables.entries.items()):
        for i, ex in enumerate(entry.examples):
            translated, todos, code = translate_expression(ex.call, target)
            out.append(Case(f"{target}:{torch_id(key, i)}", target, entry, ex, translated, todos, code))
    return tuple(out)


def all_targets() -> list[str]:
    return available_targets()
