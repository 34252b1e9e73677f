"""Helpers shared by the robustness and CLI tests: run the CLI in-process, write byte files."""

from __future__ import annotations

import ast
import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from translator.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p for p in (REPO / "fixtures").glob("*.py") if not p.name.startswith("_"))
TARGETS = ("mindspore", "paddle")


@dataclass
class CliRun:
    code: int
    out: str
    err: str


def run_cli(*argv: str | Path) -> CliRun:
    """``torch2ms ARGV`` in this process, with its exit status and captured output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return CliRun(code, out.getvalue(), err.getvalue())


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def compiles(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def torch_lines(source: str, aliases: set[str], methods: set[str]) -> set[int]:
    """Line numbers (1-based) the translator may change: imports of torch, every line of a call
    on a torch name or of a tensor-method call, lines naming a torch alias, and the headers of
    classes and functions (``forward`` is renamed, ``nn.Module`` bases rewritten)."""
    tree = ast.parse(source)
    lines: set[int] = set()

    def mark(first: int, last: int) -> None:
        lines.update(range(first, last + 1))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(n == "torch" or n.startswith("torch.") for n in names):
                mark(node.lineno, node.end_lineno)
        elif isinstance(node, ast.Call):
            root = node.func
            while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
                if isinstance(root, ast.Attribute) and root.attr in methods:
                    break
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Attribute) or (isinstance(root, ast.Name) and root.id in aliases):
                mark(node.lineno, node.end_lineno)
        elif isinstance(node, ast.Name) and node.id in aliases:
            mark(node.lineno, node.end_lineno)
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            mark(first, node.body[0].lineno - 1)
        elif isinstance(node, ast.JoinedStr):
            mark(node.lineno, node.end_lineno)
    return lines


def check_untouched_lines(source: str, output: str, changeable: set[int]) -> None:
    """Every source line outside ``changeable`` appears in the output, unchanged and in order."""
    out_lines = output.splitlines(keepends=True)
    pos = 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        if number in changeable:
            continue
        while pos < len(out_lines) and out_lines[pos] != line:
            pos += 1
        assert pos < len(out_lines), f"line {number} {line!r} is missing or changed in the output:\n{output}"
        pos += 1
