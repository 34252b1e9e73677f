"""Stand-in for torchvision.utils (tests/zoo): the real module is image-drawing code; model
modules use only these two helpers from it (copied: they hold no torch)."""

import collections.abc
from itertools import repeat
from typing import Any


def _log_api_usage_once(obj: Any) -> None:
    """torch._C._log_api_usage_once is a no-op unless a logger is subscribed."""


def _make_ntuple(x: Any, n: int) -> tuple[Any, ...]:
    if isinstance(x, collections.abc.Iterable):
        return tuple(x)
    return tuple(repeat(x, n))
