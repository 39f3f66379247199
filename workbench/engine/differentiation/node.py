"""The rule tree of a derivative and the table that picks a rule for each sympy node.

A rule looks at one node of the expression and returns a :class:`RuleNode`: the rule's
stable name, the function it differentiated, the derivative it produced and the rule
nodes that justify it. Rendering (titles, LaTeX) lives in
:mod:`workbench.engine.differentiation.render`, so the rules carry no wording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy

Rule = Callable[[sympy.Expr, sympy.Symbol], "RuleNode"]

# sympy class -> rule; filled in by the rule modules as they are imported
_TABLE: dict[type, Rule] = {}
_FALLBACK: list[Rule] = []


@dataclass(frozen=True)
class RuleNode:
    """One application of a differentiation rule: d(expr)/d(var) = result.

    ``info`` holds what the wording needs (the function's name, the exponent, the
    base of a logarithm, the inner function of a chain rule ...).
    """

    rule: str
    expr: sympy.Expr
    var: sympy.Symbol
    result: sympy.Expr
    substeps: tuple[RuleNode, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)

    def walk(self):
        """This node and every node below it, depth first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()


def register(*classes: type) -> Callable[[Rule], Rule]:
    """Decorator: use the decorated rule for sympy nodes of these classes."""
    def decorate(rule: Rule) -> Rule:
        for cls in classes:
            _TABLE[cls] = rule
        return rule
    return decorate


def register_fallback(rule: Rule) -> Rule:
    """Decorator: the rule used when no class in the table matches."""
    _FALLBACK[:] = [rule]
    return rule


def diff_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """The rule tree of d(expr)/d(var)."""
    if not expr.has(var):
        return RuleNode("constant", expr, var, sympy.S.Zero)
    if expr == var:
        return RuleNode("power", expr, var, sympy.S.One, info={"identity": True})
    for cls in type(expr).__mro__:
        rule = _TABLE.get(cls)
        if rule is not None:
            return rule(expr, var)
    return _FALLBACK[0](expr, var)


def fresh_u(expr: sympy.Expr) -> sympy.Symbol:
    """A symbol for the inner function of a chain rule, not already used in ``expr``."""
    taken = {s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    for name in ("u", "v", "w", "t", "s"):
        if name not in taken:
            return sympy.Symbol(name)
    return sympy.Dummy("u")


def chain(expr: sympy.Expr, var: sympy.Symbol, outer: Callable[[sympy.Symbol], sympy.Expr],
          inner: sympy.Expr) -> RuleNode:
    """Chain rule: d/dx f(u(x)) = f'(u) · u'(x), with both factors as substeps.

    ``outer`` builds f from a symbol u; the outer rule is derived with respect to u
    (so its own step reads d/du f(u)), then u is replaced by the inner function.
    """
    u = fresh_u(expr)
    outer_node = diff_rule(outer(u), u)
    inner_node = diff_rule(inner, var)
    result = outer_node.result.xreplace({u: inner}) * inner_node.result
    return RuleNode("chain", expr, var, result, (outer_node, inner_node),
                    {"u": u, "outer": outer_node.expr, "inner": inner})
