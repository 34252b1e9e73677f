"""Subclasses of torch layers built as timm builds them (layers/norm.py, norm_act.py, std_conv.py):
``super().__init__`` passes ``**kwargs`` and flags known only at run time (``elementwise_affine=affine``,
``track_running_stats=track_running_stats``), which a target class does not take as they are."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm2d(nn.LayerNorm):
    def __init__(self, num_channels: int, eps: float = 1e-6, affine: bool = True, **kwargs):
        super().__init__(num_channels, eps=eps, elementwise_affine=affine, **kwargs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class GroupNorm(nn.GroupNorm):
    def __init__(self, num_channels: int, num_groups: int = 2, eps: float = 1e-5, affine: bool = True, **kwargs):
        super().__init__(num_groups, num_channels, eps=eps, affine=affine, **kwargs)


class BatchNormAct2d(nn.BatchNorm2d):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None):
        factory_kwargs = {'device': device, 'dtype': dtype}
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine,
                         track_running_stats=track_running_stats, **factory_kwargs)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(super().forward(x))


class StdConv2d(nn.Conv2d):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=None, **kwargs):
        if padding is None:
            padding = kernel_size // 2
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, padding=padding, **kwargs)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = StdConv2d(3, 4, 3, bias=False)
        self.ln = LayerNorm2d(4)
        self.gn = GroupNorm(4, eps=1e-3)
        self.bn = BatchNormAct2d(4, momentum=0.2)

    def forward(self, x):
        return self.bn(self.gn(self.ln(self.conv(x))))


class NoAffine(nn.Module):
    """A value the target cannot honour, known only when the layer is built."""

    def __init__(self):
        super().__init__()
        self.ln = LayerNorm2d(4, affine=False)
