"""``m.modules()`` → the cells of ``m.cells_and_names()`` (MindSpore has no ``Cell.modules``;
``cells_and_names`` walks the same tree, ``m`` itself first, as torch does).

    for m in self.modules():  →  for m in (c for _, c in self.cells_and_names()):
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def cells_and_names_values(call: BoundCall, emit: Emitter) -> str:
    return f"(c for _, c in {call.receiver}.cells_and_names())"


TRANSFORM = EntryTransform("cells_and_names_values", cells_and_names_values)
