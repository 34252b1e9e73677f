"""The tolerance (no numpy here: the command line imports it, and ``translate`` imports the
command line)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    """Within tolerance: max|target - torch| <= atol + rtol * max|torch|."""

    atol: float = 1e-5
    rtol: float = 1e-4
