"""Real model code to translate: the model sources of timm and torchvision, from PyPI.

Downloaded once with ``pip download --no-deps`` into a cache folder (``TORCH2MS_CORPUS`` or
``~/.cache/torch2ms-corpus``) and unpacked there; wheels are zip files, nothing is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

PACKAGES = {"timm": "timm==1.0.31", "torchvision": "torchvision==0.29.1",
            "segmentation_models_pytorch": "segmentation-models-pytorch==0.6.0"}
MODEL_DIRS = {"timm": "timm/models", "torchvision": "torchvision/models"}


def cache_dir() -> Path:
    return Path(os.environ.get("TORCH2MS_CORPUS", Path.home() / ".cache" / "torch2ms-corpus"))


def _wheel(name: str) -> Path:
    wheels = cache_dir() / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = sorted(wheels.glob(f"{name}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels),
                        PACKAGES[name]], check=True)
        found = sorted(wheels.glob(f"{name}-*.whl"))
    return found[-1]


def _extract(name: str, prefix: str, root: Path) -> None:
    with zipfile.ZipFile(_wheel(name)) as wheel:
        for member in wheel.namelist():
            if member.startswith(prefix) and member.endswith(".py"):
                wheel.extract(member, root)


def model_sources(name: str) -> Path:
    """The unpacked ``models/`` folder of package ``name``, downloading it if needed."""
    root = cache_dir() / name
    models = root / MODEL_DIRS[name]
    if not models.is_dir():
        _extract(name, MODEL_DIRS[name] + "/", root)
    return models


def package_sources(name: str) -> Path:
    """Every .py file of package ``name`` (the whole package folder), downloading it if needed."""
    root = cache_dir() / "packages"
    package = root / name
    if not (package / "__init__.py").is_file():
        _extract(name, name + "/", root)
    return package


def all_model_sources() -> list[Path]:
    return [model_sources(name) for name in MODEL_DIRS]


if __name__ == "__main__":
    for path in all_model_sources():
        print(path)
