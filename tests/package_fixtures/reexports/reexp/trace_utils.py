# ruff: noqa: F401, F403, F405, I001  (re-exports and star imports are what this fixture is about)
# re-exported only: nothing here uses it (timm's layers/trace_utils.py)
try:
    from torch import _assert
except ImportError:
    def _assert(condition: bool, message: str):
        assert condition, message
