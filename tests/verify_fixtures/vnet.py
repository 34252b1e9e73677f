"""A small network for ``torch2ms verify`` tests: every layer kind that the deliberately broken
translations in tests/test_verify.py break (pool stride, BatchNorm eps and momentum, a square
Linear, an activation, ceil_mode, a padding mode deep in a nested block)."""

import torch
from torch import nn


class Inner(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        # stride 2: MindSpore's pad_mode="same" would pad this one asymmetrically
        self.body = nn.Sequential(nn.Conv2d(channels, channels, 3, stride=2, padding=1), nn.ReLU())

    def forward(self, x):
        return self.body(x)


class Block(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.inner = Inner(channels)
        self.bn = nn.BatchNorm2d(channels, eps=1e-3, momentum=0.3)

    def forward(self, x):
        return self.bn(self.inner(x))


class Net(nn.Module):
    def __init__(self, num_classes: int = 8) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.pool = nn.MaxPool2d(2)  # stride defaults to the kernel size in torch
        self.blocks = nn.Sequential(Block(8), Block(8))
        self.smooth = nn.AvgPool2d(3, stride=1, padding=1)
        self.down = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.fc = nn.Linear(8, 8)  # square (and head too, by default): an untransposed weight still loads
        self.act = nn.GELU()
        self.head = nn.Linear(8, num_classes)
        self.features = self.fc.weight.shape[0]  # torch's layout: fc is Paddle's generated TorchLinear

    def forward(self, x):
        x = self.pool(self.stem(x))
        x = self.blocks(x)
        x = self.down(self.smooth(x))
        x = torch.mean(x, dim=(2, 3))
        return self.head(self.act(self.fc(x)))


class TwoInputs(nn.Module):
    """Two inputs, nested outputs, and a layer called twice."""

    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Linear(4, 6)
        self.b = nn.Linear(5, 6)
        self.norm = nn.LayerNorm(6)

    def forward(self, x, y):
        ax, by = self.a(x), self.b(y)
        return {"sum": self.norm(ax + by), "parts": (self.a(x * 2), torch.tanh(by))}


def build(num_classes: int = 8) -> Net:
    return Net(num_classes)
