"""Stand-in for torchvision.extension (tests/zoo): the C++ kernels of torchvision.ops do not load
beside this torch. ``_has_ops()`` stays False, so roi_align takes torchvision's own pure-torch path;
the one kernel without such a path, ``torchvision::nms``, is registered in pure torch by
tests/zoo/torch_side.py on the PyTorch side and translated from the tables on the target side, so
``_assert_has_ops`` lets calls through."""


def _load_library(lib_name: str) -> bool:
    # torchvision.io's image decoders: not loaded, as when torchvision's build mismatches torch
    return False


def _has_ops() -> bool:
    return False


def _assert_has_ops() -> None:
    pass


def _check_cuda_version() -> int:
    return -1
