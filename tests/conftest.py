"""Test groups, so that a newcomer runs the fast ones alone (README, "Tests"):

- ``text``: translation and tooling only, no framework imported; seconds to a minute or two.
- ``slow``: text-only too, but sweeps (the whole standard library, every YAML tag).
- ``framework``: runs torch and MindSpore / PaddlePaddle (table examples, parity, weights).
- ``zoo``: whole model packages (torchvision's models, timm's sources), downloaded once.

A test file may mark itself (``pytestmark = pytest.mark.framework``); the files below are marked
here. Everything else is ``text``, and a ``-m text`` run that imports a framework fails.
"""

from __future__ import annotations

import sys

import pytest

GROUPS = ("framework", "zoo", "slow")
MARKED = {
    "test_table_examples.py": "framework",
    "test_table_signatures.py": "framework",
    "test_parity.py": "framework",
    "test_cli_weights.py": "framework",
    # evidence is the state_dict of each layer built in torch from its entry's examples
    "test_weight_map_typing.py": "framework",
    # verify starts one process per framework
    "test_verify.py": "framework",
    "test_model_zoo.py": "zoo",
    "test_corpus.py": "zoo",
    "test_robustness_stdlib.py": "slow",
    # one fresh interpreter per translator module
    "test_architecture.py::test_every_module_imports_on_its_own_in_a_fresh_interpreter": "slow",
    "test_robustness_tables.py::test_python_tags_never_constructed": "slow",
}
FRAMEWORKS = ("torch", "mindspore", "paddle")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "text: translation only, no framework imported (fast)")
    config.addinivalue_line("markers", "slow: text-only sweeps (stdlib, every YAML tag)")
    config.addinivalue_line("markers", "framework: runs torch and a target framework")
    config.addinivalue_line("markers", "zoo: whole model packages translated and run")


def pytest_ignore_collect(collection_path, config: pytest.Config) -> bool | None:
    # a text-only run does not even collect the framework files: collecting the table examples
    # translates every example, which alone takes longer than the whole text group
    if config.option.markexpr.strip() == "text" and MARKED.get(collection_path.name) in GROUPS:
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        file = item.path.name
        group = MARKED.get(f"{file}::{item.originalname}") or MARKED.get(file)
        if group is not None:
            item.add_marker(group)
        if not any(item.get_closest_marker(g) for g in GROUPS):
            item.add_marker("text")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if session.config.option.markexpr.strip() == "text":
        imported = [f for f in FRAMEWORKS if f in sys.modules]
        if imported:
            print(f"\nconftest: a text-only run imported {imported}: mark the test that needs it "
                  "(framework / zoo) in tests/conftest.py", file=sys.stderr)
            session.exitstatus = 1
