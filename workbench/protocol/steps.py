"""``Step``: one move in a derivation, as plain data (LaTeX text and plain trees).

This module imports no sympy, so the window can receive steps from the worker
without loading the symbolic engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.protocol.syntax.tree import Node


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    ``rule`` is a stable machine name (``power``, ``chain``, ``parts``, ...); ``title`` is
    one line of plain words; ``before`` and ``after`` are LaTeX; ``substeps`` are the
    steps that justify this one, in order.

    For checking and drawing, a step may also carry plain trees: ``subject`` is the
    function the step operates on and ``result`` what it produces (so a derivative
    step can be checked numerically as d(subject)/d(var) = result), ``var`` the
    variable, and ``focus`` named functions worth drawing (the inner and outer
    functions of a chain rule).
    """

    rule: str
    title: str
    before: str
    after: str
    substeps: list[Step] = field(default_factory=list)
    subject: Node | None = None
    result: Node | None = None
    var: str | None = None
    focus: tuple[tuple[str, Node], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of this step and its substeps (trees as nested lists)."""
        return {
            "rule": self.rule,
            "title": self.title,
            "before": self.before,
            "after": self.after,
            "substeps": [s.to_dict() for s in self.substeps],
            "subject": _jsonable(self.subject),
            "result": _jsonable(self.result),
            "var": self.var,
            "focus": [[label, _jsonable(tree)] for label, tree in self.focus],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        """The step ``to_dict`` wrote."""
        return cls(
            rule=str(data["rule"]),
            title=str(data["title"]),
            before=str(data["before"]),
            after=str(data["after"]),
            substeps=[cls.from_dict(s) for s in data.get("substeps", [])],
            subject=_tuple_tree(data.get("subject")),
            result=_tuple_tree(data.get("result")),
            var=data.get("var"),
            focus=tuple((str(label), _tuple_tree(tree)) for label, tree in data.get("focus", [])),
        )

    def walk(self):
        """This step and every substep, depth first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()


def _jsonable(tree: Any) -> Any:
    if isinstance(tree, tuple):
        return [_jsonable(t) for t in tree]
    return tree


def _tuple_tree(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_tuple_tree(d) for d in data)
    return data
