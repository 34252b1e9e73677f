"""Torch names passed between a package's modules stay bound (translator/package_names.py,
translator/rewrite/reexports.py).

The fixture package tests/package_fixtures/reexports/reexp does what timm does: a module imports
a torch name only to re-export it (``from torch import _assert``, an ``__all__``), another gets
``torch``, ``nn`` and ``F`` from ``from .activations import *``. Translated one file at a time,
the re-exporting module dropped the import (nothing in it used the name) so every importer failed
with ImportError, and the star-importing module was not translated at all (its ``F.relu`` was not
seen as torch).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translator.engine import translate_source
from translator.project import translate_paths
from translator.tables import load_tables

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "package_fixtures" / "reexports" / "reexp"
PARITY = HERE / "parity"

RUN = '''\
import math, sys
sys.path.insert(0, {parity!r})
from _common import block_torch; block_torch()
sys.path.insert(0, {root!r})
import numpy as np
{framework}
import reexp
from reexp import api, create_act
from reexp.model import Net

x = np.random.RandomState(0).randn(2, 4).astype("float32")
net = Net()
net.{eval}()
h = to_numpy(net.fc(tensor(x)))
erf = np.vectorize(math.erf)
want = np.tanh(np.maximum(h, 0)) + 0.5 * x[:, :3] * (1 + erf(x[:, :3] / math.sqrt(2))) \\
    + x[:, 1:] / (1 + np.exp(-x[:, 1:]))
got = to_numpy(net(tensor(x)))
assert np.allclose(got, want, atol=1e-5), (got, want)
assert np.allclose(to_numpy(api.gelu(tensor(x))), 0.5 * x * (1 + erf(x / math.sqrt(2))), atol=1e-5)
try:
    reexp._assert(False, "bad input")
except AssertionError as exc:
    assert str(exc) == "bad input"
else:
    raise SystemExit("_assert(False) did not raise")
for call in (lambda: create_act.scripted(None), lambda: api.functional.relu(x)):
    try:
        call()
    except NotImplementedError:
        pass
    else:
        raise SystemExit("an untranslated torch name did not raise")
assert "torch" not in sys.modules
print("ok")
'''

FRAMEWORK = {
    "mindspore": ("import mindspore as ms\ntensor = ms.Tensor\nto_numpy = lambda t: t.asnumpy()", "set_train"),
    "paddle": ("import paddle\ntensor = paddle.to_tensor\nto_numpy = lambda t: t.numpy()", "eval"),
}


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_a_re_exported_torch_name_is_dropped_when_the_module_is_translated_alone(target: str) -> None:
    """Before: one file alone cannot know that others import ``_assert`` from it."""
    result = translate_source((PACKAGE / "trace_utils.py").read_text(), "trace_utils.py", load_tables(target))
    assert "_assert =" not in result.code


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_torch_names_passed_between_modules_stay_bound_and_translate(target: str, tmp_path: Path) -> None:
    out = tmp_path / "reexp"
    report = translate_paths([PACKAGE], str(out), load_tables(target))
    assert not report.failed, [d for r in report.failed for d in r.diagnostics]
    trace_utils = (out / "trace_utils.py").read_text()
    assert "from torch" not in trace_utils and "    _assert = TorchArgs_assert\n" in trace_utils
    create_act = (out / "create_act.py").read_text()
    # the star-imported names are torch there: translated, and the one TODO use keeps a stand-in
    assert "F.relu" not in create_act.replace("TorchArgs", "") or target == "paddle"
    assert "torch = _Torch2msUntranslated('torch')" in create_act
    assert "# TODO(torch2ms): torch.jit.script" in create_act
    api = (out / "api.py").read_text()
    assert "functional = _Torch2msUntranslated('torch.nn.functional')" in api
    assert "gelu = " in api and "from torch" not in api
    framework, eval_ = FRAMEWORK[target]
    proc = subprocess.run([sys.executable, "-c", RUN.format(parity=str(PARITY), root=str(tmp_path),
                                                          framework=framework, eval=eval_)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stdout + proc.stderr[-3000:]
