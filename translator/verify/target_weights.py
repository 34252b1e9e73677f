"""Convert and load torch weights into a translated model the way a user would: with the code
of ``weights convert --model`` (the model's own parameter names settle layer types the
state_dict leaves ambiguous, and the result must fit it both ways), written with its checkpoint
writer, then loaded by the framework's own loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from translator.verify.matching import module_renames
from translator.weights.checkpoint_io import MODEL_KEYS, save_checkpoint
from translator.weights.convert import compare_with_model, convert_state

SUFFIX = {"mindspore": ".ckpt", "paddle": ".pdparams"}
SHOWN = 20


def convert_and_write(net: Any, job: dict[str, Any], target: str) -> tuple[Path, dict[str, str]]:
    """The written checkpoint and the torch -> target module renames the conversion made."""
    with np.load(job["state"]) as npz:
        state = {k: npz[k] for k in npz.files}
    model_keys = MODEL_KEYS[target](net)
    converted, plan = convert_state(state, job["weight_map"], job.get("root"), model_keys)
    if plan.unmapped:
        raise RuntimeError("weights: torch keys the weight map cannot convert:\n  "
                           + "\n  ".join(f"{key}: {why}" for key, why in plan.unmapped[:SHOWN]))
    problems = compare_with_model(converted, model_keys)
    if problems:
        raise RuntimeError("weights: the converted weights do not fit the translated model:\n  "
                           + "\n  ".join(problems[:SHOWN]))
    path = Path(job["result"]).with_name("converted" + SUFFIX[target])
    save_checkpoint(converted, path, target)
    return path, module_renames(plan.renames)
