"""Real model code: every timm and torchvision model source translates to code that compiles."""

from __future__ import annotations

import pytest

from tests.corpus.coverage import measure
from tests.corpus.fetch import all_model_sources
from translator.tables.loader import available_targets


@pytest.fixture(scope="module")
def roots():
    return all_model_sources()


@pytest.mark.parametrize("target", available_targets())
def test_timm_and_torchvision_outputs_compile(target, roots):
    cov = measure(target, roots)
    assert cov.files > 150
    assert not cov.failed, "\n".join(cov.failed)
    assert not cov.not_compiling, "\n".join(cov.not_compiling)
    print(f"{target}: {cov.percent:.2f}% of {cov.translated + cov.todo} torch API uses translated")
