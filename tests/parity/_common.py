"""Helpers shared by the per-framework parity scripts (standard library only)."""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

BLOCKED_TOP_LEVEL = ("torch", "torchvision", "torchaudio")


# A folder holding translated packages (the model-zoo test's translated ``torchvision``): those
# are target code and may be imported, from there only.
TRANSLATED_ROOT_ENV = "PARITY_TRANSLATED_ROOT"


def _translated(top: str) -> bool:
    root = os.environ.get(TRANSLATED_ROOT_ENV)
    return bool(root) and (Path(root) / top / "__init__.py").is_file()


class TorchBlocker(importlib.abc.MetaPathFinder):
    """Make ``import torch`` fail, proving translated code runs without PyTorch installed."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        top = fullname.split(".", 1)[0]
        if top in BLOCKED_TOP_LEVEL and not (top != "torch" and _translated(top)):
            raise ImportError(f"import of {fullname!r} blocked: target-side code must not need torch")


def block_torch() -> None:
    """Install the blocker ahead of every other finder (idempotent).

    Runs before mindspore/paddle are imported, so an optional ``try: import torch`` inside a
    framework takes its no-torch path, as it would on a machine without torch.
    """
    already = [m for m in sys.modules if m.split(".", 1)[0] in BLOCKED_TOP_LEVEL]
    if already:
        raise RuntimeError(f"torch already imported before the blocker was installed: {already[:3]}")
    if not any(isinstance(f, TorchBlocker) for f in sys.meta_path):
        sys.meta_path.insert(0, TorchBlocker())


def import_from_path(path: str | os.PathLike[str], name: str | None = None) -> ModuleType:
    """Import a single .py file as a module without putting its folder on sys.path first."""
    path = Path(path).resolve()
    name = name or f"parity_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before exec so dataclasses/pickle lookups of the module's own classes work.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class ParityFailure(Exception):
    """A check failed; the scripts' ``main`` turns it into ``fail`` (the zoo harness into a row)."""


def fail(message: str) -> None:
    """Exit non-zero with a message on stderr (pytest shows it)."""
    print(f"PARITY FAILURE: {message}", file=sys.stderr)
    sys.exit(1)
