"""Class-level rewrites: which classes are torch modules, and what a module class needs changed
(``forward`` → ``construct``, statements appended to ``__init__``)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from translator.rewrite.context import FileContext
from translator.tables.schema import Entry

_DEF_NAME = re.compile(rb"(?:async\s+)?def\s+(\w+)")
_CONTAINERS = ("torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict")


@dataclass(frozen=True)
class ClassFrame:
    """The class whose body the walk is in."""

    node: ast.ClassDef
    layer_base: Entry | None  # a torch layer it subclasses (its attributes, its super().__init__)
    is_module: bool  # a torch Module subclass: methods renamed, __init__ epilogues
    sequential: bool = False  # a subclass of torch's Sequential
    adapter_base: bool = False  # derives from the layer's generated adapter (takes torch's arguments)


def is_container_class(qualified: str) -> bool:
    """Containers (Sequential, ModuleList) are "call" entries, still Module classes."""
    return qualified in _CONTAINERS


def rename_def(ctx: FileContext, node: ast.FunctionDef | ast.AsyncFunctionDef, new: str) -> None:
    start = ctx.source.offset(node.lineno, node.col_offset)
    m = _DEF_NAME.match(ctx.source.data, start)
    if m:
        ctx.edits.replace(m.start(1), m.end(1), new)


def init_epilogue(ctx: FileContext, node: ast.FunctionDef | ast.AsyncFunctionDef, frame: ClassFrame) -> None:
    """Statements the target needs at the end of a module's ``__init__`` (``_target.yaml``)."""
    epilogues = ctx.tables.target.init_epilogue
    needed = [code for condition, code in epilogues.items()
              if (condition == "fills_containers" and _fills_own_containers(node))
              or (condition == "sequential_children" and frame.sequential and _assigns_own_attributes(node))]
    src = ctx.source
    first = node.body[0]
    indent = src.line_text(first.lineno)[: first.col_offset].decode("utf-8")
    if not needed or indent.strip():  # body on the def line: nowhere for statements of their own
        return
    # after the whole last line: a trailing comment there stays with its statement
    end = src.line_end(node.body[-1].end_lineno)
    while end > 0 and src.data[end - 1:end] in (b"\n", b"\r"):
        end -= 1
    nl = src.newline().decode()
    ctx.edits.insert(end, "".join(nl + indent + code for code in needed))


def _assigns_own_attributes(init: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``self.x = ...`` anywhere in ``init``."""
    return any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
               for s in ast.walk(init) if isinstance(s, (ast.Assign, ast.AnnAssign))
               for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))


def _fills_own_containers(init: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``self.x.append(...)`` / ``extend`` / ``insert`` / ``self.x += [...]`` in ``init`` itself."""
    def on_self(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"

    stack: list[ast.AST] = list(init.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                and n.func.attr in ("append", "extend", "insert") and on_self(n.func.value):
            return True
        if isinstance(n, ast.AugAssign) and on_self(n.target) and isinstance(n.value, (ast.List, ast.ListComp)):
            return True
        stack.extend(ast.iter_child_nodes(n))
    return False
