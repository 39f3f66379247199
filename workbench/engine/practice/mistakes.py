"""Typical differentiation mistakes, reproduced by a deliberately faulty differentiator.

To recognise a wrong derivative we do not guess from its shape: we differentiate the
question again with one rule broken at one place (the chain rule's inner factor
dropped at ``sin(x^2)``, the product rule written as f'g', ...) and compare the
student's answer with each such "mutated" reference numerically. Sites are visited
in preorder, so the first match is the first place the work departs from the
reference derivation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import sympy

from workbench.engine.functions import sigmoid, softplus
from workbench.protocol.steps import Step
from workbench.protocol.syntax.tree import Node
from workbench.engine.trees import UnsupportedExpression, to_tree

_COEFFICIENT = re.compile(r"(?<![\^\d.])(\d+)\*(?=[a-z(])")
MAX_SINGLES_FOR_PAIRS = 8
FAULTS = ("chain", "product", "product_drop0", "product_drop1", "quotient", "trig_sign",
          "power")

# d/du of the one-argument functions the exercises use, as functions of u.
_OUTER: dict[type, Callable[[sympy.Expr], sympy.Expr]] = {
    sympy.sin: sympy.cos,
    sympy.cos: lambda u: -sympy.sin(u),
    sympy.tan: lambda u: 1 + sympy.tan(u) ** 2,
    sympy.exp: sympy.exp,
    sympy.log: lambda u: 1 / u,
    sympy.tanh: lambda u: 1 - sympy.tanh(u) ** 2,
    sigmoid: lambda u: sigmoid(u) * (1 - sigmoid(u)),
    softplus: sigmoid,
}


def plain(expr: sympy.Expr) -> str:
    """An expression as students write it: ``^`` for powers, ``*`` only where needed."""
    text = str(expr).replace("**", "^").replace("exp(", "e^(").replace("log(", "ln(")
    # "2*x" -> "2x", but never after "^" ("x^2*y" must not become "x^2y")
    return _COEFFICIENT.sub(r"\1", text)


def faulty_diff(expr: sympy.Expr, x: sympy.Symbol, fault: str | None = None,
                site: sympy.Expr | None = None,
                slips: dict[sympy.Expr, str] | None = None) -> sympy.Expr:
    """d expr / dx, with the rule ``fault`` broken wherever the subexpression is ``site``.

    ``slips`` maps several sites to the rule broken at each (for combined mistakes).
    """
    slips = dict(slips or {})
    if fault is not None and site is not None:
        slips[site] = fault
    return _diff(expr, x, slips)


def _diff(expr: sympy.Expr, x: sympy.Symbol, slips: dict[sympy.Expr, str]) -> sympy.Expr:
    if not expr.has(x):
        return sympy.Integer(0)
    if expr == x:
        return sympy.Integer(1)
    fault = slips.get(expr)
    again = lambda e: _diff(e, x, slips)  # noqa: E731 - a local shorthand
    if expr.is_Add:
        return sympy.Add(*(again(term) for term in expr.args))
    if expr.is_Mul:
        return _mul(expr, x, fault, again)
    if expr.is_Pow:
        return _pow(expr, x, fault, again)
    if len(expr.args) == 1 and type(expr) in _OUTER:
        inner = expr.args[0]
        outer = _OUTER[type(expr)](inner)
        if fault == "trig_sign" and type(expr) in (sympy.sin, sympy.cos):
            outer = -outer
        if fault == "chain" and inner != x:
            return outer
        return outer * again(inner)
    return sympy.diff(expr, x)  # anything else: the correct derivative


def _mul(expr: sympy.Expr, x: sympy.Symbol, fault, again) -> sympy.Expr:
    const, rest = expr.as_independent(x, as_Add=False)
    if const != 1:  # a constant factor stays; a slip at this product still applies to the rest
        return const * (_mul(rest, x, fault, again) if fault and rest.is_Mul else again(rest))
    factors = list(rest.args) if rest.is_Mul else [rest]
    bottom = [f for f in factors if f.is_Pow and f.exp.is_negative]
    if fault == "quotient" and bottom and len(bottom) < len(factors):
        top = sympy.Mul(*(f for f in factors if f not in bottom))
        den = sympy.Mul(*(f.base ** -f.exp for f in bottom))
        return (top * again(den) - again(top) * den) / den ** 2
    if fault == "product":
        return sympy.Mul(*(again(f) for f in factors))
    dropped = int(fault[-1]) if fault and fault.startswith("product_drop") else None
    return sympy.Add(*(again(f) * sympy.Mul(*(g for j, g in enumerate(factors) if j != i))
                       for i, f in enumerate(factors) if i != dropped))


def _pow(expr: sympy.Expr, x: sympy.Symbol, fault, again) -> sympy.Expr:
    base, exp = expr.args
    if not exp.has(x):
        outer = exp * base ** (exp if fault == "power" else exp - 1)
        if fault == "chain" and base != x:
            return outer
        return outer * again(base)
    if not base.has(x):
        outer = expr * sympy.log(base)
        return outer if fault == "chain" else outer * again(exp)
    return sympy.diff(expr, x)


def _is_quotient(site: sympy.Expr, x: sympy.Symbol) -> bool:
    rest = site.as_independent(x, as_Add=False)[1]
    if not rest.is_Mul:
        return False
    bottom = [f for f in rest.args if f.is_Pow and f.exp.is_negative]
    return bool(bottom) and len(bottom) < len(rest.args)


def _applies(fault: str, site: sympy.Expr, x: sympy.Symbol) -> bool:
    if fault == "chain":
        if site.is_Pow and not (site.base.has(x) and site.exp.has(x)):
            return _inner(site) != x
        return type(site) in _OUTER and site.args[0] != x
    if fault == "quotient":
        return site.is_Mul and _is_quotient(site, x)
    if fault.startswith("product"):
        rest = site.as_independent(x, as_Add=False)[1]
        return site.is_Mul and rest.is_Mul and not _is_quotient(site, x) and \
            (fault == "product" or int(fault[-1]) < len(rest.args))
    if fault == "trig_sign":
        return isinstance(site, (sympy.sin, sympy.cos))
    return site.is_Pow and site.base.has(x) and not site.exp.has(x) and site.exp != -1


def _inner(site: sympy.Expr) -> sympy.Expr:
    if site.is_Pow:
        return site.base if site.exp.is_number else site.exp
    return site.args[0]


def describe(fault: str, site: sympy.Expr, x: sympy.Symbol) -> str:
    """The diagnosis, in plain words, for ``fault`` committed at ``site``."""
    where = plain(site)
    if fault == "chain":
        inner = _inner(site)
        return (f"The chain rule's inner derivative, {plain(sympy.diff(inner, x))}, is missing: "
                f"in {where} the inner function is {plain(inner)}, so the outer derivative "
                "must be multiplied by its derivative.")
    if fault == "product":
        return (f"The product rule was written as f'·g' for {where}; the derivative of a "
                "product is f'·g + f·g', one factor differentiated at a time.")
    if fault.startswith("product_drop"):
        factor = site.as_independent(x, as_Add=False)[1].args[int(fault[-1])]
        return (f"The product rule for {where} has one term per factor: the term in which "
                f"{plain(factor)} is differentiated is missing.")
    if fault == "quotient":
        return (f"The quotient rule's sign is swapped for {where}: the numerator is "
                "(top)'·bottom − top·(bottom)', in that order.")
    if fault == "trig_sign":
        rule = "cos u is −sin u" if isinstance(site, sympy.cos) else "sin u is +cos u"
        return f"Sign error in the derivative of {where}: the derivative of {rule}."
    return (f"The power rule's exponent was not reduced for {where}: d/du u^n = n·u^(n−1), "
            "so the new exponent is one less.")


def derivative_mistakes(expr: sympy.Expr, x: sympy.Symbol,
                        steps: Sequence[Step] = ()) -> list[tuple[str, sympy.Expr]]:
    """Every (diagnosis, mutated derivative) for ``expr``, first sites first.

    ``steps`` is the reference derivation, if there is one: a diagnosis then also
    names the reference step that handles the same subexpression.
    """
    titles = _titles_by_subject(steps)
    singles: list[tuple[sympy.Expr, str, str]] = []
    for site in sympy.preorder_traversal(expr):
        for fault in FAULTS:
            if site.has(x) and _applies(fault, site, x):
                message = describe(fault, site, x)
                title = titles.get(_tree_or_none(site))
                if title:
                    message += f" (Reference step: {title}.)"
                singles.append((site, fault, message))
    found = [(message, faulty_diff(expr, x, fault, site)) for site, fault, message in singles]
    if len(singles) <= MAX_SINGLES_FOR_PAIRS:  # two slips at once, at two different places
        found += [(f"Two slips. {m1} Also: {m2}", faulty_diff(expr, x, slips={s1: f1, s2: f2}))
                  for i, (s1, f1, m1) in enumerate(singles)
                  for s2, f2, m2 in singles[i + 1:] if s1 != s2]
    return found


def _tree_or_none(expr: sympy.Expr) -> Node | None:
    try:
        return to_tree(expr)
    except (UnsupportedExpression, TypeError, ValueError):
        return None


def _titles_by_subject(steps: Sequence[Step]) -> dict[Node, str]:
    titles: dict[Node, str] = {}
    for step in steps:
        for sub in step.walk():
            if sub.subject is not None and sub.rule != "simplify":
                titles.setdefault(sub.subject, sub.title)
    return titles


def derivative_hints(expr: sympy.Expr, x: sympy.Symbol) -> list[str]:
    """One plain sentence per rule the derivative of ``expr`` needs, outermost first."""
    hints: list[str] = []
    for site in sympy.preorder_traversal(expr):
        if not isinstance(site, sympy.Expr) or not site.has(x) or site == x:
            continue
        if site.is_Add:
            hints.append(f"Differentiate {plain(site)} term by term (sum rule).")
        elif _applies("quotient", site, x):
            hints.append(f"Use the quotient rule on {plain(site)}: (f/g)' = (f'g − fg')/g².")
        elif _applies("product", site, x):
            hints.append(f"Use the product rule on {plain(site)}: (fg)' = f'g + fg'.")
        elif _applies("chain", site, x):
            hints.append(f"Use the chain rule on {plain(site)}: the inner function is "
                         f"{plain(_inner(site))}; multiply the outer derivative by its derivative.")
        elif _applies("power", site, x):
            hints.append(f"Power rule on {plain(site)}: bring the exponent down, lower it by one.")
    return hints or [f"Differentiate {plain(expr)} with the basic rules."]
