"""The package's shape: every module imports on its own, so imports run one way (no cycles)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import translator

PACKAGE = Path(translator.__file__).parent


def _modules() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append(".".join(parts))
    return out


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    # one interpreter per module (a cycle only shows when its module is imported first), all
    # started at once so that the whole check takes a few seconds
    modules = _modules()
    assert len(modules) > 40
    procs = {m: subprocess.Popen([sys.executable, "-c", f"import {m}"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True) for m in modules}
    failed = {}
    for module, proc in procs.items():
        out, _ = proc.communicate(timeout=120)
        if proc.returncode:
            failed[module] = out.strip().splitlines()[-1:]
    assert not failed, failed


def test_translating_imports_no_framework():
    code = ("import sys\nfrom translator.engine import translate_source\nfrom translator.tables import load_tables\n"
            "r = translate_source('import torch\\nx = torch.zeros(2)\\n', 'a.py', load_tables('mindspore'))\n"
            "assert r.status == 'translated', r\n"
            "bad = {'torch', 'mindspore', 'paddle'} & set(sys.modules)\nassert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_transforms_name_no_target_module():
    """Target names come from the tables (an entry's target, or ``emit.counterpart``)."""
    found = {p.name: ln for p in (PACKAGE / "transforms").glob("*.py")
             for ln in p.read_text().splitlines()
             if re.search(r"""ref\(\s*f?["'](mindspore|paddle)\.""", ln)}
    assert not found, found


def test_registry_takes_every_transform_instance_of_a_module():
    from translator.transforms import ARG_TRANSFORMS, ENTRY_TRANSFORMS, VALUE_TRANSFORMS
    from translator.transforms.base import ArgTransform, EntryTransform, ValueTransform

    registered = {**VALUE_TRANSFORMS, **ARG_TRANSFORMS, **ENTRY_TRANSFORMS}
    import importlib
    import pkgutil

    import translator.transforms as package
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if type(value) in (ValueTransform, ArgTransform, EntryTransform):
                assert registered[value.name] is value
