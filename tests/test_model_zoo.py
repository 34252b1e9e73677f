"""Model zoos run the user's path end to end (tests/zoo/harness.py): whole packages translated by
the CLI, weights converted with ``--map`` only, the target run with torch blocked, strict load,
outputs compared with PyTorch.

A sample for CI: our own pattern package (tests/zoo/patterns) and the torchvision classification
models, on both targets. The full zoos are a benchmark (``python -m tests.zoo.run``, README). Marked
``zoo``: ``pytest -m "not zoo"`` is the fast text-only run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.zoo.harness import TARGETS, ZOOS, Harness, Row, load_models

pytestmark = pytest.mark.zoo

# 22 models per target: the pattern package, torchvision's 17 classification models, and a
# segmentation pair and a video model beyond classification
SAMPLE = {"patterns": None, "torchvision": [m.name for m in load_models(ZOOS["torchvision"])[:17]]
          + ["deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large", "r3d_18"]}

# (zoo, model, target) -> why it does not match yet; strict, so a fix makes the mark fail until removed
KNOWN_FAILURES: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="session")
def zoo_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Row]:
    rows: dict[tuple[str, str, str], Row] = {}
    for zoo_name, names in SAMPLE.items():
        zoo = ZOOS[zoo_name]
        work = Path(tmp_path_factory.mktemp(f"zoo_{zoo_name}"))
        for row in Harness(zoo, work, log=lambda _: None).run(load_models(zoo, names), sorted(TARGETS)):
            rows[zoo_name, row.model, row.target] = row
    return rows


def _cases() -> list:
    cases = []
    for zoo_name, names in SAMPLE.items():
        for model in names or [m.name for m in load_models(ZOOS[zoo_name])]:
            for target in sorted(TARGETS):
                key = (zoo_name, model, target)
                marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[key])] if key in KNOWN_FAILURES else []
                cases.append(pytest.param(*key, marks=marks, id=f"{zoo_name}-{model}-{target}"))
    return cases


@pytest.mark.parametrize(("zoo", "model", "target"), _cases())
def test_zoo_model_matches_torch(zoo: str, model: str, target: str, zoo_rows) -> None:
    row = zoo_rows[zoo, model, target]
    if row.stage != "matched":
        pytest.fail(row.line(), pytrace=False)
