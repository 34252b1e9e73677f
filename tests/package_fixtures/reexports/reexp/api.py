# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
from torch.nn.functional import gelu
import torch.nn.functional as functional

__all__ = ["gelu", "functional"]
