"""Edits look written by hand: before/after pairs of calls that gain keywords."""

from __future__ import annotations

import textwrap

import pytest

from tests.translate_helpers import translate

CASES = [
    # a call spread one argument a line: each new keyword on its own line, in torch's order
    ("""\
        import torch.nn as nn
        conv = nn.Conv2d(
            3,
            8,
            kernel_size=3,
            padding=p,
            bias=False,
        )
        """, """\
        from mindspore import nn
        conv = nn.Conv2d(
            3,
            8,
            kernel_size=3,
            padding=torch_conv_padding(p),
            pad_mode=torch_conv_pad_mode(p),
            has_bias=False,
        )
        """),
    # appended keywords follow the trailing comma's style and leave a comment where it was
    ("""\
        import torch.nn as nn
        bn = nn.LayerNorm(
            8,
            eps=1e-6,  # as in the paper
        )
        conv = nn.Conv2d(
            3,
            8,
            3
        )
        """, """\
        from mindspore import nn
        bn = nn.LayerNorm(
            (8,),
            epsilon=1e-6,  # as in the paper
        )
        conv = nn.Conv2d(
            3,
            8,
            3,
            pad_mode='valid',
            has_bias=True
        )
        """),
    # one line: keywords a given argument becomes stay where it was; others go last
    ("""\
        import torch.nn as nn
        conv = nn.Conv2d(3, 8, 3, padding=p, bias=False)
        pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        """, """\
        from mindspore import nn
        conv = nn.Conv2d(3, 8, 3, padding=torch_conv_padding(p), pad_mode=torch_conv_pad_mode(p), has_bias=False)
        pool = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True, pad_mode='pad')
        """),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_added_keywords_look_hand_written(before: str, after: str) -> None:
    out = translate(before)
    assert _strip_helpers(out) == textwrap.dedent(after), out


def _strip_helpers(code: str) -> str:
    """The output without the generated definitions emitted inline (a single file keeps them)."""
    lines, out, skipping = code.splitlines(keepends=True), [], False
    for line in lines:
        if line.startswith(("def torch_", "class TorchArgs", "import mindspore as ms")):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)
