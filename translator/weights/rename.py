"""Decide the target name of every key of a torch state_dict, from the weight map.

Where the translated source said what a module is (``self.bn1 = nn.BatchNorm2d(64)``), that
decides. Where it could not (``norm_layer(dim)``, layers built in loops), the keys and shapes
of the module's own entries in the state_dict decide, among the layer types the sources use —
and only when every consistent reading renames the same way. Each such decision is reported;
an ambiguous one is an error, never a guess.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from translator.weight_map import registry_key

# layer type -> the key sets (leaf -> ndim) its state_dict can show; None: unknown, use the map's evidence
Patterns = Callable[[str], "list[dict[str, int]] | None"]

UNKNOWN = ("unknown",)


@dataclass(frozen=True)
class Rename:
    source: str
    target: str | None  # None: dropped (the target has no counterpart, e.g. num_batches_tracked)
    transpose: bool = False
    unsqueeze: int | None = None


@dataclass
class RenamePlan:
    renames: list[Rename] = field(default_factory=list)
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # key, why
    notes: list[str] = field(default_factory=list)
    inferred: int = 0  # modules typed from state_dict evidence, not from source
    # where the checkpoint contradicts the class planned as the model: a layer the source builds
    # at a path that holds only submodules' keys, or a weight of another rank than the layer's.
    # Only chooses among candidate model classes: a lone class is planned as before
    misfits: list[str] = field(default_factory=list)


def _best_typed(plans: list[tuple[str, RenamePlan]]) -> tuple[str, RenamePlan] | None:
    """The plan that left the fewest modules to evidence (None when plans renaming differently tie;
    QuantizableMobileNetV3 and MobileNetV3 rename alike)."""
    fewest = min(p.inferred for _, p in plans)
    best = [(c, p) for c, p in plans if p.inferred == fewest]
    return best[0] if len({tuple(p.renames) for _, p in best}) == 1 else None


class WeightMap:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.target = doc.get("target")
        self.layers: dict[str, dict[str, Any]] = doc.get("layers") or {}
        self.classes: dict[str, dict[str, Any]] = doc.get("classes") or {}
        # what one module's state_dict entries read as, by (leaves and shapes, defaults, rank,
        # place): asked again for every candidate model class and every repeated block
        self.evidence_memo: dict[tuple, tuple[Reading | None, str]] = {}
        self._plain: dict[frozenset[str], list[str]] | None = None
        self._attrs: dict[str, dict[str, Any]] = {}
        self.by_children_memo: dict[tuple[frozenset[str], frozenset[str]], tuple | None] = {}
        self.registries: dict[str, list[Any]] = doc.get("registries") or {}
        self.functions: dict[str, dict[str, Any]] = doc.get("functions") or {}
        self._named: dict[str, frozenset[str]] = {}

    def names_of(self, ref: Any) -> set[str]:
        """The names a reading lists for a layer class (``torch.nn.LayerNorm``: LayerNorm; a user
        subclass of it: LayerNorm and its own name; a plain user class: its name)."""
        if isinstance(ref, str):
            return {ref.rsplit(".", 1)[-1]} if ref != UNKNOWN[0] else set()
        if isinstance(ref, dict) and "class" in ref:
            base = self.layer_base(ref["class"])
            return {ref["class"]} | ({base.rsplit(".", 1)[-1]} if base else set())
        return set()

    def named(self, cls: str) -> frozenset[str]:
        """The layer classes a class's code names as values (its user bases' too, the module
        functions it calls, the registry entries of its strings), as names_of gives them: what
        the class builds by default where the source cannot tell (weight_map.ValueFacts)."""
        if cls not in self._named:
            self._named[cls] = frozenset()  # a cycle of bases or calls adds nothing
            out: set[str] = set()
            info = self.classes.get(cls) or {}
            for base in info.get("bases", []):
                if base in self.classes:
                    out |= self.named(base)
            out |= self._named_by(info, set())
            self._named[cls] = frozenset(out)
        return self._named[cls]

    def _named_by(self, facts: dict[str, Any], seen: set[str]) -> set[str]:
        out: set[str] = set()
        for ref in facts.get("values") or []:
            out |= self.names_of(ref)
        for string in facts.get("strings") or []:
            for ref in self.registries.get(registry_key(string), []):
                out |= self.names_of(ref)
        for fn in facts.get("calls") or []:
            if fn in self.functions and fn not in seen:
                seen.add(fn)
                out |= self._named_by(self.functions[fn], seen)
        return out

    def plain_classes(self, leaves: frozenset[str]) -> list[str]:
        """The classes (no torch layer base) whose own tensors are exactly ``leaves``, sorted."""
        if self._plain is None:
            self._plain = defaultdict(list)
            for cls in sorted(self.classes):
                params = self.params(cls)
                if params and not self.layer_base(cls) and not self.classes[cls].get("variant_of"):
                    self._plain[frozenset(params)].append(cls)
        return self._plain.get(leaves, [])

    # class facts with user-class inheritance folded in
    def _folded(self, cls: str, field: str, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A mapping field of the class, over its user base classes' (a subclass's own entries win)."""
        info = self.classes.get(cls) or {}
        out: dict[str, Any] = {}
        for base in info.get("bases", []):
            if base in self.classes and base not in seen:
                out.update(self._folded(base, field, seen | {cls}))
        out.update(info.get(field) or {})
        return out

    def attrs(self, cls: str) -> dict[str, Any]:
        if cls not in self._attrs:
            self._attrs[cls] = self._folded(cls, "attrs")
        return self._attrs[cls]

    def params(self, cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
        info = self.classes.get(cls) or {}
        out = set(info.get("params") or [])
        for base in info.get("bases", []):
            if base in self.classes and base not in seen:
                out |= self.params(base, seen | {cls})
        return out

    def ndims(self, cls: str) -> dict[str, int]:
        """Own parameters whose ndim the class's source states (``ndims`` in the map)."""
        return self._folded(cls, "ndims")

    def layer_base(self, cls: str, seen: frozenset[str] = frozenset()) -> str | None:
        for base in (self.classes.get(cls) or {}).get("bases", []):
            if base in self.layers:
                return base
            if base in self.classes and base not in seen:
                found = self.layer_base(base, seen | {cls})
                if found:
                    return found
        return None

    def to_type(self, ref: Any) -> tuple:
        if isinstance(ref, str):
            return ("layer", ref) if ref in self.layers or ref.startswith("torch.") else UNKNOWN
        if isinstance(ref, dict):
            if "class" in ref:
                return ("class", ref["class"]) if ref["class"] in self.classes else UNKNOWN
            if "sequence" in ref:
                return ("seq", ref["sequence"])
            if "each" in ref:
                return ("each", ref["each"])
            if "named" in ref:
                return ("named", ref["named"])
            if "one_of" in ref:
                types = [self.to_type(r) for r in ref["one_of"]]
                return types[0] if all(t == types[0] for t in types) else ("one_of", ref["one_of"])
            if "default" in ref:
                # a layer class the source builds by default (norm_layer=nn.BatchNorm2d): a user
                # class is taken as is (its members are what the keys are checked against), a
                # torch layer only breaks a tie between readings the evidence allows
                inner = self.to_type(ref["default"])
                return inner if inner[0] == "class" else ("default", ref["default"]) if inner != UNKNOWN else UNKNOWN
        return UNKNOWN

    def _child(self, ref: Any, name: str) -> Any:
        """The reference of member ``name`` of the module ``ref`` describes ("unknown" if none)."""
        if isinstance(ref, dict):
            if "class" in ref and ref["class"] in self.classes:
                return self.attrs(ref["class"]).get(name, UNKNOWN[0])
            if "sequence" in ref and name.isdigit() and int(name) < len(ref["sequence"]):
                return ref["sequence"][int(name)]
            if "each" in ref and name.isdigit():
                return ref["each"]
            if "named" in ref:
                return ref["named"].get(name, UNKNOWN[0])
            if "one_of" in ref:
                return {"one_of": [self._child(r, name) for r in ref["one_of"]]}
        return UNKNOWN[0]

    def step(self, t: tuple, name: str) -> tuple:
        kind = t[0]
        if kind == "class":
            ref = self.attrs(t[1]).get(name)
            return self.to_type(ref) if ref is not None else UNKNOWN
        if kind == "one_of":
            # one of several classes (or containers): the member is one of what each has there
            refs = [self._child(r, name) for r in t[1]]
            return self.to_type({"one_of": refs}) if any(r != UNKNOWN[0] for r in refs) else UNKNOWN
        if kind == "seq" and name.isdigit() and int(name) < len(t[1]):
            return self.to_type(t[1][int(name)])
        if kind == "each" and name.isdigit():
            return self.to_type(t[1])
        if kind == "named" and name in t[1]:
            return self.to_type(t[1][name])
        return UNKNOWN


def _find_root(wmap: WeightMap, tops: set[str]) -> tuple[list[str], str]:
    """The classes that could be the checkpoint's model (those holding every top-level name, not
    held by another candidate), and a note saying so."""
    covering = [c for c in sorted(wmap.classes) if not wmap.classes[c].get("variant_of") and all(
        top in wmap.attrs(c) or _own(wmap.params(c), top) for top in tops)]
    if len(covering) > 1:
        children = {r["class"] for c in covering for r in _refs(wmap.attrs(c)) if isinstance(r, dict) and "class" in r}
        covering = [c for c in covering if c not in children] or covering
    if len(covering) == 1:
        return covering, f"model class: {covering[0]}"
    if not covering:
        return [], "no translated class holds all top-level names; every module is typed from evidence"
    return covering, f"several classes could be the model ({', '.join(covering)}): pass --root"


def _own(params: set[str], leaf: str) -> bool:
    """Whether a class's parameters (``pos_embed_*`` where setattr names them by a pattern) hold ``leaf``."""
    return leaf in params or any("*" in p and fnmatch.fnmatchcase(leaf, p) for p in params)


def _refs(value: Any) -> list[Any]:
    out = []
    if isinstance(value, dict):
        if "class" in value:
            out.append(value)
        for v in value.values():
            out += _refs(v)
    elif isinstance(value, list):
        for v in value:
            out += _refs(v)
    return out


Layout = tuple[bool, "int | None"]  # transpose, unsqueeze axis


def _layer_rule(wmap: WeightMap, layer: str, leaf: str) -> tuple[bool, str | None, Layout]:
    rules = (wmap.layers.get(layer) or {}).get("weights") or {}
    if leaf not in rules:
        return False, None, (False, None)
    rule = rules[leaf]
    if isinstance(rule, dict):
        return True, rule["name"], (bool(rule.get("transpose")), rule.get("unsqueeze"))
    return True, rule, (False, None)


Reading = dict[str, tuple[str | None, tuple]]  # leaf -> (target leaf, layout)


def _laid_out(shape: tuple[int, ...], layout: Layout) -> tuple[int, ...]:
    """The shape a tensor has in the target after the rename's layout change."""
    transpose, unsqueeze = layout
    out = tuple(reversed(shape)) if transpose else tuple(shape)
    if unsqueeze is not None:
        axis = unsqueeze if unsqueeze >= 0 else len(out) + 1 + unsqueeze
        out = out[:axis] + (1,) + out[axis:]
    return out


def _fits(info: dict[str, Any], group: dict[str, tuple[int, ...]], patterns: list[dict[str, int]] | None) -> bool:
    """Whether a module with these state_dict entries can be of this layer type: the same key set
    and ndims as the layer built in one of its examples, else the map's hand-kept evidence."""
    leaves = set(group)
    if patterns is not None:
        return any(set(p) == leaves and all(p[k] == len(group[k]) for k in leaves) for p in patterns)
    ev = info.get("evidence") or {}
    if not set(ev.get("requires") or []) <= leaves:
        return False
    return not any(k in group and len(group[k]) != n for k, n in (ev.get("ndim") or {}).items())


def _evidence(wmap: WeightMap, group: dict[str, tuple[int, ...]], module: str = "",
              model_keys: dict[str, tuple[int, ...]] | None = None,
              patterns: Patterns | None = None, defaults: Scopes = (),
              spatial: int | None = None) -> tuple[Reading | None, str]:
    """Rename the leaves of one module from what they look like; (None, why) when unsure.

    Readings that rename differently (BatchNorm2d and BatchNorm3d look alike in a state_dict)
    are told apart by the translated model's own parameter names when it is given."""
    # the module's place matters only when the translated model's names are asked
    memo = (tuple(sorted(group.items())), defaults, spatial, module if model_keys is not None else None)
    if memo not in wmap.evidence_memo:
        wmap.evidence_memo[memo] = _evidence_uncached(wmap, group, module, model_keys, patterns, defaults, spatial)
    return wmap.evidence_memo[memo]


def _evidence_uncached(wmap: WeightMap, group: dict[str, tuple[int, ...]], module: str,
                       model_keys: dict[str, tuple[int, ...]] | None, patterns: Patterns | None,
                       defaults: Scopes, spatial: int | None) -> tuple[Reading | None, str]:
    readings: dict[tuple, list[str]] = defaultdict(list)
    leaves = set(group)
    for layer, info in sorted(wmap.layers.items()):
        if info.get("source_only"):
            # only where the source names it (paddle.nn.Linear, its weight transposed): every
            # construction the source cannot type keeps torch's layout (rewrite/layout.py)
            continue
        rules = info.get("weights") or {}
        if not leaves <= set(rules) or not _fits(info, group, patterns(layer) if patterns else None):
            continue
        reading = tuple(sorted((leaf, *(_layer_rule(wmap, layer, leaf)[1:])) for leaf in leaves))
        readings[reading].append(layer.rsplit(".", 1)[-1])
    # all of the class's own tensors: FrozenBatchNorm2d (weight, bias, running_*) is not a Linear
    for cls in wmap.plain_classes(frozenset(leaves)):
        ndims = wmap.ndims(cls)
        if any(len(group[leaf]) != n for leaf, n in ndims.items() if leaf in group):
            continue  # a DeformConv2d's 4-D weight is not a GroupNorm's 1-D one
        readings[tuple(sorted((leaf, leaf, (False, None)) for leaf in leaves))].append(cls)
    if len(readings) == 1:
        reading, who = next(iter(readings.items()))
        return {leaf: (name, tr) for leaf, name, tr in reading}, "/".join(who)
    if not readings:
        known = {k for info in wmap.layers.values() for k in (info.get("weights") or {})}
        if not leaves & known:
            return {leaf: (leaf, (False, None)) for leaf in leaves}, "user parameters"
        return None, "matches no layer type the translated sources use"
    options = "; ".join(f"{'/'.join(w)}" for w in readings.values())
    chosen, shorts, whose = _by_default(readings, defaults)
    if not chosen and spatial and all(_nd(w) for who in readings.values() for w in who):
        # the spatial variants of one layer (BatchNorm2d/3d look alike in a state_dict): the one
        # whose rank the model's convolutions have; a wrong pick renames into keys strict loading rejects
        chosen = [(reading, who) for reading, who in readings.items() if any(_nd(w) == spatial for w in who)]
        if len(chosen) == 1:
            reading, who = chosen[0]
            return ({leaf: (name, tr) for leaf, name, tr in reading},
                    f"{'/'.join(w for w in who if _nd(w) == spatial)} (the model's convolutions are {spatial}-d, "
                    f"among {options})")
        chosen = []
    if len(chosen) == 1:
        reading, who = chosen[0]
        return ({leaf: (name, tr) for leaf, name, tr in reading},
                f"{'/'.join(sorted(shorts & set(who)))} (what {whose} by default, among {options})")
    if model_keys is not None:
        prefix = f"{module}." if module else ""
        fitting = [(reading, who) for reading, who in readings.items()
                   if all(name is None or (f"{prefix}{name}" in model_keys and tuple(model_keys[f"{prefix}{name}"])
                                           == _laid_out(group[leaf], layout))
                          for leaf, name, layout in reading)]
        if len(fitting) == 1:
            reading, who = fitting[0]
            return ({leaf: (name, tr) for leaf, name, tr in reading},
                    f"{'/'.join(who)} (the model's parameter names decide among {options})")
    return None, f"ambiguous: could be {options} (which rename differently)"


# the layer classes the source builds by default around a module, innermost first: (whose, names)
Scopes = tuple[tuple[str, frozenset[str]], ...]


def _by_default(readings: dict[tuple, list[str]], scopes: Scopes) -> tuple[list, frozenset[str], str]:
    """The reading naming a class the source builds by default, from the innermost scope that
    names exactly one (else the innermost one naming several): the module's own construction
    (``norm_layer=nn.BatchNorm2d``), then each enclosing class (what its code names as layer
    classes, ``get_norm_layer('layernorm2d')`` through the package's registry). A single reading
    is taken only if it renames to other names than every other reading: a wrong pick then leaves
    names the translated model lacks, which a strict load reports, never a silently wrong tensor."""
    several: tuple[list, frozenset[str], str] = ([], frozenset(), "")
    for whose, names in scopes:
        hits = [(reading, who) for reading, who in readings.items() if names & set(who)]
        if len(hits) == 1:
            targets = {(leaf, name) for leaf, name, _ in hits[0][0]}
            if any({(leaf, name) for leaf, name, _ in r} == targets for r in readings if r != hits[0][0]):
                return [], names, whose  # the same names in another layout: a wrong pick could load
            return hits, names, whose
        if hits and not several[0]:
            # this scope builds several of them (the module is one of several same-named classes):
            # an enclosing class that builds only one may still tell
            several = (hits, names, whose)
    return several
def _layouts_differ(wmap: WeightMap, refs: list[Any]) -> bool:
    """Whether one of several classes builds here a layer only the source can name (paddle's
    idiomatic Linear, which state_dict evidence never reads) and another something else: evidence
    would take the other's reading whichever class the checkpoint came from."""
    named = [r for r in refs if isinstance(r, str) and (wmap.layers.get(r) or {}).get("source_only")]
    return bool(named) and any(r != named[0] for r in refs)


def _fitting_options(wmap: WeightMap, t: tuple, group: dict[str, tuple[int, ...]]) -> tuple:
    """The options of a one_of that the checkpoint does not contradict: a layer whose tensors have
    another rank than the keys here (a 2-D Linear weight where the checkpoint holds a 4-D one) is
    not what the model built (SqueezeExcitation's fc1 is a Linear in one class, a 1x1 Conv2d in another)."""
    def fits(ref: Any) -> bool:
        if not isinstance(ref, str):
            return True
        ndim = ((wmap.layers.get(ref) or {}).get("evidence") or {}).get("ndim") or {}
        return all(len(group[leaf]) == n for leaf, n in ndim.items() if leaf in group)
    kept = [r for r in t[1] if fits(r)]
    if not kept or len(kept) == len(t[1]):
        return t
    return wmap.to_type({"one_of": kept})


def _leaf_layer(wmap: WeightMap, t: tuple) -> bool:
    """A torch layer with tensors of its own and no submodules (its weight rules name no
    submodule's): keys below its path, none at it, are another module's."""
    rules = (wmap.layers.get(t[1]) or {}).get("weights") or {} if t[0] == "layer" else {}
    return bool(rules) and not any("." in leaf for leaf in rules)


def _nd(layer: str) -> int | None:
    """2 for BatchNorm2d, Conv2d...: the spatial rank a layer's name states."""
    match = re.search(r"([123])d$", layer)
    return int(match.group(1)) if match else None


def _spatial_rank(shapes: dict[str, tuple[int, ...]]) -> int | None:
    """The spatial rank of the model's convolutions (weights of 3-5 dims), when they all agree."""
    ranks = {len(s) - 2 for k, s in shapes.items() if k.endswith("weight") and 3 <= len(s) <= 5}
    return ranks.pop() if len(ranks) == 1 else None


def _defaults(t: tuple) -> list[Any]:
    """Layer types the source builds here by default (or in one of the same-named classes)."""
    if t[0] == "default":
        return [t[1]] if isinstance(t[1], str) else []
    out = []
    if t[0] == "one_of":
        for ref in t[1]:
            inner = ref.get("default", ref) if isinstance(ref, dict) else ref
            if isinstance(inner, str) and inner != "unknown" or isinstance(inner, dict) and "class" in inner:
                out.append(inner)
    return out


def _class_by_children(wmap: WeightMap, children: set[str], own: set[str]) -> tuple | None:
    """The translated class a module with these submodules (and own tensors) is: it holds every one
    of them, and every member it surely builds with weights (a torch layer with weight rules, or
    one built by default) is among them. None when no class fits, or several that differ."""
    memo = (frozenset(children), frozenset(own))
    if memo not in wmap.by_children_memo:
        wmap.by_children_memo[memo] = _class_by_children_uncached(wmap, children, own)
    return wmap.by_children_memo[memo]


def _class_by_children_uncached(wmap: WeightMap, children: set[str], own: set[str]) -> tuple | None:
    if all(c.isdigit() for c in children):
        return None  # a container's items say nothing about a class
    fitting = []
    for cls in wmap.classes:
        attrs, params = wmap.attrs(cls), wmap.params(cls)
        if not children <= set(attrs) or not own <= params:
            continue
        required = set()
        for attr, ref in attrs.items():
            t = wmap.to_type(ref)
            layer = t[1] if t[0] in ("layer", "default") else None
            if layer and (wmap.layers.get(layer) or {}).get("weights"):
                required.add(attr)
        if required <= children:
            fitting.append(cls)
    if not fitting:
        return None
    # one of several same-named classes, as its module defines it, over their merge
    merged = {wmap.classes[c].get("variant_of") for c in fitting}
    fitting = [c for c in fitting if c not in merged]
    # classes typing these submodules alike (QuantizableBasicBlock adds only parameterless
    # members to BasicBlock) rename the module alike: any of them will do
    first = wmap.attrs(fitting[0])
    if all(wmap.attrs(c)[k] == first[k] for c in fitting for k in children):
        return ("class", fitting[0])
    return ("one_of", [{"class": c} for c in fitting])


def plan_renames(shapes: dict[str, tuple[int, ...]], doc: dict[str, Any], root: str | None = None,
                 model_keys: dict[str, tuple[int, ...]] | None = None,
                 patterns: Patterns | None = None) -> RenamePlan:
    """``patterns``: what each layer type's state_dict looks like (weights/evidence.py)."""
    wmap = WeightMap(doc)
    if root is None:
        candidates, note = _find_root(wmap, {k.split(".", 1)[0] for k in shapes})
        plans = [_plan(wmap, shapes, c, model_keys, patterns) for c in candidates or [None]]
        complete = [(c, p) for c, p in zip(candidates, plans, strict=False) if not p.unmapped]
        if any(not p.misfits for _, p in complete):
            # the checkpoint contradicts what the others build (AlexNet's features.0 is a Conv2d,
            # MobileNetV2's checkpoint has features.0.0.weight): they are not its model
            ruled_out = [f"not {c}: {p.misfits[0]}" for c, p in complete if p.misfits]
            complete = [(c, p) for c, p in complete if not p.misfits]
            for _, p in complete:
                p.notes += ruled_out
        if len(complete) == 1 and len(candidates) > 1:
            note = f"model class: {complete[0][0]} (the only one of {', '.join(candidates)} the checkpoint fits)"
            plan = complete[0][1]
        elif len(complete) > 1 and len({tuple(p.renames) for _, p in complete}) == 1:
            # a subclass adding only parameterless members (QuantizableResNet and ResNet): every
            # class the checkpoint fits renames it the same way, so which one it was does not matter
            note = (f"model class: any of {', '.join(c for c, _ in complete)} (they rename this checkpoint "
                    "the same way)")
            plan = complete[0][1]
        elif len(complete) > 1 and _best_typed(complete) is not None:
            # the classes rename differently (paddle's Linear: source-typed ones transposed,
            # others not); the one whose source types the checkpoint's modules best is the model
            best, plan = _best_typed(complete)
            note = (f"model class: {best} (of {', '.join(c for c, _ in complete)}, which rename differently, "
                    f"its source types the most modules: {plan.inferred} left to evidence)")
        elif len(complete) > 1:
            # equally good readings that rename differently (one class keeps a Linear in torch's
            # layout, another not): the result depends on which class the checkpoint came from,
            # and nothing here tells; a guess would fail at load, or worse, not
            plan = RenamePlan()
            plan.unmapped.append(("*", f"several classes fit this checkpoint and rename it differently "
                                       f"({', '.join(c for c, _ in complete)}): pass --root CLASS"))
        else:
            # several classes fit and rename differently: each module is one of what they have there
            plan = plans[0] if len(candidates) <= 1 else _plan(
                wmap, shapes, ("one_of", [{"class": c} for c in candidates]), model_keys, patterns)
        plan.notes.insert(0, note)
        return plan
    return _plan(wmap, shapes, root, model_keys, patterns)


def _plan(wmap: WeightMap, shapes: dict[str, tuple[int, ...]], root: str | tuple | None,
          model_keys: dict[str, tuple[int, ...]] | None, patterns: Patterns | None) -> RenamePlan:
    plan = RenamePlan()
    if isinstance(root, str) and root not in wmap.classes:
        plan.unmapped.append(("*", f"--root {root}: no such class in the weight map"))
        return plan
    groups: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for key, shape in shapes.items():
        module, _, leaf = key.rpartition(".")
        groups[module][leaf] = tuple(shape)
    inferred: list[str] = []
    spatial = _spatial_rank(shapes)
    kids: dict[str, set[str]] = defaultdict(set)  # module path -> names of its direct submodules
    for module in groups:
        parts = module.split(".") if module else []
        for i in range(len(parts)):
            kids[".".join(parts[:i])].add(parts[i])
    inferred_classes: dict[str, str] = {}
    misfit_paths: set[str] = set()
    for module, group in groups.items():
        t: tuple = root if isinstance(root, tuple) else ("class", root) if root else UNKNOWN
        parts = module.split(".") if module else []
        enclosing = [t[1]] if t[0] == "class" else []  # the classes on the way, outermost first
        for i, part in enumerate(parts):
            t = wmap.step(t, part)
            path = ".".join(parts[:i + 1])
            if i < len(parts) - 1 and path not in groups and path not in misfit_paths and _leaf_layer(wmap, t):
                misfit_paths.add(path)
                plan.misfits.append(f"it builds {path} as {t[1]}, the checkpoint has only submodules there")
            if t[0] in ("unknown", "default", "one_of") and kids.get(path):
                if path not in inferred_classes:
                    inferred_classes[path] = _class_by_children(wmap, kids[path], set(groups.get(path, {})))
                if inferred_classes[path]:
                    t = inferred_classes[path]
            if t[0] == "class" and i < len(parts) - 1:
                enclosing.append(t[1])
        if t[0] == "one_of":
            t = _fitting_options(wmap, t, group)
        if t[0] == "one_of" and _layouts_differ(wmap, t[1]):
            for leaf in group:
                key = f"{module}.{leaf}" if module else leaf
                plan.unmapped.append((key, f"the classes that could be the model build {module or 'it'} as "
                                           f"{' / '.join(map(str, t[1]))}, which rename differently: pass --root"))
            continue
        decided: dict[str, tuple[str | None, Layout]] = {}
        rest = dict(group)
        if t[0] == "layer":
            ndim = ((wmap.layers.get(t[1]) or {}).get("evidence") or {}).get("ndim") or {}
            plan.misfits += [f"it builds {module} as {t[1]}, the checkpoint's {leaf} is {len(group[leaf])}-d"
                             for leaf, n in ndim.items() if leaf in group and len(group[leaf]) != n]
            for leaf in group:
                ok, name, tr = _layer_rule(wmap, t[1], leaf)
                if ok:
                    decided[leaf] = (name, tr)
                    rest.pop(leaf)
        elif t[0] == "class":
            params = wmap.params(t[1])
            base = wmap.layer_base(t[1])
            for leaf in group:
                if _own(params, leaf):
                    decided[leaf] = (leaf, (False, None))
                    rest.pop(leaf)
                elif base:
                    ok, name, tr = _layer_rule(wmap, base, leaf)
                    if ok:
                        decided[leaf] = (name, tr)
                        rest.pop(leaf)
        if rest and t[0] == "layer" and t[1] not in wmap.layers:
            for leaf in rest:
                key = f"{module}.{leaf}" if module else leaf
                plan.unmapped.append((key, f"{t[1]} has no weight rules in the {wmap.target} tables"))
            rest = {}
        if rest:
            own = frozenset(n for ref in _defaults(t) for n in wmap.names_of(ref))
            scopes = (("the source builds here", own),
                      *((f"{cls} names", wmap.named(cls)) for cls in reversed(enclosing)))
            reading, why = _evidence(wmap, rest, module, model_keys, patterns, scopes, spatial)
            if reading is None:
                for leaf in rest:
                    key = f"{module}.{leaf}" if module else leaf
                    plan.unmapped.append((key, why))
            else:
                decided.update(reading)
                if why != "user parameters":
                    inferred.append(f"{module or '<root>'} as {why}")
        for leaf, (name, tr) in decided.items():
            key = f"{module}.{leaf}" if module else leaf
            target = None if name is None else (f"{module}.{name}" if module else name)
            plan.renames.append(Rename(key, target, *tr))
    if any(t and t[0] == "class" for t in inferred_classes.values()):
        shown = sorted(f"{p} as {t[1]}" for p, t in inferred_classes.items() if t and t[0] == "class")
        plan.notes.append(f"{len(shown)} modules typed by the names of their submodules (one class fits): "
                          + ", ".join(shown[:10]) + (" ..." if len(shown) > 10 else ""))
    plan.inferred = len(inferred)
    if inferred:
        plan.notes.append(f"{len(inferred)} modules typed from state_dict evidence (source could not tell): "
                          + ", ".join(sorted(inferred)[:20]) + (" ..." if len(inferred) > 20 else ""))
    targets: dict[str, str] = {}
    for r in plan.renames:
        if r.target is not None:
            if r.target in targets:
                plan.unmapped.append((r.source, f"maps to {r.target}, as {targets[r.target]} does"))
            targets[r.target] = r.source
    return plan
