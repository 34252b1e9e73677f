"""Translating already translated code changes nothing: for every fixture and both targets,
translate, translate the output again, compare byte for byte (TODO comments included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _robustness import FIXTURES, TARGETS, compiles, run_cli, tree_bytes


@pytest.mark.parametrize("target", TARGETS)
def test_fixtures_translate_idempotently(tmp_path: Path, target: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run = run_cli("translate", *FIXTURES, "-o", first, "--to", target, "-q")
    assert run.code == 0, run.err
    run = run_cli("translate", first, "-o", second, "--to", target, "-q")
    assert run.code == 0, run.err
    once, twice = tree_bytes(first), tree_bytes(second)
    assert set(once) == {p.name for p in FIXTURES}
    for name, data in once.items():
        assert compiles(data.decode("utf-8")), name
        assert twice[name] == data, f"{name}: the second translation changed the output"
    assert "0 translated" in run.err, run.err
