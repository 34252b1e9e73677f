"""Feature probes on torch (timm's layers/typing.py: ``getattr(getattr(torch, "compiler", None),
"disable", None) or nullwrap``; layers/config.py: ``hasattr(torch.nn.functional,
"scaled_dot_product_attention")``). In translated code the question is whether the tables translate
the API: an absent one takes the module's own fallback. Before, the probe got the untranslated
stand-in, so ``disable_compiler`` was the stand-in and segmentation-models-pytorch failed to build
on both targets (``torch.compiler.disable was not translated``)."""

from __future__ import annotations

import pytest

from tests.translate_helpers import tables, translate

SOURCE = '''\
import torch
import torch.nn.functional as F


def nullwrap(fn=None):
    return fn


disable_compiler = getattr(getattr(torch, "compiler", None), "disable", None) or nullwrap
has_foreach = hasattr(torch, "_foreach_lerp_")
has_relu = hasattr(F, "relu")
has_sdpa = hasattr(torch.nn.functional, "scaled_dot_product_attention")


@disable_compiler
def scale(x):
    return x * 2
'''


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_probes_answer_what_the_tables_translate(target: str) -> None:
    code = translate(SOURCE, target)
    assert 'disable_compiler = getattr(None, "disable", None) or nullwrap' in code
    assert "has_foreach = False" in code and "has_relu = True" in code
    sdpa = "torch.nn.functional.scaled_dot_product_attention"
    expected = sdpa in tables(target).entries and not tables(target).entries[sdpa].unsupported
    assert f"has_sdpa = {expected}" in code
    assert "TODO" not in code and "import torch" not in code
    namespace: dict = {}
    exec(compile(code, "typing_t.py", "exec"), namespace)  # the module imports and runs
    assert namespace["disable_compiler"] is namespace["nullwrap"]
    assert namespace["scale"](3) == 6


def test_getattr_of_a_translated_api_stays_as_written() -> None:
    code = translate("import torch\nx = getattr(torch, 'float32', None)\n", "paddle")
    assert "getattr(torch, 'float32', None)" in code


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_membership_in_dir_of_a_torch_module_is_a_probe(target: str) -> None:
    # timm's create_act: `_has_silu = 'silu' in dir(torch.nn.functional)` took the stand-in's dir
    # (False), so every model picked timm's autograd-Function activations, left untranslated
    code = translate("import torch\nimport torch.nn.functional as F\n"
                     "has_silu = 'silu' in dir(torch.nn.functional)\n"
                     "no_relu = 'relu' not in dir(F)\n"
                     "has_foreach = '_foreach_lerp_' in dir(torch)\n"
                     "names = 'x' in dir(object)\n", target)
    assert "has_silu = True" in code and "no_relu = False" in code and "has_foreach = False" in code
    assert "names = 'x' in dir(object)" in code
    assert "TODO" not in code and "import torch" not in code
