"""Which class a checkpoint came from, converted with ``--map`` alone, when several classes of the
package hold its top-level names (fixtures/linear_root_candidates).

On Paddle a Linear is the idiomatic paddle.nn.Linear (weight transposed by the map) or, where the
code uses its weight in torch's layout, the generated layout-keeping layer: two classes with the
same keys may rename a checkpoint differently. A class whose built layers the checkpoint
contradicts (a leaf layer where the checkpoint has only submodules' keys, a weight of another
rank) is not the model; when classes still tie, the conversion fails naming them and asking for
``--root`` — it never writes a checkpoint that a strict load rejects, or worse, accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests._robustness import run_cli
from translator.weights.rename import plan_renames

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fixtures" / "linear_root_candidates"
PARITY = ROOT / "tests" / "parity"
pytestmark = pytest.mark.framework  # the checkpoints come from torch

_TORCH_SIDE = """\
import sys
sys.path.insert(0, {fixtures!r})
import numpy as np
import torch
import linear_root_candidates as pkg
x = torch.randn(2, 3, 8, 8, generator=torch.Generator().manual_seed(1))
np.save({x!r}, x.numpy())
for name in ("Plain", "Tied"):
    torch.manual_seed(0)
    model = getattr(pkg, name)().eval()
    torch.save(model.state_dict(), {out!r} + "/" + name + ".pth")
    np.save({out!r} + "/" + name + ".npy", model(x).detach().numpy())
"""

_PADDLE_SIDE = """\
import sys
sys.path.insert(0, {parity!r})
from _common import block_torch
block_torch()
import numpy as np
import paddle
sys.path.insert(0, {out!r})
import lrc_pd as pkg
model = getattr(pkg, {cls!r})()
missing, unexpected = model.set_state_dict(paddle.load({params!r}))
assert not missing and not unexpected, (missing, unexpected)
model.eval()
y = model(paddle.to_tensor(np.load({x!r}))).numpy()
ref = np.load({ref!r})
print(float(np.abs(y - ref).max()), float(np.abs(ref).max()))
"""


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GLOG_v": "3"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, env=env,
                          check=False)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package translated to Paddle (with its weight map) and torch checkpoints of Plain and Tied."""
    tmp = tmp_path_factory.mktemp("root_candidates")
    run = run_cli("translate", PACKAGE, "-o", tmp / "lrc_pd", "--to", "paddle", "--weight-map", tmp / "map.yaml", "-q")
    assert run.code == 0, run.err
    # the class this test is about: the two classes keep the same Linear in different layouts
    assert "TorchLinear(8, classes)" in (tmp / "lrc_pd" / "tied.py").read_text()
    assert "nn.Linear(8, classes)" in (tmp / "lrc_pd" / "plain.py").read_text()
    proc = _python(_TORCH_SIDE.format(fixtures=str(PACKAGE.parent), x=str(tmp / "x.npy"), out=str(tmp)))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return tmp


def _load_and_compare(tmp: Path, cls: str, params: Path, ref: str) -> None:
    proc = _python(_PADDLE_SIDE.format(parity=str(PARITY), out=str(tmp), cls=cls, params=str(params),
                                       x=str(tmp / "x.npy"), ref=str(tmp / f"{ref}.npy")))
    assert proc.returncode == 0, proc.stderr[-2000:]
    diff, scale = map(float, proc.stdout.split())
    assert diff <= 1e-5 * max(1.0, scale), (diff, scale)


def test_classes_renaming_a_checkpoint_differently_fail_naming_them(converted: Path) -> None:
    out = converted / "tie.pdparams"
    run = run_cli("weights", "convert", converted / "Plain.pth", "-o", out, "--map", converted / "map.yaml",
                  "--to", "paddle")
    assert run.code != 0 and not out.exists()
    assert "several classes fit this checkpoint and rename it differently (Plain, Tied)" in run.err, run.err
    assert "--root" in run.err


def test_classes_the_checkpoint_contradicts_are_not_its_model(converted: Path) -> None:
    import torch

    doc = yaml.safe_load((converted / "map.yaml").read_text())
    shapes = {k: tuple(v.shape) for k, v in torch.load(converted / "Plain.pth").items()}
    assert plan_renames(shapes, doc).unmapped == [("*", "several classes fit this checkpoint and rename it "
                                                        "differently (Plain, Tied): pass --root CLASS")]
    del doc["classes"]["Tied"]  # the package without the other reading: Plain is the only one left
    plan = plan_renames(shapes, doc)
    assert not plan.unmapped
    assert plan.notes[0].startswith("model class: Plain"), plan.notes
    assert "not Stem: it builds features as torch.nn.Conv2d, the checkpoint has only submodules there" in plan.notes
    assert "not Convy: it builds classifier.1 as torch.nn.Conv2d, the checkpoint's weight is 2-d" in plan.notes
    transposed = {r.source for r in plan.renames if r.transpose}
    assert transposed == {"classifier.1.weight"}  # Plain's idiomatic paddle.nn.Linear


def test_the_model_class_of_the_other_reading_converts_alone_and_matches(converted: Path) -> None:
    doc = yaml.safe_load((converted / "map.yaml").read_text())
    del doc["classes"]["Tied"]
    (converted / "map_without_tied.yaml").write_text(yaml.safe_dump(doc))
    params = converted / "plain_auto.pdparams"
    run = run_cli("weights", "convert", converted / "Plain.pth", "-o", params, "--map",
                  converted / "map_without_tied.yaml", "--to", "paddle")
    assert run.code == 0, run.err
    _load_and_compare(converted, "Plain", params, "Plain")


@pytest.mark.parametrize("cls", ["Plain", "Tied"])
def test_root_settles_the_tie_and_the_result_matches_torch(converted: Path, cls: str) -> None:
    params = converted / f"{cls}.pdparams"
    run = run_cli("weights", "convert", converted / f"{cls}.pth", "-o", params, "--map", converted / "map.yaml",
                  "--to", "paddle", "--root", cls)
    assert run.code == 0, run.err
    _load_and_compare(converted, cls, params, cls)
