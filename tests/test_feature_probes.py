"""``hasattr(<torch module>, 'name')`` asks whether the translation has the API
(translator/rewrite/probes.py): True where the tables translate it, False where they do not or
mark it unsupported, so the translated code takes the path it has for a torch without the API."""

from __future__ import annotations

import pytest

from tests.translate_helpers import tables
from translator.engine import translate_source

SOURCE = """\
import torch
import torch.nn.functional as F

HAS_SDPA = hasattr(F, 'scaled_dot_product_attention')
HAS_SAFE = hasattr(torch.serialization, 'safe_globals')
HAS_UNSAFE_LIST = hasattr(torch.serialization, 'get_unsafe_globals_in_checkpoint')
HAS_EXPORTING = hasattr(torch, 'compiler') and hasattr(torch.compiler, 'is_exporting')
HAS_NN = hasattr(torch, 'nn')
NOT_A_MODULE = hasattr(torch.Tensor, 'relu')


def f(obj):
    return hasattr(obj, 'weight')
"""


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_probes_answer_what_the_translation_has(target):
    result = translate_source(SOURCE, "m.py", tables(target))
    code = result.code
    assert "HAS_SDPA = True\n" in code
    assert "HAS_SAFE = True\n" in code
    assert "HAS_UNSAFE_LIST = False\n" in code  # not in the tables
    assert "HAS_EXPORTING = False and False\n" in code
    assert "HAS_NN = True\n" in code  # a module: something under it is translated
    assert "hasattr(obj, 'weight')" in code  # not a torch module: untouched
    assert "hasattr(" in code.split("NOT_A_MODULE = ")[1].splitlines()[0]  # a class: not a probe
    assert not [t for t in result.todos if "serialization" in t.api or "compiler" in t.api]


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_unsupported_module_probe_is_false(target):
    result = translate_source("import torch\nX = hasattr(torch.ao.quantization, 'convert')\n", "m.py", tables(target))
    assert "X = False\n" in result.code and not result.todos


def test_user_hasattr_is_not_a_probe():
    source = ("import torch\n\n\ndef hasattr(a, b):\n    return 1\n\n\n"
              "X = hasattr(torch.serialization, 'safe_globals')\n")
    result = translate_source(source, "m.py", tables("paddle"))
    assert "X = True" not in result.code
