"""Output never overwrites an input unless asked, and is written atomically.

``-o`` equal to or inside SRC (or any planned output landing on a source) is refused with a
clear message unless ``--in-place``; every write goes to a temporary sibling renamed into
place, so an interrupted run leaves neither half-written nor temporary files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _robustness import run_cli, tree_bytes, write

import translator.source_io as source_io

TORCH_OK = "import torch.nn as nn\n\nlayer = nn.ReLU()\n"


def _package(root: Path, n: int = 3) -> dict[str, bytes]:
    for i in range(n):
        write(root / f"m{i}.py", TORCH_OK.replace("layer", f"layer{i}"))
    write(root / "README.txt", b"notes\n")
    return tree_bytes(root)


@pytest.mark.parametrize("where", ["same-dir", "inside-dir", "same-file", "file-into-own-dir", "sibling-collision"])
def test_output_onto_input_refused(tmp_path: Path, where: str) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    other = tmp_path / "other"
    write(other / "x.py", TORCH_OK)
    if where == "same-dir":
        args: list[str | Path] = [pkg, "-o", pkg]
    elif where == "inside-dir":
        args = [pkg, "-o", pkg / "translated"]
    elif where == "same-file":
        args = [pkg / "m0.py", "-o", pkg / "m0.py"]
    elif where == "file-into-own-dir":  # OUT is a folder: the output would be pkg/m0.py itself
        args = [pkg / "m0.py", "-o", pkg]
    else:  # two sources into their common parent: OUT/pkg is the source folder
        args = [pkg, other, "-o", tmp_path]
    run = run_cli("translate", *args)
    assert run.code == 2
    assert "refusing to overwrite sources" in run.err and "--in-place" in run.err
    assert tree_bytes(pkg) == before
    assert not (pkg / "translated").exists()


def test_in_place_translates_sources(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    run = run_cli("translate", pkg, "-o", pkg, "--in-place")
    assert run.code == 0, run.err
    after = tree_bytes(pkg)
    assert set(after) == set(before)
    assert all(b"mindspore" in after[f"m{i}.py"] for i in range(3))
    assert after["README.txt"] == before["README.txt"]
    assert not [p for p in pkg.iterdir() if p.name.endswith(".tmp")]


def test_relative_output_inside_source_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    monkeypatch.chdir(pkg)
    run = run_cli("translate", ".", "-o", "out")
    assert run.code == 2 and "refusing to overwrite sources" in run.err
    assert tree_bytes(pkg) == before


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]


def test_crash_mid_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    out = tmp_path / "out"
    # an earlier run's output: a crash must leave it as it was, not half overwritten
    write(out / "m1.py", b"old output\n")
    real_fdopen = os.fdopen
    calls = {"n": 0}

    class _Dying:
        """A file that writes half the data, then fails as a full disk or a kill would."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise KeyboardInterrupt("simulated crash mid-write")

        def __getattr__(self, name: str):
            return getattr(self.handle, name)

    def fdopen(fd: int, *args, **kwargs):
        calls["n"] += 1
        handle = real_fdopen(fd, *args, **kwargs)
        return _Dying(handle) if calls["n"] == 2 else handle

    monkeypatch.setattr(source_io.os, "fdopen", fdopen)
    run = run_cli("translate", pkg, "-o", out)
    assert run.code == 130  # KeyboardInterrupt
    assert tree_bytes(pkg) == before
    assert _leftovers(out) == []
    got = tree_bytes(out)
    # the first file was completely written, the second kept its old content, the rest never started
    assert b"mindspore" in got["m0.py"]
    assert got["m1.py"] == b"old output\n"
    assert "m2.py" not in got


def test_crash_at_rename_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    out = tmp_path / "out"

    def replace(src: str, dst: str) -> None:
        raise RuntimeError("simulated crash before the rename")

    monkeypatch.setattr(source_io.os, "replace", replace)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_cli("translate", pkg, "-o", out)
    assert tree_bytes(pkg) == before
    assert tree_bytes(out) == {}


def test_write_error_reported_and_run_continues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "pkg"
    before = _package(pkg)
    out = tmp_path / "out"
    real = source_io.atomic_write

    def atomic_write(path: Path, data: bytes, mode_from: Path | None = None) -> None:
        if path.name == "m1.py":
            raise OSError(28, "No space left on device")
        real(path, data, mode_from)

    monkeypatch.setattr("translator.project.atomic_write", atomic_write)
    run = run_cli("translate", pkg, "-o", out)
    assert run.code == 1
    assert f"{out / 'm1.py'}: cannot write: No space left on device" in run.err
    assert ":1:1:" not in run.err  # a write error has no place in the source
    assert "1 outputs could not be written" in run.err
    assert tree_bytes(pkg) == before
    assert set(tree_bytes(out)) == {"m0.py", "m2.py", "README.txt"}
    assert _leftovers(out) == []


def test_unchanged_output_not_rewritten(tmp_path: Path) -> None:
    """A second run over the same output leaves files alone (mtime kept): nothing to replace."""
    pkg = tmp_path / "pkg"
    _package(pkg)
    out = tmp_path / "out"
    assert run_cli("translate", pkg, "-o", out).code == 0
    stamp = (out / "m0.py").stat().st_mtime_ns
    os.utime(out / "m0.py", ns=(stamp - 10**9, stamp - 10**9))
    assert run_cli("translate", pkg, "-o", out).code == 0
    assert (out / "m0.py").stat().st_mtime_ns == stamp - 10**9
