"""torch2ms: translate PyTorch model code to MindSpore or PaddlePaddle code.

Pipeline (``engine.translate_source``): parse → ``names`` (which names mean torch, and where they
are re-bound) → ``rewrite.walker`` (every torch use, each call bound to its torch signature by
``binding`` and rewritten by its table entry through ``rewrite.calls`` / ``rewrite.adapters`` as
text edits) → ``rewrite.imports`` and ``rewrite.todos`` (imports and TODO comments, as edits too)
→ ``edits`` applied once into the output text; ``weight_map`` turns the class facts gathered on
the way into the map ``weights convert`` reads.
"""

__version__ = "0.1.0"
