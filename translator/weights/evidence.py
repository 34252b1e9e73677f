"""What a layer type's state_dict looks like, from the layer itself: its table examples built in torch.

Where the translated source cannot say what a module is, the converter matches the module's
state_dict entries against the layer types the sources use. Hand-kept per-entry evidence missed
facts (PReLU has one 1-D ``weight``, so a 4-D conv weight is not a PReLU; BatchNorm always has
``num_batches_tracked`` next to its running statistics, so a FrozenBatchNorm-style class without
it is not a BatchNorm). Here each layer entry's examples are built in torch (the converter has
torch), each also with every boolean flag of the signature flipped (``bias=False``,
``affine=False``, ``track_running_stats=False``), and the state_dicts' key sets and ndims are the
patterns a module of that type can show. Built once per layer type and process, and kept on
disk per table content (``table_patterns``): loading the tables and building every layer took
most of a conversion's time.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

Pattern = dict[str, int]  # state_dict leaf -> ndim
_FLAG = re.compile(r"\b(\w+)\s*=\s*(True|False)\b")


def _variants(call: str, signature: str) -> list[str]:
    """The example call, and the call with each boolean flag of the signature it leaves at its
    default flipped."""
    out = [call]
    try:
        node = ast.parse(call, mode="eval").body
    except SyntaxError:
        return out
    if not isinstance(node, ast.Call):
        return out
    given = {k.arg for k in node.keywords}
    for name, default in _FLAG.findall(signature):
        if name in given:
            continue
        flipped = ast.Call(node.func, node.args, [*node.keywords, ast.keyword(name, ast.Constant(default != "True"))])
        out.append(ast.unparse(flipped))
    return out


@cache
def _namespace() -> dict[str, Any]:
    import torch

    return {"torch": torch, "nn": torch.nn, "F": torch.nn.functional}


@cache
def _patterns(key: str, calls: tuple[str, ...], signature: str) -> tuple[tuple[tuple[str, int], ...], ...]:
    import torch

    found: set[tuple[tuple[str, int], ...]] = set()
    for call in calls:
        for variant in _variants(call, signature):
            try:
                with torch.device("meta"):
                    layer = eval(variant, dict(_namespace()))
                state = layer.state_dict()
            except Exception:  # a flipped flag the layer rejects, an example needing inputs: skipped
                continue
            found.add(tuple(sorted((k, v.dim()) for k, v in state.items() if "." not in k)))
    return tuple(sorted(found))


def layer_patterns(tables: Any, key: str) -> list[Pattern] | None:
    """Every key set (with ndims) the examples of layer entry ``key`` show; None when the tables
    have no buildable example for it (the map's own ``evidence`` is used then)."""
    entry = tables.entries.get(key)
    if entry is None or entry.kind != "layer" or not entry.examples:
        return None
    found = _patterns(key, tuple(e.call for e in entry.examples), entry.signature_text or "")
    return [dict(p) for p in found] or None


def _cache_dir() -> Path:
    base = os.environ.get("TORCH2MS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "torch2ms")
    return Path(base)


def tables_digest(target: str, tables_dir: Path) -> str:
    """What the patterns depend on: the torch facts, the target's tables, this file and torch."""
    import torch

    digest = hashlib.sha256(f"{torch.__version__}\0{target}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for folder in (tables_dir / "torch", tables_dir / target):
        for path in sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def table_patterns(target: str) -> Callable[[str], list[Pattern] | None]:
    """``layer_patterns`` of every layer entry of the target's tables, read from the on-disk cache
    when the tables are those that made it (the tables are not even loaded then), else computed
    and stored (best effort: an unwritable cache only costs time)."""
    from translator.tables import load_tables
    from translator.tables.loader import TABLES_DIR

    path = _cache_dir() / f"layer-patterns-{target}-{tables_digest(target, TABLES_DIR)}.json"
    try:
        found: dict[str, list[Pattern] | None] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tables = load_tables(target)
        found = {key: layer_patterns(tables, key) for key, entry in tables.entries.items() if entry.kind == "layer"}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass
    return found.get
