"""Stand-in for torchvision._internally_replaced_utils (tests/zoo): downloading pretrained
weights is not part of a translated model; torchvision.datasets (imported by timm.data) needs the
download hooks and home folder named here, never called when building a model."""

import os

_HOME = os.path.join(os.path.expanduser("~"), ".cache", "torch", "datasets", "vision")
_USE_SHARDED_DATASETS = False
IN_FBCODE = False


def _download_file_from_remote_location(fpath: str, url: str) -> None:
    pass


def _is_remote_location_available() -> bool:
    return False


def load_state_dict_from_url(*args, **kwargs):
    raise NotImplementedError("the model-zoo test builds models without pretrained weights")


def _get_extension_path(lib_name):
    # extension.py catches ImportError and carries on without the C++ kernels: the modules that
    # import it (io, datasets, ops) still import, as they do when torchvision's build mismatches torch
    raise ImportError(f"the model-zoo stand-in has no C++ extension {lib_name!r}")
