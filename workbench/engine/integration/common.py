"""Small helpers shared by the integration modules: LaTeX, plain trees, steps, checks."""

from __future__ import annotations

import sympy

from workbench.protocol.steps import Step
from workbench.protocol.syntax.tree import Node
from workbench.protocol.wording import inline_math
from workbench.engine.trees import UnsupportedExpression, to_tree
from workbench.engine.latex import latex


def tex(expr: sympy.Basic) -> str:
    """LaTeX of ``expr`` the way students write it (ln for the natural log)."""
    return latex(expr)


def words(expr: sympy.Basic) -> str:
    """An expression for a sentence, as inline math (``$x^{2}$``) that renderers typeset."""
    return inline_math(tex(expr))


def integral_latex(integrand: sympy.Expr, var: sympy.Symbol, lo: sympy.Expr | None = None,
                   hi: sympy.Expr | None = None) -> str:
    """``\\int f \\, dx`` (with limits when given)."""
    limits = "" if lo is None else f"_{{{tex(lo)}}}^{{{tex(hi)}}}"
    body = tex(integrand)
    if isinstance(integrand, sympy.Add):
        body = rf"\left({body}\right)"
    return rf"\int{limits} {body} \, d{tex(var)}"


def safe_tree(expr: sympy.Basic | None) -> Node | None:
    """The plain tree of ``expr``, or None when the tree can't express it."""
    if expr is None:
        return None
    try:
        return to_tree(expr)
    except (UnsupportedExpression, TypeError, ValueError, AttributeError):
        return None


def step_for(rule: str, title: str, integrand: sympy.Expr, var: sympy.Symbol,
             result: sympy.Expr, substeps: list[Step] | None = None) -> Step:
    """An integration step ∫ integrand d var = result, with trees for checking and drawing."""
    return Step(
        rule=rule,
        title=title,
        before=integral_latex(integrand, var),
        after=tex(result),
        substeps=list(substeps or []),
        subject=safe_tree(integrand),
        result=safe_tree(result),
        var=str(var),
    )


def strip_restriction(expr: sympy.Expr) -> sympy.Expr:
    """Drop a one-branch Piecewise whose condition is only the integrand's domain."""
    if isinstance(expr, sympy.Piecewise) and len(expr.args) == 1:
        return expr.args[0][0]
    return expr


# every trigonometric and hyperbolic function: what a root "of a trigonometric expression" holds
TRIG_AND_HYPERBOLIC = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot,
                       sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)

# the inverse trigonometric and hyperbolic functions
INVERSE_TRIG_AND_HYPERBOLIC = (sympy.asin, sympy.acos, sympy.atan, sympy.acot, sympy.asec,
                               sympy.acsc, sympy.asinh, sympy.acosh, sympy.atanh, sympy.acoth,
                               sympy.asech, sympy.acsch)


# tan, cot, sec, csc written with sin and cos, and tanh, coth, sech, csch with sinh and cosh
WITH_SIN_COS = {
    sympy.tan: lambda u: sympy.sin(u) / sympy.cos(u),
    sympy.cot: lambda u: sympy.cos(u) / sympy.sin(u),
    sympy.sec: lambda u: 1 / sympy.cos(u), sympy.csc: lambda u: 1 / sympy.sin(u),
    sympy.tanh: lambda u: sympy.sinh(u) / sympy.cosh(u),
    sympy.coth: lambda u: sympy.cosh(u) / sympy.sinh(u),
    sympy.sech: lambda u: 1 / sympy.cosh(u), sympy.csch: lambda u: 1 / sympy.sinh(u),
}


def small_to_expand(f: sympy.Expr, power: int = 12) -> bool:
    """Whether multiplying f out stays small: no sum in it is raised to a whole power
    above ``power`` ((sin x + cos x + 1)²⁰⁰ would give thousands of terms)."""
    return not any(p.base.is_Add and p.exp.is_Integer and abs(p.exp) > power
                   for p in f.atoms(sympy.Pow))


# What sympy raises when a method does not apply or an algorithm breaks on an input;
# a stage that hits one of these has simply not found an answer.
SYMPY_FAILURES: tuple[type[BaseException], ...] = (
    ValueError, TypeError, NotImplementedError, ZeroDivisionError, AttributeError,
    IndexError, KeyError, RecursionError, AssertionError, sympy.PolynomialError,
    sympy.CoercionFailed,
)


# Functions beyond the elementary ones that antiderivatives are written with:
# (short name, what it is called)
SPECIAL_FUNCTIONS: dict[type, tuple[str, str]] = {
    sympy.erf: ("erf", "error function"), sympy.erfi: ("erfi", "imaginary error function"),
    sympy.Si: ("Si", "sine integral"), sympy.Ci: ("Ci", "cosine integral"),
    sympy.Ei: ("Ei", "exponential integral"), sympy.li: ("li", "logarithmic integral"),
    sympy.Shi: ("Shi", "hyperbolic sine integral"),
    sympy.Chi: ("Chi", "hyperbolic cosine integral"),
    sympy.fresnels: ("S", "Fresnel integral"), sympy.fresnelc: ("C", "Fresnel integral"),
    sympy.polylog: ("Li₂", "dilogarithm"), sympy.expint: ("E", "exponential integral"),
    sympy.uppergamma: ("Γ", "incomplete gamma function"),
    sympy.lowergamma: ("γ", "incomplete gamma function"),
    sympy.hyper: ("₂F₁", "hypergeometric function"),
    sympy.elliptic_f: ("F", "incomplete elliptic integral of the first kind"),
    sympy.elliptic_e: ("E", "elliptic integral of the second kind"),
    sympy.elliptic_pi: ("Π", "elliptic integral of the third kind"),
}


def special_functions(integrand: sympy.Expr, result: sympy.Expr | None) -> tuple[str, ...]:
    """Short names of the special functions ``result`` needs that ``integrand`` lacks."""
    if result is None:
        return ()
    return tuple(short for func, (short, _what) in SPECIAL_FUNCTIONS.items()
                 if result.has(func) and not integrand.has(func))


def special_note(integrand: sympy.Expr, result: sympy.Expr) -> str:
    """A sentence naming the special functions ``result`` needs (those ``integrand`` lacks)."""
    names = [f"{short} ({what})" for func, (short, what) in SPECIAL_FUNCTIONS.items()
             if result.has(func) and not integrand.has(func)]
    if not names:
        return ""
    return (f"; the antiderivative needs the special function{'s' if len(names) > 1 else ''} "
            f"{', '.join(names)}: it is not an elementary function")
