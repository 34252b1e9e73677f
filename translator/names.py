"""Resolve which names in a module mean torch, without full scope analysis.

libcst's QualifiedNameProvider costs several times a parse on large trees; what translation
needs is narrower: which local names are bound to torch by imports, and where such a name is
re-bound (a parameter called ``F``, a loop variable ``nn``) so that it no longer means torch.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass
class TorchImport:
    node: ast.Import | ast.ImportFrom
    bindings: list[tuple[str, str, ast.alias]]  # local name, torch qualified name, alias node


@dataclass
class ModuleNames:
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> torch qualified name
    star_modules: list[str] = field(default_factory=list)  # `from torch.nn import *`
    imports: list[TorchImport] = field(default_factory=list)
    shadowed: dict[int, set[str]] = field(default_factory=dict)  # id(scope node) -> names
    module_bound: set[str] = field(default_factory=set)  # non-torch names bound at module level

    @property
    def uses_torch(self) -> bool:
        return bool(self.imports)


def is_torch_module(module: str | None) -> bool:
    """``torch`` or one of its submodules (not ``torchvision``)."""
    return module is not None and (module == "torch" or module.startswith("torch."))


def collect_imports(tree: ast.Module) -> ModuleNames:
    """Torch imports anywhere in the module (lazy imports inside functions count too)."""
    names = ModuleNames()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            binds = []
            for a in node.names:
                if is_torch_module(a.name):
                    if a.asname:
                        binds.append((a.asname, a.name, a))
                    else:
                        binds.append(("torch", "torch", a))
            if binds:
                names.imports.append(TorchImport(node, binds))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and is_torch_module(node.module):
                binds = []
                for a in node.names:
                    if a.name == "*":
                        names.star_modules.append(node.module)
                        binds.append(("*", node.module, a))
                    else:
                        binds.append((a.asname or a.name, f"{node.module}.{a.name}", a))
                names.imports.append(TorchImport(node, binds))
        elif isinstance(node, (ast.stmt, ast.excepthandler, ast.match_case)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                    stack.append(child)
    names.imports.sort(key=lambda i: (i.node.lineno, i.node.col_offset))
    for imp in names.imports:
        for local, qualified, _ in imp.bindings:
            if local != "*":
                names.aliases[local] = qualified
    return names


def _binding_pattern(name: str) -> re.Pattern[str]:
    n = re.escape(name)
    return re.compile(
        rf"(?<![\w.]){n}\s*(?:=(?!=)|:=|,[^)\n]*=)|\bfor\s[^\n]*\b{n}\b[^\n]*\bin\b|\bas\s+{n}\b"
        rf"|\bdef\s+{n}\b|\bclass\s+{n}\b|[(,]\s*\*{{0,2}}{n}\s*[,):=]|\blambda\b[^:\n]*\b{n}\b"
    )


def _bound_in(scope: ast.AST, wanted: set[str]) -> set[str]:
    """Names from ``wanted`` that ``scope`` binds locally (not looking into nested scopes)."""
    found: set[str] = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = scope.args
        for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
            if p is not None and p.arg in wanted:
                found.add(p.arg)
        body: list[ast.AST] = list(scope.body) if isinstance(scope.body, list) else [scope.body]
    elif isinstance(scope, ast.ClassDef):
        body = list(scope.body)
    elif isinstance(scope, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        body = [g.target for g in scope.generators]
    else:
        body = list(scope.body)
    declared_global: set[str] = set()
    stack = body
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in wanted:
            found.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared_global.update(node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in wanted:
                found.add(node.name)
            stack.extend(node.decorator_list)
            continue
        elif isinstance(node, ast.ExceptHandler) and node.name in wanted:
            found.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                local = a.asname or a.name.split(".")[0]
                if local in wanted and not is_torch_module(getattr(node, "module", None) or a.name):
                    found.add(local)
            continue
        if isinstance(node, _SCOPES) and node is not scope:
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found - declared_global


def find_shadowing(tree: ast.Module, source: str, names: ModuleNames) -> None:
    """Record, per scope, the torch alias names that the scope re-binds.

    A cheap text pre-check skips the walk in the usual case where no alias is ever re-bound.
    """
    lines = re.split(r"\r\n|\r|\n", source)
    for imp in names.imports:
        for i in range(imp.node.lineno - 1, imp.node.end_lineno):
            lines[i] = ""
    masked = "\n".join(lines)
    wanted = {a for a in names.aliases if _binding_pattern(a).search(masked)}
    if not wanted:
        return
    module_level = _bound_in_module(tree, wanted)
    for name in module_level:
        names.aliases.pop(name, None)
    wanted -= module_level
    if not wanted:
        return
    for node in ast.walk(tree):
        if isinstance(node, _SCOPES):
            bound = _bound_in(node, wanted)
            if bound:
                names.shadowed[id(node)] = bound


def _bound_in_module(tree: ast.Module, wanted: set[str]) -> set[str]:
    """Module-level re-bindings, ignoring the ``except ImportError: torch = None`` idiom."""
    found: set[str] = set()
    for stmt in tree.body:
        targets: list[ast.AST] = []
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name in wanted:
            found.add(stmt.name)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.With)):
            targets = [stmt.target] if not isinstance(stmt, ast.With) else [
                i.optional_vars for i in stmt.items if i.optional_vars is not None]
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and n.id in wanted:
                    found.add(n.id)
    return found


# torch defines classes in submodules and re-exports them; tables key the public spelling.
_REEXPORTED = (re.compile(r"^torch\.nn\.modules\.\w+\."), re.compile(r"^torch\.nn\.parameter\."))


def public_spelling(qualified: str) -> str | None:
    """``torch.nn.Foo`` for ``torch.nn.modules.foo.Foo`` or ``torch.nn.parameter.Foo``, else None."""
    for pattern in _REEXPORTED:
        m = pattern.match(qualified)
        if m:
            return "torch.nn." + qualified[m.end():]
    return None


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attribute accesses on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def chain_root(node: ast.AST) -> ast.Name | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node if isinstance(node, ast.Name) else None
