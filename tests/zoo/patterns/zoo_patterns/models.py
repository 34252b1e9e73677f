"""Models and builders: a pretrained download that building without weights never runs, stages
built in loops and factory functions."""
import torch
import torch.nn as nn
import torch.utils.model_zoo as model_zoo

from .layers import (
    Concurrent,
    ConvBlock,
    DualPathSequential,
    DualUnit,
    FrozenBatchNorm2d,
    SEBlock,
    conv1x1,
    conv3x3_block,
)

URLS = {"patternnet": "https://example.invalid/patternnet.pth"}


def make_stage(c, n, norm_layer):
    layers = []
    for _ in range(n):
        layers.append(conv3x3_block(c, c, norm_layer=norm_layer))
    layers.append(SEBlock(c))
    return nn.Sequential(*layers)


class PatternNet(nn.Module):
    def __init__(self, num_classes=10, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.stem = conv3x3_block(3, 8, stride=2, norm_layer=norm_layer)
        self.stage1 = make_stage(8, 2, norm_layer)
        self.branches = Concurrent(conv1x1(8, 4), conv3x3_block(8, 4))
        self.dual = DualPathSequential()
        for i in range(2):
            self.dual.add_module(f"unit{i}", DualUnit(8))
        self.frozen = FrozenBatchNorm2d(8)
        self.head = self._make_head(8, num_classes)

    def _make_head(self, c, n):
        norm_layer = self._norm_layer
        return nn.Sequential(norm_layer(c), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, n))

    def forward(self, x):
        x = self.stage1(self.stem(x))
        x = self.branches(x)
        x, y = self.dual(x, x)
        return self.head(self.frozen(x + y))


def patternnet(pretrained=False, **kwargs):
    model = PatternNet(**kwargs)
    if pretrained:
        model.load_state_dict(model_zoo.load_url(URLS["patternnet"]))
        model = torch.jit.script(model)
    return model


def frozen_patternnet(**kwargs):
    return PatternNet(norm_layer=FrozenBatchNorm2d, **kwargs)


__all__ = ["ConvBlock", "PatternNet", "frozen_patternnet", "patternnet"]
