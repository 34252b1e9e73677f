"""Place ``# TODO(torch2ms): ...`` comment lines above the statements that keep torch code."""

from __future__ import annotations

import re

from translator.rewrite.context import FileContext

_INDENT = re.compile(rb"[ \t]*")


def insert_todo_comments(ctx: FileContext) -> None:
    by_line: dict[int, list[str]] = {}
    for todo in ctx.todos:
        comments = by_line.setdefault(todo.line, [])
        if todo.comment not in comments:
            comments.append(todo.comment)
    nl = ctx.source.newline().decode()
    for line, comments in sorted(by_line.items()):
        # a statement that starts on a backslash-continued line needs its comment higher up
        while line > 1 and ctx.source.line_text(line - 1).rstrip(b"\r\n").endswith(b"\\"):
            line -= 1
        indent = _INDENT.match(ctx.source.line_text(line)).group(0).decode()
        already = _existing_comments(ctx, line)
        text = "".join(f"{indent}{c}{nl}" for c in comments if c not in already)
        if text:
            ctx.edits.insert(ctx.source.line_start(line), text)


def _existing_comments(ctx: FileContext, line: int) -> set[str]:
    """TODO comments already above ``line`` (from an earlier run), so a rerun adds none."""
    found = set()
    while line > 1:
        text = ctx.source.line_text(line - 1).strip().decode("utf-8", "replace")
        if not text.startswith("# TODO(torch2ms):"):
            break
        found.add(text)
        line -= 1
    return found
