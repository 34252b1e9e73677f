"""The real ``pre-commit`` tool runs this repository's hooks (.pre-commit-hooks.yaml) in a temporary
git repository: an unsupported API blocks the commit, a baseline lets old TODOs pass, a new TODO is
blocked again, fixing the line passes; the mirror hook keeps a translated copy in sync."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# pre-commit builds its hook environment (pip) once per run: a sweep-sized test, not a quick text one
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
GOOD = "import torch.nn as nn\n\nlayer = nn.ReLU()\n"
OLD_TODO = "import torch\n\ny = torch.some_api_nobody_has(3)\n"


def _run(cmd: list[str], cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    run = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert run.returncode == 0, f"{cmd}: {run.stdout}\n{run.stderr}"
    return run


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("pre-commit-home")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIT_DIR", "GIT_INDEX_FILE")}
    bin_dir = str(Path(sys.executable).parent)  # the pre-commit installed beside this Python
    return {**clean, "PRE_COMMIT_HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """This working tree as it is now (committed or not), as a git repository pre-commit can clone."""
    repo = tmp_path_factory.mktemp("torch2ms-hooks")
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("translator", "api_tables"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    _run(["git", "init", "-q"], repo, env)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "-m", "hooks"], repo, env)
    rev = _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()
    return repo, rev


def _project(tmp_path: Path, env: dict, hook_repo: tuple[Path, str], hooks: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    _run(["git", "init", "-q"], project, env)
    repo, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {repo.as_uri()}\n  rev: {rev}\n  hooks:\n{hooks}")
    _run(["pre-commit", "install"], project, env)
    (project / "good.py").write_text(GOOD)
    _run(["git", "add", "-A"], project, env)
    _run(["git", "commit", "-q", "-m", "start"], project, env)
    return project


def _commit(project: Path, env: dict) -> subprocess.CompletedProcess:
    _run(["git", "add", "-A"], project, env)
    return _run(["git", "commit", "-q", "-m", "change"], project, env, check=False)


def test_precommit_blocks_todos_accepts_a_baseline_and_passes_once_fixed(tmp_path, env, hook_repo):
    project = _project(tmp_path, env, hook_repo, "  - id: torch2ms-scan\n")
    (project / "model.py").write_text(OLD_TODO)
    blocked = _commit(project, env)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert "model.py:3:1: T2M001 TODO torch.some_api_nobody_has" in out
    assert out.count("torch2ms scan: ") == 1  # require_serial: one run, one summary

    # accept today's TODOs: a baseline, and the hook pointed at it
    _run([sys.executable, "-m", "translator", "scan", ".", "--write-baseline", "torch2ms-baseline.json"],
         project, {**env, "PYTHONPATH": str(ROOT)})
    config = project / ".pre-commit-config.yaml"
    config.write_text(config.read_text() + "    args: [--baseline, torch2ms-baseline.json]\n")
    accepted = _commit(project, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # an edit elsewhere in the file keeps the old TODO accepted; a new one is blocked
    (project / "model.py").write_text("import torch\n\n\ndef f():\n    return 1\n\n\ny = torch.some_api_nobody_has(3)\n"
                                      "z = torch.another_api_nobody_has(4)\n")
    blocked = _commit(project, env)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert "model.py:9:1: T2M001 TODO torch.another_api_nobody_has" in out
    assert "some_api_nobody_has: not in the mindspore tables [baselined]" in out

    # fixing the line passes
    (project / "model.py").write_text("import torch\n\n\ndef f():\n    return 1\n\n\ny = torch.some_api_nobody_has(3)\n"
                                      "z = torch.zeros(4)\n")
    fixed = _commit(project, env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_shebang_scripts_and_notebooks_reach_the_hook(tmp_path, env, hook_repo):
    project = _project(tmp_path, env, hook_repo, "  - id: torch2ms-scan-paddle\n")
    script = project / "train"
    script.write_text("#!/usr/bin/env python3\n" + OLD_TODO)
    script.chmod(0o755)
    blocked = _commit(project, env)
    assert blocked.returncode != 0 and "train:4:1: T2M001 TODO" in blocked.stdout + blocked.stderr
    script.write_text("#!/usr/bin/env python3\n" + GOOD)
    nb = project / "explore.ipynb"
    nb.write_text('{"cells": [{"cell_type": "code", "execution_count": null, "id": "a1", "metadata": {}, '
                  '"outputs": [], "source": ["import torch\\n", "y = torch.some_api_nobody_has(3)"]}], '
                  '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n')
    blocked = _commit(project, env)
    assert blocked.returncode != 0
    assert "explore.ipynb:2:1: T2M001 TODO torch.some_api_nobody_has" in blocked.stdout + blocked.stderr


def test_mirror_hook_keeps_a_translated_copy_in_sync(tmp_path, env, hook_repo):
    hooks = "  - id: torch2ms-mirror\n    args: [src, -o, src_ms]\n    files: ^src/\n"
    project = _project(tmp_path, env, hook_repo, hooks)
    (project / "src").mkdir()
    (project / "src" / "m.py").write_text(GOOD)
    first = _commit(project, env)
    assert first.returncode != 0  # the mirror was written: stage it and commit again
    assert (project / "src_ms" / "m.py").read_text() == "from mindspore import nn\n\nlayer = nn.ReLU()\n"
    assert _commit(project, env).returncode == 0
    (project / "src" / "m.py").write_text(GOOD + "flat = nn.Flatten()\n")
    assert _commit(project, env).returncode != 0
    assert "flat = nn.Flatten()" in (project / "src_ms" / "m.py").read_text()
    assert _commit(project, env).returncode == 0
