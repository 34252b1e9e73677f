"""What transforms may ask of the file being rewritten (see transforms/base.py: Emitter)."""

from __future__ import annotations

from collections.abc import Sequence

from translator.binding import BoundCall
from translator.diagnostics import NeedsTodo
from translator.rewrite import arguments
from translator.rewrite.context import FileContext


class FileEmitter:
    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def ref(self, dotted: str) -> str:
        return self.ctx.ref(dotted)

    def helper(self, name: str, code: str) -> str:
        return self.ctx.helper(name, code)

    def keywords(self, call: BoundCall, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        return arguments.keywords(call, self, skip)

    def arguments(self, call: BoundCall, lead: Sequence[str] = (), skip: tuple[str, ...] = ()) -> str:
        return arguments.render(call, self, list(lead), skip)

    def counterpart(self, torch_name: str) -> str:
        entry = self.ctx.tables.entries.get(torch_name)
        target = entry and (entry.value or entry.target)
        if not target or entry.source is not None:
            raise NeedsTodo(f"needs the {self.ctx.tables.target.name} counterpart of {torch_name}, "
                            "which its tables do not name")
        return self.ctx.ref(target)
