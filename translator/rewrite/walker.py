"""One walk over a module's syntax tree that finds every torch use and rewrites it by the tables.

Calls are handled after their arguments (children first), so an enclosing rewrite always reads
already rewritten text. The walk is a plain recursive descent over ``ast`` nodes: no metadata
providers, so it costs a fraction of a parse.
"""

from __future__ import annotations

import ast
import re

from translator.binding import BindError, BoundCall, bind
from translator.names import chain_root, dotted, public_spelling
from translator.rewrite.calls import rewrite_call
from translator.rewrite.context import FileContext
from translator.tables.schema import Entry
from translator.transforms.base import NeedsTodo
from translator.weight_map import ClassFacts, class_facts

_DEF_NAME = re.compile(rb"(?:async\s+)?def\s+(\w+)")
_TYPE_CHECKS = {"isinstance", "issubclass"}


class Walker:
    def __init__(self, ctx: FileContext, module_classes: set[str]) -> None:
        self.ctx = ctx
        self.tables = ctx.tables
        self.aliases = ctx.names.aliases
        self.module_classes = module_classes  # user classes known to be torch modules, by name
        self.shadowed: frozenset[str] = frozenset()
        # what a nested function sees: class bodies re-bind names for themselves only
        self.visible_to_functions: frozenset[str] = frozenset()
        self.stmt: ast.stmt | None = None
        self.class_stack: list[tuple[ast.ClassDef, Entry | None, bool]] = []
        self.sequential_classes: set[ast.ClassDef] = set()  # subclasses of torch's Sequential
        self.type_check_depth = 0
        self.renames = ctx.tables.target.method_renames if ctx.names.uses_torch else {}
        self.class_facts: dict[str, ClassFacts] = {}  # weight-map facts per class
        # names known to hold a torch layer here (inside ``if isinstance(m, nn.BatchNorm2d):``)
        self.narrowed: dict[str, list[Entry]] = {}

    # --- traversal -------------------------------------------------------------------------
    def visit(self, node: ast.AST) -> None:
        handler = getattr(self, "visit_" + node.__class__.__name__, None)
        if handler is not None:
            handler(node)
        else:
            self.generic(node)

    def generic(self, node: ast.AST) -> None:
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def visit_stmt(self, node: ast.stmt) -> None:
        outer, self.stmt = self.stmt, node
        self.generic(node)
        self.stmt = outer

    def _scoped(self, node: ast.AST) -> None:
        self._in_scope(node, lambda: self.generic(node))

    def _in_scope(self, node: ast.AST, visit) -> None:
        own = self.ctx.names.shadowed.get(id(node), frozenset())
        outer, outer_visible = self.shadowed, self.visible_to_functions
        if isinstance(node, ast.ClassDef):
            self.shadowed = outer | own
        else:
            self.shadowed = self.visible_to_functions = outer_visible | own
        visit()
        self.shadowed, self.visible_to_functions = outer, outer_visible

    def _decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A decorator entry without target is removed (``@torch.jit.ignore`` has no meaning
        outside TorchScript); with a target it is replaced. Others are visited as expressions."""
        for d in node.decorator_list:
            ref = d.func if isinstance(d, ast.Call) else d
            qualified = self._resolve(ref)
            entry = self.tables.entries.get(qualified) if qualified else None
            if entry is None or entry.decorator is None:
                self.visit(d)
                continue
            self._count_use(ref)
            if entry.decorator == "remove":
                src = self.ctx.source
                at = src.offset(d.lineno, d.col_offset) - 1  # the "@"
                start, end = src.line_start(d.lineno), src.line_end(d.end_lineno)
                after = src.data[src.span(d)[1]:end].strip()
                if src.data[start:at].strip() or (after and not after.startswith(b"#")):
                    self.visit(d)
                    self._todo(qualified, "decorator shares its line with other code; remove it by hand")
                    continue
                self.ctx.edits.replace(start, end, "")
                self.ctx.consume(d)
            else:
                self.ctx.edits.replace(*self.ctx.source.span(d), self.ctx.ref(entry.decorator))
                self.ctx.consume(d)
            self.ctx.translated[qualified] += 1

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.stmt = self.stmt, node
        self._decorators(node)
        if self.class_stack and self.class_stack[-1][2] and node.name in self.renames:
            self._rename_def(node, self.renames[node.name])
        a = node.args
        for arg in [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)
        for default in [*a.defaults, *(d for d in a.kw_defaults if d is not None)]:
            self.visit(default)
        if node.returns is not None:
            self.visit(node.returns)
        self._scoped_body(node)
        self.stmt = outer
        if node.name == "__init__" and self.class_stack and self.class_stack[-1][2]:
            self._init_epilogue(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _init_epilogue(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        epilogues = self.tables.target.init_epilogue
        needed = [code for condition, code in epilogues.items()
                  if (condition == "fills_containers" and _fills_own_containers(node))
                  or (condition == "sequential_children" and self.class_stack[-1][0] in self.sequential_classes
                      and _assigns_own_attributes(node))]
        src = self.ctx.source
        first = node.body[0]
        indent = src.line_text(first.lineno)[: first.col_offset].decode("utf-8")
        if not needed or indent.strip():  # body on the def line: nowhere for statements of their own
            return
        # after the whole last line: a trailing comment there stays with its statement
        end = src.line_end(node.body[-1].end_lineno)
        while end > 0 and src.data[end - 1:end] in (b"\n", b"\r"):
            end -= 1
        nl = src.newline().decode()
        self.ctx.edits.insert(end, "".join(nl + indent + code for code in needed))

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda

    def visit_Import(self, node: ast.Import) -> None:
        pass  # imports are handled after the walk, once we know which torch names are still used

    visit_ImportFrom = visit_Import

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        # Positions inside f-strings are not reliable enough to edit; leave them, but say so.
        for n in ast.walk(node):
            if isinstance(n, (ast.Name, ast.Attribute)) and self._resolve(n):
                self._todo("f-string", "torch code inside an f-string is not translated")
                return

    # --- classes ---------------------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer, self.stmt = self.stmt, node
        self._decorators(node)
        layer_base: Entry | None = None
        is_module = False
        own_init = any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"
                       for s in node.body)
        self.type_check_depth += 1  # a base class is the target class itself, not an adapter
        for base in node.bases:
            qualified = self._resolve(base)
            if qualified is not None:
                entry = self.tables.entries.get(qualified)
                # containers (Sequential, ModuleList) are "call" entries, still Module classes
                if entry is not None and (entry.kind in ("class", "layer") or _container_class(qualified)):
                    is_module = True
                    layer_base = entry if entry.kind == "layer" else layer_base
                if entry is not None and entry.kind == "layer" and not own_init:
                    # the subclass is built with torch's arguments: its base must take them
                    self.type_check_depth -= 1
                    self.visit(base)
                    self.type_check_depth += 1
                    continue
                self.visit(base)
            else:
                name = dotted(base)
                if name is not None and name.rsplit(".", 1)[-1] in self.module_classes:
                    is_module = True
                self.visit(base)
        self.type_check_depth -= 1
        for kw in node.keywords:
            self.visit(kw)
        if not is_module and self.ctx.names.uses_torch and node.bases and any(
            isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "forward" for s in node.body
        ):
            is_module = all(self._resolve(b) is None and dotted(b) not in ("object",) for b in node.bases)
        self.class_facts[node.name] = class_facts(node, self)
        if any(self._resolve(b) == "torch.nn.Sequential" for b in node.bases):
            self.sequential_classes.add(node)
        self.class_stack.append((node, layer_base, is_module))
        self._scoped_body(node)
        self.class_stack.pop()
        self.stmt = outer

    def _scoped_body(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        def body() -> None:
            for stmt in node.body:
                self.visit(stmt)
        self._in_scope(node, body)

    def _rename_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef, new: str) -> None:
        start = self.ctx.source.offset(node.lineno, node.col_offset)
        m = _DEF_NAME.match(self.ctx.source.data, start)
        if m:
            self.ctx.edits.replace(m.start(1), m.end(1), new)

    # --- names -----------------------------------------------------------------------------
    def _resolve(self, node: ast.AST) -> str | None:
        """The torch qualified name ``node`` refers to, if it is a torch name chain."""
        root = chain_root(node)
        if root is None:
            return None
        name = dotted(node)
        if root.id in self.aliases and root.id not in self.shadowed:
            qualified = self.aliases[root.id] + name[len(root.id):]
            public = public_spelling(qualified)
            if public in self.tables.entries and qualified not in self.tables.entries:
                return public
            return qualified
        for module in self.ctx.names.star_modules:
            candidate = f"{module}.{name}"
            if root.id not in self.ctx.names.module_bound and (
                candidate in self.tables.entries or f"{module}.{root.id}" in self.tables.entries
            ):
                return candidate
        return None

    def _longest_entry(self, node: ast.AST) -> tuple[ast.AST, Entry | None, str]:
        """The innermost part of a chain that has a table entry (``nn.Module`` in
        ``nn.Module.__init__``), with its qualified name; else the whole chain."""
        chain: list[ast.AST] = []
        n = node
        while isinstance(n, ast.Attribute):
            chain.append(n)
            n = n.value
        chain.append(n)
        for part in chain:  # longest first
            q = self._resolve(part)
            if q is None:
                break
            entry = self.tables.entries.get(q)
            if entry is not None:
                return part, entry, q
        qualified = self._resolve(node) or ""
        # a name imported from a module that has no counterpart (from torch.hub import ...)
        parts = qualified.split(".")
        for i in range(len(parts) - 1, 1, -1):
            entry = self.tables.entries.get(".".join(parts[:i]))
            if entry is not None and entry.unsupported:
                return node, entry, ".".join(parts[:i])
        return node, None, qualified

    def _count_use(self, node: ast.AST) -> ast.Name | None:
        root = chain_root(node)
        if root is not None and root.id in self.aliases and root.id not in self.shadowed:
            self.ctx.alias_uses[root.id].add(id(root))
            return root
        return None

    def _consumed(self, root: ast.Name | None) -> None:
        if root is not None:
            self.ctx.alias_consumed.add(id(root))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._reference(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self._resolve(node) is not None:
            if isinstance(node.ctx, ast.Load):
                self._reference(node)
            return
        self.visit(node.value)
        self._layer_attribute(node)
        if node.attr in self.renames:
            end = self.ctx.source.span(node)[1]
            self.ctx.edits.replace(end - len(node.attr), end, self.renames[node.attr])

    def visit_If(self, node: ast.If) -> None:
        outer, self.stmt = self.stmt, node
        self.visit(node.test)
        narrowed = self._isinstance_narrowing(node.test)
        saved = dict(self.narrowed)
        if narrowed:
            self.narrowed.update(narrowed)
        for stmt in node.body:
            self.visit(stmt)
        self.narrowed = saved
        for stmt in node.orelse:
            self.visit(stmt)
        self.stmt = outer

    def _isinstance_narrowing(self, test: ast.AST) -> dict[str, list[Entry]]:
        """``isinstance(m, nn.BatchNorm2d)`` (or a tuple of layers) → {"m": [entry, ...]}."""
        if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"
                and len(test.args) == 2 and isinstance(test.args[0], ast.Name)):
            return {}
        classes = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        entries = []
        for c in classes:
            q = self._resolve(c)
            entry = self.tables.entries.get(q) if q else None
            if entry is None or entry.kind != "layer":
                return {}
            entries.append(entry)
        return {test.args[0].id: entries}

    def _layer_attribute(self, node: ast.Attribute) -> None:
        """``m.weight`` on a layer known to be a BatchNorm is ``m.gamma`` in MindSpore."""
        value = node.value
        entries: list[Entry] = []
        if isinstance(value, ast.Name) and value.id in self.narrowed:
            entries = self.narrowed[value.id]
        elif isinstance(value, ast.Name) and value.id == "self" and self.class_stack \
                and self.class_stack[-1][1] is not None:
            entries = [self.class_stack[-1][1]]  # a subclass of a torch layer reading its own
        elif (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
              and value.value.id == "self" and self.class_stack):
            facts = self.class_facts.get(self.class_stack[-1][0].name)
            ref = facts.attrs.get(value.attr) if facts else None
            if isinstance(ref, str) and ref in self.tables.entries:
                entries = [self.tables.entries[ref]]
        if not entries:
            return
        names = {e.attribute_renames().get(node.attr, node.attr) for e in entries}
        if len(names) > 1:
            self._todo(node.attr, f"means {' / '.join(sorted(names))} on "
                                  f"{' / '.join(e.short for e in entries)} in {self.tables.target.name}")
            return
        new = names.pop()
        if new != node.attr:
            end = self.ctx.source.span(node)[1]
            self.ctx.edits.replace(end - len(node.attr), end, new)
            self.ctx.translated[f"{entries[0].key}.{node.attr}"] += 1

    def _reference(self, node: ast.AST) -> None:
        qualified = self._resolve(node)
        if qualified is None:
            return
        root = self._count_use(node)
        part, entry, q = self._longest_entry(node)
        if entry is None:
            self._todo(q, f"not in the {self.tables.target.name} tables")
            return
        if entry.unsupported:
            self._todo(q, entry.unsupported)
            return
        if entry.kind == "decorator":
            self._todo(q, "a decorator used other than as a decorator")
            return
        if entry.value is not None:
            text = self.ctx.ref(entry.value)
        elif entry.kind == "method" or (entry.target is None and (self.type_check_depth or not entry.transform)):
            self._todo(q, "used as a value: no target object to stand for it")
            return
        elif entry.kind in ("layer", "call") and not self.type_check_depth and not self._plain_rename(entry) \
                and entry.source is None:
            try:
                text = self.ctx.adapter(entry)
            except NeedsTodo as todo:
                self._todo(q, todo.reason)
                return
        else:
            try:
                text = self.ctx.ref_or_source(entry)
            except NeedsTodo as todo:
                self._todo(q, todo.reason)
                return
        self.ctx.edits.replace(*self.ctx.source.span(part), text)
        self._consumed(root)
        self.ctx.translated[q] += 1

    @staticmethod
    def _plain_rename(entry: Entry) -> bool:
        """An entry whose target takes torch's arguments unchanged can be passed as a value."""
        return (not entry.transform and not entry.set and all(
            spec.action == "keep" and (spec.name in (None, name)) and not spec.transform
            and not spec.emit_default for name, spec in entry.args.items()
        ))

    # --- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        type_check = isinstance(func, ast.Name) and func.id in _TYPE_CHECKS and len(node.args) == 2
        for i, arg in enumerate(node.args):
            if type_check and i == 1:
                self.type_check_depth += 1
                self.visit(arg)
                self.type_check_depth -= 1
            else:
                self.visit(arg)
        for kw in node.keywords:
            self.visit(kw.value)
        qualified = self._resolve(func)
        if qualified is not None:
            self._torch_call(node, qualified)
        elif isinstance(func, ast.Attribute):
            self._attribute_call(node, func)
        else:
            self.visit(func)

    def _torch_call(self, node: ast.Call, qualified: str) -> None:
        entry = self.tables.entries.get(qualified)
        root = self._count_use(node.func)
        if entry is None or entry.kind in ("name", "class"):
            self._reference(node.func)
            return
        self._apply(node, entry, qualified, self.ctx.source.span(node.func), root)

    def _attribute_call(self, node: ast.Call, func: ast.Attribute) -> None:
        if (func.attr == "__init__" and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "super"
                and self.class_stack and self.class_stack[-1][1] is not None):
            self.visit(func.value)
            entry = self.class_stack[-1][1]
            self._apply(node, entry, entry.key, None, None)
            return
        self.visit(func)
        entry = self.tables.methods.get(func.attr) if self.ctx.names.uses_torch else None
        if entry is None:
            return
        end = self.ctx.source.span(func)[1]
        self._apply(node, entry, entry.key, (end - len(func.attr), end), None,
                    receiver=self.ctx.edits.node_text(func.value))

    def _apply(self, node: ast.Call, entry: Entry, api: str, callee: tuple[int, int] | None,
               root: ast.Name | None, receiver: str = "") -> None:
        try:
            if entry.unsupported:
                raise NeedsTodo(entry.unsupported)
            if callee is not None and entry.kind in ("layer", "call") and _needs_run_time_binding(entry, node):
                # *args / **kwargs cannot be bound statically; the adapter binds them at run
                # time with torch's own signature, and checks what the table restricts
                # a source-defined replacement takes torch's signature itself
                self.ctx.edits.replace(*callee, self.ctx.ref_or_source(entry) if entry.source
                                       else self.ctx.adapter(entry))
                self._consumed(root)
                self.ctx.translated[api] += 1
                return
            bound: BoundCall = bind(entry, node, self.ctx.edits.node_text)
            bound.receiver = receiver
            # a transform naming the target of an entry with source gets the source emitted
            bound.ref = lambda name: (self.ctx.ref_or_source(entry) if entry.source and name == entry.target
                                      else self.ctx.ref(name))
            bound.helper = self.ctx.helper
            rewrite_call(self.ctx, bound, callee)
        except BindError as todo:
            # a method call that does not fit torch's signature is most likely not on a tensor
            # (numpy's a.mean(axis=1), str.split(",", 1)...): leave it alone, say nothing
            if entry.kind != "method":
                self._todo(api, todo.reason)
            return
        except NeedsTodo as todo:
            self._todo(api, todo.reason)
            return
        self._consumed(root)
        self.ctx.translated[api] += 1

    # --- TODOs -----------------------------------------------------------------------------
    def _todo(self, api: str, reason: str) -> None:
        if self.stmt is not None:
            self.ctx.todo(self.stmt, api, reason)


def _container_class(qualified: str) -> bool:
    return qualified in ("torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict")


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


def _needs_run_time_binding(entry: Entry, call: ast.Call) -> bool:
    """*args or **kwargs that the torch signature does not itself absorb."""
    positional = [p for p in entry.params if not p.keyword_only and not p.star]
    takes_star = any(p.star == "*" for p in entry.params)
    takes_star_star = any(p.star == "**" for p in entry.params)
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred) and (not takes_star or i < len(positional)):
            return True
    return any(k.arg is None for k in call.keywords) and not takes_star_star


# every statement type records itself as the anchor for TODO comments
for _cls in ast.stmt.__subclasses__():
    if not hasattr(Walker, "visit_" + _cls.__name__):
        setattr(Walker, "visit_" + _cls.__name__, Walker.visit_stmt)
