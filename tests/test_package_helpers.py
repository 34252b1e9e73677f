"""A package translates with one helper module: generated code defined once in ``_torch2ms.py`` at
the package root and imported where used, at every depth; a single file keeps it inline."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests._robustness import TARGETS, run_cli

LAYERS = textwrap.dedent("""\
    import torch.nn as nn


    class Block(nn.Module):
        def __init__(self, c, norm_layer=None):
            super().__init__()
            if norm_layer is None:
                norm_layer = nn.BatchNorm2d
            self.bn = norm_layer(c)
            self.conv = nn.Conv2d(c, c, 3, padding=1)

        def forward(self, x):
            return self.bn(self.conv(x))
""")


def _package(root: Path) -> Path:
    pkg = root / "pkg"
    for sub in ("", "sub", "sub/deep"):
        (pkg / sub).mkdir(parents=True, exist_ok=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "top.py").write_text(LAYERS)
    (pkg / "sub" / "mid.py").write_text(LAYERS)
    (pkg / "sub" / "deep" / "low.py").write_text(LAYERS)
    (pkg / "plain.py").write_text("VALUE = 1\n")
    return pkg


def _definitions(path: Path) -> set[str]:
    return {s.name for s in ast.parse(path.read_text()).body if isinstance(s, (ast.FunctionDef, ast.ClassDef))}


def _helper_imports(path: Path) -> list[ast.ImportFrom]:
    return [s for s in ast.parse(path.read_text()).body
            if isinstance(s, ast.ImportFrom) and s.module == "_torch2ms"]


@pytest.mark.parametrize("target", TARGETS)
def test_package_defines_helpers_once_and_imports_them_at_every_depth(tmp_path: Path, target: str) -> None:
    out = tmp_path / "out" / "pkg"
    run = run_cli("translate", _package(tmp_path), "-o", out, "--to", target, "-q")
    assert run.code == 0, run.err
    helpers = out / "_torch2ms.py"
    defined = _definitions(helpers)
    assert "TorchArgsBatchNorm2d" in defined
    for rel, level in (("top.py", 1), ("sub/mid.py", 2), ("sub/deep/low.py", 3)):
        path = out / rel
        assert not _definitions(path) & defined, f"{rel} defines generated code again"
        (imp,) = _helper_imports(path)
        assert imp.level == level, rel
        assert "TorchArgsBatchNorm2d" in {a.name for a in imp.names}
    assert (out / "plain.py").read_text() == "VALUE = 1\n"
    # the translated package imports and builds: the relative imports resolve
    code = ("import mindspore\n" if target == "mindspore" else "import paddle\n") + (
        "from pkg.sub.deep.low import Block\nfrom pkg.top import Block as Top\nBlock(4); Top(4)\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=out.parent, capture_output=True, text=True,
                          timeout=600)
    assert proc.stdout.strip() == "ok", proc.stderr[-2000:]
    # translating the output again changes nothing (and writes no second helper module)
    again = tmp_path / "again" / "pkg"
    assert run_cli("translate", out, "-o", again, "--to", target, "-q").code == 0
    for path in out.rglob("*.py"):
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes(), path


def test_single_file_keeps_helpers_inline(tmp_path: Path) -> None:
    src = tmp_path / "one.py"
    src.write_text(LAYERS)
    out = tmp_path / "out.py"
    assert run_cli("translate", src, "-o", out, "--to", "mindspore", "-q").code == 0
    assert "TorchArgsBatchNorm2d" in _definitions(out)
    assert not _helper_imports(out) and not (tmp_path / "_torch2ms.py").exists()


def test_a_folder_that_is_no_package_keeps_helpers_inline(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(LAYERS)
    assert run_cli("translate", tmp_path / "src", "-o", tmp_path / "out", "--to", "mindspore", "-q").code == 0
    assert "TorchArgsBatchNorm2d" in _definitions(tmp_path / "out" / "a.py")
    assert not (tmp_path / "out" / "_torch2ms.py").exists()


def test_scan_names_the_helpers_a_migration_needs(tmp_path: Path) -> None:
    run = run_cli("scan", _package(tmp_path), "--to", "mindspore")
    assert run.code == 0, run.err
    line = next(ln for ln in run.out.splitlines() if "Generated helpers needed" in ln)
    assert "TorchArgsBatchNorm2d" in line.split(":", 1)[1]
