"""What every command of :mod:`workbench.cli` shares: its errors, checked arguments and output.

Every failure a command meets becomes one of two exceptions carrying the one line
shown on stderr: :class:`UsageError` (bad input, exit status 2) and :class:`Failure`
(the command could not finish: a file that can't be written, an engine limit hit;
its ``status``, 1 unless said otherwise). Files are produced in a private temporary
folder and then copied to the place asked for, so that a folder, a missing folder or
a full disk as ``-o`` is reported, never left with a half or empty file and exit 0.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

PROG = "calculus-workbench"


class UsageError(Exception):
    """Bad input: the message is the one line shown to the user (exit status 2)."""


class Failure(Exception):
    """The command could not finish; the message is one line, ``status`` the exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and never exits the interpreter."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise the problem as one line instead of printing usage and exiting."""
        raise UsageError(f"{self.prog}: {message}")


def one_line(text: str, limit: int = 300) -> str:
    """``text`` as a single line of at most ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def join_option_values(argv: Sequence[str], options: Sequence[str]) -> list[str]:
    """``--from -oo`` as ``--from=-oo``: argparse would take ``-oo`` for an option.

    Only a value that starts with a single dash is joined (a negative bound such as
    ``-1``, ``-oo`` or ``-pi/2``); ``--from --to`` is left for argparse to refuse.
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        following = argv[i + 1] if i + 1 < len(argv) else None
        if token in options and following is not None and following.startswith("-") \
                and not following.startswith("--") and len(following) > 1:
            out.append(f"{token}={following}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


# --- argument types ------------------------------------------------------------------------

def variable(text: str) -> str:
    """An argparse type: a variable name the formula grammar reads as one symbol."""
    from workbench.protocol.syntax import ParseError, parse_tree

    try:
        tree = parse_tree(text, (text,))
    except ParseError:
        tree = None
    if tree != ("sym", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a variable name (like x or t)")
    return text


def finite_number(text: str) -> float:
    """An argparse type: a finite decimal number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def whole_number(low: int, high: int, unit: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""
    def check(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}"
                                             f"{' ' + unit if unit else ''}")
        return value
    return check


# --- output --------------------------------------------------------------------------------

def write_text(path: str | None, text: str) -> None:
    """``text`` to the file ``path``, or to stdout when ``path`` is None."""
    if path is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as error:
            raise Failure(f"{PROG}: the output could not be written: "
                          f"{error.strerror or error}") from None
        return
    produce_file(path, lambda target: target.write_text(text, encoding="utf-8"))


def produce_file(path: str, make: Callable[[Path], object]) -> None:
    """Let ``make`` write a file in a private folder, then copy it to ``path``.

    A ``make`` that writes nothing, or a destination that can't take the file (a
    folder, a missing folder, a full disk, no permission), is a :class:`Failure`.
    """
    destination = Path(path)
    if destination.is_dir():
        raise Failure(_cannot_write(IsADirectoryError(21, "Is a directory"), path))
    with tempfile.TemporaryDirectory(prefix="workbench-cli-") as folder:
        draft = Path(folder) / ("draft" + destination.suffix)
        make(draft)
        if not draft.is_file() or draft.stat().st_size == 0:
            raise Failure(f"{PROG}: nothing was produced for {destination.name}")
        try:
            with draft.open("rb") as source, open(destination, "wb") as target:
                shutil.copyfileobj(source, target)  # closing flushes: a full disk shows here
        except OSError as error:
            raise Failure(_cannot_write(error, path)) from None


def _cannot_write(error: OSError, path: str) -> str:
    from workbench.ui.export.errors import describe_write_error

    return f"{PROG}: {describe_write_error(error, path)}"


def headless() -> None:
    """Draw offscreen when there is no display (scripts, CI, ssh)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
