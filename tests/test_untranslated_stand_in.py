"""One TODO never sinks a module: a torch name still used by an untranslated line is bound to a
stand-in, so the translated module imports and runs without torch until that line runs, which
then fails naming file, line and API (translator/rewrite/untranslated.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from translator.engine import translate_source
from translator.tables import load_tables

PARITY = Path(__file__).resolve().parent / "parity"

# the zoo pattern: a pretrained-weights download (never run when building without weights), a
# TorchScript-only branch, torch names in annotations and defaults
SOURCE = '''\
"""A model module whose only torch uses left are lines building the model never runs."""
import math
import torch
import torch.utils.model_zoo as model_zoo
from torch.hub import load_state_dict_from_url

URLS = {"net": "https://example.invalid/net.pth"}


def scale(x: torch.Tensor, dtype=torch.float32) -> float:
    return math.sqrt(x)


def build(pretrained=False, jit=False):
    net = {"width": scale(16.0)}
    if pretrained:
        net["state"] = model_zoo.load_url(URLS["net"])
    if jit:
        net["scripted"] = torch.jit.script(net)
    return net


def download():
    return load_state_dict_from_url(URLS["net"])


def is_tensor(x):
    return isinstance(x, torch.NoSuchType)
'''

RUN = '''\
import sys
sys.path.insert(0, {parity!r})
{block}
sys.path.insert(0, {folder!r})
import translated as m
assert m.build() == {{"width": 4.0}}, m.build()
for call in ("m.build(pretrained=True)", "m.build(jit=True)", "m.download()", "m.is_tensor(1)"):
    try:
        eval(call)
    except NotImplementedError as exc:
        print(call, "->", exc)
    else:
        raise SystemExit(call + " did not fail")
assert "torch" not in sys.modules, "the translated module imported torch"
'''


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
@pytest.mark.parametrize("torch_installed", [False, True])
def test_module_with_todos_imports_and_runs_without_torch(target: str, torch_installed: bool,
                                                          tmp_path: Path) -> None:
    result = translate_source(SOURCE, "translated.py", load_tables(target))
    assert result.status == "translated" and result.todos, result.diagnostics
    code = result.code
    assert "import torch" not in code and "from torch" not in code
    # the untranslated lines stay, with their TODO comments
    for line in ("model_zoo.load_url(URLS[\"net\"])", "torch.jit.script(net)", "load_state_dict_from_url(URLS"):
        assert line in code
    assert "# TODO(torch2ms): torch.jit" in code
    (tmp_path / "translated.py").write_text(code, encoding="utf-8")
    # with torch importable or blocked, the same: torch is never mixed into translated code
    block = "" if torch_installed else "from _common import block_torch; block_torch()"
    proc = subprocess.run([sys.executable, "-c", RUN.format(parity=str(PARITY), block=block, folder=str(tmp_path))],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = {line.split(" -> ")[0]: line.split(" -> ")[1] for line in proc.stdout.splitlines()}
    path = str(tmp_path / "translated.py")
    line_of = {text: n for n, text in enumerate(code.splitlines(), 1)}
    expected = {
        "m.build(pretrained=True)": ('        net["state"] = model_zoo.load_url(URLS["net"])',
                                     "torch.utils.model_zoo.load_url"),
        "m.build(jit=True)": ('        net["scripted"] = torch.jit.script(net)', "torch.jit.script"),
        "m.download()": ('    return load_state_dict_from_url(URLS["net"])', "torch.hub.load_state_dict_from_url"),
        "m.is_tensor(1)": ("    return isinstance(x, torch.NoSuchType)", "torch.NoSuchType"),
    }
    for call, (line, api) in expected.items():
        message = lines[call]
        assert message.startswith(f"{path}:{line_of[line]}: {api} was not translated to {target}"), message
        assert "never imports torch" in message
    # the TODO comment above the line is part of the message
    assert "TODO(torch2ms): torch.jit" in lines["m.build(jit=True)"]


def test_stand_in_replaces_only_the_torch_names_of_a_mixed_import() -> None:
    code = translate_source(textwrap.dedent("""\
        import os, torch


        def f():
            return torch.some_api_nobody_has(os.sep)
        """), "m.py", load_tables("mindspore")).code
    assert "import os; torch = _Torch2msUntranslated('torch')" in code


def test_a_class_deriving_from_an_untranslated_torch_class_does_not_stop_the_import(tmp_path):
    # torchvision's feature_extraction.py defines `class LeafModuleAwareTracer(torch.fx.Tracer)` at
    # module level: importing the module must work; building such an object fails, naming the API
    from translator.engine import translate_source
    from translator.tables.loader import load_tables

    source = "import torch\nimport torch.fx\n\n\nclass Tracer(torch.fx.Tracer):\n    pass\n\n\ny = torch.zeros(2)\n"
    out = translate_source(source, "tracer.py", load_tables("paddle")).code
    namespace: dict = {}
    exec(compile(out.replace("import paddle\n", "").replace("paddle.zeros(2)", "None")
                 .replace("paddle.zeros([2])", "None"), "tracer.py", "exec"), namespace)
    try:
        namespace["Tracer"]()
    except NotImplementedError as exc:
        assert "torch.fx.Tracer" in str(exc)
    else:
        raise AssertionError("building a class derived from an untranslated torch class must fail")


def test_apply_of_an_untranslated_function_fails_naming_the_api() -> None:
    # timm's activations_me.py: `HardSigmoidAutoFn.apply(x)` on a torch.autograd.Function
    # subclass raised AttributeError ('no attribute apply'), not naming the untranslated API
    from translator.engine import translate_source
    from translator.tables.loader import load_tables

    source = textwrap.dedent("""\
        from abc import ABC

        import torch


        class Data(ABC, torch.utils.data.Dataset):  # other bases: their metaclass stays the class's
            pass


        class Fn(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x


        def run(x):
            return Fn.apply(x)
        """)
    out = translate_source(source, "fn.py", load_tables("mindspore")).code
    namespace: dict = {}
    exec(compile(out, "fn.py", "exec"), namespace)
    assert namespace["Fn"].forward(None, 3) == 3  # its own attributes stay
    try:
        namespace["run"](1)
    except NotImplementedError as exc:
        line = out.splitlines().index("    return Fn.apply(x)") + 1
        assert f"fn.py:{line}: torch.autograd.Function was not translated" in str(exc)
    else:
        raise AssertionError("reading apply of an untranslated Function must fail")


def test_a_stand_in_in_a_typing_annotation_does_not_stop_the_import() -> None:
    # timm's utils/model_ema.py: `generator: Optional[torch.Generator] = None` in a signature;
    # typing compares what Optional/Union hold with Any, Generic...: that must not count as a use
    source = textwrap.dedent("""\
        from typing import Optional, Union
        import torch


        def sample(generator: Optional[torch.Generator] = None, seed: Optional[torch.Seed] = None,
                   other: Union[torch.NoSuchA, torch.NoSuchB, None] = None):
            return 1


        def same(dtype):
            return dtype == torch.no_such_dtype


        def differs(dtype):
            return dtype != torch.no_such_dtype
        """)
    code = translate_source(source, "m.py", load_tables("mindspore")).code
    namespace: dict = {}
    exec(compile(code.replace("import mindspore", "pass"), "m.py", "exec"), namespace)
    assert namespace["sample"]() == 1
    assert "Optional" in repr(eval("Optional[torch.Generator]", namespace))
    # torchvision's datasets/vision.py: class VisionDataset(data.Dataset[T_co]) still defines the class
    exec("import typing\nT = typing.TypeVar('T')\nclass D(torch.utils.data.Dataset[T]):\n    pass", namespace)
    with pytest.raises(NotImplementedError, match="torch.utils.data.Dataset"):
        namespace["D"]()
    with pytest.raises(NotImplementedError, match="torch.index_me"):
        eval("torch.index_me[0]", namespace)
    # a comparison in code still fails, naming the API (never a silent False)
    for fn in ("same", "differs"):
        with pytest.raises(NotImplementedError, match="torch.no_such_dtype"):
            namespace[fn]("float16")


def test_a_generic_untranslated_base_class_does_not_stop_the_import() -> None:
    # torchvision datasets/vision.py: `class VisionDataset(data.Dataset[T_co])` at module level
    # (imported by segmentation-models-pytorch through torchvision): subscripting the stand-in
    # with a type variable names a type; building the class, or indexing with a value, fails
    from translator.engine import translate_source
    from translator.tables.loader import load_tables

    # (and timm data/scheduled_sampler.py: `class ScheduledBatchSampler(Sampler[List[Tuple[Any, int]]])`)
    source = ("from typing import Any, List, Tuple, TypeVar\n\nfrom torch.utils import data\n\n"
              "T_co = TypeVar('T_co', covariant=True)\n"
              "\n\nclass VisionDataset(data.Dataset[T_co]):\n    pass\n\n\ndef first(d):\n"
              "    return data.default_collate[0]\n"
              "\n\nclass BatchSampler(data.Sampler[List[Tuple[Any, int]]], data.Sampler[list[int]]):\n    pass\n")
    for target in ("mindspore", "paddle"):
        out = translate_source(source, "vision.py", load_tables(target)).code
        assert "TODO(torch2ms): torch.utils.data.Dataset" in out
        namespace: dict = {}
        exec(compile(out, "vision.py", "exec"), namespace)  # the module imports
        for name, args, api in (("VisionDataset", (), "torch.utils.data.Dataset"), ("first", (None,), "vision.py:"),
                                ("BatchSampler", (), "torch.utils.data.Sampler")):
            try:
                namespace[name](*args)
            except NotImplementedError as exc:
                assert api in str(exc) and "torch.utils.data." in str(exc)
            else:
                raise AssertionError("using an untranslated torch name must fail")


def test_package_defines_the_stand_in_once_in_its_helper_module(tmp_path: Path) -> None:
    # two files of a package need the stand-in: it is generated code like any other, so it is
    # defined in the package's _torch2ms.py and imported (first: the stand-in statements replace
    # imports further down) where used, and the package still imports and fails only when run
    import ast

    from tests._robustness import run_cli

    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "zoo.py").write_text(SOURCE)
    (pkg / "sub" / "deep.py").write_text('"""Doc."""\nimport torch.utils.model_zoo as model_zoo\n\n\n'
                                         "def load():\n    return model_zoo.load_url('x')\n")
    out = tmp_path / "out" / "pkg"
    run = run_cli("translate", pkg, "-o", out, "--to", "paddle", "-q")
    assert run.code == 0, run.err

    def defined(path: Path) -> set[str]:
        return {s.name for s in ast.parse(path.read_text()).body if isinstance(s, ast.ClassDef)}

    assert "_Torch2msUntranslated" in defined(out / "_torch2ms.py")
    for rel, level in (("zoo.py", 1), ("sub/deep.py", 2)):
        text = (out / rel).read_text()
        assert "_Torch2msUntranslated" not in defined(out / rel), f"{rel} defines the stand-in again"
        imports = [s for s in ast.parse(text).body if isinstance(s, ast.ImportFrom) and s.module == "_torch2ms"]
        assert [(i.level, [a.name for a in i.names]) for i in imports] == [(level, ["_Torch2msUntranslated"])]
    code = (f"import sys\nsys.path.insert(0, {str(PARITY)!r})\nfrom _common import block_torch; block_torch()\n"
            "from pkg import zoo\nfrom pkg.sub import deep\nassert zoo.build() == {'width': 4.0}\n"
            "try:\n    deep.load()\nexcept NotImplementedError as exc:\n    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=out.parent, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "deep.py:" in proc.stdout and "torch.utils.model_zoo.load_url was not translated" in proc.stdout
