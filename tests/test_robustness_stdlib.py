"""Proof at scale (tests/scale/stdlib_identity.py): every file of this machine's standard
library comes back byte-identical or is reported; none crashes the translator.

Measured on the development machine: ~1,800 files, ~10 s for the identity check; the stress
check (``import torch`` appended, so the whole rewrite runs) ~60 ms a file, hence sampled here.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scale"))

from stdlib_identity import check, stdlib_files, stress  # noqa: E402


def test_stdlib_identical_or_reported() -> None:
    files = stdlib_files()
    assert len(files) > 1000, "standard library not found"
    outcome = check(files)
    assert not outcome.crashed, "\n".join(outcome.crashed[:5])
    assert not outcome.changed, outcome.changed[:20]
    assert outcome.identical + len(outcome.reported) == outcome.files
    # files broken on purpose are reported with a place, and they are few
    assert len(outcome.reported) < 50, outcome.reported
    assert all(r.count(":") >= 3 for r in outcome.reported), outcome.reported
    bad = [r for r in outcome.reported if "badsyntax_" in r or "bad_coding" in r or "lib2to3" in r]
    assert len(bad) == len(outcome.reported) or len(outcome.reported) - len(bad) < 10, outcome.reported


def test_stdlib_with_torch_import_sampled() -> None:
    files = stdlib_files()[::25]
    for target in ("mindspore", "paddle"):
        outcome = stress(files, target)
        assert not outcome.crashed, "\n".join(outcome.crashed[:5])
        assert not outcome.changed, outcome.changed[:20]
