"""``torch2ms weights convert``: unsafe pickles refused, .safetensors and wrapped checkpoints
accepted, the result loads into the translated MindSpore model and computes what torch did.

Frameworks run in subprocesses, one per framework, as in the parity tests.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests._robustness import REPO, run_cli, write

MODEL = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3, padding=1)
            self.bn = nn.BatchNorm2d(4)
            self.act = nn.ReLU()

        def forward(self, x):
            return self.act(self.bn(self.conv(x)))
    """)

TORCH_SIDE = textwrap.dedent("""\
    import importlib.util, sys
    import numpy as np
    import torch
    from safetensors.torch import save_file

    src, out = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location("model", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    torch.manual_seed(0)
    net = mod.Net()
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if t.is_floating_point():
                t.copy_(torch.rand(t.shape) + 0.5 if "var" in name else torch.randn(t.shape))
    net.eval()
    x = torch.randn(2, 3, 8, 8)
    np.save(f"{out}/input.npy", x.numpy())
    np.save(f"{out}/output.npy", net(x).detach().numpy())
    sd = net.state_dict()
    save_file({k: v.contiguous() for k, v in sd.items()}, f"{out}/model.safetensors")
    torch.save(sd, f"{out}/plain.pth")
    torch.save({"state_dict": sd, "epoch": 3, "optimizer": {"lr": 0.1}}, f"{out}/wrapped_state_dict.pth")
    torch.save({"model": sd, "args": {"arch": "net"}}, f"{out}/wrapped_model.pth")
    torch.save({"epoch": 3, "optimizer": {"lr": 0.1}}, f"{out}/no_state_dict.pth")
    """)

MINDSPORE_SIDE = textwrap.dedent("""\
    import importlib.abc, importlib.util, sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname.split(".", 1)[0] == "torch":
                raise ImportError("torch blocked")

    sys.meta_path.insert(0, Blocker())
    import mindspore as ms
    import numpy as np

    src, ckpt, folder = sys.argv[1:4]
    spec = importlib.util.spec_from_file_location("translated", src)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    net = mod.Net()
    params = ms.load_checkpoint(ckpt)
    missing = sorted(set(net.parameters_dict()) - set(params))
    extra = sorted(set(params) - set(net.parameters_dict()))
    assert not missing and not extra, (missing, extra)
    not_loaded, _ = ms.load_param_into_net(net, params, strict_load=True)
    assert not not_loaded, not_loaded
    net.set_train(False)
    y = net(ms.Tensor(np.load(f"{folder}/input.npy"))).asnumpy()
    expected = np.load(f"{folder}/output.npy")
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)
    print("mindspore output matches torch")
    """)

ENV = {**os.environ, "GLOG_v": "3", "PYTHONUNBUFFERED": "1"}


def _run(*argv: str | Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *map(str, argv)], cwd=REPO, env=ENV, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _convert(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return _run("-m", "translator", "weights", "convert", *argv)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the torch model, its MindSpore translation, weight map and checkpoints."""
    folder = tmp_path_factory.mktemp("weights")
    src = write(folder / "model.py", MODEL)
    run = run_cli("translate", src, "-o", folder / "model_ms.py", "--weight-map", folder / "map.yaml")
    assert run.code == 0, run.err
    proc = _run("-c", TORCH_SIDE, src, folder)
    assert proc.returncode == 0, proc.stderr
    return folder


@pytest.mark.parametrize("checkpoint", ["model.safetensors", "plain.pth", "wrapped_state_dict.pth",
                                        "wrapped_model.pth"])
def test_convert_and_load_into_mindspore(model: Path, tmp_path: Path, checkpoint: str) -> None:
    ckpt = tmp_path / "model.ckpt"
    proc = _convert(model / checkpoint, "--map", model / "map.yaml", "-o", ckpt)
    assert proc.returncode == 0, proc.stderr
    assert ckpt.is_file()
    assert not [p for p in tmp_path.iterdir() if p != ckpt], "temporary files left behind"
    proc = _run("-c", MINDSPORE_SIDE, model / "model_ms.py", ckpt, model)
    assert proc.returncode == 0, proc.stderr
    assert "matches torch" in proc.stdout


def test_model_check_lists_what_the_checkpoint_does_not_fill(model: Path, tmp_path: Path) -> None:
    # the torch side lost conv.bias (an older checkpoint, say): the translated model still has it
    trimmed = tmp_path / "trimmed.pth"
    script = ("import sys, torch; sd = torch.load(sys.argv[1], weights_only=True); "
              "sd.pop('conv.bias'); torch.save(sd, sys.argv[2])")
    assert _run("-c", script, model / "plain.pth", trimmed).returncode == 0
    out = tmp_path / "out.ckpt"
    spec = f"{model / 'model_ms.py'}:Net"
    assert _convert(model / "plain.pth", "--map", model / "map.yaml", "-o", out, "--model", spec).returncode == 0
    out.unlink()
    proc = _convert(trimmed, "--map", model / "map.yaml", "-o", out, "--model", spec)
    assert proc.returncode == 1
    assert "conv.bias: the model has it, the checkpoint does not fill it" in proc.stderr
    assert not out.exists()


class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_raw_malicious_pickle_refused(model: Path, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil.pth"
    evil.write_bytes(pickle.dumps({"conv.weight": _Exploit(marker)}))
    out = tmp_path / "out.ckpt"
    proc = _convert(evil, "--map", model / "map.yaml", "-o", out)
    assert proc.returncode != 0
    assert "refused to load" in proc.stderr and "Traceback" not in proc.stderr
    assert not marker.exists(), "the pickle's payload ran"
    assert not out.exists()


def test_torch_save_malicious_pickle_refused(model: Path, tmp_path: Path) -> None:
    """The zip format torch.save writes, with an object whose unpickling runs os.system."""
    marker = tmp_path / "PWNED"
    evil = tmp_path / "evil.pth"
    make = textwrap.dedent(f"""\
        import os, torch

        class Exploit:
            def __reduce__(self):
                return (os.system, ("touch {marker}",))

        torch.save({{"state_dict": {{"conv.weight": torch.zeros(1)}}, "hook": Exploit()}}, {str(evil)!r})
        """)
    proc = _run("-c", make)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    out = tmp_path / "out.ckpt"
    proc = _convert(evil, "--map", model / "map.yaml", "-o", out)
    assert proc.returncode != 0
    assert "refused to load" in proc.stderr and "Traceback" not in proc.stderr
    assert not marker.exists(), "the pickle's payload ran"
    assert not out.exists()


def test_checkpoint_without_state_dict_reported(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ckpt"
    proc = _convert(model / "no_state_dict.pth", "--map", model / "map.yaml", "-o", out)
    assert proc.returncode == 2
    assert "no state_dict found" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
