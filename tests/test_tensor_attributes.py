"""Torch tensor attributes that a target spells otherwise (``_target.yaml`` tensor_attributes):
MindSpore's ``Tensor.device`` is a string ('CPU'), so torchvision's ``boxes.device.type == "cpu"``
(ops/boxes.py batched_nms) failed there with "'str' object has no attribute 'type'"; neither
target's tensors have ``is_quantized`` (torchvision's nms checks it first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.translate_helpers import translate

PARITY = Path(__file__).resolve().parent / "parity"

SOURCE = '''\
import torch


def on_cpu(boxes: torch.Tensor) -> bool:
    return boxes.device.type == "cpu" and (boxes + 1).device.type == "cpu" and not boxes.is_quantized


def kind(device: str) -> str:
    return device.type if hasattr(device, "type") else device
'''


def test_device_type_is_spelled_for_mindspore_and_kept_for_paddle() -> None:
    code = translate(SOURCE, "mindspore")
    assert 'return boxes.device.lower() == "cpu" and (boxes + 1).device.lower() == "cpu" and not False' in code
    assert "return device.type if" in code  # not a chain from .device: left alone
    paddle = translate(SOURCE, "paddle")  # Paddle's Device has .type
    assert 'boxes.device.type == "cpu" and (boxes + 1).device.type == "cpu" and not False' in paddle


def _on_cpu(module: Path, make: str, block: bool) -> str:
    script = (f"import sys; sys.path.insert(0, {str(PARITY)!r}); from _common import block_torch, import_from_path\n"
              f"{'block_torch()' if block else ''}\n{make}\n"
              f"m = import_from_path({str(module)!r}); print(m.on_cpu(x))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.strip().splitlines()[-1]


@pytest.mark.framework
@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_translated_device_type_runs_as_torchs(target: str, tmp_path: Path) -> None:
    (tmp_path / "source.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "translated.py").write_text(translate(SOURCE, target), encoding="utf-8")
    make = {"mindspore": "import mindspore as ms; x = ms.Tensor([1.0])",
            "paddle": "import paddle; x = paddle.to_tensor([1.0])"}[target]
    expected = _on_cpu(tmp_path / "source.py", "import torch; x = torch.tensor([1.0])", block=False)
    assert expected == "True"
    assert _on_cpu(tmp_path / "translated.py", make, block=True) == expected
