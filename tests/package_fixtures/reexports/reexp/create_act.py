# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
# no torch import of its own: torch, nn and F come from the star import (timm's layers/create_act.py)
from .activations import *

_ACT_FN = dict(relu=F.relu, swish=swish)
_ACT_LAYER = dict(relu=nn.ReLU, tanh=nn.Tanh)


def get_act_fn(name):
    return _ACT_FN[name]


def get_act_layer(name):
    return _ACT_LAYER[name]


def scripted(fn):
    return torch.jit.script(fn)  # no translation: reached only when called
