"""A module several classes build differently, typed by the checkpoint's ranks.

A squeeze-excitation block whose ``fc1``/``fc2`` are Linear layers in one class and 1x1 Conv2d
layers in another (torchvision's EfficientNet beside another model's SE) fits a module known only by
its submodules' names. On Paddle the two rename differently (the idiomatic Linear is transposed), so
the converter used to stop; the checkpoint's ranks tell: a 4-D ``fc1.weight`` is no Linear's."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from _robustness import run_cli, write

from translator.weights.rename import plan_renames

MODEL = textwrap.dedent("""\
    import torch.nn as nn


    class SELinear(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.fc1 = nn.Linear(c, 2)
            self.fc2 = nn.Linear(2, c)


    class SEConv(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.fc1 = nn.Conv2d(c, 2, 1)
            self.fc2 = nn.Conv2d(2, c, 1)


    class Net(nn.Module):
        def __init__(self, se_layer):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3)
            self.se = se_layer(4)
    """)


@pytest.fixture(scope="module")
def weight_map(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("ranks")
    src = write(tmp / "model.py", MODEL)
    run = run_cli("translate", src, "-o", tmp / "model_pd.py", "--to", "paddle", "--weight-map", tmp / "map.yaml")
    assert run.code == 0, run.err
    return yaml.safe_load((tmp / "map.yaml").read_text())


def _shapes(fc_rank: int) -> dict[str, tuple[int, ...]]:
    fc1, fc2 = ((2, 4), (4, 2)) if fc_rank == 2 else ((2, 4, 1, 1), (4, 2, 1, 1))
    return {"conv.weight": (4, 3, 3, 3), "conv.bias": (4,), "se.fc1.weight": fc1, "se.fc1.bias": (2,),
            "se.fc2.weight": fc2, "se.fc2.bias": (4,)}


@pytest.mark.parametrize(("rank", "transposed"), [(4, False), (2, True)])
def test_the_checkpoints_ranks_pick_the_option(weight_map: dict, rank: int, transposed: bool) -> None:
    plan = plan_renames(_shapes(rank), weight_map, root="Net")
    assert plan.unmapped == []
    fc1 = next(r for r in plan.renames if r.source == "se.fc1.weight")
    assert fc1.target == "se.fc1.weight"
    assert bool(fc1.transpose) is transposed
