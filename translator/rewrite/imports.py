"""Torch imports out once nothing uses them; target imports in, after docstring and __future__."""

from __future__ import annotations

import ast
import builtins
import re

from translator.names import is_torch_binding, is_torch_module
from translator.rewrite.context import FileContext
from translator.rewrite.untranslated import STAND_IN, stand_in_position, stand_in_source, stand_in_statement


def module_bindings(tree: ast.Module) -> dict[str, str]:
    """Names bound at module level by anything but a torch import -> what binds them
    (the imported module for imports, '' for anything else)."""
    bound: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for a in stmt.names:
                if not is_torch_module(a.name):
                    bound[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(stmt, ast.ImportFrom):
            if stmt.level or not (is_torch_module(stmt.module) or is_torch_binding(stmt.module)):
                for a in stmt.names:
                    bound[a.asname or a.name] = f"{stmt.module}.{a.name}" if not stmt.level else ""
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[stmt.name] = ""
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        bound[n.id] = ""
    return bound


def unusable_aliases(ctx: FileContext, bindings: dict[str, str]) -> set[str]:
    """Target aliases that a module-level name of the user's already takes."""
    out = set()
    for module, spec in ctx.tables.target.modules.items():
        if spec.alias in bindings and bindings[spec.alias] != module:
            out.add(spec.alias)
    return out


def remaining_torch_aliases(ctx: FileContext) -> set[str]:
    return {a for a, uses in ctx.alias_uses.items() if uses - ctx.alias_consumed}


def _star_still_needed(ctx: FileContext, tree: ast.Module) -> bool:
    """Whether ``from torch... import *`` still provides names the output uses: names used but
    bound nowhere in the module, and not translated by a table entry (or left as TODO)."""
    bound = set(dir(builtins))
    loads: dict[str, ast.Name] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                loads.setdefault(n.id, n)
            else:
                bound.add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
        elif isinstance(n, ast.alias) and n.name != "*":
            bound.add(n.asname or n.name.split(".")[0])
        elif isinstance(n, ast.ExceptHandler) and n.name:
            bound.add(n.name)
    todo_apis = {t.api for t in ctx.todos}
    left = sorted(
        name for name in set(loads) - bound
        if not any(f"{m}.{name}" in ctx.tables.entries and f"{m}.{name}" not in todo_apis
                   for m in ctx.names.star_modules)
    )
    if left:
        star = next(i.node for i in ctx.names.imports if any(b[0] == "*" for b in i.bindings))
        ctx.todo(star, "import *", f"kept: {', '.join(left[:8])}{' ...' if len(left) > 8 else ''} "
                                   "still come from torch; import them explicitly")
    return bool(left)


def _blocks(tree: ast.Module) -> list[list[ast.stmt]]:
    blocks: list[list[ast.stmt]] = []
    stack: list[list[ast.stmt]] = [tree.body]
    while stack:
        body = stack.pop()
        blocks.append(body)
        for stmt in body:
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, name, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    stack.append(inner)
            for handler in getattr(stmt, "handlers", []):
                stack.append(handler.body)
            for case in getattr(stmt, "cases", []):
                stack.append(case.body)
    return blocks


def _top_level_of(tree: ast.Module) -> dict[int, ast.stmt]:
    """id of each statement inside a module-level statement (itself included) -> that statement."""
    return {id(n): top for top in tree.body for n in ast.walk(top) if isinstance(n, ast.stmt)}


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _with_fallback(tree: ast.Module, removed: set[int], target_names: set[str]) -> dict[int, str]:
    """Removed torch imports in a ``try:`` whose ``except ImportError:`` defines the same names
    (``try: from torch import _assert / except ImportError: def _assert(...)``): the uses this
    file makes were translated, but other modules import the name from here, so the fallback
    must run. Each gets the statement that sends control there (not ``pass``, which would leave
    the name unbound): ModuleNotFoundError, which every handler of an import error catches.
    Not for a name the target imports bind (``try: import torch.nn as nn / except ImportError:
    nn = None``): there the fallback is torch's absence, and the target's ``nn`` must stay."""
    found: dict[int, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        defined: set[str] = set()
        for handler in node.handlers:
            if _catches_import_error(handler.type):
                defined |= _bound_names(handler.body)
        for stmt in node.body:
            if id(stmt) in removed and isinstance(stmt, (ast.Import, ast.ImportFrom)):
                names = {(a.asname or a.name).split(".")[0] for a in stmt.names}
                if (names - target_names) & defined:
                    found[id(stmt)] = ('raise ModuleNotFoundError("translated from torch where this file uses it; '
                                       'the fallback below defines it for the modules importing it")')
    return found


def _catches_import_error(kind: ast.expr | None) -> bool:
    if kind is None:
        return True
    kinds = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS for k in kinds)


def _bound_names(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return names


def _format(node: ast.Import | ast.ImportFrom, keep: list[ast.alias]) -> str:
    names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in keep)
    if isinstance(node, ast.Import):
        return f"import {names}"
    return f"from {node.module} import {names}"


def _whole_lines(ctx: FileContext, node: ast.stmt) -> tuple[int, int] | None:
    """The span of the lines ``node`` occupies, if nothing else shares them."""
    src = ctx.source
    start, end = src.span(node)
    before = src.data[src.line_start(node.lineno):start]
    after = src.data[end:src.line_end(node.end_lineno)].strip()
    if before.strip() or (after and not after.startswith(b"#")):
        return None
    return src.line_start(node.lineno), src.line_end(node.end_lineno)


def rewrite_imports(ctx: FileContext, tree: ast.Module) -> None:
    remaining = remaining_torch_aliases(ctx)
    keep_star = bool(ctx.names.star_modules) and _star_still_needed(ctx, tree)
    removed: set[int] = set()
    stand_ins = False
    first_bound: ast.stmt | None = None  # the first import that binds a re-exported name
    tops = _top_level_of(tree)
    module_level = {id(s) for s in tree.body}
    stood_in: set[tuple[str, str]] = set()  # module-level stand-ins already written
    for imp in ctx.names.imports:
        keep = [a for local, _, a in imp.bindings
                if (local == "*" and keep_star) or (local != "*" and local in remaining)]
        kept = [b for b in imp.bindings if b[0] != "*" and b[2] in keep]
        if id(imp.node) in module_level:
            # `import torch` then `import torch.nn.utils`: both bind `torch`, one stand-in is enough
            again = {id(b[2]) for b in kept if (b[0], b[1]) in stood_in}
            kept = [b for b in kept if id(b[2]) not in again]
            keep = [a for a in keep if id(a) not in again]
            stood_in |= {(b[0], b[1]) for b in kept}
        # names other modules import from here: bound to their translation (reexports.py)
        binds = [ctx.reexports[id(a)] for _, _, a in imp.bindings if id(a) in ctx.reexports and a not in keep]
        if binds:
            top = tops.get(id(imp.node))
            if top is not None and (first_bound is None or top.lineno < first_bound.lineno):
                first_bound = top
        if kept:
            # a name a TODO still uses: bound to a stand-in, never to torch (see untranslated.py)
            torch_aliases = {id(b[2]) for b in imp.bindings}
            others = [a for a in imp.node.names if id(a) not in torch_aliases]
            ctx.edits.replace(*ctx.source.span(imp.node),
                              "; ".join([stand_in_statement(imp.node, kept, others), *binds]))
            stand_ins = True
        elif len(keep) == len(imp.node.names):
            continue
        elif keep or binds:
            ctx.edits.replace(*ctx.source.span(imp.node),
                              "; ".join([_format(imp.node, keep)] * bool(keep) + binds))
        else:
            removed.add(id(imp.node))
    nl = ctx.source.newline().decode()
    for stmt, local, qualified, text in ctx.rebinds:
        # a name a star import gave this module, bound right after that import
        line = text or stand_in_statement(stmt, [(local, qualified, None)], [])
        stand_ins = stand_ins or text is None
        top = tops.get(id(stmt))
        if text and top is not None and (first_bound is None or top.lineno < first_bound.lineno):
            first_bound = top
        end = ctx.source.line_end(stmt.end_lineno)
        prefix = "" if ctx.source.data[:end].endswith((b"\n", b"\r")) else nl
        ctx.edits.insert(end, prefix + " " * stmt.col_offset + line + nl)
    if stand_ins:
        _add_stand_in(ctx, tree)
    if not removed:
        _add_target_imports(ctx, tree, first_bound, first_bound)
        return
    replaced = next((s for s in tree.body if id(s) in removed and _whole_lines(ctx, s)), None)
    if first_bound is not None and (replaced is None or first_bound.lineno < replaced.lineno):
        replaced = first_bound  # target names it binds must be imported before it
    fallbacks = _with_fallback(tree, removed, {spec.alias for spec in ctx.tables.target.modules.values()})
    for body in _blocks(tree):
        gone = [s for s in body if id(s) in removed]
        if not gone:
            continue
        empties = len(gone) == len(body)
        for i, stmt in enumerate(gone):
            span = _whole_lines(ctx, stmt)
            if id(stmt) in fallbacks:
                ctx.edits.replace(*ctx.source.span(stmt), fallbacks[id(stmt)])
            elif empties and i == 0 and body is not tree.body:
                ctx.edits.replace(*ctx.source.span(stmt), "pass")
            elif span is not None:
                ctx.edits.replace(*span, "")
            else:
                ctx.edits.replace(*ctx.source.span(stmt), "pass")
    _add_target_imports(ctx, tree, replaced, first_bound)


def _add_target_imports(ctx: FileContext, tree: ast.Module, replaced: ast.stmt | None = None,
                        first_bound: ast.stmt | None = None) -> None:
    """Target imports take the place of the first module-level torch import removed, which is
    after any docstring and __future__ import; without one, they go right after those. Then the
    generated code, before ``first_bound`` (a statement binding a re-exported name to it)."""
    _add_imports(ctx, tree, replaced)
    _add_adapters(ctx, tree, ctx.source.newline().decode(), replaced, first_bound)


def _add_imports(ctx: FileContext, tree: ast.Module, replaced: ast.stmt | None) -> None:
    nl = ctx.source.newline().decode()
    needed = ctx.needed_modules if ctx.helper_module is None else _used_by_edits(ctx)
    if not needed:
        return
    existing = {ast.unparse(s) for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))}
    lines = [spec.import_line for module, spec in ctx.tables.target.modules.items()
             if module in needed and spec.import_line not in existing]
    if not lines:
        return
    body = tree.body
    i = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        i = 1
    while i < len(body) and isinstance(body[i], ast.ImportFrom) and body[i].module == "__future__":
        i += 1
    text = "".join(line + nl for line in lines)
    providers = [s for s in body if s.lineno in {line for _, line, _ in ctx.names.inherited.values()}]
    if replaced is None and providers and body.index(providers[-1]) >= i:
        # after the imports giving this module torch names from the package: a star import
        # there could otherwise rebind a target alias imported before it
        last = providers[-1]
        ctx.edits.insert(ctx.source.line_end(last.end_lineno), text)
    elif replaced is not None:
        ctx.edits.insert(ctx.source.line_start(replaced.lineno), text)
    elif i < len(body):
        first = body[i]
        line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])
        ctx.edits.insert(ctx.source.line_start(line), text)
    else:
        data = ctx.source.data
        prefix = "" if not data or data.endswith((b"\n", b"\r")) else nl
        ctx.edits.insert(len(data), prefix + text)


__all__ = ["helper_import", "module_bindings", "rewrite_imports", "unusable_aliases"]


def _used_by_edits(ctx: FileContext) -> set[str]:
    """The target modules the file's own rewritten code names (the generated code it imports
    from the helper module may need others, which that module imports)."""
    text = "\n".join(ctx.edits.replacements())
    return {module for module in ctx.needed_modules
            if re.search(rf"(?<![\w.]){re.escape(ctx.tables.target.modules[module].alias)}\b", text)}


def _names_used(ctx: FileContext) -> list[str]:
    """The generated names the file's rewritten code uses (one helper's code may define several,
    and an adapter's own helpers are the helper module's business), in isort's order."""
    text = "\n".join(ctx.edits.replacements())
    defined = {s.name for _, code in ctx.adapters.values() for s in ast.parse(code).body
               if isinstance(s, (ast.FunctionDef, ast.ClassDef))}
    # the stand-in has an import of its own, first in the file (see _add_stand_in)
    used = {n for n in defined if n != STAND_IN and re.search(rf"\b{re.escape(n)}\b", text)}
    return sorted(used, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))


def helper_import(module: str, names: list[str], nl: str = "\n") -> str:
    """``from <module> import a, b`` wrapped in parentheses, one name a line, when long."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 99:
        return line + nl
    return f"from {module} import ({nl}" + "".join(f"    {n},{nl}" for n in names) + f"){nl}"


def _add_stand_in(ctx: FileContext, tree: ast.Module) -> None:
    """The stand-in class goes first, after docstring and __future__: it needs nothing. With a
    package's helper module it is defined there, like every generated definition, and its import
    goes first instead (the statements binding stand-ins replace imports further down)."""
    nl = ctx.source.newline().decode()
    code = stand_in_source(ctx.tables.target.name, nl)
    i = stand_in_position(tree)
    if ctx.helper_module is not None:
        # one import of everything the file uses from the helper module, here (see _add_adapters)
        ctx.adapters[f"helper:{STAND_IN}"] = (STAND_IN, code)
        code = helper_import(ctx.helper_module, [STAND_IN, *_names_used(ctx)], nl).rstrip("\r\n")
    if i < len(tree.body):
        first = tree.body[i]
        line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])
        ctx.edits.insert(ctx.source.line_start(line), (nl if i else "") + code + nl + nl)
    else:
        data = ctx.source.data
        prefix = "" if not data or data.endswith((b"\n", b"\r")) else nl
        ctx.edits.insert(len(data), prefix + nl + code)


def _add_adapters(ctx: FileContext, tree: ast.Module, nl: str, replaced: ast.stmt | None = None,
                  first_bound: ast.stmt | None = None) -> None:
    """Adapter definitions go after the module's leading imports (they need only the target's);
    with a helper module, an import of them goes right after those imports. The target imports
    take the place of the first torch import removed, which may follow other statements (a
    ``try: import x`` block): the definitions then go after it, or they would run before the
    names they use are bound. Either way before ``first_bound``, an import replaced by a binding
    that may name them (the target imports are inserted there first)."""
    if not ctx.adapters:
        return
    body = tree.body
    i = 0
    if replaced is not None and replaced is not first_bound and ctx.helper_module is None:
        i = next(k for k, s in enumerate(body) if s is replaced) + 1
    while i < len(body) and body[i] is not first_bound and (isinstance(body[i], (ast.Import, ast.ImportFrom)) or (
            i == 0 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant))):
        i += 1
    if ctx.helper_module is not None:
        names = _names_used(ctx)
        if not names or f"helper:{STAND_IN}" in ctx.adapters:
            return  # generated, then rewritten away by an enclosing edit; or imported with the stand-in
        text = helper_import(ctx.helper_module, names, nl)
        if i:
            last = body[i - 1]
            # a section of its own after other imports, as isort writes a relative import
            own_section = isinstance(last, ast.Import) or (isinstance(last, ast.ImportFrom) and not last.level)
            ctx.edits.insert(ctx.source.line_end(last.end_lineno), (nl if own_section else "") + text)
        else:
            first = body[0]
            line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])
            ctx.edits.insert(ctx.source.line_start(line), text + nl)
        return
    code = (nl * 2).join(code for _, code in ctx.adapters.values())
    if i < len(body):
        first = body[i]
        line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])
        ctx.edits.insert(ctx.source.line_start(line), code + nl * 2)
    else:
        data = ctx.source.data
        prefix = "" if not data or data.endswith((b"\n", b"\r")) else nl
        ctx.edits.insert(len(data), prefix + nl * 2 + code)
