"""Stand-in for torchvision.transforms._presets (tests/zoo): model modules name these preset
classes in their pretrained-weights metadata only; the zoo test builds models without weights."""

from . import InterpolationMode  # noqa: F401  (re-exported as torchvision's module does)


class _Preset:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


class ImageClassification(_Preset):
    pass


class ObjectDetection(_Preset):
    pass


class SemanticSegmentation(_Preset):
    pass


class VideoClassification(_Preset):
    pass


class OpticalFlow(_Preset):
    pass
