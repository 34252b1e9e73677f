"""The verdict as JSON (a stable shape for CI) and as text for a person."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from translator.verify.compare import Diff
from translator.verify.divergence import Comparison
from translator.verify.tolerance import Tolerance

EXIT_MATCH, EXIT_MISMATCH, EXIT_ERROR = 0, 1, 2
UNMATCHED_SHOWN = 20


@dataclass
class Verdict:
    target: str
    tolerance: Tolerance
    comparison: Comparison | None = None
    error: str | None = None  # which side failed, and its error

    @property
    def status(self) -> str:
        if self.error is not None or self.comparison is None:
            return "error"
        return "match" if self.comparison.ok else "mismatch"

    @property
    def exit_code(self) -> int:
        return {"match": EXIT_MATCH, "mismatch": EXIT_MISMATCH}.get(self.status, EXIT_ERROR)


def _number(x: float | None) -> float | str | None:
    # JSON has no infinity: a NaN or inf difference is reported as a string
    return x if x is None or math.isfinite(x) else str(x)


def _diff_json(d: Diff) -> dict[str, Any]:
    return {"torch_shape": list(d.torch_shape), "target_shape": list(d.target_shape),
            "max_abs": _number(d.max_abs), "max_rel": _number(d.max_rel)}


def to_json(v: Verdict) -> dict[str, Any]:
    c = v.comparison
    first = c.first_divergence if c else None
    return {
        "status": v.status,
        "target": v.target,
        "tolerance": {"atol": v.tolerance.atol, "rtol": v.tolerance.rtol},
        "outputs": [{"path": o.path, **_diff_json(o.diff), "ok": o.diff.ok} for o in c.outputs] if c else [],
        "first_divergence": None if first is None else {
            "name": first.name, "target_name": first.target_name,
            "torch_type": first.torch_type, "target_type": first.target_type,
            **_diff_json(first.diff), "inputs_agree": first.inputs_agree,
            "torch_args": first.torch_args, "target_args": first.target_args,
            "last_agreeing": first.last_agreeing,
        },
        "unmatched": c.unmatched if c else [],
        "error": v.error,
    }


def _fmt_diff(d: Diff) -> str:
    if d.max_abs is None:
        return f"shapes differ: torch {d.torch_shape}, target {d.target_shape}"
    return f"max|diff| {d.max_abs:.3g}, relative {d.max_rel:.3g}"


def _fmt_args(args: dict[str, Any]) -> str:
    plain = {k: v for k, v in args.items() if k != "repr"}
    if not plain:
        return args.get("repr") or "(none)"
    return ", ".join(f"{k}={v}" for k, v in plain.items())


def to_text(v: Verdict) -> str:
    lines = [f"torch2ms verify ({v.target}): {v.status.upper()}"]
    if v.error is not None:
        return "\n".join([*lines, v.error])
    c = v.comparison
    for o in c.outputs:
        lines.append(f"  output {o.path or '(the tensor)'}: {_fmt_diff(o.diff)}  {'ok' if o.diff.ok else 'DIFFERS'}")
    first = c.first_divergence
    if first is not None:
        after = f"after {first.last_agreeing}" if first.last_agreeing else "before it"
        cause = {True: "yes: this layer itself is the cause",
                 False: f"no: the difference comes from forward code outside the layers, {after}",
                 None: "(no tensor input)"}[first.inputs_agree]
        lines += [
            f"first diverging layer: {first.name}"
            + (f" (target: {first.target_name})" if first.target_name != first.name.split(' (')[0] else ""),
            f"  torch:  {first.torch_type}  output {first.diff.torch_shape}",
            f"          {_fmt_args(first.torch_args)}",
            f"  {v.target}: {first.target_type}  output {first.diff.target_shape}",
            f"          {_fmt_args(first.target_args)}",
            f"  difference: {_fmt_diff(first.diff)}",
            f"  its inputs agree: {cause}",
        ]
    elif not c.ok:
        lines.append("no matched layer diverges: the difference is in forward code outside the layers")
    if c.unmatched:
        lines.append(f"layers with no counterpart ({len(c.unmatched)}):")
        lines += [f"  {u['side']}: {u['name']} ({u['type']}): {u['reason']}" for u in c.unmatched[:UNMATCHED_SHOWN]]
        if len(c.unmatched) > UNMATCHED_SHOWN:
            lines.append(f"  ... and {len(c.unmatched) - UNMATCHED_SHOWN} more (--json lists all)")
    return "\n".join(lines)
