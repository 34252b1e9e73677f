"""Text edits on a source, addressed by the positions the parser reports.

Rewriting by edits (as ruff's fixes do) keeps every byte we do not touch, comments and
formatting included, and costs nothing for the lines without torch. Edits are made children
first; an edit that replaces a span absorbs the edits inside it, which is why a transform
reads argument text through :meth:`Edits.text` (the already rewritten text) and never from
the original source.
"""

from __future__ import annotations

import ast
import re

_NEWLINE = re.compile(rb"\r\n|\r|\n")


class EditConflict(Exception):
    pass


class SourceMap:
    """Byte offsets of the UTF-8 source for ``ast`` positions (whose columns are bytes)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.data)]

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.offset(node.lineno, node.col_offset),
            self.offset(node.end_lineno, node.end_col_offset),
        )

    def line_start(self, line: int) -> int:
        return self.line_starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the line's newline (or the end of the data)."""
        return self.line_starts[line] if line < len(self.line_starts) else len(self.data)

    def line_text(self, line: int) -> bytes:
        return self.data[self.line_start(line) : self.line_end(line)]

    def newline(self) -> bytes:
        m = _NEWLINE.search(self.data)
        return m.group(0) if m else b"\n"


class Edits:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self._items: list[tuple[int, int, int, bytes]] = []  # start, end, sequence, text
        self._seq = 0

    def replace(self, start: int, end: int, text: str) -> None:
        if end > start:
            # Edits inside the span were read through text() and are now part of it;
            # zero-length inserts on its boundaries belong to the enclosing code.
            self._items = [
                e for e in self._items
                if not (start <= e[0] and e[1] <= end and not (e[0] == e[1] and e[0] in (start, end)))
            ]
            for s, e, _, _ in self._items:
                if s < end and start < e and s != e:
                    raise EditConflict(f"edit {start}-{end} overlaps edit {s}-{e}")
        self._seq += 1
        self._items.append((start, end, self._seq, text.encode("utf-8")))

    def insert(self, offset: int, text: str) -> None:
        self.replace(offset, offset, text)

    def text(self, start: int, end: int) -> str:
        """The source between two offsets with the edits made so far inside it applied."""
        return self._apply(start, end, boundaries=False).decode("utf-8")

    def node_text(self, node: ast.AST) -> str:
        return self.text(*self.source.span(node))

    def apply(self) -> bytes:
        return self._apply(0, len(self.source.data), boundaries=True)

    def _apply(self, start: int, end: int, boundaries: bool) -> bytes:
        data = self.source.data
        out: list[bytes] = []
        pos = start
        for s, e, _, t in sorted(self._items):
            if s < start or e > end or (not boundaries and s == e and s in (start, end)):
                continue
            if s < pos:
                raise EditConflict(f"overlapping edits at byte {s}")
            out.append(data[pos:s])
            out.append(t)
            pos = e
        out.append(data[pos:end])
        return b"".join(out)
