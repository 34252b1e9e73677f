"""A name bound by a torch import in a ``try`` body and again by an ``except ImportError`` fallback
means what the ``try`` branch imports (translator/names.py): the fallback is for older torch."""

from __future__ import annotations

import pytest

from tests.translate_helpers import tables
from translator.engine import translate_source

SOURCE = """\
import os

try:
    from torch.hub import get_dir
except ImportError:
    from torch.hub import _get_torch_home as get_dir


def cache_dir():
    return os.path.join(get_dir(), 'checkpoints')
"""


@pytest.mark.text
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_fallback_import_does_not_rebind(target):
    result = translate_source(SOURCE, "m.py", tables(target))
    assert not result.todos
    assert "return os.path.join(torch_hub_get_dir(), 'checkpoints')" in result.code
    assert "torch_hub_get_torch_home" not in result.code


@pytest.mark.text
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_fallback_alone_still_binds(target):
    # a name that only the fallback binds keeps that binding
    source = SOURCE.replace("from torch.hub import get_dir\n", "import os.path\n")
    result = translate_source(source, "m.py", tables(target))
    assert "torch_hub_get_torch_home()" in result.code


@pytest.mark.text
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_torch_hub_helpers_run_without_torch(target, tmp_path):
    # the generated helpers are standard-library code: the translated module runs on its own
    source = SOURCE + "\n\nfrom torch.hub import HASH_REGEX, urlparse\nNAME = HASH_REGEX.search(urlparse('http://h/r-ab12.pth').path).group(1)\n"
    result = translate_source(source, "m.py", tables(target))
    assert not result.todos and "torch" not in "".join(
        line for line in result.code.splitlines() if line.startswith(("import", "from")))
    namespace: dict = {}
    exec(compile(result.code.replace("from mindspore import nn\n", "").replace("from paddle import nn\n", ""),
                 "m.py", "exec"), namespace)
    assert namespace["NAME"] == "ab12"
    assert namespace["cache_dir"]().endswith(("hub/checkpoints", "hub\\checkpoints"))


def test_adapter_checks_a_default_only_argument_at_run_time():
    """``partial(nn.MaxPool2d, ...)`` on Paddle: MaxPool2D has no dilation; the generated adapter
    drops dilation=1 and raises for any other value (drop_if_torch_default's run-time guard)."""
    source = "import torch.nn as nn\n\nPool = nn.MaxPool2d\n"
    result = translate_source(source, "m.py", tables("paddle"))
    assert not result.todos and "class TorchArgsMaxPool2d(nn.MaxPool2D)" in result.code

    class MaxPool2D:  # stands in for paddle's layer: records what the adapter passes on
        def __init__(self, **kwargs):
            self.kwargs = kwargs

    namespace: dict = {"nn": type("nn", (), {"MaxPool2D": MaxPool2D})}
    exec(compile(result.code.replace("from paddle import nn\n", ""), "m.py", "exec"), namespace)
    assert "dilation" not in namespace["Pool"](3, 2, 1, dilation=(1, 1)).kwargs
    with pytest.raises(ValueError, match="dilation=2"):
        namespace["Pool"](3, dilation=2)
