"""Name resolution by scope (names.Resolver) and constructs left as TODO kept whole."""

from __future__ import annotations

import pytest

from tests.translate_helpers import translate


@pytest.mark.parametrize("rebinding", [
    "from lib import F",
    "import lib as F",
    "from lib import G as F",
])
def test_import_inside_a_function_shadows_torch_there(rebinding):
    out = translate(f"""\
        import torch.nn.functional as F

        def g(x):
            {rebinding}
            return F.relu(x)

        def h(x):
            return F.relu(x)
        """)
    assert "    return F.relu(x)\n\ndef h" in out, out
    assert out.endswith("    return ops.relu(x)\n"), out


@pytest.mark.parametrize("pattern", ["F", "[*F]", "{**F}", "int() as F", "[1, F]"])
def test_case_capture_shadows_torch_there(pattern):
    out = translate(f"""\
        import torch.nn.functional as F

        def k(v):
            match v:
                case {pattern}:
                    return F.relu(1)
        """)
    assert "return F.relu(1)" in out and "ops.relu" not in out, out


def test_autograd_function_left_as_todo_keeps_its_body_whole():
    source = """\
        import torch

        class Scale(torch.autograd.Function):
            @staticmethod
            def backward(ctx, grad_output):
                return grad_output.clone() * torch.ones(2)

        y = torch.zeros(2)
        """
    out = translate(source, "mindspore")  # unsupported there (Paddle translates it as PyLayer)
    assert "return grad_output.clone() * torch.ones(2)\n" in out, out
    # still used by the class: bound to the stand-in that names the TODO when reached
    assert "torch = _Torch2msUntranslated(" in out, out
    assert "TODO(torch2ms): torch.autograd.Function" in out
    assert "torch.zeros(2)" not in out
    out = translate(source, "paddle")
    assert "class Scale(paddle.autograd.PyLayer):" in out and "torch" not in out, out


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
@pytest.mark.parametrize("statement", ["order.sort()", "seen.add(key)", "pending.pop()", "cfg.update(extra)"])
def test_a_builtin_mutation_called_for_effect_is_not_a_tensor_method(statement, target):
    # a Tensor method of the same name returns a new value: as a bare statement it would do nothing
    source = f"""\
        import torch

        def f(order, seen, key, pending, cfg, extra):
            {statement}
            return torch.ones(1)
        """
    assert statement in translate(source, target)


def test_a_tensor_method_whose_result_is_used_is_still_translated():
    out = translate("""\
        import torch

        def f(x):
            values, order = x.sort()
            return values
        """)
    assert "torch_int64_indices(x.sort())" in out  # MindSpore's indices are int32


def test_isinstance_narrowing_on_an_attribute_chain_renames_layer_attributes():
    # torchvision's VisionTransformer: conv_proj is a Conv2d or a conv stem, decided by a branch
    out = translate("""\
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self, stem):
                super().__init__()
                self.conv_proj = stem if stem is not None else nn.Conv2d(3, 8, 4, 4)
                if isinstance(self.conv_proj, nn.Conv2d):
                    fan_in = self.conv_proj.in_channels * self.conv_proj.kernel_size[0]
        """, "paddle")
    assert "self.conv_proj._in_channels * self.conv_proj._kernel_size[0]" in out
