"""Instance norms with and without affine parameters, built as torchvision's raft builds them:
the norm layer passed as a value, and an init loop reading ``m.weight`` on a tuple of norms."""
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, norm_layer=nn.InstanceNorm2d):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.norm = norm_layer(4)
        self.bn = nn.BatchNorm2d(4)
        self.affine = nn.InstanceNorm2d(4, affine=True)
        self.plain = nn.InstanceNorm2d(4)
        for m in self.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d)):
                if m.weight is not None:
                    nn.init.constant_(m.weight, 1)
                if m.bias is not None:
                    nn.init.constant_(m.bias, 0)

    def affine_flags(self):
        """torch semantics: weight and bias are None without affine parameters."""
        return [self.plain.weight is None, self.plain.bias is None, self.affine.weight is not None]

    def forward(self, x):
        return self.plain(self.affine(self.bn(self.norm(self.conv(x)))))

