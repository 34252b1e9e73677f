# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
# importers get torch, nn and F from `from .activations import *` (timm's layers/activations.py)
import torch
from torch import nn as nn
from torch.nn import functional as F


def swish(x):
    return x * torch.sigmoid(x)
