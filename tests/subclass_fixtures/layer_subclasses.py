"""What model packages do with torch's layers (timm's layers/norm.py, norm_act.py,
create_norm_act.py, models/resnet.py): subclasses passing torch keywords, some known only at run
time, through ``super().__init__`` and reading torch's attributes in forward; a layer class looked
up by its lower-cased name, its parameters read by torch's names; children added with
``self.add_module(*stage)``."""

import torch.nn as nn
import torch.nn.functional as F


class LayerNorm2d(nn.LayerNorm):
    def __init__(self, num_channels, eps=1e-6, affine=True, **kwargs):
        super().__init__(num_channels, eps=eps, elementwise_affine=affine, **kwargs)

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class BatchNormAct2d(nn.BatchNorm2d):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine,
                         track_running_stats=track_running_stats, **factory_kwargs)
        self.act = nn.ReLU()

    def forward(self, x):
        if self.training:
            bn_training = True
        else:
            bn_training = (self.running_mean is None) and (self.running_var is None)
        x = F.batch_norm(
            x,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight if self.affine else None,
            self.bias if self.affine else None,
            bn_training,
            self.momentum,
            self.eps,
        )
        return self.act(x)


_NORM_TO_NORM_ACT = {"batchnorm2d": BatchNormAct2d}


def norm_act_layer(norm_layer):
    """timm's get_norm_act_layer: the norm-act variant of a norm layer class, by its name."""
    return _NORM_TO_NORM_ACT[norm_layer.__name__.lower()]


def attributes(norm_layer=nn.BatchNorm2d):
    bn = norm_act_layer(norm_layer)(4, eps=1e-3, momentum=0.2)
    return [type(bn).__bases__[0].__name__, bn.num_features, bn.eps, round(bn.momentum, 6), bn.affine,
            bn.track_running_stats]


class Net(nn.Module):
    def __init__(self, norm_layer=nn.BatchNorm2d):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = norm_act_layer(norm_layer)(8)
        nn.init.zeros_(self.bn.bias)  # of a layer whose type only run time knows (timm's zero_init_last)
        self.ln = LayerNorm2d(8)
        stages = [("head", nn.Conv2d(8, 4, 1)), ("tail", nn.Conv2d(4, 2, 1))]
        for stage in stages:
            self.add_module(*stage)

    def forward(self, x):
        return self.tail(self.head(self.ln(self.bn(self.conv(x)))))
