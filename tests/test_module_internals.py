"""nn.Module internals that model code uses directly (issue 9 point 2), before and after: the
children dict read by name (``self._modules``, a ``kind: attribute`` entry), container subclasses
walking themselves, tree walks, hooks and ``extra_repr``. The numbers are proven by the table
examples and by the zoo pattern models (tests/zoo/patterns/zoo_patterns/containers.py)."""

from __future__ import annotations

import textwrap

import pytest

from tests.translate_helpers import translate
from translator.tables.loader import TableError, load_tables

DUAL_PATH = """\
    import torch.nn as nn


    class DualPathSequential(nn.Sequential):
        def forward(self, x, y):
            for module in self._modules.values():
                x, y = module(x, y)
            return x, y, len(self._modules), "0" in self._modules, self._modules["0"]
"""


@pytest.mark.parametrize(("target", "children"), [("mindspore", "_cells"), ("paddle", "_sub_layers")])
def test_modules_dict_is_read_under_the_targets_name(target: str, children: str) -> None:
    out = translate(DUAL_PATH, target)
    assert f"for module in self.{children}.values():" in out
    assert f'len(self.{children}), "0" in self.{children}, self.{children}["0"]' in out
    assert "_modules" not in out and "TODO" not in out


def test_parameters_dict_and_buffers_dict() -> None:
    src = """\
        import torch.nn as nn

        def own(m: nn.Module):
            return list(m._parameters), m._buffers
    """
    ms = translate(src, "mindspore")
    assert "list(m._params)" in ms
    # persistent buffers are Parameters there: Cell._buffers would silently miss them
    assert "# TODO(torch2ms): Module._buffers: persistent buffers become non-trainable Parameters" in ms
    assert "return list(m._params), m._buffers" in ms
    assert "return list(m._parameters), m._buffers" in translate(src, "paddle")


def test_attribute_of_a_file_without_torch_is_left_alone() -> None:
    src = textwrap.dedent("""\
        class Registry:
            def __init__(self):
                self._modules = {}

            def names(self):
                return list(self._modules)
    """)
    for target in ("mindspore", "paddle"):
        assert translate(src, target) == src


def test_container_subclasses_walking_themselves() -> None:
    src = """\
        import torch
        import torch.nn as nn


        class Concat(nn.Sequential):
            def forward(self, x):
                first = next(self.children())
                return torch.cat([layer(x) for layer in self.children()], 1) + first(x)


        class Block(nn.ModuleDict):
            def forward(self, x):
                return [layer(x) for name, layer in self.items()]


        class Stem(nn.Sequential):
            def forward(self, x):
                return super().forward(x) * len(self) + self[0](x)
    """
    ms = translate(src, "mindspore")
    assert "first = next(iter(self.cells()))" in ms  # Cell.cells() is a dict view
    assert "ops.cat([layer(x) for layer in iter(self.cells())], axis=1)" in ms
    assert "return [layer(x) for name, layer in self.items()]" in ms
    assert "return super().construct(x) * len(self) + self[0](x)" in ms
    pd = translate(src, "paddle")
    assert "first = next(self.children())" in pd and "super().forward(x) * len(self)" in pd


def test_parameters_iterator_on_paddle() -> None:
    src = """\
        import torch.nn as nn

        def dtype_of(model: nn.Module):
            return next(model.parameters()).dtype, next(model.buffers())
    """
    assert "next(iter(model.parameters())).dtype, next(iter(model.buffers()))" in translate(src, "paddle")
    ms = translate(src, "mindspore")
    assert "next(model.get_parameters()).dtype" in ms
    assert "# TODO(torch2ms): Module.buffers:" in ms


def test_tree_walks_hooks_and_registration() -> None:
    src = """\
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.register_module("head", nn.ReLU())
                self.head.register_forward_hook(self._keep)
                self.head.register_forward_pre_hook(lambda m, inputs: inputs)
                self.apply(init)
                self.state = self.state_dict(prefix="net.")
                self.leaf = self.get_submodule("head")

            def extra_repr(self):
                return "net"
    """
    ms = translate(src, "mindspore")
    for text in ['torch_add_module(self, "head", nn.ReLU(), self)', "self.head.register_forward_hook(self._keep)",
                 "self.apply(init)", 'self.state_dict(prefix="net.")', 'self.get_sub_cell("head")',
                 "def extend_repr(self):"]:
        assert text in ms, text
    pd = translate(src, "paddle")
    for text in ['self.add_sublayer("head", nn.ReLU())', "self.head.register_forward_post_hook(self._keep)",
                 "self.head.register_forward_pre_hook(", 'self.get_sublayer("head")', "def extra_repr(self):"]:
        assert text in pd, text


def test_two_attribute_entries_of_one_name_are_refused(tmp_path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("entries:\n  Tensor._modules:\n    kind: attribute\n    target: _cells\n")
    with pytest.raises(TableError, match="attribute name '_modules' is also"):
        load_tables("mindspore", [str(extra)])


def test_an_attribute_target_is_a_bare_name(tmp_path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("entries:\n  Module._modules:\n    kind: attribute\n    target: mindspore.nn.Cell\n")
    with pytest.raises(TableError, match="bare attribute name"):
        load_tables("mindspore", [str(extra)])
