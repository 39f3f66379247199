"""The numbers behind the Sums lab, with numpy only (Qt-free, sympy-free).

``read_limits`` checks what the student typed for the index and the limits;
``partial_values`` gives the terms and the running sums (or products) to plot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import Node
from workbench.ui.sampling import evaluate_on

MAX_TERMS = 100_000  # beyond this the plot stops; the engine still gives the value
SERIES_TERMS = 200  # at most this many terms of an infinite series are drawn
MIN_SERIES_TERMS = 12
DIVERGENT_TERMS = 40
INFINITY = ("oo", "inf", "infinity", "\u221e")
_INDEX = re.compile(r"^[A-Za-z]$")


@dataclass(frozen=True)
class Limits:
    """The checked index and limits: ``hi`` is None for an infinite series. With a letter
    as the upper limit (``symbol``, e.g. "n") the engine finds the closed form in it and
    ``hi`` is the n the plot runs to."""

    index: str
    lo: int
    hi: int | None
    symbol: str | None = None

    def terms(self) -> int:
        """How many terms are drawn."""
        if self.hi is None:
            return SERIES_TERMS
        return min(self.hi - self.lo + 1, MAX_TERMS)

    def engine_hi(self) -> str | int:
        """The upper limit as the engine takes it."""
        if self.symbol is not None:
            return self.symbol
        return "oo" if self.hi is None else self.hi


class LimitError(ValueError):
    """A limit the student must fix; ``field`` names the input ("index", "lo", "hi")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _whole(text: str, field: str, what: str) -> int:
    text = text.strip().replace("\u2212", "-")
    try:
        value = float(text)
    except ValueError:
        raise LimitError(field, f"The {what} limit must be a whole number") from None
    if not np.isfinite(value) or value != int(value):
        raise LimitError(field, f"The {what} limit must be a whole number")
    if abs(value) > 1e9:
        raise LimitError(field, f"The {what} limit is too large to work with")
    return int(value)


def read_limits(index: str, lo: str, hi: str, plot_n: int = 10) -> Limits:
    """The checked limits, or LimitError with a sentence for the student. A letter as the
    upper limit ("n") is kept as a symbol, and the plot runs to ``plot_n``."""
    index = index.strip()
    if not _INDEX.match(index):
        raise LimitError("index", "The index must be a single letter, such as k")
    low = _whole(lo, "lo", "lower")
    if hi.strip().lower() in INFINITY:
        return Limits(index, low, None)
    if _INDEX.match(hi.strip()) and hi.strip().lower() != "e":
        if hi.strip() == index:
            raise LimitError("hi", f"The upper limit cannot be the index {index} itself")
        if plot_n < low:
            raise LimitError("hi", f"Plot up to an n of at least the lower limit {low}")
        return Limits(index, low, int(plot_n), hi.strip())
    high = _whole(hi, "hi", "upper")
    if high < low:
        raise LimitError("hi", "The upper limit must not be below the lower limit")
    return Limits(index, low, high)


def partial_values(term: Node, limits: Limits, operation: str) -> tuple[np.ndarray, np.ndarray,
                                                                         np.ndarray]:
    """(n, term at n, running sum or product up to n) for the drawn terms."""
    n = limits.lo + np.arange(limits.terms(), dtype=float)
    values = evaluate_on(term, limits.index, n)
    with np.errstate(all="ignore"):
        running = np.cumsum(values) if operation == "sum" else np.cumprod(values)
    if limits.hi is None:
        shown = series_terms(values, running, operation)
        return n[:shown], values[:shown], running[:shown]
    return n, values, running


def series_terms(values: np.ndarray, running: np.ndarray, operation: str) -> int:
    """How many terms of an infinite series are worth drawing.

    Once every later term changes the running value by less than a thousandth of it,
    more bars show nothing new (a geometric series settles within a dozen terms); a
    series whose terms never get that small is drawn over 40 terms, enough to see it run off.
    """
    with np.errstate(all="ignore"):
        scale = np.maximum(np.abs(running), 1.0)
        change = np.abs(values) if operation == "sum" else np.abs(values - 1.0) * scale
        small = change < 1e-3 * scale
    # the first n from which every later term is small
    big = np.flatnonzero(~small)
    if big.size == 0:
        return MIN_SERIES_TERMS
    last_big = int(big[-1])
    if last_big >= len(values) - 1:
        return DIVERGENT_TERMS if not small[-20:].all() else len(values)
    return int(min(max(last_big + 1 + last_big // 4, MIN_SERIES_TERMS), len(values)))


def first_undefined(n: np.ndarray, values: np.ndarray) -> float | None:
    """The first index where the term is undefined (1/k at k = 0), or None."""
    bad = np.flatnonzero(~np.isfinite(values))
    return float(n[bad[0]]) if bad.size else None


def frame_sizes(terms: int, frames: int = 120) -> list[int]:
    """How many terms each animation frame shows: 1, ..., ``terms`` in at most ``frames`` steps."""
    if terms <= frames:
        return list(range(1, terms + 1))
    sizes = np.unique(np.round(np.geomspace(1, terms, frames)).astype(int))
    return [int(s) for s in sizes]
