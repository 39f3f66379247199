"""What every rewrite shares: the solver it is handed, fresh symbols, substitution steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy

from workbench.engine.integration.common import integral_latex, step_for
from workbench.protocol.steps import Step

Solved = tuple[list[Step], sympy.Expr]
Solver = Callable[[sympy.Expr, sympy.Symbol], Solved | None]
Rewritten = tuple[Step, sympy.Expr]
Rewrite = Callable[[sympy.Expr, sympy.Symbol, Solver], Rewritten | None]


def fresh_symbol(expr: sympy.Expr, *names: str) -> sympy.Symbol:
    """A real symbol not already used in ``expr`` (u, then z, w, t)."""
    taken = {s.name for s in expr.free_symbols}
    for name in (*names, "u", "z", "w", "t", "v"):
        if name not in taken:
            return sympy.Symbol(name, real=True)
    return sympy.Dummy("u", real=True)


def rewritten(name: str, title: str, f: sympy.Expr, x: sympy.Symbol, shown: sympy.Expr,
               u: sympy.Symbol, solved: Solved, result: sympy.Expr) -> Rewritten:
    """A rewrite step: ∫f dx = ∫shown du = result, justified by ``solved``'s steps."""
    step = step_for(name, title, f, x, result, solved[0])
    middle = integral_latex(shown, u)
    return replace(step, after=f"{middle} = {step.after}"), result


def solved_rewrite(name: str, title: str, f: sympy.Expr, x: sympy.Symbol, shown: sympy.Expr,
                   solve: Solver, u: sympy.Symbol | None = None,
                   back: Callable[[sympy.Expr], sympy.Expr] | None = None) -> Rewritten | None:
    """∫f dx = ∫shown du (u = x unless given) = result: ``solve`` the rewritten integral and
    turn its answer into the result with ``back`` (as it is when None); None when ``solve``
    gives up. The shape every rewrite that hands on one easier integral shares."""
    u = x if u is None else u
    solved = solve(shown, u)
    if solved is None:
        return None
    result = solved[1] if back is None else back(solved[1])
    return rewritten(name, title, f, x, shown, u, solved, result)


def solve_terms(terms, x: sympy.Symbol, solve: Solver) -> Solved | None:
    """Each term solved on its own: their steps one after another and the sum of their
    answers; None as soon as one is not found."""
    steps, results = [], []
    for term in terms:
        solved = solve(term, x)
        if solved is None:
            return None
        steps.extend(solved[0])
        results.append(solved[1])
    return steps, sympy.Add(*results)


def substitute(f: sympy.Expr, x: sympy.Symbol, u: sympy.Symbol, inner: sympy.Expr,
               scale: sympy.Expr, shown: sympy.Expr, solve: Solver, name: str,
               title: str) -> Rewritten | None:
    """∫f dx = scale·∫shown du with u = inner(x); solve, then substitute back."""
    solved = solve(shown, u)
    if solved is None:
        return None
    result = sympy.expand_mul(scale * solved[1]).subs(u, inner)
    # arctan(tan a) has derivative 1 wherever it is defined, as a has: a is the better answer
    result = result.replace(lambda e: isinstance(e, sympy.atan) and isinstance(e.args[0],
                                                                               sympy.tan),
                            lambda e: e.args[0].args[0])
    return rewritten(name, title, f, x, scale * shown, u, solved, result)

def is_linear(arg: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether ``arg`` is a polynomial of degree one in ``x``."""
    return arg.is_polynomial(x) and sympy.degree(arg, x) == 1


# In the order they are tried: cheap, specific patterns first.
