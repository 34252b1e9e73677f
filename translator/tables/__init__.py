"""API tables: the data that says how each torch API becomes a target API.

The loader is imported on first use of its names only: ``translator.tables.schema`` is a leaf
that the call data (``translator.binding``) needs, while the loader needs the transform registry,
whose transforms need the call data.
"""

from __future__ import annotations

import importlib
from typing import Any

_FROM_LOADER = ("TableError", "load_tables")
_FROM_SCHEMA = ("ArgSpec", "Entry", "Example", "Tables", "TargetConfig", "TorchFacts", "WeightRule")

__all__ = [*_FROM_SCHEMA, *_FROM_LOADER]


def __getattr__(name: str) -> Any:
    if name in _FROM_LOADER:
        return getattr(importlib.import_module("translator.tables.loader"), name)
    if name in _FROM_SCHEMA:
        return getattr(importlib.import_module("translator.tables.schema"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
