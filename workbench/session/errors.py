"""The error every session-file problem becomes."""

from __future__ import annotations


class SessionError(ValueError):
    """A session file that can't be read or saved, explained in plain words.

    ``where`` names the place in the file (a JSON path such as ``labs[0].state.function``)
    when one is to blame.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message, where)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.message} (at {self.where})" if self.where else self.message

    def __reduce__(self):
        return (type(self), (self.message, self.where))
