"""Jupyter notebooks: their code cells as one Python module, and back.

The cells are joined into one module (a cell can use what an earlier cell imported), each
preceded by a marker comment; IPython lines (``%magic``, ``!shell``) that do not parse are held
out behind marker comments and put back. After translation the module is split at the markers
and only the ``source`` of code cells changes: outputs, metadata and the other cells stay, and
the JSON is written back in the layout the file had (indent, key order, escaping, final newline).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from translator.source_io import SourceDecodeError

_CELL = "# torch2ms-cell {}"
_MAGIC = "# torch2ms-magic {}"
_CELL_RE = re.compile(r"^# torch2ms-cell (\d+)\n?$")
_MAGIC_RE = re.compile(r"^(\s*)# torch2ms-magic (\d+)$")
_IPYTHON = re.compile(r"^\s*[%!?]")


@dataclass
class Notebook:
    doc: dict
    indent: int | str | None
    ensure_ascii: bool
    final_newline: bool
    module: str = ""  # the code cells as one module
    cells: list[int] = field(default_factory=list)  # module cell k -> index in doc["cells"]
    starts: list[int] = field(default_factory=list)  # module line where cell k's code begins
    magics: list[str] = field(default_factory=list)


def read_notebook(data: bytes, path: str) -> Notebook:
    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        raise SourceDecodeError(f"{path}:{line}:{col}: not a notebook (invalid JSON: {exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise SourceDecodeError(f"{path}:1:1: not a notebook (no 'cells' list)")
    nb = Notebook(doc, _indent(text), "\\u" in text and text.isascii(), text.endswith("\n"))
    lines: list[str] = []
    for index, cell in enumerate(doc["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        nb.cells.append(index)
        lines.append(_CELL.format(len(nb.cells) - 1) + "\n")
        nb.starts.append(len(lines) + 1)
        for line in _source(cell).splitlines():
            if _IPYTHON.match(line):
                indent = line[: len(line) - len(line.lstrip())]
                lines.append(f"{indent}{_MAGIC.format(len(nb.magics))}\n")
                nb.magics.append(line)
            else:
                lines.append(line + "\n")
    nb.module = "".join(lines)
    return nb


def cell_of(nb: Notebook, line: int) -> tuple[int, int]:
    """(1-based code-cell number, line within that cell) of a module line."""
    k = 0
    for i, start in enumerate(nb.starts):
        if start <= line:
            k = i
    return (nb.cells[k] + 1 if nb.cells else 1), max(1, line - (nb.starts[k] if nb.starts else 1) + 1)


def place(path: str, line: int) -> str:
    """``path:line`` of a module line, ``path:cell N:line`` when ``path`` is a readable notebook."""
    if not path.endswith(".ipynb"):
        return f"{path}:{line}"
    try:
        cell, within = cell_of(read_notebook(Path(path).read_bytes(), path), line)
    except (OSError, SourceDecodeError):
        return f"{path}:{line}"
    return f"{path}:cell {cell}:{within}"


def write_notebook(nb: Notebook, module: str) -> bytes:
    """The notebook with its code cells replaced by the (translated) module's parts."""
    parts: list[list[str]] = [[] for _ in nb.cells]
    current = 0
    for line in module.splitlines():
        m = _CELL_RE.match(line)
        if m:
            current = int(m.group(1))
            continue
        magic = _MAGIC_RE.match(line)
        parts[current].append(nb.magics[int(magic.group(2))] if magic else line)
    for k, index in enumerate(nb.cells):
        cell = nb.doc["cells"][index]
        old = _source(cell)
        new = "\n".join(parts[k]) + ("\n" if old.endswith("\n") else "")
        if new != old:
            cell["source"] = new if isinstance(cell.get("source"), str) else new.splitlines(keepends=True)
    text = json.dumps(nb.doc, indent=nb.indent, ensure_ascii=nb.ensure_ascii)
    return (text + ("\n" if nb.final_newline else "")).encode("utf-8")


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _indent(text: str) -> int | str | None:
    """The indent unit of the file's first nested line (nbformat writes 1 space)."""
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped:
            unit = line[: len(line) - len(stripped)]
            return len(unit) if unit and set(unit) == {" "} else (unit or None)
    return None
