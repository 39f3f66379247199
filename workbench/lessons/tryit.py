"""The ``tryit`` blocks of a lesson: which labs exist, which parameters each takes.

A block is ``key: value`` lines. Every value is checked here, at load time, so the
window never receives a parameter it cannot use: expressions go through the
sympy-free grammar (``parse_tree``), numbers must be finite, names must come from
fixed lists. Nothing in a lesson file is ever executed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from workbench.protocol.layers import ACTIVATIONS, LAB_MAX_SIZE, LOSSES, TARGETS
from workbench.protocol.syntax import ParseError, parse_tree, symbols_of
from workbench.lessons.model import LessonError, ParamValue, TryIt

RULES = ("left", "right", "midpoint", "trapezoid", "simpson")
OPTIMIZERS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
SCHEMES = ("forward", "backward", "central")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
_EXPRESSION_KEYS = ("function", "expression", "term", "pdf", "g")

# lab -> {parameter: kind}; the first parameter is the one every block must give.
LABS: dict[str, dict[str, str]] = {
    "explore": {"function": "expr", "range": "pair"},
    "derivatives": {"function": "expr", "point": "bound", "h": "positive", "scheme": "scheme"},
    "integrals": {"function": "expr", "a": "bound", "b": "bound", "rule": "rule", "n": "count"},
    "gradient": {"function": "expr", "start": "pair", "optimizers": "optimizers",
                 "lr": "positive", "steps": "count", "rates": "rates"},
    "backprop": {"expression": "expr", "inputs": "inputs"},
    "series": {"term": "expr", "index": "name", "lo": "bound", "hi": "bound",
               "operation": "operation"},
    "probability": {"pdf": "expr", "a": "bound", "b": "bound", "g": "expr", "support": "interval"},
    "layers": {"activation": "activation", "loss": "loss", "m": "size", "n": "size",
               "seed": "count", "target": "target"},
}

# The variables each lab's expressions may use (None: decided by another parameter).
_ALLOWED_SYMBOLS: dict[str, set[str] | None] = {
    "explore": {"x"}, "derivatives": {"x"}, "integrals": {"x"}, "gradient": {"x", "y"},
    "backprop": None, "series": None, "probability": {"x"}, "layers": set(),
}


def _number(text: str) -> float:
    value = float(text)  # ValueError for anything but a plain number
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _bound(text: str) -> ParamValue:
    try:
        return _number(text)
    except ValueError:
        parse_tree(text)  # "pi/2", "-oo", "m": checked, kept as text for the lab to parse
        return text


def _positive(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _interval(text: str) -> list[ParamValue]:
    ends = _items(text)
    if len(ends) != 2:
        raise ValueError("must be two ends, such as [0, 1] or [0, oo]")
    return [_bound(end) for end in ends]


def _pair(text: str) -> list[float]:
    values = [_number(item) for item in _items(text)]
    if len(values) != 2:
        raise ValueError("must be two numbers, such as [1, 2]")
    return values


def _count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise ValueError("must be a whole number from 1 to 100000")
    return int(text)


def _size(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= LAB_MAX_SIZE:
        raise ValueError(f"must be a whole number from 1 to {LAB_MAX_SIZE}")
    return int(text)


def _items(text: str) -> list[str]:
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return [item.strip() for item in inner.split(",") if item.strip()]


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in options:
            raise ValueError("must be one of " + ", ".join(options))
        return text
    return check


def _optimizers(text: str) -> list[str]:
    names = _items(text)
    if not names:
        raise ValueError("names no optimizer")
    return [_choice(OPTIMIZERS)(name) for name in names]


def _name(text: str) -> str:
    if not _NAME.match(text):
        raise ValueError("must be a short variable name such as k")
    return text


def _assignments(text: str, what: str, key: Callable[[str], str],
                 value: Callable[[str], float]) -> dict[str, float]:
    """``name=value`` items, each name checked by ``key`` and each value by ``value``."""
    found: dict[str, float] = {}
    for item in _items(text):
        name, sep, number = item.partition("=")
        if not sep:
            raise ValueError(f"write each {what} as name=value, not {item!r}")
        found[key(name.strip())] = value(number.strip())
    if not found:
        raise ValueError(f"names no {what}")
    return found


def _inputs(text: str) -> dict[str, float]:
    return _assignments(text, "input", _name, _number)


def _rates(text: str) -> dict[str, float]:
    """Each optimizer's own learning rate: ``gd=0.00047, adam=0.1``."""
    return _assignments(text, "rate", _choice(OPTIMIZERS), _positive)


_CONVERTERS: dict[str, Callable[[str], ParamValue]] = {
    "expr": str, "bound": _bound, "positive": _positive, "count": _count,
    "pair": _pair,
    "scheme": _choice(SCHEMES), "rule": _choice(RULES), "optimizers": _optimizers,
    "operation": _choice(("sum", "product")), "name": _name, "inputs": _inputs,
    "interval": _interval, "rates": _rates,
    "activation": _choice(ACTIVATIONS), "loss": _choice(LOSSES), "size": _size,
    "target": _choice(tuple(TARGETS)),
}


def parse_tryit(lines: list[tuple[int, str]], path: Path) -> TryIt:
    """Build a :class:`TryIt` from the numbered lines inside a ```` ```tryit ```` fence."""
    start = lines[0][0] - 1 if lines else None
    raw: dict[str, tuple[int, str]] = {}
    for number, line in lines:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise LessonError(f"a try-it line must read 'key: value', not {line.strip()!r}",
                              path, number)
        if key in raw:
            raise LessonError(f"the try-it key {key!r} is given twice", path, number)
        raw[key] = (number, value)
    lab_line, lab = raw.pop("lab", (start, ""))
    if lab not in LABS:
        raise LessonError(f"unknown lab {lab!r}; use one of " + ", ".join(LABS), path, lab_line)
    label = raw.pop("label", (start, ""))[1]
    if not label:
        raise LessonError("a try-it block needs a 'label'", path, start)
    params = _convert_params(lab, raw, path)
    first = next(iter(LABS[lab]))
    if first not in params:
        raise LessonError(f"the {lab} lab needs a '{first}'", path, start)
    _check_symbols(lab, params, path, raw)
    return TryIt(lab=lab, label=label, params=params)


def _convert_params(lab: str, raw: dict[str, tuple[int, str]], path: Path) -> dict[str, ParamValue]:
    spec = LABS[lab]
    params: dict[str, ParamValue] = {}
    variables = (raw["index"][1],) if "index" in raw else ()
    for key, (number, value) in raw.items():
        if key not in spec:
            raise LessonError(f"the {lab} lab has no parameter {key!r} (it takes "
                              + ", ".join(spec) + ")", path, number)
        try:
            params[key] = _CONVERTERS[spec[key]](value)
            if spec[key] == "expr":
                parse_tree(value, variables)
        except ParseError as exc:
            column = "" if exc.position is None else f" (column {exc.position + 1} of the value)"
            raise LessonError(f"{key} {value!r} is not a formula: {exc.message}{column}",
                              path, number) from None
        except ValueError as exc:
            raise LessonError(f"{key} {value!r}: {exc}", path, number) from None
    return params


def _check_symbols(lab: str, params: dict[str, ParamValue], path: Path,
                   raw: dict[str, tuple[int, str]]) -> None:
    allowed = _ALLOWED_SYMBOLS[lab]
    if lab == "series":
        allowed = {str(params.get("index", "k"))}
    elif lab == "backprop":
        allowed = set(params.get("inputs", {}))  # type: ignore[arg-type]
    for key in _EXPRESSION_KEYS:
        if key not in params:
            continue
        index = (str(params["index"]),) if "index" in params else ()
        used = symbols_of(parse_tree(str(params[key]), index))
        extra = used - (allowed or set())
        if extra and not (lab == "backprop" and "inputs" not in params):
            raise LessonError(f"{key} uses {', '.join(sorted(extra))}, which the {lab} lab "
                              "does not provide", path, raw[key][0])
