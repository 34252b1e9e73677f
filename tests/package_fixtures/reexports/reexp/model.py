# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
import torch.nn as nn

from reexp import _assert
from reexp.create_act import get_act_fn, get_act_layer
from .api import gelu


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.act = get_act_layer("tanh")()

    def forward(self, x):
        _assert(x.shape[-1] == 4, "need 4 features")
        return self.act(get_act_fn("relu")(self.fc(x))) + gelu(x[:, :3]) + get_act_fn("swish")(x[:, 1:])
