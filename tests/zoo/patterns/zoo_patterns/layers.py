"""Building blocks the way model zoos write them: helper functions returning layers, layer
classes passed as defaults, a FrozenBatchNorm-style class, container subclasses."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FrozenBatchNorm2d(nn.Module):
    """BatchNorm with fixed statistics: the four BN tensors as buffers, no num_batches_tracked."""

    def __init__(self, n, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.register_buffer("weight", torch.ones(n))
        self.register_buffer("bias", torch.zeros(n))
        self.register_buffer("running_mean", torch.zeros(n))
        self.register_buffer("running_var", torch.ones(n))

    def forward(self, x):
        scale = self.weight * (self.running_var + self.eps).rsqrt()
        bias = self.bias - self.running_mean * scale
        return x * scale.reshape(1, -1, 1, 1) + bias.reshape(1, -1, 1, 1)


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, k, stride=1, padding=0, norm_layer=nn.BatchNorm2d, act=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, padding, bias=False)
        self.bn = norm_layer(cout)
        self.act = nn.PReLU(cout) if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


def conv3x3_block(cin, cout, stride=1, norm_layer=nn.BatchNorm2d):
    return ConvBlock(cin, cout, 3, stride, 1, norm_layer=norm_layer)


def conv1x1(cin, cout):
    return nn.Conv2d(cin, cout, 1, bias=False)


class DualPathSequential(nn.Sequential):
    """Routes two tensors through every child (walking self._modules)."""

    def forward(self, x, y):
        for module in self._modules.values():
            x, y = module(x, y)
        return x, y


class DualUnit(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = conv3x3_block(c, c)

    def forward(self, x, y):
        return self.body(x) + y, y * 0.5 + x


class Concurrent(nn.Sequential):
    """Runs every child on the same input and concatenates the results."""

    def forward(self, x):
        return torch.cat([module(x) for module in self], dim=1)


class SEBlock(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.fc1 = nn.Conv2d(c, c // r, 1)
        self.fc2 = nn.Conv2d(c // r, c, 1)

    def forward(self, x):
        w = F.adaptive_avg_pool2d(x, 1)
        return x * torch.sigmoid(self.fc2(F.relu(self.fc1(w))))
