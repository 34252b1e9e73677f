"""Torch names that flow between the modules of one package, found before any file is translated.

A package re-exports torch names: timm's ``layers/trace_utils.py`` does ``from torch import
_assert`` only so that ``layers/__init__.py`` can do ``from .trace_utils import _assert`` and the
models ``from timm.layers import _assert``; ``layers/create_act.py`` gets ``torch``, ``nn`` and
``F`` from ``from .activations import *``. Translating one file at a time loses both directions:
the exporting module drops its torch import (nothing in it uses the name), so importers fail with
ImportError, and the importing module's ``F.relu`` is not seen as torch at all.

Per module this pass says which of its names are torch names bound by an import from another
module of the package (``inherited``: resolved as torch there, transitively through chains of
re-exports and star imports) and which of its names other modules import by name
(``exported``: the translated module keeps them bound). Only the package's own files are read;
imports of other packages are not followed.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from translator.names import collect_imports, find_shadowing


@dataclass(frozen=True)
class ModuleLinks:
    # local name -> (torch qualified name, line of the package import that binds it, whether that
    # import is a star import: a star import binds only what the source module binds itself)
    inherited: dict[str, tuple[str, int, bool]] = field(default_factory=dict)
    exported: frozenset[str] = frozenset()  # names other modules of the package import by name


@dataclass
class _Module:
    tree: ast.Module
    package: str  # the package relative imports start from
    torch: dict[str, str]  # module-level name -> torch qualified name (own imports)
    public: set[str] | None  # __all__, when the module defines one
    # (source module, [(name, local)] or None for *, line of the import)
    links: list[tuple[str, list[tuple[str, str]] | None, int]] = field(default_factory=list)


def module_level(tree: ast.Module) -> list[ast.stmt]:
    """Statements run when the module is imported (inside module-level if/try/with, not defs)."""
    out: list[ast.stmt] = []
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        stmt = stack.pop()
        out.append(stmt)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        inner: list[ast.stmt] = []
        for name in ("body", "orelse", "finalbody"):
            block = getattr(stmt, name, None)
            if isinstance(block, list):
                inner += [s for s in block if isinstance(s, ast.stmt)]
        for handler in getattr(stmt, "handlers", []):
            inner += handler.body
        stack.extend(reversed(inner))
    return out


def dunder_all(tree: ast.Module) -> set[str] | None:
    """The names of a module-level ``__all__`` list or tuple of strings (``+=`` included)."""
    names: set[str] | None = None
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
            getattr(stmt, "target", None)
        value = getattr(stmt, "value", None)
        if not (isinstance(target, ast.Name) and target.id == "__all__"
                and isinstance(value, (ast.List, ast.Tuple))):
            continue
        found = {e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        names = found if isinstance(stmt, ast.Assign) or names is None else names | found
    return names


def _module_name(path: Path, base: Path) -> tuple[str, str]:
    """(dotted module name, the package its relative imports start from)."""
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _source(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".") if package else []
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _read(path: Path, base: Path) -> tuple[str, _Module] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
        return None  # the translation reports it
    name, package = _module_name(path, base)
    stmts = module_level(tree)
    at_module = {id(s) for s in stmts}
    names = collect_imports(tree)
    find_shadowing(tree, names)
    torch = {local: qualified for imp in names.imports if id(imp.node) in at_module
             for local, qualified, _ in imp.bindings if local != "*" and local in names.aliases}
    module = _Module(tree, package, torch, dunder_all(tree))
    for stmt in stmts:
        if isinstance(stmt, ast.ImportFrom) and (stmt.level or stmt.module):
            pairs = None if any(a.name == "*" for a in stmt.names) else \
                [(a.name, a.asname or a.name) for a in stmt.names]
            module.links.append((_source(stmt, package), pairs, stmt.lineno))
    return name, module


def package_links(files: list[Path], base: Path) -> dict[Path, ModuleLinks]:
    """Links of every module among ``files`` (Python files under ``base``). ``base`` is the folder
    module names start from: a package's parent (``timm/layers/x.py`` is ``timm.layers.x``), or a
    folder of plain modules itself."""
    modules: dict[str, _Module] = {}
    paths: dict[str, Path] = {}
    for path in files:
        read = _read(path, base)
        if read is not None:
            modules[read[0]], paths[read[0]] = read[1], path
    inherited: dict[str, dict[str, tuple[str, int, bool]]] = {name: {} for name in modules}
    exported: dict[str, set[str]] = {name: set() for name in modules}

    def torch_names(name: str) -> dict[str, str]:
        return {**{k: v[0] for k, v in inherited[name].items()}, **modules[name].torch}

    for module in modules.values():
        for source, pairs, _ in module.links:
            if source in modules and pairs:
                # `from pkg import sub` names a submodule, not something pkg binds
                exported[source].update(n for n, _ in pairs if f"{source}.{n}" not in modules)
    for _ in range(len(modules) + 1):  # chains of re-exports: each round follows one more link
        changed = False
        for name, module in modules.items():
            found: dict[str, tuple[str, int, bool]] = {}
            for source, pairs, line in module.links:  # in source order: a later import wins
                if source not in modules or source == name:
                    continue
                offered = torch_names(source)
                star = pairs is None
                if star:
                    public = modules[source].public
                    pairs = [(n, n) for n in offered if (n in public if public is not None else not n.startswith("_"))]
                for imported, local in pairs:
                    if imported in offered:
                        found[local] = (offered[imported], line, star)
                    else:
                        found.pop(local, None)
            found = {k: v for k, v in found.items() if k not in module.torch}
            if found != inherited[name]:
                inherited[name], changed = found, True
        if not changed:
            break
    return {paths[name]: ModuleLinks(inherited[name], frozenset(exported[name])) for name in modules}
