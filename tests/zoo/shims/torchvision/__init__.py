"""Stand-in for torchvision's package root (tests/zoo): the real one loads C++ extensions,
datasets and io; the model-zoo test needs only models/ and ops/."""


def _is_tracing() -> bool:
    # the real one asks torch's JIT tracer; the zoo never traces (and the target side has no torch)
    return False
