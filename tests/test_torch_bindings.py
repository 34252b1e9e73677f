"""A package's torch binding (``from safetensors.torch import load_file``, segmentation-models-
pytorch's encoders) imports torch: the translated module must not. Its names are torch names the
tables do not know: the import goes, the name is bound to the untranslated stand-in and each use
keeps its code under a TODO, so the module imports without torch and a pretrained load fails
naming the API."""

from __future__ import annotations

import pytest

from tests.translate_helpers import translate

SOURCE = '''\
import json
import torch.nn as nn
from safetensors.torch import load_file
from einops.layers.torch import Rearrange
import safetensors.torch


class Enc(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def pretrained(self, path):
        return load_file(path, device="cpu"), json.dumps({}), safetensors.torch, Rearrange
'''


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_a_packages_torch_binding_is_not_imported(target: str) -> None:
    code = translate(SOURCE, target)
    assert "from safetensors.torch import" not in code
    assert "load_file = _Torch2msUntranslated('safetensors.torch.load_file')" in code
    assert "Rearrange = _Torch2msUntranslated('einops.layers.torch.Rearrange')" in code
    assert "# TODO(torch2ms): safetensors.torch.load_file: not in the" in code
    # a plain `import pkg.torch` binds the package's own name: left as the user wrote it
    assert "import safetensors.torch\n" in code
    # torchvision and other names merely starting with torch are not bindings
    assert "import json\n" in code
    compile(code, "<translated>", "exec")
