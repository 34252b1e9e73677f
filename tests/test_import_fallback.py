"""A torch import in ``try:`` whose ``except ImportError:`` defines the same name (timm's
layers/trace_utils.py: ``try: from torch import _assert / except ImportError: def _assert``).
Removing the import must hand over to the fallback: other modules import the name from there
(segmentation-models-pytorch failed to build on both targets: ``cannot import name '_assert'``)."""

from __future__ import annotations

import pytest

from tests.translate_helpers import translate

SOURCE = '''\
try:
    from torch import _assert
except ImportError:
    def _assert(condition: bool, message: str):
        assert condition, message

try:
    from torch import _assert as check
except (ModuleNotFoundError, RuntimeError):
    check = None
'''


@pytest.mark.parametrize("target", ["mindspore", "paddle"])
def test_removed_torch_import_hands_over_to_the_fallback_that_defines_it(target: str) -> None:
    code = translate(SOURCE, target)
    assert "torch" not in code.replace("translated from torch", "")
    namespace: dict = {}
    exec(compile(code, "trace_utils.py", "exec"), namespace)  # no framework: nothing else is imported
    namespace["_assert"](True, "kept")
    with pytest.raises(AssertionError, match="message"):
        namespace["_assert"](False, "message")
    assert namespace["check"] is None


def test_an_import_whose_fallback_defines_other_names_is_just_removed() -> None:
    code = translate("try:\n    import torch\n    HAS = True\nexcept ImportError:\n    HAS = False\n", "paddle")
    assert "raise ModuleNotFoundError" not in code and "    HAS = True\n" in code
