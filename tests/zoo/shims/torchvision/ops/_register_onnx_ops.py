"""Stand-in for torchvision.ops._register_onnx_ops (tests/zoo): registering ONNX export symbolics for
torchvision's operators is torch tooling, not model code (the translation leaves it as TODO, and
torchvision.ops' __init__ runs it at import)."""


def _register_custom_op() -> None:
    pass
