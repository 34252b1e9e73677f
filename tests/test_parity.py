"""Numeric parity: each fixture, translated by torch2ms, must reproduce PyTorch's output.

For every (fixture, target) pair: PyTorch runs the fixture once per session (tests/parity/
torch_side.py), the CLI translates the source and converts the weights, and the target side
runs the result in its own process with ``import torch`` blocked. See tests/parity/README.md.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
PARITY = REPO / "tests" / "parity"
FIXTURES = sorted(p for p in (REPO / "fixtures").glob("*.py") if not p.name.startswith("_"))
# target -> (side script, converted weights file name)
TARGETS = {"mindspore": ("mindspore_side.py", "model.ckpt"), "paddle": ("paddle_side.py", "model.pdparams")}
FRAMEWORKS = ("torch", "mindspore", "paddle")
RTOL = 1e-5
TIMEOUT_S = 900
TAIL_CHARS = 6000

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
# GLOG_v=3 is MindSpore's "errors only", keeping its C++ warnings out of failure reports. Only
# for MindSpore: Paddle reads the same variable as a verbosity level and floods stderr.
TARGET_ENV = {"mindspore": {"GLOG_v": "3"}, "paddle": {}}


def _tail(text: str) -> str:
    return text if len(text) <= TAIL_CHARS else "...\n" + text[-TAIL_CHARS:]


def run(cmd: list[str], what: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run cmd from the repo root; any failure fails the test with the command's output."""
    shown = shlex.join(cmd)
    env = {**ENV, **(extra_env or {})}
    try:
        proc = subprocess.run(cmd, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{what}: timed out after {TIMEOUT_S}s\n$ {shown}\n{exc.stderr or ''}", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"{what}: exit code {proc.returncode}\n$ {shown}\n"
            f"--- stdout ---\n{_tail(proc.stdout)}\n--- stderr ---\n{_tail(proc.stderr)}",
            pytrace=False,
        )
    return proc


def require_file(path: Path, what: str) -> None:
    if not path.is_file():
        pytest.fail(f"{what} exited 0 but did not write {path}", pytrace=False)


@pytest.fixture(scope="session")
def torch_reference(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """Return a function giving the folder with weights.pth/input.npy/output.npy of a fixture.

    Cached per fixture so PyTorch runs once per session, whatever the number of targets.
    """
    root = tmp_path_factory.mktemp("torch_reference")
    done: dict[str, Path] = {}

    def get(fixture: Path) -> Path:
        if fixture.stem not in done:
            outdir = root / fixture.stem
            run([sys.executable, str(PARITY / "torch_side.py"), str(fixture), str(outdir)], "torch side")
            for name in ("weights.pth", "input.npy", "output.npy"):
                require_file(outdir / name, "torch side")
            done[fixture.stem] = outdir
        return done[fixture.stem]

    return get


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_framework_importable(framework: str) -> None:
    # Parity tests would fail anyway without a framework; this names the cause directly,
    # and makes a missing framework a failure, never a skip.
    run([sys.executable, "-c", f"import {framework}; print({framework}.__version__)"], f"import {framework}")


def test_torch_blocker_blocks() -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from _common import block_torch; block_torch(); import torch.nn"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(PARITY)],
        check=False,
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0, "import torch succeeded with the blocker installed"
    assert "blocked" in proc.stderr, proc.stderr


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_parity(fixture: Path, target: str, torch_reference: Callable[[Path], Path], tmp_path: Path) -> None:
    ref = torch_reference(fixture)
    side_script, weights_name = TARGETS[target]
    translated = tmp_path / f"{fixture.stem}_{target}.py"
    weight_map = tmp_path / "weight_map.yaml"
    converted = tmp_path / weights_name
    result = tmp_path / "output.npy"

    translator = [sys.executable, "-m", "translator"]
    run(
        [
            *translator,
            "translate",
            str(fixture),
            "-o",
            str(translated),
            "--to",
            target,
            "--weight-map",
            str(weight_map),
        ],
        "translate",
        TARGET_ENV[target],
    )
    require_file(translated, "translate")
    require_file(weight_map, "translate --weight-map")

    run(
        [
            *translator,
            "weights",
            "convert",
            str(ref / "weights.pth"),
            "--map",
            str(weight_map),
            "-o",
            str(converted),
            "--to",
            target,
            # both directions: every parameter of the translated model filled, nothing extra
            "--model",
            f"{translated}:build_model",
        ],
        "weights convert",
        TARGET_ENV[target],
    )
    require_file(converted, "weights convert")

    run(
        [
            sys.executable,
            str(PARITY / side_script),
            str(translated),
            str(converted),
            str(ref / "input.npy"),
            str(result),
        ],
        f"{target} side",
        TARGET_ENV[target],
    )
    require_file(result, f"{target} side")

    expected = np.load(ref / "output.npy")
    actual = np.load(result)
    # pytest.fail rather than assert: the report should show the numbers, not this function.
    if actual.shape != expected.shape:
        pytest.fail(f"output shape {actual.shape} != torch {expected.shape} (translated: {translated})", pytrace=False)
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    tol = RTOL * max(1.0, float(np.abs(expected).max()))
    if not diff.max() <= tol:  # also catches NaN
        worst = np.unravel_index(int(np.nanargmax(diff)) if not np.isnan(diff).all() else 0, diff.shape)
        pytest.fail(
            f"max|diff| {diff.max():.3g} > tol {tol:.3g}; worst at {worst}: {target} {actual[worst]!r} vs torch "
            f"{expected[worst]!r}; {int((diff > tol).sum())}/{diff.size} elements off (translated: {translated})",
            pytrace=False,
        )
