"""An API the target lacks, named in an annotation (timm utils/model_ema.py:
``generator: Optional[torch.Generator] = None``). The annotation is evaluated when the ``def``
runs, so the untranslated stand-in inside ``Optional[...]`` made the module fail at import
(typing compares it with ``Any``), and with it every segmentation-models-pytorch model on
MindSpore. In an annotation the entry's ``value`` (typing.Any) stands for it; calls and
isinstance keep their TODO and still raise when reached."""

from __future__ import annotations

import pytest

from tests.translate_helpers import translate

SOURCE = '''\
from typing import Optional

import torch


def noise(x, generator: Optional[torch.Generator] = None) -> int:
    return x * 2


def seeded():
    return torch.Generator().manual_seed(3)


def is_generator(g):
    return isinstance(g, torch.Generator)
'''


@pytest.mark.text
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_unsupported_api_in_an_annotation_is_any(target: str) -> None:
    code = translate(SOURCE, target)
    assert "generator: Optional[typing.Any] = None" in code
    assert code.count("# TODO(torch2ms): torch.Generator") == 2  # the call and the isinstance
    assert "import torch\n" not in code
    namespace: dict = {}
    exec(compile(code, "model_ema_t.py", "exec"), namespace)  # the module imports
    assert namespace["noise"](3) == 6
    for name in ("seeded", "is_generator"):
        with pytest.raises(NotImplementedError, match="torch.Generator"):
            namespace[name](*([None] if name == "is_generator" else []))
