"""Load converted weights into a translated model the way a user would: the checkpoint is
written by the same code ``weights convert`` uses, after the same fit check as its --model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from translator.weights.checkpoint_io import MODEL_KEYS, save_checkpoint
from translator.weights.convert import compare_with_model

SUFFIX = {"mindspore": ".ckpt", "paddle": ".pdparams"}


def write_checked(net: Any, job: dict[str, Any], target: str) -> Path:
    converted = dict(np.load(job["weights"]))
    problems = compare_with_model(converted, MODEL_KEYS[target](net))
    if problems:
        raise RuntimeError("the converted weights do not fit the translated model:\n  " + "\n  ".join(problems[:20]))
    path = Path(job["weights"]).with_suffix(SUFFIX[target])
    save_checkpoint(converted, path, target)
    return path
