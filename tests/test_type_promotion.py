"""Arithmetic between tensors of different dtypes: torch promotes (int32 + float32 is float32),
Paddle raises. Where a function creates an integer tensor, its tensor arithmetic is translated with
torch's promotion (translator/rewrite/promotion.py); elsewhere the operators stay as written.

The pattern is torchvision's anchor generator (anchor_utils.py: int32 shifts from ``arange`` added
to float32 base anchors)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.translate_helpers import translate

PARITY = Path(__file__).resolve().parent / "parity"

SOURCE = '''\
import torch


def grid(width: int, stride: torch.Tensor, base: torch.Tensor) -> torch.Tensor:
    shifts = torch.arange(0, width, dtype=torch.int32) * stride
    shifts = shifts.reshape(-1, 1)  # int32 column
    return (shifts + base.view(1, -1)) / 2 - shifts // 2 + 1


def pairs(a_dtype, b_dtype, a_scalar: bool, b_scalar: bool) -> list:
    a = (torch.arange(1, 7).reshape(2, 3) % 3).to(a_dtype)
    b = torch.arange(1, 7).reshape(2, 3).flip(1).to(b_dtype)
    a = a[1, 1] if a_scalar else a
    b = b[0, 2] if b_scalar else b
    return [a + b, a * b, b * a] if a_dtype in PRODUCTS and b_dtype in PRODUCTS else [a + b, b + a]


# Paddle's CPU kernels multiply only these (int8, int16, uint8 and float16 have no multiply)
PRODUCTS = (torch.bool, torch.int32, torch.int64, torch.float32, torch.float64)


def scaled(boxes: torch.Tensor, size: list) -> torch.Tensor:
    # torchvision's ssdlite anchors: an int64 tensor of sizes (torch.tensor infers it) times floats
    x_y_size = torch.tensor([size[1], size[0]])
    return (boxes[:, :2] - 0.5 * boxes[:, 2:]) * x_y_size


def plain(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return x + y * 2


def outer(x: torch.Tensor) -> torch.Tensor:
    n = x.long()

    def inner(a, b):
        return a + b

    return inner(x, x) + n
'''

# float16 is left out: Paddle has no CPU kernel to add it
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float32", "float64"]

RUN = '''\
import json, sys
sys.path.insert(0, {parity!r})
from _common import block_torch, import_from_path
if {target!r} != "torch":
    block_torch()
fw = __import__({framework!r})
m = import_from_path({module!r})
def out(t):
    return {{"dtype": str(t.dtype).lower().rsplit(".", 1)[-1], "values": t.numpy().astype("float64").tolist()}}
results = {{"grid": out(m.grid(5, fw.to_tensor(8) if {target!r} == "paddle" else fw.tensor(8),
                            fw.to_tensor([0.5, -1.5], dtype=fw.float32) if {target!r} == "paddle"
                            else fw.tensor([0.5, -1.5], dtype=fw.float32))),
           "scaled": out(m.scaled((fw.to_tensor if {target!r} == "paddle" else fw.tensor)(
               [[0.25, 0.5, 0.125, 0.75], [1.5, -2.0, 0.5, 1.0]]), [320, 160]))}}
for a in {dtypes!r}:
    for b in {dtypes!r}:
        for a_scalar in (False, True):
            for b_scalar in (False, True):
                key = f"{{a}} {{b}} {{a_scalar}} {{b_scalar}}"
                try:
                    results[key] = [out(t) for t in m.pairs(getattr(fw, a), getattr(fw, b), a_scalar, b_scalar)]
                except Exception as exc:
                    results[key] = "error: " + type(exc).__name__ + ": " + str(exc).splitlines()[0][:200]
print(json.dumps(results))
'''


def test_arithmetic_is_promoted_only_where_the_function_makes_an_integer_tensor() -> None:
    code = translate(SOURCE, "paddle")
    assert 'torch_arith(paddle.arange(0, width, dtype=paddle.int32), "*", stride)' in code
    assert ('return torch_arith(torch_arith((torch_arith(shifts, "+", base.view(1, -1))) / 2, "-", '
            'torch_arith(shifts, "//", 2)), "+", 1)') not in code  # literal operands stay operators
    assert 'torch_arith((torch_arith(shifts, "+", base.view(1, -1))) / 2, "-", shifts // 2) + 1' in code
    assert '[torch_arith(a, "+", b), torch_arith(a, "*", b), torch_arith(b, "*", a)] if' in code
    # torch.tensor of whole numbers without a dtype is an integer tensor too
    assert 'return torch_arith(torch_arith(boxes[:, :2], "-", 0.5 * boxes[:, 2:]), "*", x_y_size)' in code
    # no integer tensor made here: the operators stay as the user wrote them
    assert "    return x + y * 2\n" in code
    # a nested function is its own scope: what the enclosing one makes does not reach it
    assert "        return a + b\n" in code
    assert 'return torch_arith(inner(x, x), "+", n)' in code
    # MindSpore promotes as torch does: nothing to rewrite there
    assert "torch_arith" not in translate(SOURCE, "mindspore")


def _run(target: str, module: Path) -> dict:
    framework = {"torch": "torch", "paddle": "paddle"}[target]
    script = RUN.format(parity=str(PARITY), target=target, framework=framework, module=str(module), dtypes=DTYPES)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.framework
def test_promoted_arithmetic_gives_torchs_values_and_dtypes_in_paddle(tmp_path: Path) -> None:
    (tmp_path / "source.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "translated.py").write_text(translate(SOURCE, "paddle"), encoding="utf-8")
    expected = _run("torch", tmp_path / "source.py")
    got = _run("paddle", tmp_path / "translated.py")
    assert got["grid"] == expected["grid"]
    assert got["scaled"] == expected["scaled"] and expected["scaled"]["dtype"] == "float32"
    assert expected["grid"]["dtype"] == "float32"
    compared = 0
    for key, want in expected.items():
        if isinstance(want, str):
            continue  # torch itself refuses the pair (none in this grid, but say so if one appears)
        assert got[key] == want, (key, got[key], want)
        compared += 1
    assert compared == len(DTYPES) ** 2 * 4 + 2  # the pairs, grid and scaled
