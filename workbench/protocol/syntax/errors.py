"""The one error the parser raises."""

from __future__ import annotations


class ParseError(ValueError):
    """Input the parser cannot read.

    ``message`` is written for a student; ``position`` is the 0-based column of the
    problem in the text that was parsed, or ``None`` when no single column is to blame.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message, position)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.message} (column {self.position + 1})"

    def __reduce__(self):  # keeps both fields when the error crosses a process boundary
        return (type(self), (self.message, self.position))
