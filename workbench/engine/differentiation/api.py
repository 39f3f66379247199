"""``derivative`` and ``partial_derivatives``: rule trees rendered as steps, then tidied."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import sympy

# the rule modules register themselves in the dispatch table when imported
from workbench.engine.differentiation import algebra, functions, powers  # noqa: F401
from workbench.engine.differentiation.node import diff_rule
from workbench.engine.differentiation.render import d_dx, latex, ordinal, render, tree
from workbench.engine.differentiation.simplify import tidy
from workbench.engine.parsing import parse
from workbench.engine.results import Derivation, ResultMixin
from workbench.protocol.steps import Step


@dataclass(frozen=True)
class PartialDerivatives(ResultMixin):
    """Every first partial derivative of ``expr``, one per variable in ``vars``."""

    expr: sympy.Expr
    vars: tuple[str, ...]
    partials: dict[str, sympy.Expr]
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def _symbol(var: str | sympy.Symbol) -> sympy.Symbol:
    if isinstance(var, sympy.Symbol):
        return var
    if not isinstance(var, str) or not var.strip():
        raise ValueError(f"The variable must be a name such as 'x', not {var!r}")
    return sympy.Symbol(var.strip())


def symbol_in(expr: sympy.Expr, var: str | sympy.Symbol) -> sympy.Symbol:
    """The symbol of ``expr`` named ``var`` (keeping its assumptions), else a plain one.

    A caller who built ``expr`` with ``Symbol("x", real=True)`` and asks for "x"
    means that symbol, not a different plain ``x`` the expression does not contain.
    """
    x = _symbol(var)
    if isinstance(var, sympy.Symbol):
        return x
    named = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name == x.name]
    return named[0] if len(named) == 1 else x


def differentiate_once(expr: sympy.Expr, var: sympy.Symbol,
                       partial: bool = False) -> tuple[sympy.Expr, Step, Step]:
    """One differentiation: (tidied result, rule step, simplification step)."""
    node = diff_rule(expr, var)
    raw = node.result
    tidy_result = tidy(raw)
    same = tidy_result == raw
    simplify = Step(
        rule="simplify",
        title=("Nothing left to simplify" if same
               else "Simplify: collect the result into a shorter form"),
        before=latex(raw),
        after=latex(tidy_result),
        subject=tree(expr),
        result=tree(tidy_result),
        var=var.name,
    )
    return tidy_result, render(node, partial), simplify


def derivative(expr: str | sympy.Expr, var: str | sympy.Symbol = "x",
               order: int = 1) -> Derivation:
    """The ``order``-th derivative of ``expr`` with respect to ``var``, with its steps.

    For order 1 the steps are the rule step (with its substeps) and a final
    ``simplify`` step; for higher orders there is one ``higher_order`` step per
    differentiation, and the final ``simplify`` step comes last.
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValueError(f"The order of a derivative must be a whole number >= 0, not {order!r}")
    f = parse(expr, variables=(_symbol(var).name,))
    x = symbol_in(f, var)
    if order == 0:
        return Derivation(f, x.name, 0, f, latex(f), [])
    if order == 1:
        result, step, simplify = differentiate_once(f, x)
        # the σ(u)(1 − σ(u)) form hangs under the last step, which stays "simplify"
        simplify = replace(simplify, substeps=_sigmoid_form(f, x, result))
        return Derivation(f, x.name, 1, result, latex(result), [step, simplify])
    steps: list[Step] = []
    current = f
    for k in range(1, order + 1):
        result, step, simplify = differentiate_once(current, x)
        substeps = [step] if k == order else [step, simplify]
        shown = step.result if k == order else simplify.result
        steps.append(Step(
            rule="higher_order",
            title=_higher_title(k, x.name),
            before=rf"{d_dx(x)}\left({latex(current)}\right)",
            after=step.after if k == order else simplify.after,
            substeps=substeps, subject=tree(current), result=shown, var=x.name))
        current = result
    steps.append(simplify)
    return Derivation(f, x.name, order, current, latex(current), steps)


def _sigmoid_form(f: sympy.Expr, x: sympy.Symbol, result: sympy.Expr) -> list[Step]:
    """For f = σ(u) (typed as sigmoid(u) or as 1/(1 + e^(-u))): the derivative written
    u′·σ(u)(1 − σ(u)), the form backpropagation uses (σ′ from σ, no new exponential)."""
    from workbench.engine.functions import sigmoid, to_elementary

    if isinstance(f, sigmoid):
        u = f.args[0]
    elif f.is_Pow and f.exp == -1 and f.base.is_Add and len(f.base.args) == 2 \
            and 1 in f.base.args:
        power = next(a for a in f.base.args if a != 1)
        if not isinstance(power, sympy.exp):
            return []
        u = -power.args[0]
    else:
        return []
    du = sympy.diff(u, x)
    if du == 0:
        return []
    s = sigmoid(u)
    form = du * s * (1 - s)
    if sympy.simplify(to_elementary(form) - to_elementary(result)) != 0:
        return []
    sigma = rf"\sigma\left({latex(u)}\right)"
    factor = "" if du == 1 else (rf"\left({latex(du)}\right)" if du.is_Add else latex(du)) + " "
    return [Step("sigmoid", "In terms of σ itself: σ′(u) = σ(u)(1 − σ(u)), so the derivative "
                 "reuses the value σ(u) already computed (as backpropagation does)",
                 rf"{d_dx(x)}\left({latex(f)}\right)",
                 rf"{factor}{sigma}\left(1 - {sigma}\right)", subject=tree(f),
                 result=tree(form), var=x.name)]


def _higher_title(k: int, x: str) -> str:
    if k == 1:
        return f"First derivative: differentiate the function once with respect to {x}"
    return (f"{ordinal(k).capitalize()} derivative: "
            f"differentiate the {ordinal(k - 1)} derivative again")


def _names(vars: Iterable[str | sympy.Symbol] | str | None) -> list[str] | None:  # noqa: A002
    """Variable names from a list, a "x, y" string, or None (meaning: all symbols)."""
    if vars is None:
        return None
    items = vars.replace(",", " ").split() if isinstance(vars, str) else list(vars)
    names = [_symbol(v).name for v in items]
    if not names:
        raise ValueError("Name at least one variable to differentiate with respect to")
    return names


def _held_constant(f: sympy.Expr, x: sympy.Symbol, others: list[str]) -> Step:
    """The first move of a partial derivative: the other variables are numbers for now."""
    names = ", ".join(others)
    fixed = [t for t in sympy.Add.make_args(f) if not t.has(x)]
    factors = [t.as_independent(x)[0] for t in sympy.Add.make_args(f) if t.has(x)]
    factors = [c for c in factors if c.free_symbols and not c.is_number]
    parts = []
    if fixed:
        parts.append(rf"{', '.join(latex(t) for t in fixed)} \text{{ : constant, derivative }} 0")
    if factors:
        parts.append(rf"{', '.join(latex(c) for c in factors)} \text{{ : constant factors}}")
    what = "; ".join(parts) or rf"{names} \text{{ held fixed}}"
    verb = "stay fixed and behave like numbers" if len(others) > 1 \
        else "stays fixed and behaves like a number"
    plural = "constants" if len(others) > 1 else "a constant"
    return Step("hold_constant", f"Treat {names} as {plural}: while {x} moves, {names} {verb}",
                rf"{names} = \text{{const}}\quad\Rightarrow\quad {what}", "", var=str(x))


def partial_derivatives(expr: str | sympy.Expr,
                        vars: Iterable[str | sympy.Symbol] | str | None = None,  # noqa: A002
                        ) -> PartialDerivatives:
    """∂f/∂v for each variable v in ``vars`` (default: every symbol, sorted), with steps.

    Each variable gets one top-level ``partial`` step whose title names the other
    variables held constant; its substeps are the rule step and the simplification.
    """
    given = _names(vars)
    f = parse(expr, variables=given)
    names = given or sorted(s.name for s in f.free_symbols if isinstance(s, sympy.Symbol))
    partials: dict[str, sympy.Expr] = {}
    steps: list[Step] = []
    for name in names:
        x = symbol_in(f, name)
        result, step, simplify = differentiate_once(f, x, partial=True)
        partials[name] = result
        others = [n for n in sorted(s.name for s in f.free_symbols) if n != name]
        held = f"treat {', '.join(others)} as constant" + ("s" if len(others) > 1 else "")
        first = [_held_constant(f, x, others)] if others else []
        steps.append(Step(
            rule="partial",
            title=f"Partial derivative with respect to {name}: "
                  + (held if others else f"{name} is the only variable"),
            before=rf"{d_dx(x, True)}\left({latex(f)}\right)", after=latex(result),
            substeps=[*first, step, simplify], subject=tree(f), result=tree(result), var=name))
    text = r",\quad ".join(
        rf"\frac{{\partial f}}{{\partial {latex(sympy.Symbol(n))}}} = {latex(partials[n])}"
        for n in names)
    return PartialDerivatives(f, tuple(names), partials, text, steps)
