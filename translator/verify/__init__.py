"""``torch2ms verify``: run a torch model and its translation on the same weights and inputs,
compare their outputs, and on a mismatch name the first layer whose output diverges.

command (orchestration, no framework) -> side (one subprocess per framework: torch_side,
mindspore_side, paddle_side; recorder captures layer outputs) -> matching (torch layer names to
target names through the weight map) -> compare -> report.
"""
