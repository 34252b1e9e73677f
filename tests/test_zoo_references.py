"""The zoo harness's reference rules (tests/zoo): a model's BatchNorm statistics from its input
(``calibrate_norms``) and a model's own tolerance (``rtol``), each only with a reason.

The fixture is ssdlite's failure in small: convolutions initialised with std 0.03 under random
BatchNorm statistics shrink the activations to the norms' biases, so the output no longer depends
on the input and a detector's scores tie exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.zoo import harness
from tests.zoo.harness import RTOL, Zoo, compare, load_models


def _shrinking_net():
    import torch
    from torch import nn

    torch.manual_seed(0)
    layers = []
    for _ in range(6):
        conv = nn.Conv2d(8, 8, 3, padding=1)
        nn.init.normal_(conv.weight, std=0.03)
        nn.init.zeros_(conv.bias)
        norm = nn.BatchNorm2d(8)
        with torch.no_grad():  # random statistics, as tests/parity/torch_side.py sets them
            norm.running_mean.copy_(torch.randn(8) * 0.5)
            norm.running_var.copy_(torch.rand(8) * 1.5 + 0.5)
            norm.bias.copy_(torch.randn(8) * 0.2)
        layers += [conv, norm, nn.ReLU6()]
    return nn.Sequential(nn.Conv2d(3, 8, 1), *layers).eval()


@pytest.mark.framework
def test_calibrated_norms_make_the_output_depend_on_the_input_again() -> None:
    import torch

    from tests.zoo.torch_side import calibrate_norms

    net = _shrinking_net()
    a, b = torch.randn(1, 3, 16, 16), torch.randn(1, 3, 16, 16)
    with torch.no_grad():
        # random statistics: two random inputs give the same map within 1e-3
        assert (net(a) - net(b)).abs().max() < 1e-3
    weight = net[2].weight.clone()
    calibrate_norms(net, [a])
    with torch.no_grad():
        assert (net(a) - net(b)).abs().max() > 0.1
        # the statistics are measured per channel (not constants a swap would hide), the affine
        # parameters are left as they were
        assert len(torch.unique(net[2].running_var)) == 8
    assert torch.equal(net[2].weight, weight)


def _zoo(tmp_path: Path, entry: str) -> Zoo:
    (tmp_path / "fixture.yaml").write_text("package: x\nmodels:\n" + entry, encoding="utf-8")
    return Zoo("fixture", ("x",))


def test_a_models_rtol_needs_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness, "HERE", tmp_path)  # the zoo lists live beside the harness
    ok = _zoo(tmp_path, "- {name: m, build: 'a:b()', input: [1], rtol: {value: 3.0e-5, reason: measured}}\n")
    assert load_models(ok)[0].rtol == 3.0e-5
    plain = _zoo(tmp_path, "- {name: m, build: 'a:b()', input: [1], calibrate_norms: why}\n")
    assert load_models(plain)[0].rtol == RTOL and load_models(plain)[0].calibrate_norms == "why"
    with pytest.raises(SystemExit, match="rtol needs"):
        load_models(_zoo(tmp_path, "- {name: m, build: 'a:b()', input: [1], rtol: 3.0e-5}\n"))


def test_compare_uses_the_models_rtol(tmp_path: Path) -> None:
    want = np.array([2.0, 1.0], dtype=np.float32)
    np.savez(tmp_path / "want.npz", out0=want)
    np.savez(tmp_path / "got.npz", out0=want + np.float32(3e-5))
    assert compare(tmp_path / "want.npz", tmp_path / "got.npz")[0] == "mismatch"
    assert compare(tmp_path / "want.npz", tmp_path / "got.npz", 2e-5) == ("matched", "")
