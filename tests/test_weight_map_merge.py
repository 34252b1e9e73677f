"""An attribute a class assigns in several places is one of those modules (translator/weight_map.py
``_merge``): timm's ViTs build ``self.fc_norm = norm_layer(d) if avg else nn.Identity()`` in
``__init__`` and set ``self.fc_norm = nn.Identity()`` in ``reset_classifier``; the map said
``unknown`` and ``weights convert`` could not tell its LayerNorm from a user norm class."""

from __future__ import annotations

from translator.engine import translate_source
from translator.tables import load_tables

SOURCE = '''\
import torch.nn as nn


class Head(nn.Module):
    def __init__(self, dim, avg=True, norm_layer=nn.LayerNorm):
        super().__init__()
        self.fc_norm = norm_layer(dim) if avg else nn.Identity()
        self.pool = nn.Identity()

    def reset_classifier(self, keep, pool):
        if not keep:
            self.fc_norm = nn.Identity()
        self.pool = pool
'''


def test_an_attribute_assigned_in_two_methods_is_one_of_both() -> None:
    facts = translate_source(SOURCE, "head.py", load_tables("mindspore")).classes["Head"]
    assert facts.attrs["fc_norm"] == {"one_of": [{"default": "torch.nn.LayerNorm"}, "torch.nn.Identity"]}
    # a place that cannot tell (a module passed in) keeps the attribute unknown
    assert facts.attrs["pool"] == "unknown"


PARTIAL = '''\
from functools import partial

import torch.nn as nn


class Cait(nn.Module):
    def __init__(self, dim, norm_layer=partial(nn.LayerNorm, eps=1e-6)):
        super().__init__()
        self.norm = norm_layer(dim)
'''


def test_a_partial_of_a_layer_class_as_default_builds_that_class() -> None:
    """timm's cait/convit/deit: ``norm_layer=partial(nn.LayerNorm, eps=1e-6)``; was unknown."""
    facts = translate_source(PARTIAL, "cait.py", load_tables("mindspore")).classes["Cait"]
    assert facts.attrs["norm"] == {"default": "torch.nn.LayerNorm"}
