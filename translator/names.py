"""Resolve which names in a module mean torch, without full scope analysis.

libcst's QualifiedNameProvider costs several times a parse on large trees; what translation
needs is narrower: which local names are bound to torch by imports, and where such a name is
re-bound (a parameter called ``F``, a loop variable ``nn``, ``from lib import F`` or a
``case F:`` capture inside a function) so that it no longer means torch there. A
:class:`Resolver` answers "which torch name does this expression mean in this scope" for the
walker and, through it, for the weight-map facts.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    # torch names bound by an import from another module of the package (see package_names):
    # local name -> (torch qualified name, line of that import, whether it is a star import)
    inherited: dict[str, tuple[str, int, bool]] = field(default_factory=dict)

    @property
    def uses_torch(self) -> bool:
        return bool(self.imports or self.inherited)

    def inherit(self, names: dict[str, tuple[str, int, bool]]) -> None:
        """Resolve the package's re-exported torch names here as torch (own imports win)."""
        for local, found in names.items():
            if local not in self.aliases:
                self.aliases[local] = found[0]
                self.inherited[local] = found


def is_torch_module(module: str | None) -> bool:
    """``torch`` or one of its submodules (not ``torchvision``)."""
    return module is not None and (module == "torch" or module.startswith("torch."))


def is_torch_binding(module: str | None) -> bool:
    """A package's torch binding (``safetensors.torch``, ``einops.layers.torch``): a submodule named
    ``torch`` imports torch, so ``from safetensors.torch import load_file`` is a torch import whose
    names the tables do not know (kept as TODO, bound to the stand-in, as an untranslated torch
    name is); a ``from`` import only: ``import safetensors.torch`` binds the package's name."""
    return module is not None and "torch" in module.split(".")[1:] and not is_torch_module(module)


def imports_torch(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> bool:
    """Whether ``alias`` of the import ``node`` binds a torch name."""
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (is_torch_module(node.module) or is_torch_binding(node.module))
    return is_torch_module(alias.name)


def collect_imports(tree: ast.Module) -> ModuleNames:
    """Torch imports anywhere in the module (lazy imports inside functions count too)."""
    names = ModuleNames()
    stack: list[ast.AST] = list(tree.body)
    fallbacks: set[int] = set()  # imports inside an `except` handler (try/except ImportError)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.excepthandler):
            fallbacks.update(id(n) for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
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
            if node.level == 0 and (is_torch_module(node.module) or is_torch_binding(node.module)):
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
            # `try: from torch.hub import get_dir` / `except ImportError: from torch.hub import
            # _get_torch_home as get_dir`: the fallback is for older torch; the name means what the
            # try branch imports, the API of the torch the tables describe
            if local != "*" and not (id(imp.node) in fallbacks and local in names.aliases):
                names.aliases[local] = qualified
    return names


def _pattern_names(node: ast.AST) -> list[str]:
    """Names a ``case`` pattern node binds (``case F:``, ``case [*F]``, ``case {**F}``)."""
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def _rebound_anywhere(tree: ast.Module, wanted: set[str]) -> set[str]:
    """Names from ``wanted`` that anything but a torch import binds somewhere in the module."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names = [] if isinstance(node.ctx, ast.Load) else [node.id]
        elif isinstance(node, ast.arg):
            names = [node.arg]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.ExceptHandler):
            names = [node.name] if node.name else []
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.asname or a.name.split(".")[0] for a in node.names if not imports_torch(node, a)]
        else:
            names = _pattern_names(node)
        found.update(n for n in names if n in wanted)
    return found


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
        elif _pattern_names(node):
            found.update(n for n in _pattern_names(node) if n in wanted)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                local = a.asname or a.name.split(".")[0]
                if local in wanted and not imports_torch(node, a):
                    found.add(local)
            continue
        if isinstance(node, _SCOPES) and node is not scope:
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found - declared_global


def find_shadowing(tree: ast.Module, names: ModuleNames) -> None:
    """Record, per scope, the torch alias names that the scope re-binds.

    One pass over the tree finds the aliases bound anywhere; the per-scope walk runs only for
    those (usually none).
    """
    wanted = _rebound_anywhere(tree, set(names.aliases))
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
        elif isinstance(stmt, ast.Match):
            found.update(n for case in stmt.cases for p in ast.walk(case.pattern)
                         for n in _pattern_names(p) if n in wanted)
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


@dataclass(frozen=True)
class Scope:
    """Torch alias names re-bound where the walk is: not torch there."""

    shadowed: frozenset[str] = frozenset()
    # what a nested function sees: class bodies re-bind names for themselves only
    visible_to_functions: frozenset[str] = frozenset()


class Resolver:
    """Which torch name an expression means, in a scope; built from the module's tree."""

    def __init__(self, names: ModuleNames, entries: Mapping[str, Any]) -> None:
        self.names = names
        self.aliases = names.aliases
        self.entries = entries

    def enter(self, node: ast.AST, outer: Scope) -> Scope:
        """The scope inside ``node`` (a function, class, lambda or comprehension)."""
        own = frozenset(self.names.shadowed.get(id(node), ()))
        if isinstance(node, ast.ClassDef):
            return Scope(outer.shadowed | own, outer.visible_to_functions)
        visible = outer.visible_to_functions | own
        return Scope(visible, visible)

    def torch_root(self, node: ast.AST, scope: Scope) -> ast.Name | None:
        """The name at the root of ``node`` when it is a torch alias in ``scope``."""
        root = chain_root(node)
        if root is not None and root.id in self.aliases and root.id not in scope.shadowed:
            return root
        return None

    def resolve(self, node: ast.AST, scope: Scope) -> str | None:
        """The torch qualified name ``node`` refers to, if it is a torch name chain."""
        root = chain_root(node)
        if root is None:
            return None
        name = dotted(node)
        if root.id in self.aliases and root.id not in scope.shadowed:
            qualified = self.aliases[root.id] + name[len(root.id):]
            public = public_spelling(qualified)
            if public in self.entries and qualified not in self.entries:
                return public
            return qualified
        for module in self.names.star_modules:
            candidate = f"{module}.{name}"
            if root.id not in self.names.module_bound and (
                candidate in self.entries or f"{module}.{root.id}" in self.entries
            ):
                return candidate
        return None
