"""Decide the target name of every key of a torch state_dict, from the weight map.

Where the translated source said what a module is (``self.bn1 = nn.BatchNorm2d(64)``), that
decides. Where it could not (``norm_layer(dim)``, layers built in loops), the keys and shapes
of the module's own entries in the state_dict decide, among the layer types the sources use —
and only when every consistent reading renames the same way. Each such decision is reported;
an ambiguous one is an error, never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

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


class WeightMap:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.target = doc.get("target")
        self.layers: dict[str, dict[str, Any]] = doc.get("layers") or {}
        self.classes: dict[str, dict[str, Any]] = doc.get("classes") or {}

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
        return self._folded(cls, "attrs")

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
        return UNKNOWN

    def step(self, t: tuple, name: str) -> tuple:
        kind = t[0]
        if kind == "class":
            ref = self.attrs(t[1]).get(name)
            return self.to_type(ref) if ref is not None else UNKNOWN
        if kind == "seq" and name.isdigit() and int(name) < len(t[1]):
            return self.to_type(t[1][int(name)])
        if kind == "each" and name.isdigit():
            return self.to_type(t[1])
        if kind == "named" and name in t[1]:
            return self.to_type(t[1][name])
        return UNKNOWN


def _find_root(wmap: WeightMap, tops: set[str]) -> tuple[str | None, str]:
    covering = [c for c in sorted(wmap.classes) if tops <= set(wmap.attrs(c)) | wmap.params(c)]
    if len(covering) > 1:
        children = {r["class"] for c in covering for r in _refs(wmap.attrs(c)) if isinstance(r, dict) and "class" in r}
        covering = [c for c in covering if c not in children] or covering
    if len(covering) == 1:
        return covering[0], f"model class: {covering[0]}"
    if not covering:
        return None, "no translated class holds all top-level names; every module is typed from evidence"
    return None, f"several classes could be the model ({', '.join(covering)}): pass --root"


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


def _evidence(wmap: WeightMap, group: dict[str, tuple[int, ...]], module: str = "",
              model_keys: dict[str, tuple[int, ...]] | None = None) -> tuple[Reading | None, str]:
    """Rename the leaves of one module from what they look like; (None, why) when unsure.

    Readings that rename differently (BatchNorm2d and BatchNorm3d look alike in a state_dict)
    are told apart by the translated model's own parameter names when it is given."""
    readings: dict[tuple, list[str]] = defaultdict(list)
    leaves = set(group)
    for layer, info in sorted(wmap.layers.items()):
        rules = info.get("weights") or {}
        ev = info.get("evidence") or {}
        if not leaves <= set(rules) or not set(ev.get("requires") or []) <= leaves:
            continue
        if any(k in group and len(group[k]) != n for k, n in (ev.get("ndim") or {}).items()):
            continue
        reading = tuple(sorted((leaf, *(_layer_rule(wmap, layer, leaf)[1:])) for leaf in leaves))
        readings[reading].append(layer.rsplit(".", 1)[-1])
    for cls in sorted(wmap.classes):
        params = wmap.params(cls)
        # all of the class's own tensors: FrozenBatchNorm2d (weight, bias, running_*) is not a Linear
        ndims = wmap.ndims(cls)
        if any(len(group[leaf]) != n for leaf, n in ndims.items() if leaf in group):
            continue  # a DeformConv2d's 4-D weight is not a GroupNorm's 1-D one
        if params and leaves == params and not wmap.layer_base(cls):
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


def plan_renames(shapes: dict[str, tuple[int, ...]], doc: dict[str, Any], root: str | None = None,
                 model_keys: dict[str, tuple[int, ...]] | None = None) -> RenamePlan:
    wmap = WeightMap(doc)
    plan = RenamePlan()
    tops = {k.split(".", 1)[0] for k in shapes}
    if root is None:
        root, note = _find_root(wmap, tops)
        plan.notes.append(note)
    elif root not in wmap.classes:
        plan.unmapped.append(("*", f"--root {root}: no such class in the weight map"))
        return plan
    groups: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for key, shape in shapes.items():
        module, _, leaf = key.rpartition(".")
        groups[module][leaf] = tuple(shape)
    inferred: list[str] = []
    for module, group in groups.items():
        t: tuple = ("class", root) if root else UNKNOWN
        for part in (module.split(".") if module else []):
            t = wmap.step(t, part)
        decided: dict[str, tuple[str | None, Layout]] = {}
        rest = dict(group)
        if t[0] == "layer":
            for leaf in group:
                ok, name, tr = _layer_rule(wmap, t[1], leaf)
                if ok:
                    decided[leaf] = (name, tr)
                    rest.pop(leaf)
        elif t[0] == "class":
            params = wmap.params(t[1])
            base = wmap.layer_base(t[1])
            for leaf in group:
                if leaf in params:
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
            reading, why = _evidence(wmap, rest, module, model_keys)
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
