"""Layout analysis: which layer constructions must keep torch's weight layout.

Paddle's ``nn.Linear`` stores its weight [in, out], torch's [out, in]. A Paddle engineer writes
``paddle.nn.Linear`` and the weight map transposes the checkpoint; that is the translation,
except where the code itself uses the weight in torch's layout: passes it to ``F.linear``, reads
``.weight.shape`` / ``.T`` / ``.size()``, indexes it, ties it to or from another tensor, or reads
torch attributes the target lacks (``in_features``) on a layer the rewrite cannot type
(``model.fc.in_features``; on ``self.fc`` or under ``isinstance(m, nn.Linear)`` the entry's
``attributes`` translate the read). There a layer keeping torch's layout is
generated (the table entry's ``torch_layout``, a subclass of the target layer). This pass decides,
once per module before the rewrite, per construction, so the rewrite and the weight map follow
one decision.

The decision is per attribute (``self.proj = nn.Linear(...)``): a construction is idiomatic only
where the weight map can say what it is (the value of ``self.attr = ...``, directly or inside a
``Sequential`` / ``ModuleList`` / ``ModuleDict`` literal: every other construction is typed from
state_dict evidence, which cannot tell the two layouts apart) and nothing in the file uses that
attribute's weight in torch's layout or lets the layer escape (passed to a function, returned,
stored elsewhere). A layout-sensitive use through a name the analysis cannot follow (``m.weight``
in a loop over modules, ``getattr(m, "weight")``) keeps every construction of the file in
torch's layout. Layout-agnostic uses do not count: initialisers that draw elementwise or only
need the sum of the fans (``trunc_normal_``, ``zeros_``, ``constant_``, ``xavier_*``), in-place
fills (``.weight.data.normal_()``), ``.dtype`` / ``.device`` / ``.requires_grad``. Initialisers
that need one fan (``kaiming_*``) do count: they stay correct on the layout-keeping layer.
Layers referenced as values (``mlp_layer=nn.Linear``) always keep the layout: their instances
cannot be followed. A user subclass of the layer keeps the layout-keeping base unless it creates
its layout-changing weights itself and defines ``forward`` (then its weights are its own code's).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from translator.binding import BindError, bind
from translator.names import Resolver, Scope, dotted
from translator.self_attributes import self_assignments, self_attr
from translator.tables.schema import TORCH_LAYOUT, Entry

# torch.nn.init functions that do not depend on which axis is fan_in (elementwise draws, or
# only fan_in + fan_out): the weight's layout does not change their result's distribution
_AGNOSTIC_INITS = frozenset(
    f"torch.nn.init.{n}" for n in (
        "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "xavier_uniform_",
        "xavier_normal_", "uniform", "normal", "constant", "xavier_uniform", "xavier_normal"))
# tensor methods and attributes that read or fill a tensor without regard to its axes
_AGNOSTIC_METHODS = frozenset({
    "normal_", "uniform_", "zero_", "fill_", "trunc_normal_", "requires_grad_", "numel", "dim",
    "detach", "clone", "cpu", "cuda", "to", "float", "half", "double", "bfloat16", "type",
    "nelement", "element_size", "is_contiguous", "mul_", "div_", "clamp_", "abs_",
})
_AGNOSTIC_ATTRIBUTES = frozenset({"dtype", "device", "requires_grad", "is_cuda", "ndim", "grad"})
_CONTAINERS = {"torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict"}


@dataclass
class Layout:
    """The decision: construction calls (by node identity) and user subclasses (by name) that
    keep torch's layout."""

    keep_calls: set[int] = field(default_factory=set)
    keep_classes: set[str] = field(default_factory=set)
    idiomatic_calls: set[int] = field(default_factory=set)

    def entry(self, entry: Entry, call: ast.Call | None = None, cls: str | None = None) -> Entry:
        """The entry a construction (``call``), a user subclass (``cls``) or, with neither, a
        reference used as a value is translated by."""
        if entry.torch_layout is None:
            return entry
        if call is not None:
            return entry if id(call) in self.idiomatic_calls else entry.torch_layout
        if cls is not None:
            return entry.torch_layout if cls in self.keep_classes else entry
        return entry.torch_layout

    def key(self, entry: Entry, call: ast.Call | None = None, cls: str | None = None) -> str:
        """The weight-map layer key of the same decision."""
        chosen = self.entry(entry, call, cls)
        return entry.key + TORCH_LAYOUT if chosen is not entry else entry.key


NO_LAYOUT = Layout()


def analyse(tree: ast.Module, resolver: Resolver, entries: Mapping[str, Entry],
            text_of: Callable[[ast.AST], str]) -> Layout:
    """Decide, for every construction of a layer that has a layout-keeping counterpart."""
    if not any(e.torch_layout is not None for e in entries.values()):
        return NO_LAYOUT
    return _Pass(resolver, entries, text_of).run(tree)


class _Pass:
    def __init__(self, resolver: Resolver, entries: Mapping[str, Entry], text_of: Callable[[ast.AST], str]):
        self.resolver = resolver
        self.entries = entries
        self.text_of = text_of
        self.uses = {u for e in entries.values() if e.torch_layout is not None for u in e.layout_uses}
        # uses the target layer answers through its entry's ``attributes`` (paddle.nn.Linear's
        # in_features from its weight's shape) where the rewrite knows the receiver is the layer
        self.answered = {u for e in entries.values() if e.torch_layout is not None
                         for u in e.layout_uses if u in e.attributes}
        self.resolved: dict[int, str] = {}  # node id -> torch name, for the nodes that need one
        self.parents: dict[int, ast.AST] = {}
        self.constructions: dict[int, tuple[ast.Call, Entry]] = {}
        self.classes: list[tuple[ast.ClassDef, Entry]] = []  # user subclasses of such layers
        self.narrowed_uses: list[tuple[ast.Attribute, frozenset[str]]] = []  # x.weight, x narrowed
        self.marked: set[str] = set()  # attribute names whose layers keep torch's layout
        self.tainted = False  # a use the analysis cannot follow: every construction keeps it
        self._eligible_attrs: dict[int, str] = {}

    # --- one scoped walk: names resolved where they are, isinstance narrowing tracked --------
    def run(self, tree: ast.Module) -> Layout:
        self._walk(tree, Scope(), {})
        eligible = self._eligible_attrs = self._eligible(tree)
        self._check_escapes(tree)
        for cid, (call, entry) in self.constructions.items():
            if cid in eligible and self._needs_torch_arguments(call, entry):
                self.marked.add(eligible[cid])  # one decision per attribute, as the map has one
        layout = Layout()
        for cid in self.constructions:
            attr = eligible.get(cid)
            if attr is None or self.tainted or attr in self.marked:
                layout.keep_calls.add(cid)
            else:
                layout.idiomatic_calls.add(cid)
        for cls, entry in self.classes:
            if not self._owns_weights(cls, entry):
                layout.keep_classes.add(cls.name)
        return layout

    def _walk(self, node: ast.AST, scope: Scope, narrowed: dict[str, frozenset[str]]) -> None:
        for child in ast.iter_child_nodes(node):
            self.parents[id(child)] = node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = self.resolver.enter(node, scope)
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    q = self.resolver.resolve(base, scope)
                    entry = self.entries.get(q) if q else None
                    if entry is not None and entry.torch_layout is not None:
                        self.classes.append((node, entry))
            # decorators, defaults and bases belong to the outer scope; close enough for names
            for child in ast.iter_child_nodes(node):
                self._walk(child, inner, narrowed)
            return
        if isinstance(node, ast.If):
            self._walk(node.test, scope, narrowed)
            inner = {**narrowed, **self._narrowing(node.test, scope)}
            for stmt in node.body:
                self._walk(stmt, scope, inner)
            for stmt in node.orelse:
                self._walk(stmt, scope, narrowed)
            return
        if isinstance(node, ast.Call):
            q = self.resolver.resolve(node.func, scope)
            if q is not None:
                self.resolved[id(node.func)] = q
                entry = self.entries.get(q)
                if entry is not None and entry.torch_layout is not None:
                    self.constructions[id(node)] = (node, entry)
        elif isinstance(node, ast.Attribute) and node.attr in self.uses:
            self.narrowed_uses.append((node, narrowed.get(dotted(node.value) or "", frozenset())))
        elif isinstance(node, ast.Constant) and node.value in self.uses and isinstance(node.value, str):
            # getattr(m, "weight"), "weight" in name, m._parameters["weight"]: not followable
            self.tainted = True
        for child in ast.iter_child_nodes(node):
            self._walk(child, scope, narrowed)

    def _narrowing(self, test: ast.AST, scope: Scope) -> dict[str, frozenset[str]]:
        """``isinstance(m, nn.Conv2d)`` → {"m": {"torch.nn.Conv2d"}}: m.weight there is no Linear's."""
        if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"
                and len(test.args) == 2 and dotted(test.args[0]) is not None):
            return {}
        classes = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        names = [self.resolver.resolve(c, scope) for c in classes]
        if any(n is None for n in names):
            return {}
        return {dotted(test.args[0]): frozenset(names)}

    # --- where a construction is: only what the weight map types can be idiomatic -----------
    def _eligible(self, tree: ast.Module) -> dict[int, str]:
        """Construction id -> the attribute it is built for (``self.attr = ...``, also inside
        container literals: the weight map's grammar, translator/weight_map.py)."""
        out: dict[int, str] = {}
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            values: dict[str, list[ast.AST]] = {}
            for fn in (s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))):
                for attr, value in self_assignments(fn):
                    values.setdefault(attr, []).append(value)
                    for call in self._typed(value):
                        out[id(call)] = attr
            for attr, assigned in values.items():
                # assigned twice, not alike (a Linear here, an Identity there): the weight map
                # merges that to "unknown", which evidence reads as the layout-keeping layer
                kinds = {self.constructions[id(v)][1].key if id(v) in self.constructions else None
                         for v in assigned}
                if len(assigned) > 1 and (len(kinds) > 1 or None in kinds):
                    self.marked.add(attr)
        return out

    def _typed(self, value: ast.AST) -> list[ast.Call]:
        if isinstance(value, ast.IfExp):
            return self._typed(value.body) + self._typed(value.orelse)
        if not isinstance(value, ast.Call):
            return []
        if id(value) in self.constructions:
            return [value]
        q = self.resolved.get(id(value.func))
        if q not in _CONTAINERS:
            return []
        items: list[ast.AST] = []
        for arg in value.args:
            if isinstance(arg, (ast.List, ast.Tuple)):
                items += arg.elts
            elif isinstance(arg, (ast.ListComp, ast.GeneratorExp)) and q == "torch.nn.ModuleList":
                items.append(arg.elt)
            elif isinstance(arg, ast.Dict):
                items += arg.values
            elif isinstance(arg, ast.Call) and dotted(arg.func) in ("OrderedDict", "collections.OrderedDict") \
                    and arg.args and isinstance(arg.args[0], (ast.List, ast.Tuple)):
                items += [p.elts[1] for p in arg.args[0].elts if isinstance(p, ast.Tuple) and len(p.elts) == 2]
            elif not isinstance(arg, ast.Starred):
                items.append(arg)
        return [c for item in items for c in self._typed(item)]

    # --- uses --------------------------------------------------------------------------------
    def _check_escapes(self, tree: ast.Module) -> None:
        eligible = set(self._eligible_attrs.values())
        for node, narrowed in self.narrowed_uses:
            if node.attr == "weight" and self._agnostic(node):
                continue
            if node.attr in self.answered and isinstance(node.ctx, ast.Load) and (
                    self_attr(node.value) in eligible or narrowed and all(
                        self.entries.get(q) is not None and self.entries[q].torch_layout for q in narrowed)):
                continue  # the rewrite translates the read (rewrite/layers.py)
            owner = self._owner(node.value)
            if owner is not None:
                self.marked.add(owner)
            elif self_attr(node) is not None:
                continue  # the class's own attribute (a Linear subclass is decided as a class)
            elif narrowed and not self._narrowed_to_layer(narrowed):
                continue  # m.weight inside isinstance(m, nn.Conv2d): no layer of ours
            else:
                self.tainted = True
        # a layer passed around: its weight may be used where this file cannot see
        for node in ast.walk(tree):
            attr = self_attr(node)
            if attr is None or not isinstance(node.ctx, ast.Load):
                continue
            top = node
            while isinstance(self.parents.get(id(top)), ast.Subscript) and self.parents[id(top)].value is top:
                top = self.parents[id(top)]
            parent = self.parents.get(id(top))
            if isinstance(parent, ast.Call) and parent.func is top:
                continue
            if isinstance(parent, (ast.Attribute, ast.Compare)) or isinstance(parent, (ast.For, ast.comprehension)) \
                    and parent.iter is top:
                continue
            if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in (
                    "isinstance", "len", "enumerate", "iter", "hasattr"):
                continue
            self.marked.add(attr)

    def _narrowed_to_layer(self, narrowed: frozenset[str]) -> bool:
        """Whether an isinstance check narrows a name to one of the layers with two layouts."""
        return any(self.entries.get(q) is not None and self.entries[q].torch_layout for q in narrowed)

    def _owner(self, value: ast.AST) -> str | None:
        """``self.attr`` or ``self.attr[i]``: the attribute whose layers a use is about."""
        while isinstance(value, ast.Subscript):
            value = value.value
        return self_attr(value)

    def _agnostic(self, node: ast.Attribute) -> bool:
        """A use of ``x.weight`` that does not depend on its layout."""
        cur: ast.AST = node
        parent = self.parents.get(id(cur))
        while isinstance(parent, ast.Attribute) and parent.attr == "data":
            cur, parent = parent, self.parents.get(id(parent))
        if isinstance(parent, ast.Attribute) and parent.value is cur:
            if parent.attr in _AGNOSTIC_ATTRIBUTES:
                return True
            grand = self.parents.get(id(parent))
            return parent.attr in _AGNOSTIC_METHODS and isinstance(grand, ast.Call) and grand.func is parent
        if isinstance(parent, ast.Call) and parent.func is not cur:
            q = self.resolved.get(id(parent.func))
            first = parent.args[0] if parent.args else next(
                (k.value for k in parent.keywords if k.arg == "tensor"), None)
            return q in _AGNOSTIC_INITS and first is cur
        # `x.weight is None`
        return isinstance(parent, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops)

    def _needs_torch_arguments(self, call: ast.Call, entry: Entry) -> bool:
        """Arguments only the layout-keeping layer takes (``dtype=``, ``**kwargs``)."""
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return True
        try:
            bound = bind(entry, call, self.text_of)
        except BindError:
            return True
        for name, value in bound.values.items():
            if not value.given:
                continue
            spec = entry.args.get(name)
            if spec is None or spec.action == "unsupported":
                return True
            if spec.action == "only" and value.text not in spec.only:
                return True
        return False

    @staticmethod
    def _owns_weights(cls: ast.ClassDef, entry: Entry) -> bool:
        """A subclass creating every weight whose layout differs, and running its own forward."""
        changed = {leaf for leaf, rule in entry.weights.items() if rule.transpose}
        assigned = {self_attr(t) for n in ast.walk(cls) if isinstance(n, ast.Assign) for t in n.targets}
        forward = any(isinstance(s, ast.FunctionDef) and s.name == "forward" for s in cls.body)
        return forward and changed <= assigned


