"""Tests generated from the examples every table entry carries.

Text: the translator turns each example's torch call into exactly its ``expect`` text.
Numbers: the example runs in torch and, translated, in the target (one process per framework);
values, shapes and dtypes must agree. A missing framework is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.table_examples.examples import all_targets, cases
from translator.tables import load_tables

ROOT = Path(__file__).resolve().parent.parent
ALL_CASES = [c for t in all_targets() for c in cases(t)]


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_translation_matches_expect(case):
    ex = case.example
    where = f"{ex.file}:{ex.line}: {ex.call!r} translates in {case.target} ({case.entry.file}) to {case.translated!r}"
    if ex.expect is not None:
        assert case.translated == ex.expect.strip("\n"), f"{where}, the table expects {ex.expect!r}"
    elif case.entry.unsupported:
        assert case.keeps_api, f"{where}: an unsupported entry's example must keep its call and get its TODO"
    else:
        assert not case.todos and not case.translated.startswith("<failed"), (
            f"{where} with TODO {case.todos}: fix the mapping, or give the target's text under "
            f"'expect:' in {case.entry.file} (the call itself when it must stay torch)")


@pytest.mark.parametrize("target", all_targets())
def test_every_entry_has_an_example(target):
    missing = [e.where for e in load_tables(target).entries.values() if not e.examples]
    assert not missing, "entries without examples:\n" + "\n".join(missing)


def _run(args: list[str]) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "tests.table_examples.runner", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise AssertionError(f"runner {args[0]} failed:\n{proc.stderr[-4000:]}")


@pytest.fixture(scope="session")
def numeric_verdicts(tmp_path_factory) -> dict[str, str]:
    verdicts: dict[str, str] = {}
    work = tmp_path_factory.mktemp("examples")
    _run(["torch", str(work / "torch.pkl")])  # once: the examples are torch facts shared by the targets
    for target in all_targets():
        _run([target, str(work / "torch.pkl"), str(work / f"verdicts-{target}.json")])
        verdicts.update(json.loads((work / f"verdicts-{target}.json").read_text()))
    return verdicts


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.id)
def test_example_numerics(case, numeric_verdicts):
    verdict = numeric_verdicts.get(case.id, "not run")
    assert verdict == "ok", f"{case.example.file}:{case.example.line} ({case.entry.file}): {case.translated}: {verdict}"
