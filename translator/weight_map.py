"""Facts about each translated class's layers, from source alone, for the weight-rename map.

What can be known statically: ``self.bn1 = nn.BatchNorm2d(64)`` is a BatchNorm; a
``nn.Sequential(conv, bn)`` literal has typed children; ``self.pos = nn.Parameter(...)`` and
``self.register_buffer("running_mean", ...)`` are the class's own keys. What cannot
(``norm_layer(dim)``, layers built in loops) is recorded as ``unknown`` and left to the
converter's evidence from the state_dict, which reports every such decision.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from translator.names import dotted
from translator.self_attributes import self_attr
from translator.tables.schema import TORCH_LAYOUT, Entry


@dataclass(frozen=True)
class Resolution:
    """How the facts read names: the torch name an expression means there, and the tables."""

    resolve: Callable[[ast.AST], str | None]
    entries: Mapping[str, Entry]
    # the weight-map key of a layer built by a call, of a user subclass, or referenced as a value
    # (None, None): translator/rewrite/layout.py's decision between an entry and its layout-keeping
    # layer; by default the entry's own key
    layer_key: Callable[[Entry, ast.Call | None, str | None], str] | None = None

    def key(self, q: str, call: ast.Call | None = None, cls: str | None = None) -> str:
        entry = self.entries[q]
        return self.layer_key(entry, call, cls) if self.layer_key is not None else q

# a layer reference the source does not tell (written into the weight map as is)
UNKNOWN_LAYER = "unknown"
_SEQUENCES = {"torch.nn.Sequential", "torch.nn.ModuleList"}
_MAPPINGS = {"torch.nn.ModuleDict"}
_PARAMETER = "torch.nn.Parameter"
_PARTIALS = ("partial", "functools.partial")
_FACTORIES = {"torch.empty", "torch.zeros", "torch.ones", "torch.randn", "torch.rand", "torch.full"}


@dataclass
class ClassFacts:
    name: str
    bases: list[str] = field(default_factory=list)  # torch layer keys or user class names
    attrs: dict[str, Any] = field(default_factory=dict)  # attribute -> layer reference
    params: list[str] = field(default_factory=list)  # own parameters and persistent buffers
    # own parameter -> ndim, where every construction of it says (nn.Parameter(torch.empty(o, i, k, k)))
    ndims: dict[str, int | None] = field(default_factory=dict)
    # layer classes the methods name as values (defaults, partials, arguments), strings that may
    # name one through a registry, module functions called: weight_values() below
    values: ValueFacts = field(default_factory=lambda: ValueFacts())
    variant_of: str | None = None  # one of several same-named classes, kept apart (cli._merge_classes)

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.bases:
            out["bases"] = self.bases
        if self.attrs:
            out["attrs"] = self.attrs
        if self.params:
            out["params"] = self.params
        known = {k: n for k, n in self.ndims.items() if n is not None}
        if known:
            out["ndims"] = known
        out.update(self.values.to_yaml())
        if self.variant_of:
            out["variant_of"] = self.variant_of
        return out

    def note_ndim(self, param: str, ndim: int | None) -> None:
        """One construction of ``param``; constructions that disagree (or say nothing) leave it unknown."""
        self.ndims[param] = ndim if self.ndims.get(param, ndim) == ndim else None


@dataclass
class ValueFacts:
    """What a class's (or a module function's) code names as a layer class or builds:
    ``norm_layer=nn.LayerNorm``, ``partial(LayerNorm2d, eps=1e-6)``, ``Stage(norm_layer=X)``,
    ``LayerNorm2d(dim)`` where the container it goes into is built in a loop; the
    strings it holds (``norm_layer='layernorm2d'``, looked up in a package registry at run time);
    the module functions it calls (``_get_norm_layers(...)``). Where the source cannot say which
    class a ``norm_layer(dim)`` builds, these are what the code builds by default: the converter
    takes them to break a tie between readings the state_dict allows, never against it."""

    values: list[Any] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("values", "strings", "calls"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out

    def update(self, other: ValueFacts) -> None:
        for name in ("values", "strings", "calls"):
            mine = getattr(self, name)
            mine += [v for v in getattr(other, name) if v not in mine]


_STRING = re.compile(r"[A-Za-z][\w-]{0,39}")
_TYPE_TESTS = {"isinstance", "issubclass", "type"}


def value_facts(fn: ast.AST, names: Resolution) -> ValueFacts:
    """The layer classes, strings and module function calls of one function (without its
    annotations, docstring, and the classes ``isinstance`` tests)."""
    out = ValueFacts()
    skip: set[int] = set()
    roots: list[ast.AST] = []
    if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        roots += [d for d in [*fn.args.defaults, *fn.args.kw_defaults] if d is not None]
        body = fn.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        roots += body
    else:
        roots.append(fn)
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.AnnAssign):
                skip.update(id(n) for n in ast.walk(node.annotation))
            elif isinstance(node, ast.Call):
                skip.add(id(node.func))
                # a layer built outright (``LayerNorm2d(dim)`` in a list made into a Sequential)
                built = _layer_class(node.func, names) if dotted(node.func) not in _PARTIALS else None
                if built is not None and built not in out.values:
                    out.values.append(built)
                if isinstance(node.func, ast.Name):
                    if node.func.id in _TYPE_TESTS:
                        skip.update(id(n) for a in node.args[1:] for n in ast.walk(a))
                    elif node.func.id not in out.calls and names.resolve(node.func) is None:
                        out.calls.append(node.func.id)
            elif isinstance(node, ast.Attribute):
                skip.add(id(node.value))  # `nn` of nn.LayerNorm
            elif isinstance(node, ast.JoinedStr):
                skip.update(id(n) for n in ast.walk(node))
            if id(node) in skip:
                continue
            if isinstance(node, (ast.Name, ast.Attribute)):
                value = _layer_class(node, names)
                if value is not None and value not in out.values:
                    out.values.append(value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _STRING.fullmatch(node.value):
                if node.value not in out.strings:
                    out.strings.append(node.value)
    return out


def module_values(tree: ast.Module, names: Resolution) -> dict[str, Any]:
    """Module-level facts for the converter's defaults: registries (``_NORM_MAP =
    dict(layernorm=LayerNorm, ...)``: string -> the layer classes it names) and what each module
    function names (ValueFacts)."""
    registries: dict[str, list[Any]] = {}
    functions: dict[str, Any] = {}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            facts = value_facts(stmt, names).to_yaml()
            if facts:
                functions[stmt.name] = facts
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            for key, value in _registry_items(stmt.value):
                refs = [r for r in (_layer_class(v, names) for v in (
                    value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value])) if r is not None]
                for ref in refs:
                    registries.setdefault(key, [])
                    if ref not in registries[key]:
                        registries[key].append(ref)
    return {"registries": registries, "functions": functions}


def registry_key(name: str) -> str:
    """A registry key as string lookups commonly normalise it (timm's ``get_norm_layer``:
    ``'layer_norm'`` is ``layernorm``)."""
    return name.replace("_", "").replace("-", "").lower()


def _registry_items(node: ast.AST) -> list[tuple[str, ast.AST]]:
    if isinstance(node, ast.Dict):
        return [(k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    if isinstance(node, ast.Call) and dotted(node.func) == "dict" and not node.args:
        return [(k.arg, k.value) for k in node.keywords if k.arg is not None]
    return []


def _ref(node: ast.AST, names: Resolution, local: dict[str, Any] | None = None) -> Any:
    if isinstance(node, ast.IfExp):
        # `norm_layer(dim) if final_norm else nn.Identity()`: one module either way, typed when both agree
        sides = [_ref(n, names, local) for n in (node.body, node.orelse)
                 if not (isinstance(n, ast.Constant) and n.value is None)]
        if not sides or UNKNOWN_LAYER in sides:
            return UNKNOWN_LAYER
        return sides[0] if all(side == sides[0] for side in sides) else one_of(*sides)
    return _call_ref(node, names, local)


def _call_ref(node: ast.AST, names: Resolution, local: dict[str, Any] | None = None) -> Any:
    """A YAML-friendly description of the module an expression builds. ``local``: names bound in
    the enclosing method to a layer class (``norm_layer=nn.BatchNorm2d``), whose call builds one
    of those by default (``{"default": ...}``: evidence decides, the default breaks a tie)."""
    if not isinstance(node, ast.Call):
        return UNKNOWN_LAYER
    if local:
        name = node.func.id if isinstance(node.func, ast.Name) else (
            f"self.{node.func.attr}" if self_attr(node.func) else None)
        if name in local:
            return {"default": local[name]}
    q = names.resolve(node.func)
    if q in _SEQUENCES:
        items: list[ast.AST] = list(node.args)
        if q == "torch.nn.ModuleList" and items:
            items = items[0].elts if isinstance(items[0], (ast.List, ast.Tuple)) else items
            if len(node.args) == 1 and isinstance(node.args[0], (ast.ListComp, ast.GeneratorExp)):
                return {"each": _ref(node.args[0].elt, names, local)}
        if len(items) == 1 and isinstance(items[0], ast.Call) and dotted(items[0].func) in (
                "OrderedDict", "collections.OrderedDict"):
            return _named_pairs(items[0], names, local)
        if any(isinstance(a, ast.Starred) for a in items) or (
                len(node.args) == 1 and not isinstance(node.args[0], (ast.List, ast.Tuple, ast.Call))):
            return UNKNOWN_LAYER
        return {"sequence": [_ref(a, names, local) for a in items]}
    if q in _MAPPINGS and node.args and isinstance(node.args[0], ast.Dict):
        d = node.args[0]
        if all(isinstance(k, ast.Constant) for k in d.keys):
            return {"named": {k.value: _ref(v, names, local) for k, v in zip(d.keys, d.values, strict=True)}}
        return UNKNOWN_LAYER
    if q is not None:
        entry = names.entries.get(q)
        return names.key(q, node) if entry is not None and entry.kind == "layer" else UNKNOWN_LAYER
    name = dotted(node.func)
    if name is not None and name[:1].isupper() or (name and "." in name and name.rsplit(".", 1)[1][:1].isupper()):
        return {"class": name.rsplit(".", 1)[-1]}
    return UNKNOWN_LAYER


def _named_pairs(call: ast.Call, names: Resolution, local: dict[str, Any] | None = None) -> Any:
    if call.args and isinstance(call.args[0], (ast.List, ast.Tuple)):
        out = {}
        for pair in call.args[0].elts:
            if not (isinstance(pair, ast.Tuple) and len(pair.elts) == 2
                    and isinstance(pair.elts[0], ast.Constant)):
                return UNKNOWN_LAYER
            out[str(pair.elts[0].value)] = _ref(pair.elts[1], names, local)
        return {"named": out}
    return UNKNOWN_LAYER


def _created_ndim(node: ast.AST | None, names: Resolution) -> int | None:
    """The ndim of a tensor made by a torch factory with a literal number of sizes
    (``torch.empty(o, i, k, k)``, ``torch.zeros((1, n))``, also with methods chained on it)."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and names.resolve(node.func) is None:
        node = node.func.value  # torch.empty(...).uniform_(-b, b)
    if not isinstance(node, ast.Call) or names.resolve(node.func) not in _FACTORIES:
        return None
    sizes = node.args[:1] if names.resolve(node.func) == "torch.full" else node.args
    if len(sizes) == 1 and isinstance(sizes[0], (ast.Tuple, ast.List)):
        sizes = sizes[0].elts
    elif len(sizes) == 1 and not (isinstance(sizes[0], ast.Constant) and isinstance(sizes[0].value, int)):
        return None  # one name: an int or a whole shape
    if not sizes or any(isinstance(a, ast.Starred) for a in sizes):
        return None
    return len(sizes)


def one_of(old: Any, new: Any) -> Any:
    """Two classes of one name (``Block`` in several modules) typing an attribute differently: the
    module is one of these (``weights convert`` lets the evidence choose among them)."""
    if old == new:
        return old
    options: list[Any] = []
    for ref in (old, new):
        for item in (ref["one_of"] if isinstance(ref, dict) and "one_of" in ref else [ref]):
            if item not in options:
                options.append(item)
    return {"one_of": options}


def _merge(old: Any, new: Any) -> Any:
    """One attribute assigned in several places of a class (``self.fc_norm = norm_layer(d) if
    avg else nn.Identity()`` in ``__init__``, ``self.fc_norm = nn.Identity()`` in
    ``reset_classifier``): one of those modules, unless a place cannot tell."""
    if UNKNOWN_LAYER in (old, new):
        return UNKNOWN_LAYER
    return one_of(old, new)


def class_facts(cls: ast.ClassDef, names: Resolution) -> ClassFacts:
    """What one class holds, as far as its source says (names resolved as the names does)."""
    info = ClassFacts(cls.name)
    for base in cls.bases:
        q = names.resolve(base)
        if q is not None:
            if q in names.entries and names.entries[q].kind == "layer":
                info.bases.append(names.key(q, cls=cls.name))
        elif dotted(base) is not None:
            info.bases.append(dotted(base).rsplit(".", 1)[-1])
    methods = [fn for fn in cls.body if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))]
    # layer classes kept on self (self._norm_layer = norm_layer) for other methods to call
    kept: dict[str, Any] = {}
    for fn in methods:
        local = _layer_classes(fn, names, {})
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and self_attr(node.targets[0]):
                value = _layer_class(node.value, names) or (
                    local.get(node.value.id) if isinstance(node.value, ast.Name) else None)
                if value is not None:
                    key = f"self.{self_attr(node.targets[0])}"
                    kept[key] = value if kept.get(key, value) == value else None
    kept = {k: v for k, v in kept.items() if v is not None}
    # __init__ first: what later methods make of its members (fuse, reset) is read against it
    for fn in sorted(methods, key=lambda f: f.name != "__init__"):
        _scan_method(fn, info, names, _layer_classes(fn, names, kept))
        info.values.update(value_facts(fn, names))
    # a member only declared (``self.stage2: nn.Sequential``, then ``setattr(self, name, ...)``):
    # the class has it, of a type its assignment does not show; the root finder needs to know
    for fn in methods:
        for node in ast.walk(fn):
            attr = self_attr(node.target) if isinstance(node, ast.AnnAssign) and node.value is None else None
            if attr is not None and attr not in info.attrs and attr not in info.params:
                info.attrs[attr] = UNKNOWN_LAYER
    return info


def _layer_class(node: ast.AST | None, names: Resolution) -> Any:
    """The layer class an expression names (``nn.BatchNorm2d``, ``BatchNormAct2d``, and
    ``partial(nn.LayerNorm, eps=1e-6)``: its call builds that class), not a call."""
    if isinstance(node, ast.Call) and dotted(node.func) in _PARTIALS and node.args:
        return _layer_class(node.args[0], names)
    if node is None or not isinstance(node, (ast.Name, ast.Attribute)):
        return None
    q = names.resolve(node)
    if q is not None:
        entry = names.entries.get(q)
        return names.key(q) if entry is not None and entry.kind == "layer" else None
    name = dotted(node)
    last = name.rsplit(".", 1)[-1] if name else ""
    return {"class": last} if last[:1].isupper() and not last.isupper() else None


def _layer_classes(fn: ast.FunctionDef | ast.AsyncFunctionDef, names: Resolution,
                   kept: dict[str, Any]) -> dict[str, Any]:
    """Names a method binds to one layer class: parameter defaults, ``if x is None: x = nn.X``,
    ``x = self._norm_layer``. A name bound to two different classes is left out."""
    bound: dict[str, Any] = dict(kept)
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    candidates: dict[str, list[Any]] = {}
    for arg, default in pairs:
        value = _layer_class(default, names)
        if value is not None:
            candidates.setdefault(arg.arg, []).append(value)
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = _layer_class(node.value, names)
            if value is None and self_attr(node.value) and f"self.{node.value.attr}" in kept:
                value = kept[f"self.{node.value.attr}"]
            if value is not None:
                candidates.setdefault(node.targets[0].id, []).append(value)
            elif node.targets[0].id in candidates or not (
                    isinstance(node.value, ast.Constant) and node.value.value is None):
                candidates.setdefault(node.targets[0].id, []).append(None)
    for name, values in candidates.items():
        if all(v is not None and v == values[0] for v in values):
            bound[name] = values[0]
        else:
            bound.pop(name, None)
    return bound




def _scan_method(fn: ast.FunctionDef | ast.AsyncFunctionDef, info: ClassFacts, names: Resolution,
                 local: dict[str, Any] | None = None) -> None:
    for node in ast.walk(fn):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                attr = self_attr(t)
                if attr is None or (isinstance(node.value, ast.Constant) and node.value.value is None):
                    continue
                value = node.value
                if isinstance(value, ast.IfExp) and any(
                        isinstance(v, ast.Call) and names.resolve(v.func) == _PARAMETER
                        for v in (value.body, value.orelse)):
                    value = value.body if isinstance(value.body, ast.Call) else value.orelse
                if isinstance(value, ast.Call) and names.resolve(value.func) == _PARAMETER:
                    if attr not in info.params:
                        info.params.append(attr)
                    info.note_ndim(attr, _created_ndim(value.args[0] if value.args else None, names))
                    continue
                ref = _ref(value, names, local)
                if (ref == UNKNOWN_LAYER and fn.name != "__init__" and info.attrs.get(attr, UNKNOWN_LAYER)
                        != UNKNOWN_LAYER and _transforms(value, attr)):
                    continue  # self.conv = fuse_conv_bn_eval(self.conv, self.bn) in fuse(): a conv still
                if ref == UNKNOWN_LAYER and not isinstance(value, (ast.Call, ast.Name, ast.IfExp)):
                    if attr in info.attrs:
                        info.attrs[attr] = UNKNOWN_LAYER
                    continue  # plain values (ints, tensors) are not submodules
                # a name (self.downsample = downsample) may hold a module passed in: unknown
                info.attrs[attr] = _merge(info.attrs[attr], ref) if attr in info.attrs else ref
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr"
              and len(node.args) == 3 and isinstance(node.args[0], ast.Name) and node.args[0].id == "self"
              and isinstance(node.args[2], ast.Call) and names.resolve(node.args[2].func) == _PARAMETER):
            # setattr(self, f"pos_embed_{i}", nn.Parameter(...)): parameters named by a pattern
            name = _name_pattern(node.args[1])
            if name is not None and name not in info.params:
                info.params.append(name)
        elif isinstance(node, ast.Call) and self_attr(node.func) == "register_buffer":
            persistent = next((k.value for k in node.keywords if k.arg == "persistent"), None)
            if isinstance(persistent, ast.Constant) and persistent.value is False:
                continue
            if len(node.args) >= 3 and isinstance(node.args[2], ast.Constant) and node.args[2].value is False:
                continue
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                if node.args[0].value not in info.params:
                    info.params.append(node.args[0].value)


def _name_pattern(node: ast.AST) -> str | None:
    """``"w"`` -> w; ``f"pos_embed_{i}"`` -> pos_embed_* (a glob the converter matches names with)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "*" for v in node.values]
        return "".join(str(p) for p in parts)
    return None


def _transforms(value: ast.AST, attr: str) -> bool:
    """``f(self.<attr>, ...)``: a call making the module from the one the attribute holds (a
    later method fusing or converting it), which keeps the type ``__init__`` gave it."""
    return isinstance(value, ast.Call) and any(self_attr(a) == attr for a in value.args)


def _layer_refs(ref: Any, out: set[str]) -> None:
    if isinstance(ref, str) and ref.startswith("torch."):
        out.add(ref)
    elif isinstance(ref, dict):
        for v in ref.values():
            if isinstance(v, list):
                for item in v:
                    _layer_refs(item, out)
            else:
                _layer_refs(v, out)
    elif isinstance(ref, list):
        for item in ref:
            _layer_refs(item, out)


def build_weight_map(classes: dict[str, ClassFacts], used_apis: set[str], tables: Any,
                     modules: list[dict[str, Any]] = ()) -> dict[str, Any]:
    """The YAML document ``weights convert`` reads: rename rules of every torch layer type the
    sources use, what each class holds, and (``modules``: module_values of each file) the
    registries and module functions its defaults are read through."""
    used: set[str] = {api for api in used_apis if tables.layer(api) is not None}
    registries: dict[str, list[Any]] = {}
    functions: dict[str, ValueFacts] = {}
    for module in modules:
        for key, refs in (module.get("registries") or {}).items():
            mine = registries.setdefault(registry_key(key), [])
            mine += [r for r in refs if r not in mine]
        for name, facts in (module.get("functions") or {}).items():
            functions.setdefault(name, ValueFacts()).update(ValueFacts(**facts))
    # only what can matter: strings a registry knows, calls of functions that name something
    for facts in [*functions.values(), *(c.values for c in classes.values())]:
        facts.strings = [s for s in facts.strings if registry_key(s) in registries]
    functions = {n: f for n, f in functions.items() if f.values or f.strings or f.calls}
    for facts in [*functions.values(), *(c.values for c in classes.values())]:
        facts.calls = [c for c in facts.calls if c in functions]
    for facts in classes.values():
        _layer_refs(facts.attrs, used)
        _layer_refs(facts.bases, used)
    for api in list(used):
        entry = tables.layer(api)
        if entry is not None and entry.torch_layout is not None:
            used |= {entry.key, entry.key + TORCH_LAYOUT}  # constructions the map cannot type keep it
    layers: dict[str, Any] = {}
    for key in sorted(used):
        entry = tables.layer(key)
        if entry is None or entry.kind != "layer" or not entry.weights:
            continue
        rules: dict[str, Any] = {}
        for leaf, rule in entry.weights.items():
            if rule.name is None:
                rules[leaf] = None
            elif rule.transpose or rule.unsqueeze is not None:
                rules[leaf] = {"name": rule.name, **({"transpose": True} if rule.transpose else {}),
                               **({"unsqueeze": rule.unsqueeze} if rule.unsqueeze is not None else {})}
            else:
                rules[leaf] = rule.name
        layers[key] = {"weights": rules}
        if entry.evidence:
            layers[key]["evidence"] = entry.evidence
        if entry.torch_layout is not None:
            # every construction the map cannot type keeps torch's layout (rewrite/layout.py):
            # state_dict evidence must not read a module as this layer
            layers[key]["source_only"] = True
    return {
        "target": tables.target.name,
        "layers": layers,
        "classes": {name: facts.to_yaml() for name, facts in sorted(classes.items())},
        **({"registries": dict(sorted(registries.items()))} if registries else {}),
        **({"functions": {n: f.to_yaml() for n, f in sorted(functions.items())}} if functions else {}),
    }
