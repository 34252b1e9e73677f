"""Compare two sides: every output, then (on a mismatch) the first layer call in torch's
execution order whose output differs, and the layers that have no counterpart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from translator.verify.compare import Diff, all_agree, diff, worst
from translator.verify.matching import target_name
from translator.verify.recorder import ROOT_NAME
from translator.verify.results import Call, SideResult
from translator.verify.tolerance import Tolerance


@dataclass
class OutputDiff:
    path: str
    diff: Diff


@dataclass
class Divergence:
    name: str  # torch's qualified name; "(call N)" added for a layer's later calls
    target_name: str
    torch_type: str
    target_type: str
    diff: Diff
    inputs_agree: bool | None  # None: the layer got no tensor input
    torch_args: dict[str, Any]
    target_args: dict[str, Any]
    # the last layer call before it whose output still agreed: when the inputs already differ,
    # the cause is forward code between that layer and this one
    last_agreeing: str | None = None


@dataclass
class Comparison:
    outputs: list[OutputDiff] = field(default_factory=list)
    first_divergence: Divergence | None = None
    unmatched: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.outputs) and all(o.diff.ok for o in self.outputs)


def compare_outputs(torch_side: SideResult, target_side: SideResult, tol: Tolerance) -> list[OutputDiff]:
    targets = dict(target_side.outputs)
    out = [OutputDiff(path, diff(value, targets[path], tol)) if path in targets else
           OutputDiff(path, Diff(value.shape, (), None, None, False)) for path, value in torch_side.outputs]
    seen = {p for p, _ in torch_side.outputs}
    out += [OutputDiff(path, Diff((), value.shape, None, None, False))
            for path, value in target_side.outputs if path not in seen]
    return out


def unmatched_layers(torch_side: SideResult, target_side: SideResult, renamed: dict[str, str]) -> list[dict[str, str]]:
    """Layers with no counterpart of that name, and layers the two sides call a different number
    of times (the translated forward skips or repeats one): the comparison cannot cover those."""
    mapped = {target_name(n, renamed): n for n in torch_side.layers}
    out = [{"side": "torch", "name": n, "type": info["type"], "reason": "no target layer of that name"}
           for n, info in torch_side.layers.items() if target_name(n, renamed) not in target_side.layers]
    out += [{"side": "target", "name": n, "type": info["type"], "reason": "no torch layer of that name"}
            for n, info in target_side.layers.items() if n not in mapped]
    torch_counts = Counter(c.name for c in torch_side.calls)
    target_counts = Counter(c.name for c in target_side.calls)
    for name, info in torch_side.layers.items():
        tname = target_name(name, renamed)
        if tname in target_side.layers and torch_counts[name] != target_counts[tname]:
            out.append({"side": "torch", "name": name, "type": info["type"],
                        "reason": f"called {torch_counts[name]} times, the target layer {target_counts[tname]}"})
    return out


def first_divergence(torch_side: SideResult, target_side: SideResult, renamed: dict[str, str],
                     tol: Tolerance) -> Divergence | None:
    target_calls: dict[tuple[str, int], Call] = {(c.name, c.call): c for c in target_side.calls}
    last_agreeing: str | None = None
    for c in torch_side.calls:
        tname = c.name if c.name == ROOT_NAME else target_name(c.name, renamed)
        other = target_calls.get((tname, c.call))
        if other is None:
            continue  # listed among the unmatched layers
        name = c.name if c.call == 1 else f"{c.name} (call {c.call})"
        diffs = [diff(a, b, tol) for a, b in zip(c.outputs, other.outputs, strict=False)]  # counts checked below
        if len(c.outputs) != len(other.outputs):
            diffs.append(Diff((len(c.outputs),), (len(other.outputs),), None, None, False))
        bad = worst(diffs)
        if bad is None or bad.ok:
            last_agreeing = name
            continue
        inputs_agree = all_agree(c.inputs, other.inputs, tol) if c.inputs or other.inputs else None
        tinfo, ginfo = torch_side.layers.get(c.name, {}), target_side.layers.get(tname, {})
        return Divergence(name, tname, tinfo.get("type", "?"), ginfo.get("type", "?"), bad, inputs_agree,
                          tinfo.get("args", {}), ginfo.get("args", {}), last_agreeing)
    return None


def compare_sides(torch_side: SideResult, target_side: SideResult, renamed: dict[str, str],
                  tol: Tolerance) -> Comparison:
    result = Comparison(compare_outputs(torch_side, target_side, tol),
                        unmatched=unmatched_layers(torch_side, target_side, renamed))
    if not result.ok:
        result.first_divergence = first_divergence(torch_side, target_side, renamed, tol)
    return result
