"""Array differences and the tolerance test.

Within tolerance means: same shape, and max|target - torch| <= atol + rtol * max|torch| (the
scale of the whole tensor, so elements near zero do not dominate). NaN on one side only fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from translator.verify.tolerance import Tolerance


@dataclass(frozen=True)
class Diff:
    torch_shape: tuple[int, ...]
    target_shape: tuple[int, ...]
    max_abs: float | None  # None: the shapes differ
    max_rel: float | None
    ok: bool


def diff(torch_value: np.ndarray, target_value: np.ndarray, tol: Tolerance) -> Diff:
    a, b = np.asarray(torch_value), np.asarray(target_value)
    if a.shape != b.shape:
        return Diff(a.shape, b.shape, None, None, False)
    if a.size == 0:
        return Diff(a.shape, b.shape, 0.0, 0.0, True)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    d = np.abs(a64 - b64)
    d[np.isnan(a64) & np.isnan(b64)] = 0.0
    d[(np.isinf(a64) & (a64 == b64))] = 0.0
    max_abs = float(np.inf) if np.isnan(d).any() else float(d.max())
    scale = float(np.nanmax(np.abs(np.where(np.isinf(a64), 0.0, a64))))
    max_rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else float(np.inf))
    return Diff(a.shape, b.shape, max_abs, max_rel, max_abs <= tol.atol + tol.rtol * scale)


def worst(diffs: list[Diff]) -> Diff | None:
    """The failing diff (shape mismatch first, then the largest), else the largest passing one."""
    if not diffs:
        return None
    return max(diffs, key=lambda d: (not d.ok, d.max_abs is None, d.max_rel or 0.0))


def all_agree(torch_values: list[np.ndarray], target_values: list[np.ndarray], tol: Tolerance) -> bool:
    return len(torch_values) == len(target_values) and all(
        diff(a, b, tol).ok for a, b in zip(torch_values, target_values, strict=True))
