"""Stand-in for torchvision.ops' __init__ (tests/zoo): the building blocks the classification
models use, without the detection ops (boxes, roi_align) that need torchvision's C++ kernels."""

from .misc import MLP, Conv2dNormActivation, Conv3dNormActivation, FrozenBatchNorm2d, Permute, SqueezeExcitation
from .stochastic_depth import StochasticDepth, stochastic_depth

__all__ = ["Conv2dNormActivation", "Conv3dNormActivation", "FrozenBatchNorm2d", "MLP", "Permute",
           "SqueezeExcitation", "StochasticDepth", "stochastic_depth"]
