"""torchvision's C++ ``torchvision::nms`` in pure torch, for the PyTorch side of the zoo harness and
of the table examples (``torch.ops.torchvision.nms`` entries): PyPI torchvision's extension does not
load beside this torch. Same algorithm as torchvision's
CPU kernel (csrc/ops/cpu/nms_kernel.cpp): a stable descending sort of the scores, then each kept
box suppresses the later boxes whose IoU with it exceeds the threshold."""

from __future__ import annotations


def nms(boxes, scores, iou_threshold: float):
    import torch

    if boxes.numel() == 0:
        return torch.empty((0,), dtype=torch.int64)
    x1, y1, x2, y2 = boxes.unbind(1)
    areas = (x2 - x1) * (y2 - y1)
    order = scores.sort(stable=True, dim=0, descending=True)[1]
    suppressed = [False] * boxes.shape[0]
    keep = []
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        w = (torch.minimum(x2[i], x2) - torch.maximum(x1[i], x1)).clamp(min=0)
        h = (torch.minimum(y2[i], y2) - torch.maximum(y1[i], y1)).clamp(min=0)
        inter = w * h
        over = (inter / (areas[i] + areas - inter) > iou_threshold).tolist()
        for j, o in enumerate(over):
            suppressed[j] = suppressed[j] or (o and j != i)
    return torch.tensor(keep, dtype=torch.int64)


_LIBRARY = None


def register() -> None:
    """Define ``torch.ops.torchvision.nms`` once per process (kept alive with the library object)."""
    global _LIBRARY
    import torch

    if _LIBRARY is not None or hasattr(torch.ops.torchvision, "nms"):
        return
    _LIBRARY = torch.library.Library("torchvision", "DEF")
    _LIBRARY.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    _LIBRARY.impl("nms", nms, "CPU")
