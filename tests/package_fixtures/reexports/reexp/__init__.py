# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
"""A package that passes torch names between its modules, as timm does (tests/test_package_reexports.py)."""
from .trace_utils import _assert
from .activations import *
