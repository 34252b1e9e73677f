"""torch2ms: translate PyTorch model code to MindSpore or PaddlePaddle code.

Pipeline, one module per step: ``parse`` → ``names`` (resolve torch names) → ``binding``
(bind arguments to the torch signature) → ``rewrite`` (apply table entries as text edits)
→ ``emit`` (code, TODO comments, report, weight map).
"""

__version__ = "0.1.0"
