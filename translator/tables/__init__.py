"""API tables: the data that says how each torch API becomes a target API."""

from translator.tables.loader import TableError, load_tables
from translator.tables.schema import ArgSpec, Entry, Example, Tables, TargetConfig, TorchFacts, WeightRule

__all__ = [
    "ArgSpec", "Entry", "Example", "TableError", "Tables", "TargetConfig", "TorchFacts", "WeightRule",
    "load_tables",
]
