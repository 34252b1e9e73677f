"""The walk over a module's syntax tree that finds every torch use and rewrites it by the tables.

Calls are handled after their arguments (children first), so an enclosing rewrite always reads
already rewritten text. The walk is a plain recursive descent over ``ast`` nodes: no metadata
providers, so it costs a fraction of a parse. It keeps the traversal state (scope, statement,
enclosing class, narrowed names) and dispatches: names are resolved by ``names.Resolver``, calls
rewritten by ``calls`` / ``adapters``, class-level rewrites are in ``classes``, layer attributes
in ``layers``, decorators in ``decorators``.
"""

from __future__ import annotations

import ast

from translator.binding import BindError, BoundCall, bind
from translator.diagnostics import NeedsTodo
from translator.names import Resolver, Scope, dotted, public_spelling
from translator.rewrite.adapters import adapter, base_needs_adapter
from translator.rewrite.attributes import rename_module_attribute
from translator.rewrite.calls import rewrite_call
from translator.rewrite.classes import ClassFrame, init_epilogue, is_container_class, rename_def
from translator.rewrite.context import FileContext
from translator.rewrite.decorators import decorator_entry, rewrite_decorator
from translator.rewrite.layers import isinstance_narrowing, layer_types, rename_attribute
from translator.rewrite.notes import call_notes
from translator.rewrite.probes import probe_answer
from translator.rewrite.promotion import creates_integer_tensor, promotes, rewrite_promoting
from translator.tables.schema import Entry
from translator.transforms.base import parenthesize
from translator.weight_map import ClassFacts, Resolution, class_facts

_TYPE_CHECKS = {"isinstance", "issubclass"}
# Methods of Python's containers and strings (and numpy's in-place ones) that mutate or are called
# for effect. A Tensor method of the same name that is not in-place has no effect when its result
# is discarded, so such a call statement is taken to be the builtin's: `lst.sort()`, `s.add(x)`.
_EFFECT_METHODS = frozenset({
    "append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort", "add", "discard",
    "update", "setdefault", "popitem", "fill", "resize", "put", "partition", "itemset", "setflags",
})


class Walker:
    def __init__(self, ctx: FileContext, module_classes: set[str]) -> None:
        self.ctx = ctx
        self.tables = ctx.tables
        self.aliases = ctx.names.aliases
        self.resolver = Resolver(ctx.names, ctx.tables.entries)
        self.module_classes = module_classes  # user classes known to be torch modules, by name
        self.scope = Scope()
        self.stmt: ast.stmt | None = None
        self.classes: list[ClassFrame] = []  # the enclosing classes, innermost last
        self.type_check_depth = 0
        self.annotation_depth = 0
        self.renames = ctx.tables.target.method_renames if ctx.names.uses_torch else {}
        self.class_facts: dict[str, ClassFacts] = {}  # weight-map facts per class
        # names known to hold a torch layer here (inside ``if isinstance(m, nn.BatchNorm2d):``)
        self.narrowed: dict[str, list[Entry]] = {}
        # the enclosing function creates an integer tensor and the target does not promote mixed
        # dtypes: its tensor arithmetic is rewritten with torch's promotion (rewrite/promotion.py)
        self.mixed_dtypes = False

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
        outer = self.scope
        self.scope = self.resolver.enter(node, outer)
        visit()
        self.scope = outer

    @property
    def frame(self) -> ClassFrame | None:
        """The innermost enclosing class."""
        return self.classes[-1] if self.classes else None

    def _decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """Decorators with a table entry are removed or replaced; others are visited as expressions."""
        for d in node.decorator_list:
            found = decorator_entry(d, self.resolve, self.tables.entries)
            if found is None:
                self.visit(d)
                continue
            ref, qualified, entry = found
            self._count_use(ref)
            if not rewrite_decorator(self.ctx, d, entry):
                self.visit(d)
                self._todo(qualified, "decorator shares its line with other code; remove it by hand")
                continue
            self.ctx.record_use(qualified, d)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.stmt = self.stmt, node
        self._decorators(node)
        frame = self.frame
        if frame is not None and frame.is_module and node.name in self.renames:
            rename_def(self.ctx, node, self.renames[node.name])
        a = node.args
        for arg in [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg]:
            if arg is not None and arg.annotation is not None:
                self._annotation(arg.annotation)
        for default in [*a.defaults, *(d for d in a.kw_defaults if d is not None)]:
            self.visit(default)
        if node.returns is not None:
            self._annotation(node.returns)
        outer_mixed = self.mixed_dtypes
        self.mixed_dtypes = (not self.tables.target.promotes_mixed_dtypes and self.ctx.names.uses_torch
                             and creates_integer_tensor(node, self.resolve))
        self._scoped_body(node)
        self.mixed_dtypes = outer_mixed
        self.stmt = outer
        if node.name == "__init__" and frame is not None and frame.is_module:
            init_epilogue(self.ctx, node, frame)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _annotation(self, node: ast.expr) -> None:
        """An annotation names a type: the target class itself, never an adapter (whatever
        arguments built the object, it is an instance of the target class)."""
        self.type_check_depth += 1
        self.annotation_depth += 1
        self.visit(node)
        self.annotation_depth -= 1
        self.type_check_depth -= 1

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        outer, self.stmt = self.stmt, node
        self.visit(node.target)
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.stmt = outer

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda

    def visit_Import(self, node: ast.Import) -> None:
        pass  # imports are handled after the walk, once we know which torch names are still used

    visit_ImportFrom = visit_Import

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        # Positions inside f-strings are not reliable enough to edit; leave them, but say so.
        for n in ast.walk(node):
            if isinstance(n, (ast.Name, ast.Attribute)) and self.resolve(n):
                self._todo("f-string", "torch code inside an f-string is not translated")
                return

    # --- classes ---------------------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer, self.stmt = self.stmt, node
        self._decorators(node)
        layer_base: Entry | None = None
        adapter_base = False
        is_module = False
        own_init = any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"
                       for s in node.body)
        todos_before = len(self.ctx.todos)
        self.type_check_depth += 1  # a base class is the target class itself, not an adapter
        for base in node.bases:
            qualified = self.resolve(base)
            if qualified is not None:
                entry = self.tables.entries.get(qualified)
                # containers (Sequential, ModuleList) are "call" entries, still Module classes
                if entry is not None and (entry.kind in ("class", "layer") or is_container_class(qualified)):
                    is_module = True
                if entry is not None and entry.kind == "layer":
                    layer_base = self.ctx.layout.entry(entry, cls=node.name)
                    if own_init and layer_base is entry and base_needs_adapter(node, entry, self.ctx.edits.node_text):
                        self._adapter_base(base, entry)
                        adapter_base = True
                        continue
                if entry is not None and entry.kind == "layer" and (not own_init or layer_base is not entry):
                    # the subclass is built with torch's arguments: its base must take them (a
                    # base keeping torch's weight layout is named as such, not as the target class)
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
        base_left_as_todo = len(self.ctx.todos) > todos_before
        for kw in node.keywords:
            self.visit(kw)
        if not is_module and self.ctx.names.uses_torch and node.bases and any(
            isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "forward" for s in node.body
        ):
            is_module = all(self.resolve(b) is None and dotted(b) not in ("object",) for b in node.bases)
        scope = self.scope
        self.class_facts[node.name] = class_facts(
            node, Resolution(lambda n: self.resolver.resolve(n, scope), self.tables.entries, self.ctx.layout.key))
        sequential = any(self.resolve(b) == "torch.nn.Sequential" for b in node.bases)
        if base_left_as_todo:
            # the class stays torch code (an autograd Function, a layer with no counterpart):
            # rewriting its body would mix the two frameworks
            self._keep_torch_code(node.body)
        else:
            for base in node.bases:
                entry = self.tables.entries.get(self.resolve(base) or "")
                if entry is not None and entry.kind == "class" and entry.attributes:
                    self._context_attributes(node, entry)
            self.classes.append(ClassFrame(node, layer_base, is_module, sequential, adapter_base))
            self._scoped_body(node)
            self.classes.pop()
        self.stmt = outer

    def _adapter_base(self, base: ast.expr, entry: Entry) -> None:
        """The base class becomes the layer's generated adapter (see ``base_needs_adapter``)."""
        root = self._count_use(base)
        self.ctx.edits.replace(*self.ctx.source.span(base), adapter(self.ctx, entry))
        self._consumed(root)
        self.ctx.record_use(entry.key, base)

    def _context_attributes(self, node: ast.ClassDef, entry: Entry) -> None:
        """A class entry's ``attributes`` rename attributes of the first parameter of its
        methods: the context an autograd Function's forward/backward get (``ctx.saved_tensors``
        is ``ctx.saved_tensor()`` on Paddle's PyLayer)."""
        for method in node.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = [*method.args.posonlyargs, *method.args.args]
            if not params:
                continue
            first = params[0].arg
            for n in ast.walk(method):
                if (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == first
                        and isinstance(n.ctx, ast.Load) and n.attr in entry.attributes):
                    end = self.ctx.source.span(n)[1]
                    self.ctx.edits.replace(end - len(n.attr), end, entry.attributes[n.attr])
                    self.ctx.record_use(f"{entry.key} context .{n.attr}", n)

    def _keep_torch_code(self, nodes: list[ast.stmt]) -> None:
        """Left as they are: their torch names keep their imports."""
        for stmt in nodes:
            for n in ast.walk(stmt):
                if isinstance(n, ast.Name) and n.id in self.aliases:
                    self.ctx.alias_uses[n.id].add(id(n))

    def _scoped_body(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        def body() -> None:
            for stmt in node.body:
                self.visit(stmt)
        self._in_scope(node, body)

    # --- names -----------------------------------------------------------------------------
    def resolve(self, node: ast.AST) -> str | None:
        """The torch qualified name ``node`` refers to here, if it is a torch name chain."""
        return self.resolver.resolve(node, self.scope)

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
            q = self.resolve(part)
            if q is None:
                break
            entry = self.tables.entries.get(q)
            if entry is not None:
                return part, entry, q
        qualified = self.resolve(node) or ""
        # a name imported from a module that has no counterpart (from torch.hub import ...)
        parts = qualified.split(".")
        for i in range(len(parts) - 1, 1, -1):
            entry = self.tables.entries.get(".".join(parts[:i]))
            if entry is not None and entry.unsupported:
                return node, entry, ".".join(parts[:i])
        return node, None, qualified

    def _count_use(self, node: ast.AST) -> ast.Name | None:
        root = self.resolver.torch_root(node, self.scope)
        if root is not None:
            self.ctx.alias_uses[root.id].add(id(root))
        return root

    def _consumed(self, root: ast.Name | None) -> None:
        if root is not None:
            self.ctx.alias_consumed.add(id(root))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._reference(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.resolve(node) is not None:
            if isinstance(node.ctx, ast.Load):
                self._reference(node)
            return
        self.visit(node.value)
        if self._attribute_chain(node):
            return
        layers = layer_types(node, self.narrowed, self.frame, self.class_facts, self.tables.entries)
        if layers:
            reason = rename_attribute(self.ctx, node, layers)
            if reason is not None:
                self._todo(node.attr, reason)
        if node.attr in self.renames:
            end = self.ctx.source.span(node)[1]
            self.ctx.edits.replace(end - len(node.attr), end, self.renames[node.attr])
        todo = rename_module_attribute(self.ctx, node)
        if todo is not None:
            self._todo(*todo)

    def _attribute_chain(self, node: ast.Attribute) -> bool:
        """A torch tensor attribute, or chain of two, that the target spells otherwise
        (``_target.yaml`` tensor_attributes: ``x.device.type``, ``x.is_quantized``), in files that
        use torch (where ``x`` may be a tensor). The longer chain is tried first."""
        if not self.ctx.names.uses_torch:
            return False
        chains = self.tables.target.tensor_attributes
        if isinstance(node.value, ast.Attribute) and f"{node.value.attr}.{node.attr}" in chains:
            receiver, chain = node.value.value, f"{node.value.attr}.{node.attr}"
        elif node.attr in chains:
            receiver, chain = node.value, node.attr
        else:
            return False
        text = parenthesize(self.ctx.edits.node_text(receiver))
        self.ctx.edits.replace(*self.ctx.source.span(node), chains[chain].format(receiver=text))
        self.ctx.record_use(f"Tensor.{chain}", node)
        return True

    def visit_If(self, node: ast.If) -> None:
        outer, self.stmt = self.stmt, node
        self.visit(node.test)
        narrowed = isinstance_narrowing(node.test, self.resolve, self.tables.entries)
        saved = dict(self.narrowed)
        if narrowed:
            self.narrowed.update(narrowed)
        for stmt in node.body:
            self.visit(stmt)
        self.narrowed = saved
        for stmt in node.orelse:
            self.visit(stmt)
        self.stmt = outer

    def _reference(self, node: ast.AST) -> None:
        qualified = self.resolve(node)
        if qualified is None:
            return
        root = self._count_use(node)
        part, entry, q = self._longest_entry(node)
        if entry is None:
            self._todo(q, f"not in the {self.tables.target.name} tables")
            return
        try:
            text = self._value_of(entry)
        except NeedsTodo as todo:
            self._todo(q, todo.reason)
            return
        self.ctx.edits.replace(*self.ctx.source.span(part), text)
        self._consumed(root)
        self.ctx.record_use(q, node)

    def _value_of(self, entry: Entry) -> str:
        """What a reference to ``entry``'s API (not a call) becomes; NeedsTodo when nothing can."""
        # an API the target lacks may still be named in an annotation (Optional[torch.Generator],
        # evaluated when the def runs): there its `value` (typing.Any) stands for it
        if entry.unsupported and (entry.value is None or not self.annotation_depth):
            raise NeedsTodo(entry.unsupported)
        if entry.kind == "decorator":
            raise NeedsTodo("a decorator used other than as a decorator")
        if not self.type_check_depth:
            # a layer class used as a value: its instances cannot be followed (rewrite/layout.py);
            # a type check names the target class, which the layout-keeping layer subclasses
            entry = self.ctx.layout.entry(entry)
        if entry.value is not None:
            return self.ctx.ref(entry.value)
        if entry.kind == "method" or (entry.target is None and (self.type_check_depth or not entry.transform)):
            raise NeedsTodo("used as a value: no target object to stand for it")
        if entry.kind in ("layer", "call") and not self.type_check_depth and not self._plain_rename(entry) \
                and entry.source is None:
            return adapter(self.ctx, entry)
        return self.ctx.ref_or_source(entry)

    def value_text(self, qualified: str) -> str:
        """What torch name ``qualified`` becomes as a value at module level (a re-exported name
        kept bound); NeedsTodo with the reason when nothing stands for it."""
        entry = self.tables.entries.get(qualified) or self.tables.entries.get(public_spelling(qualified) or "")
        if entry is None:
            raise NeedsTodo(f"not in the {self.tables.target.name} tables")
        return self._value_of(entry)

    @staticmethod
    def _plain_rename(entry: Entry) -> bool:
        """An entry whose target takes torch's arguments unchanged can be passed as a value."""
        return (not entry.transform and not entry.set and all(
            spec.action == "keep" and (spec.name in (None, name)) and not spec.transform
            and not spec.emit_default for name, spec in entry.args.items()
        ))

    def visit_BinOp(self, node: ast.BinOp) -> None:
        self.generic(node)
        if self.mixed_dtypes and not self.type_check_depth and promotes(node):
            rewrite_promoting(self.ctx, node)

    # --- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        if self._probe(node):
            return
        func = node.func
        type_check = isinstance(func, ast.Name) and func.id in _TYPE_CHECKS and len(node.args) == 2
        for i, arg in enumerate(node.args):
            if type_check and i == 1:
                self.type_check_depth += 1
                self.visit(arg)
                self.type_check_depth -= 1
            else:
                self.visit(arg)
        entry = self._call_entry(node)
        for kw in node.keywords:
            if not self._dropped_torch_name(entry, kw):
                self.visit(kw.value)
        qualified = self.resolve(func)
        if qualified is not None:
            self._torch_call(node, qualified)
        elif isinstance(func, ast.Attribute):
            self._attribute_call(node, func)
        else:
            self.visit(func)

    def _probe(self, node: ast.Call) -> bool:
        """``hasattr(torch, "compiler")``: whether the tables translate that API; getattr of one
        they do not: its default (rewrite/probes.py)."""
        found = probe_answer(node, self.resolve, self.tables.entries) if self.ctx.names.uses_torch else None
        if found is None:
            return False
        probed, answer = found
        if isinstance(answer, ast.expr):
            self.visit(answer)
            answer = self.ctx.edits.node_text(answer)
        root = self._count_use(node.args[0])
        self.ctx.edits.replace(*self.ctx.source.span(node), answer)
        self._consumed(root)
        self.ctx.record_use(probed, node, (f"probe of {probed}: {'translated' if answer == 'True' else 'absent'}"
                                           " in the tables",))
        return True

    def _call_entry(self, node: ast.Call) -> Entry | None:
        qualified = self.resolve(node.func)
        if qualified is not None:
            return self.tables.entries.get(qualified)
        if isinstance(node.func, ast.Attribute) and self.ctx.names.uses_torch:
            return self.tables.methods.get(node.func.attr)
        return None

    def _dropped_torch_name(self, entry: Entry | None, kw: ast.keyword) -> bool:
        """A torch constant the tables have no entry for, passed to an argument the entry drops
        (``x.clone(memory_format=torch.contiguous_format)``): its text goes with the argument,
        so it is no use of torch to report."""
        spec = entry.args.get(kw.arg) if entry is not None and kw.arg else None
        if spec is None or self.resolve(kw.value) is None or self._longest_entry(kw.value)[1] is not None:
            return False
        return spec.action == "drop" or (spec.action == "only" and spec.name is None
                                         and self.ctx.edits.node_text(kw.value) in spec.only)

    def _torch_call(self, node: ast.Call, qualified: str) -> None:
        entry = self.tables.entries.get(qualified)
        root = self._count_use(node.func)
        if entry is None or entry.kind in ("name", "class"):
            self._reference(node.func)
            return
        entry = self.ctx.layout.entry(entry, call=node)
        self._apply(node, entry, qualified, self.ctx.source.span(node.func), root)

    def _attribute_call(self, node: ast.Call, func: ast.Attribute) -> None:
        if (func.attr == "__init__" and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "super"
                and self.frame is not None and self.frame.layer_base is not None):
            self.visit(func.value)
            entry = self.frame.layer_base
            if self.frame.adapter_base:
                # the adapter base takes torch's arguments: only their values are translated
                for arg in [*node.args, *node.keywords]:
                    self.visit(arg)
                self.ctx.record_use(entry.key, node)
                return
            self._apply(node, entry, entry.key, None, None)
            return
        self.visit(func)
        entry = self.tables.methods.get(func.attr) if self.ctx.names.uses_torch else None
        if entry is None or self._discarded_effect_call(node, func):
            return
        end = self.ctx.source.span(func)[1]
        self._apply(node, entry, entry.key, (end - len(func.attr), end), None,
                    receiver=self.ctx.edits.node_text(func.value))

    def _discarded_effect_call(self, node: ast.Call, func: ast.Attribute) -> bool:
        """``lst.sort()`` as a statement: a builtin's mutation, not a tensor method (whose result
        would be thrown away)."""
        return (func.attr in _EFFECT_METHODS and isinstance(self.stmt, ast.Expr)
                and self.stmt.value is node)

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
                                       else adapter(self.ctx, entry))
                self._consumed(root)
                self.ctx.record_use(api, node)
                return
            bound: BoundCall = bind(entry, node, self.ctx.edits.node_text)
            bound.receiver = receiver
            bound.value_unused = isinstance(self.stmt, ast.Expr) and self.stmt.value is node
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
        self.ctx.record_use(api, node, call_notes(bound))

    # --- TODOs -----------------------------------------------------------------------------
    def _todo(self, api: str, reason: str) -> None:
        if self.stmt is not None:
            self.ctx.todo(self.stmt, api, reason)


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
