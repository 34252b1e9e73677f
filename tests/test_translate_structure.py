"""Before/after pairs for the structural rewrites every target shares (MindSpore tables)."""

from __future__ import annotations

import ast
import builtins
import textwrap

import pytest

from tests.translate_helpers import translate as translate_one
from translator.engine import translate_source
from translator.rewrite.untranslated import stand_in_source
from translator.tables import load_tables


@pytest.fixture(scope="module")
def ms():
    return load_tables("mindspore")


def translate(source: str, tables) -> str:
    """The translation, without the stand-in class a kept torch name brings (its own tests are in
    tests/test_untranslated_stand_in.py)."""
    result = translate_source(textwrap.dedent(source), "m.py", tables)
    assert result.status != "failed", result.diagnostics
    stand_in = stand_in_source(tables.target.name, "\n") + "\n\n"
    return result.code.replace("\n" + stand_in, "").replace(stand_in, "")


def check(before: str, after: str, tables) -> None:
    assert translate(before, tables) == textwrap.dedent(after)


@pytest.mark.parametrize("imports, ref", [
    ("import torch", "torch.nn.ReLU"),
    ("import torch.nn as nn", "nn.ReLU"),
    ("from torch import nn", "nn.ReLU"),
    ("from torch.nn import ReLU", "ReLU"),
    ("from torch.nn import ReLU as Act", "Act"),
    ("import torch.nn\nimport torch", "torch.nn.ReLU"),
    ("from torch.nn import *", "ReLU"),
])
def test_every_import_form_resolves(imports, ref, ms):
    out = translate(f"{imports}\n\nact = {ref}(inplace=True)\n", ms)
    assert out == "from mindspore import nn\n\nact = nn.ReLU()\n"


def test_submodule_spellings_of_reexported_classes_use_the_public_entry(ms):
    before = """\
        import torch
        import torch.nn.modules.batchnorm


        norm = torch.nn.modules.batchnorm.BatchNorm2d(4, eps=1e-3)
        p = torch.nn.parameter.Parameter(torch.zeros(3))
        q = torch.nn.modules.utils._reverse_repeat_tuple((1, 2), 2)
        """
    after = """\
        torch = _Torch2msUntranslated('torch')
        import mindspore as ms
        from mindspore import nn
        from mindspore import ops


        norm = nn.BatchNorm2d(4, eps=1e-3)
        p = ms.Parameter(ops.zeros(3))
        # TODO(torch2ms): torch.nn.modules.utils._reverse_repeat_tuple: not in the mindspore tables
        q = torch.nn.modules.utils._reverse_repeat_tuple((1, 2), 2)
        """
    check(before, after, ms)


def test_local_names_that_shadow_torch_aliases_are_not_torch(ms):
    before = """\
        import torch.nn.functional as F
        import torch.nn as nn


        def f(F, x):
            return F.relu(x)


        def g(x):
            nn = object()
            return nn.ReLU(x)


        act = nn.ReLU()
        """
    after = """\
        from mindspore import nn


        def f(F, x):
            return F.relu(x)


        def g(x):
            nn = object()
            return nn.ReLU(x)


        act = nn.ReLU()
        """
    check(before, after, ms)


def test_module_becomes_cell_and_forward_becomes_construct(ms):
    before = """\
        \"\"\"A model.\"\"\"
        from __future__ import annotations

        import torch.nn as nn
        from mypkg.layers import Helper  # the package's own imports stay


        class Base(nn.Module):
            def forward(self, x):
                return x


        class Net(Base):
            def forward(self, x):
                y = super().forward(x)
                return self.forward_features(y)

            def forward_features(self, x):
                return Helper()(x)

            def twice(self, x):
                return self.forward(self.forward(x))
        """
    after = """\
        \"\"\"A model.\"\"\"
        from __future__ import annotations

        from mindspore import nn
        from mypkg.layers import Helper  # the package's own imports stay


        class Base(nn.Cell):
            def construct(self, x):
                return x


        class Net(Base):
            def construct(self, x):
                y = super().construct(x)
                return self.forward_features(y)

            def forward_features(self, x):
                return Helper()(x)

            def twice(self, x):
                return self.construct(self.construct(x))
        """
    check(before, after, ms)


def test_unknown_api_keeps_code_with_todo_and_binds_its_name_to_a_stand_in(ms):
    before = """\
        import torch


        def f(x):
            y = torch.some_api_nobody_has(x,
                                          3)  # comment stays
            return y
        """
    after = """\
        torch = _Torch2msUntranslated('torch')


        def f(x):
            # TODO(torch2ms): torch.some_api_nobody_has: not in the mindspore tables
            y = torch.some_api_nobody_has(x,
                                          3)  # comment stays
            return y
        """
    check(before, after, ms)


def test_unsupported_argument_value_is_a_todo_not_dropped(ms):
    out = translate("import torch.nn as nn\nc = nn.Conv2d(3, 4, 3, padding_mode='circular')\n", ms)
    assert "# TODO(torch2ms): torch.nn.Conv2d: padding_mode='circular':" in out
    assert "c = nn.Conv2d(3, 4, 3, padding_mode='circular')" in out


def test_torch_import_in_try_that_becomes_empty_keeps_the_block_valid(ms):
    before = """\
        try:
            import torch.nn as nn
        except ImportError:
            nn = None

        act = nn.ReLU()
        """
    out = translate(before, ms)
    compile(out, "m.py", "exec")
    assert "try:\n    pass\nexcept ImportError:" in out
    assert "act = nn.ReLU()" in out and out.startswith("from mindspore import nn\n")


def test_star_args_are_bound_at_run_time_by_an_adapter(ms):
    out = translate("import torch.nn as nn\n\ndef mk(*a, **k):\n    return nn.BatchNorm2d(*a, **k)\n", ms)
    assert "return TorchArgsBatchNorm2d(*a, **k)" in out
    assert "class TorchArgsBatchNorm2d(nn.BatchNorm2d):" in out
    assert "TODO" not in out


def test_keyword_star_star_goes_through_the_adapter_with_torch_meaning(ms):
    source = "import torch.nn as nn\n\ndef mk(dim, **dd):\n    return nn.BatchNorm2d(dim, momentum=0.2, **dd)\n"
    out = translate(source, ms)
    assert "return TorchArgsBatchNorm2d(dim, momentum=0.2, **dd)" in out
    assert "raise ValueError('dtype=%r: " in out


def test_layer_subclass_translates_its_super_init(ms):
    before = """\
        import torch.nn as nn


        class Norm(nn.BatchNorm2d):
            def __init__(self, n):
                super().__init__(n, 1e-3, 0.01)

            def forward(self, x):
                return super().forward(x)
        """
    after = """\
        from mindspore import nn


        class Norm(nn.BatchNorm2d):
            def __init__(self, n):
                super().__init__(n, 1e-3, momentum=0.99)

            def construct(self, x):
                return super().construct(x)
        """
    check(before, after, ms)


def test_layer_passed_as_value_gets_a_torch_signature_adapter(ms):
    out = translate("import torch.nn as nn\n\n\ndef block(norm_layer=nn.BatchNorm2d):\n"
                    "    return norm_layer(8, momentum=0.2)\n", ms)
    assert "class TorchArgsBatchNorm2d(nn.BatchNorm2d):" in out
    assert "momentum=1 - momentum" in out
    assert "def block(norm_layer=TorchArgsBatchNorm2d):" in out
    namespace: dict = {}
    exec(compile(out.replace("from mindspore import nn", "import types\nnn = types.SimpleNamespace("
                             "BatchNorm2d=type('BN', (), {'__init__': lambda self, **kw: setattr(self, 'kw', kw)}))"),
                 "m.py", "exec"), namespace)
    assert namespace["block"]().kw == {"num_features": 8, "eps": 1e-05, "momentum": 0.8, "affine": True}


def test_lines_without_torch_are_byte_identical(ms):
    source = "import os\r\nimport torch.nn as nn\r\n\r\n# comment\r\nx = {'a': 1}  # keep\r\nact = nn.ReLU()\r\n"
    out = translate(source, ms)
    assert out == source.replace("import torch.nn as nn", "from mindspore import nn")


def test_source_defined_replacement_is_translated_and_emitted_once(ms):
    out = translate("import torch\n\n\ndef f(x):\n    return torch.roll(x, 1, 0) + torch.roll(x, 2, 1)\n", ms)
    assert out.count("def torch_roll(") == 1
    assert "return torch_roll(x, 1, 0) + torch_roll(x, 2, 1)" in out
    assert "ops.cat(" in out and "from mindspore import ops" in out and "import torch" not in out
    compile(out, "m.py", "exec")


def test_dropping_neighbouring_arguments_keeps_every_comment():
    # found by the property test: two dropped arguments in a row, comments between them
    source = ("import torch.nn as nn\nlayer = nn.BatchNorm2d(\n    1,\n    eps=0.1,\n    # c3\n"
              "    affine=True,\n    # c4\n    track_running_stats=True\n)\n")
    out = translate(source, load_tables("paddle"))
    assert "# c3" in out and "# c4" in out and "affine" not in out and "track_running_stats" not in out
    compile(out, "m.py", "exec")


def test_init_that_fills_attached_containers_names_parameters_after_paths(ms):
    before = """\
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self, blocks):
                super().__init__()
                self.blocks = nn.ModuleList()
                self.extra = nn.ModuleList()
                for b in blocks:
                    self.blocks.append(b)  # appended after self.blocks was attached
                self.extra += [nn.ReLU()]
                self.count = 0
                self.count += 1  # the last statement keeps its comment


        class Plain(nn.Module):
            def __init__(self):
                super().__init__()
                self.blocks = nn.ModuleList([nn.ReLU()])
                self.count = 0
                self.count += 1
        """
    after = """\
        from mindspore import nn


        class Net(nn.Cell):
            def __init__(self, blocks):
                super().__init__()
                self.blocks = nn.CellList()
                self.extra = nn.CellList()
                for b in blocks:
                    self.blocks.append(b)  # appended after self.blocks was attached
                self.extra += [nn.ReLU()]
                self.count = 0
                self.count += 1  # the last statement keeps its comment
                self.update_parameters_name()  # torch2ms: checkpoint names of the cells added above


        class Plain(nn.Cell):
            def __init__(self):
                super().__init__()
                self.blocks = nn.CellList([nn.ReLU()])
                self.count = 0
                self.count += 1
        """
    check(before, after, ms)
    # paddle names parameters by structure when asked: nothing to add there
    assert "update_parameters_name" not in translate(before, load_tables("paddle"))


def test_sequential_subclass_runs_the_children_it_assigns(ms):
    before = """\
        import torch.nn as nn


        class Transition(nn.Sequential):
            def __init__(self, c):
                super().__init__()
                self.norm = nn.BatchNorm2d(c)
                self.relu = nn.ReLU(inplace=True)


        class Stack(nn.Sequential):
            def __init__(self):
                super().__init__(nn.ReLU(), nn.ReLU())

            def forward(self, x):
                return super().forward(x) + 1
        """
    after = """\
        from mindspore import nn


        class Transition(nn.SequentialCell):
            def __init__(self, c):
                super().__init__()
                self.norm = nn.BatchNorm2d(c)
                self.relu = nn.ReLU()
                self.cell_list = list(self.name_cells().values())  # torch2ms: run the cells assigned above


        class Stack(nn.SequentialCell):
            def __init__(self):
                super().__init__(nn.ReLU(), nn.ReLU())

            def construct(self, x):
                return super().construct(x) + 1
        """
    check(before, after, ms)


def test_names_under_a_module_without_counterpart_get_its_reason(ms):
    out = translate("""\
        import torch.fx
        from torch.hub import load_state_dict_from_url


        def load(url):
            return load_state_dict_from_url(url)


        graph = torch.fx.symbolic_trace(object())
        """, ms)
    assert "# TODO(torch2ms): torch.hub: downloads torch checkpoints: fetch the file (urllib), convert it once " \
           "with `torch2ms weights convert`" in out
    assert "# TODO(torch2ms): torch.fx: torch.fx traces and rewrites torch graphs" in out
    # still used: bound to a stand-in that fails when called, torch is not imported
    assert "load_state_dict_from_url = _Torch2msUntranslated('torch.hub.load_state_dict_from_url')" in out
    assert "import torch" not in out


def test_generated_source_respects_an_alias_held_by_a_kept_torch_import():
    # the TODO keeps the name `nn` (a stand-in), so the emitted TorchLinear must not use paddle's `nn`
    out = translate("""\
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.l1 = nn.Linear(1, 1)
                self.l2 = nn.BatchNorm2d(1, track_running_stats=False)
                self.n = self.l1.weight.shape[0]  # torch's layout: l1 is the generated TorchLinear
        """, load_tables("paddle"))
    assert "nn = _Torch2msUntranslated('torch.nn')" in out
    assert "from paddle import nn" not in out
    assert "class TorchLinear(paddle.nn.Linear):" in out and "        paddle.nn.Layer.__init__(self)" in out
    assert "class Net(paddle.nn.Layer):" in out


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_generated_definitions_follow_the_target_imports_they_use(target):
    # issue 9 point 4: a torch import after a `try: import x` block; the target imports take its
    # place, so generated adapters placed after the *leading* imports ran before `nn` was bound
    out = translate_one("""\
        \"\"\"Doc.\"\"\"
        import os
        try:
            import yaml
        except ImportError:
            yaml = None
        import torch.nn as nn

        CONV = nn.Conv2d


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.c = CONV(1, 1, 3, padding=os.sep.count("/"))
        """, target)
    tree = ast.parse(out)
    bound: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
            # a definition's bases and decorators run at once; its body later, when all is bound
            nodes = [n for e in [*getattr(stmt, "bases", []), *stmt.decorator_list] for n in ast.walk(e)]
            own = {a.arg for n in nodes if isinstance(n, ast.Lambda) for a in n.args.args}  # a lambda's parameters
            used = {n.id for n in nodes if isinstance(n, ast.Name)} - own
            assert used <= bound | set(dir(builtins)), (stmt.name, used - bound)
            bound.add(stmt.name)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
        else:
            bound |= {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    assert any(isinstance(s, ast.ClassDef) and s.name.startswith("TorchArgs") for s in tree.body)
