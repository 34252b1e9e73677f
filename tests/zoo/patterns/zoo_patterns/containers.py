"""Container subclasses and nn.Module internals the way zoos use them (issue 9 point 2): a
densenet-style ModuleDict block walking ``self.items()``, Sequentials built from an OrderedDict or
by ``add_module`` in a loop and calling ``super().forward``, children run on one input and
concatenated, a ModuleList subclass indexed by position, ``self._modules`` read by name, and
module-tree walks, hooks, ``apply`` and ``extra_repr``."""
from collections import OrderedDict

import torch
import torch.nn as nn


class Stem(nn.Sequential):
    """A Sequential subclass built from an OrderedDict, running ``super().forward``."""

    def __init__(self, cin, cout):
        super().__init__(OrderedDict([
            ("conv", nn.Conv2d(cin, cout, 3, 2, 1, bias=False)),
            ("norm", nn.BatchNorm2d(cout)),
            ("relu", nn.ReLU(inplace=True)),
        ]))

    def forward(self, x):
        return super().forward(x) + 0.1


class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.norm = nn.BatchNorm2d(cin)
        self.conv = nn.Conv2d(cin, growth, 3, 1, 1, bias=False)

    def forward(self, features):
        return self.conv(torch.relu(self.norm(torch.cat(features, 1))))


class DenseBlock(nn.ModuleDict):
    """torchvision densenet's _DenseBlock: children added in a loop, walked with ``self.items()``."""

    def __init__(self, n, cin, growth):
        super().__init__()
        for i in range(n):
            self.add_module(f"denselayer{i + 1}", DenseLayer(cin + i * growth, growth))

    def forward(self, x):
        features = [x]
        for _name, layer in self.items():
            features.append(layer(features))
        return torch.cat(features, 1)


class Transition(nn.Sequential):
    """A Sequential subclass filled by ``self.add_module`` (torchvision densenet's _Transition)."""

    def __init__(self, cin, cout):
        super().__init__()
        for name, layer in [("norm", nn.BatchNorm2d(cin)), ("relu", nn.ReLU()),
                            ("conv", nn.Conv2d(cin, cout, 1, bias=False)), ("pool", nn.AvgPool2d(2))]:
            self.add_module(name, layer)


class ConcatChildren(nn.Sequential):
    """Every child on the same input, results concatenated (``self.children()``)."""

    def forward(self, x):
        return torch.cat([layer(x) for layer in self.children()], 1)


class DenseLikeNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(OrderedDict([
            ("stem", Stem(3, 8)),
            ("block1", DenseBlock(2, 8, 4)),
            ("transition1", Transition(16, 8)),
        ]))
        self.branches = ConcatChildren(nn.Conv2d(8, 4, 1), nn.Conv2d(8, 4, 3, padding=1))
        self.classifier = nn.Linear(8, num_classes)

    def forward(self, x):
        x = self.branches(self.features(x))
        return self.classifier(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class Stages(nn.ModuleList):
    """A ModuleList subclass run by position: ``len(self)`` and ``self[i]``."""

    def forward(self, x):
        first = None
        for i in range(len(self)):
            x = self[i](x)
            first = x if first is None else first
        return x + first


class StagesNet(nn.Module):
    """Children read through ``self._modules`` by name, ``named_children``, ``register_module``,
    ``get_submodule``, ``modules()`` and ``next(self.parameters())``."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, 2, 1)
        self.stages = Stages([nn.Sequential(nn.Conv2d(8, 8, 3, 1, 1), nn.BatchNorm2d(8), nn.ReLU())
                              for _ in range(2)])
        self.register_module("pool", nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(8, num_classes)
        self.num_norms = sum(1 for m in self.modules() if isinstance(m, nn.BatchNorm2d))
        self.order = [name for name, _ in self.named_children()]

    def forward(self, x):
        x = x.to(next(self.parameters()).dtype)
        x = self._modules["stem"](x)
        if "stages" in self._modules and len(self._modules) == 4:
            x = self.stages(x)
        x = self.get_submodule("stages.0.2")(x)
        return self.head(torch.flatten(self.pool(x), 1)) * self.num_norms


class Scale(nn.Module):
    def __init__(self, value):
        super().__init__()
        self.value = value

    def forward(self, x):
        return x * self.value

    def extra_repr(self):
        return f"value={self.value}"


def _init_weights(module):
    if isinstance(module, nn.Conv2d):
        nn.init.kaiming_normal_(module.weight)


class HookedNet(nn.Module):
    """Forward hooks that keep a feature and rescale an input, ``apply`` for initialisation, a
    module with ``extra_repr``, ``named_modules`` and ``named_parameters`` walks."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), Scale(0.5))
        self.head = nn.Linear(8, num_classes)
        self.saved = {}
        self.body.register_forward_hook(self._keep)
        self.head.register_forward_pre_hook(lambda module, inputs: (inputs[0] * 2,))
        self.apply(_init_weights)
        self.names = [name for name, _ in self.named_modules()]
        self.param_names = [name for name, _ in self.named_parameters()]

    def _keep(self, module, inputs, output):
        self.saved["body"] = output

    def forward(self, x):
        y = self.body(x)
        pooled = torch.flatten(nn.functional.adaptive_avg_pool2d(self.saved["body"] + y, 1), 1)
        return self.head(pooled)


def densenet_like(num_classes=10):
    return DenseLikeNet(num_classes=num_classes)


def stages_net(num_classes=10):
    return StagesNet(num_classes=num_classes)


def hooked_net(num_classes=10):
    return HookedNet(num_classes=num_classes)
