"""A fixture translated for a target and checked against torch by `torch2ms verify`: shared by the
tests whose fixture defines ``Net()`` taking one (2, 3, 8, 8) input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.translate_helpers import translate


def translated_fixture_matches(fixture: Path, target: str, tmp_path: Path) -> Path:
    """Translate ``fixture`` into tmp_path, assert `verify` finds it matching torch; the translated path."""
    out = tmp_path / f"{fixture.stem}_t.py"
    out.write_text(translate(fixture.read_text(encoding="utf-8"), target), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "translator", "verify", "--torch", f"{fixture}:Net()", "--translated", f"{out}:Net()",
         "--input", "2,3,8,8", "--to", target, "--json"],
        capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["status"] == "match", proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not report["unmatched"]
    return out
