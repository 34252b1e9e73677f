"""Torch layer names to target layer names, through the weight map's renames.

A rename moves a parameter (``stem.1.running_mean`` -> ``stem.1.moving_mean``); where its module
part changes too (a container whose children the translation renamed), the torch module maps
to the target module, and so does everything under it. Other names stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from translator.weights.rename import Rename


def module_renames(renames: Iterable[Rename]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in renames:
        if r.target is None:
            continue
        source, target = r.source.rpartition(".")[0], r.target.rpartition(".")[0]
        if source != target:
            out[source] = target
    return out


def target_name(torch_name: str, renamed: dict[str, str]) -> str:
    """The longest renamed ancestor (or the module itself) decides the prefix."""
    parts = torch_name.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in renamed:
            return ".".join([renamed[prefix], *parts[cut:]]) if renamed[prefix] else ".".join(parts[cut:])
    return torch_name
