"""``m.named_children()`` → ``m.name_cells().items()`` (MindSpore returns a dict of children).

    for name, child in self.named_children():  →  for name, child in self.name_cells().items():
"""

from __future__ import annotations

from translator.binding import BoundCall
from translator.transforms.base import Emitter, EntryTransform


def name_cells_items(call: BoundCall, emit: Emitter) -> str:
    return f"{call.receiver}.name_cells().items()"


TRANSFORM = EntryTransform("name_cells_items", name_cells_items)
