"""The torchvision classification models, translated as a package, reproduce PyTorch's outputs.

torchvision 0.29.1's own sources (the wheel from PyPI, see tests/corpus/fetch.py) are translated
whole by the CLI, with one weight map for the package. Each side then imports the model modules
from a folder holding ``models/`` and ``ops/`` (original sources for PyTorch, translated ones for
the target) plus the few torch-free stand-ins in tests/zoo/shims/ for the package parts that are
not model code (C++ extension loading, image presets, weight download). Per model and target, as
in tests/test_parity.py: PyTorch runs the builder with randomised norm statistics; the CLI
converts its state_dict with ``--model`` (strict both ways); the target builds the same model
with torch blocked, loads the weights, and must give the same output.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.corpus.fetch import package_sources
from tests.test_parity import PARITY, REPO, RTOL, TARGET_ENV, TARGETS, require_file, run

SHIMS = REPO / "tests" / "zoo" / "shims" / "torchvision"
# the package files the classification models import, besides the model modules themselves
SUPPORT = ["models/_api.py", "models/_meta.py", "models/_utils.py", "ops/misc.py", "ops/stochastic_depth.py",
           "_utils.py"]

# model module -> (builder call, input shape). Builders as users call them; sizes kept small
# where the builder takes them (num_classes, image_size), inputs as small as each network allows.
ZOO: dict[str, tuple[str, tuple[int, ...]]] = {
    "alexnet": ("alexnet(num_classes=10)", (1, 3, 224, 224)),
    "convnext": ("convnext_tiny(num_classes=10)", (1, 3, 64, 64)),
    "densenet": ("densenet121(num_classes=10)", (1, 3, 64, 64)),
    "efficientnet": ("efficientnet_b0(num_classes=10)", (1, 3, 64, 64)),
    "googlenet": ("googlenet(num_classes=10, aux_logits=False, init_weights=True)", (1, 3, 64, 64)),
    "inception": ("inception_v3(num_classes=10, aux_logits=False, init_weights=True)", (1, 3, 96, 96)),
    "maxvit": ("maxvit_t(num_classes=10)", (1, 3, 224, 224)),
    "mnasnet": ("mnasnet0_5(num_classes=10)", (1, 3, 64, 64)),
    "mobilenetv2": ("mobilenet_v2(num_classes=10)", (1, 3, 64, 64)),
    "mobilenetv3": ("mobilenet_v3_small(num_classes=10)", (1, 3, 64, 64)),
    "regnet": ("regnet_y_400mf(num_classes=10)", (1, 3, 64, 64)),
    "resnet": ("resnet18(num_classes=10)", (1, 3, 64, 64)),
    "shufflenetv2": ("shufflenet_v2_x0_5(num_classes=10)", (1, 3, 64, 64)),
    "squeezenet": ("squeezenet1_0(num_classes=10)", (1, 3, 64, 64)),
    "swin_transformer": ("swin_t(num_classes=10)", (1, 3, 64, 64)),
    "vgg": ("vgg11_bn(num_classes=10)", (1, 3, 64, 64)),
    "vision_transformer": ("vit_b_16(num_classes=10, image_size=32)", (1, 3, 32, 32)),
}


def _assemble(sources: Path, dest: Path) -> Path:
    """A ``torchvision`` folder with the model modules and their support files from ``sources``
    plus the stand-ins; returns the folder to put on sys.path."""
    package = dest / "torchvision"
    shutil.copytree(SHIMS, package)
    for rel in [*SUPPORT, *(f"models/{name}.py" for name in ZOO)]:
        shutil.copyfile(sources / rel, package / rel)
    if (sources / "_torch2ms.py").is_file():  # the translated package's generated helpers
        shutil.copyfile(sources / "_torch2ms.py", package / "_torch2ms.py")
    return dest


def _fixture(folder: Path, name: str) -> Path:
    """A parity fixture (build_model + INPUT) that builds model ``name`` through the package."""
    call, shape = ZOO[name]
    path = folder / f"zoo_{name}.py"
    path.write_text(
        f"from torchvision.models.{name} import {call.split('(')[0]}\n\n"
        f"INPUT = {{'shape': {list(shape)}, 'dtype': 'float32'}}\n\n\n"
        f"def build_model():\n    return {call}\n",
        encoding="utf-8",
    )
    return path


def _env(root: Path, target: str | None = None) -> dict[str, str]:
    env = {"PYTHONPATH": str(root), "PARITY_TRANSLATED_ROOT": str(root) if target else ""}
    return {**(TARGET_ENV[target] if target else {}), **env}


@pytest.fixture(scope="session")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str | None], tuple[Path, Path | None]]:
    """``zoo(None)`` → (folder with the original package, None); ``zoo(target)`` → (folder with
    the translated package, its weight map). Each is made once per session."""
    sources = package_sources("torchvision")
    made: dict[str | None, tuple[Path, Path | None]] = {}
    todos: dict[str | None, list[str]] = {}

    def get(target: str | None) -> tuple[Path, Path | None]:
        if target not in made:
            work = tmp_path_factory.mktemp(f"zoo_{target or 'torch'}")
            if target is None:
                made[target] = (_assemble(sources, work / "root"), None)
            else:
                translated, weight_map = work / "translated" / "torchvision", work / "weight_map.yaml"
                # the whole package, as a user would translate it
                proc = run([sys.executable, "-m", "translator", "translate", str(sources), "-o", str(translated),
                            "--to", target, "--weight-map", str(weight_map)], "translate torchvision",
                           TARGET_ENV[target])
                require_file(weight_map, "translate --weight-map")
                made[target] = (_assemble(translated, work / "root"), weight_map)
                todos[target] = [line for line in (proc.stdout + proc.stderr).splitlines() if " TODO " in line]
        return made[target]

    get.todos = todos  # type: ignore[attr-defined]
    return get


@pytest.fixture(scope="session")
def zoo_reference(zoo, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """PyTorch's weights.pth, input.npy and output.npy for a model, made once per session."""
    root = tmp_path_factory.mktemp("zoo_reference")
    done: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in done:
            package, _ = zoo(None)
            outdir = root / name
            outdir.mkdir()
            fixture = _fixture(outdir, name)
            run([sys.executable, str(PARITY / "torch_side.py"), str(fixture), str(outdir)], "torch side",
                _env(package))
            for file in ("weights.pth", "input.npy", "output.npy"):
                require_file(outdir / file, "torch side")
            done[name] = outdir
        return done[name]

    return get


# Known not to work yet, each with its reason; strict, so a fix makes the mark fail until removed.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _cases() -> list:
    return [pytest.param(name, target, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name, target])]
                         if (name, target) in KNOWN_FAILURES else [], id=f"{name}-{target}")
            for name in sorted(ZOO) for target in sorted(TARGETS)]


@pytest.mark.parametrize(("name", "target"), _cases())
def test_translated_torchvision_model_matches_torch(name: str, target: str, zoo, zoo_reference,
                                                    tmp_path: Path) -> None:
    package, weight_map = zoo(target)
    # a TODO keeps torch code (and its import) in the file: the model would not even import
    left = [line for line in zoo.todos[target]
            if any(f"/torchvision/{rel}:" in line for rel in [*SUPPORT, f"models/{name}.py"])]
    if left:
        pytest.fail("TODOs left in the model's code:\n" + "\n".join(left), pytrace=False)
    ref = zoo_reference(name)
    side_script, weights_name = TARGETS[target]
    fixture = _fixture(tmp_path, name)
    converted, result = tmp_path / weights_name, tmp_path / "output.npy"
    run([sys.executable, "-m", "translator", "weights", "convert", str(ref / "weights.pth"), "--map", str(weight_map),
         "-o", str(converted), "--to", target, "--model", f"{fixture}:build_model"],
        "weights convert", _env(package, target))
    require_file(converted, "weights convert")
    run([sys.executable, str(PARITY / side_script), str(fixture), str(converted), str(ref / "input.npy"),
         str(result)], f"{target} side", _env(package, target))
    require_file(result, f"{target} side")

    expected, actual = np.load(ref / "output.npy"), np.load(result)
    if actual.shape != expected.shape:
        pytest.fail(f"output shape {actual.shape} != torch {expected.shape}", pytrace=False)
    diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
    tol = RTOL * max(1.0, float(np.abs(expected).max()))
    if not diff.max() <= tol:  # also catches NaN
        pytest.fail(f"max|diff| {diff.max():.3g} > tol {tol:.3g} ({int((diff > tol).sum())}/{diff.size} off)",
                    pytrace=False)
