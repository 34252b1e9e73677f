"""Problems found in a user's file or table, always tied to a place a person can open."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class TranslatorError(Exception):
    """An error the user must fix; its text already names the place."""


class NeedsTodo(Exception):
    """Raised by a transform (or the binder) when the code must stay as it is, with a reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
