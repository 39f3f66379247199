"""Our rewrites: moves that let the step engine finish where it gives up or stalls.

Each rewrite looks at the integrand, and when its pattern fits, turns the problem
into one or more easier integrals that it hands to ``solve`` (the step engine, and
these rewrites again for what remains), then assembles the answer. It returns a
``Step`` whose substeps are the steps of those easier integrals, and the result.
A rewrite whose pattern does not fit returns None at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy
from sympy.simplify.fu import TR8

from workbench.engine.integration.common import integral_latex, step_for, tex, words
from workbench.engine.integration.tabular import tabular_parts
from workbench.engine.steps import Step

Solved = tuple[list[Step], sympy.Expr]
Solver = Callable[[sympy.Expr, sympy.Symbol], Solved | None]
Rewritten = tuple[Step, sympy.Expr]
Rewrite = Callable[[sympy.Expr, sympy.Symbol, Solver], Rewritten | None]
_TRIG = (sympy.sin, sympy.cos)


def fresh_symbol(expr: sympy.Expr, *names: str) -> sympy.Symbol:
    """A real symbol not already used in ``expr`` (u, then z, w, t)."""
    taken = {s.name for s in expr.free_symbols}
    for name in (*names, "u", "z", "w", "t", "v"):
        if name not in taken:
            return sympy.Symbol(name, real=True)
    return sympy.Dummy("u", real=True)


def _rewritten(name: str, title: str, f: sympy.Expr, x: sympy.Symbol, shown: sympy.Expr,
               u: sympy.Symbol, solved: Solved, result: sympy.Expr) -> Rewritten:
    """A rewrite step: ∫f dx = ∫shown du = result, justified by ``solved``'s steps."""
    step = step_for(name, title, f, x, result, solved[0])
    middle = integral_latex(shown, u)
    return replace(step, after=f"{middle} = {step.after}"), result


def _substitute(f, x, u, inner, scale, shown, solve, name, title):
    """∫f dx = scale·∫shown du with u = inner(x); solve, then substitute back."""
    solved = solve(shown, u)
    if solved is None:
        return None
    result = sympy.expand_mul(scale * solved[1]).subs(u, inner)
    return _rewritten(name, title, f, x, scale * shown, u, solved, result)


def linear_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """∫g(ax+b) dx = (1/a)∫g(u) du when x only appears inside one linear expression."""
    candidates = {a for node in sympy.preorder_traversal(f) if getattr(node, "args", None)
                  for a in node.args if a.has(x) and a != x and a.is_polynomial(x)
                  and sympy.degree(a, x) == 1}
    for inner in sorted(candidates, key=sympy.default_sort_key):
        u = fresh_symbol(f)
        shown = f.subs(inner, u)
        if shown.has(x):
            continue
        slope = sympy.diff(inner, x)
        if inner == -x:
            continue  # u = -x teaches nothing the step engine did not already try
        title = f"Substitute {u} = {words(inner)}, so dx = d{u}/{words(slope)}"
        return _substitute(f, x, u, inner, 1 / slope, shown, solve, "substitution", title)
    return None


def _sin_cos_powers(f: sympy.Expr, x: sympy.Symbol):
    """(c, arg, m, n) when f = c·sin(arg)^m·cos(arg)^n with arg linear in x, else None."""
    coeff, factors = sympy.S.One, {sympy.sin: 0, sympy.cos: 0}
    arg = None
    for factor in sympy.Mul.make_args(f):
        base, power = factor.as_base_exp()
        if not factor.has(x):
            coeff *= factor
        elif isinstance(base, _TRIG) and power.is_Integer and power > 0 and \
                (arg is None or base.args[0] == arg):
            arg = base.args[0]
            factors[base.func] += int(power)
        else:
            return None
    if arg is None or not (arg.is_polynomial(x) and sympy.degree(arg, x) == 1):
        return None
    return coeff, arg, factors[sympy.sin], factors[sympy.cos]


def trig_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin^m·cos^n: peel one factor off an odd power and substitute; else halve the angle."""
    found = _sin_cos_powers(f, x)
    if found is None or found[2] + found[3] < 2:
        return None
    coeff, arg, m, n = found
    u = fresh_symbol(f)
    slope = sympy.diff(arg, x)
    if n % 2 == 1:
        shown = sympy.expand(coeff * u**m * (1 - u**2) ** ((n - 1) // 2))
        title = (f"One cosine is the derivative of sine: write cos² = 1 − sin² "
                 f"and substitute {u} = sin({words(arg)})")
        return _substitute(f, x, u, sympy.sin(arg), 1 / slope, shown, solve, "trig_powers", title)
    if m % 2 == 1:
        shown = sympy.expand(-coeff * (1 - u**2) ** ((m - 1) // 2) * u**n)
        title = (f"One sine is minus the derivative of cosine: write sin² = 1 − cos² "
                 f"and substitute {u} = cos({words(arg)})")
        return _substitute(f, x, u, sympy.cos(arg), 1 / slope, shown, solve, "trig_powers", title)
    return _power_reduction(f, x, solve)


def _power_reduction(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Even powers: sin² = (1 − cos 2x)/2 and cos² = (1 + cos 2x)/2 until no power is left."""
    g = f
    for _ in range(8):
        nxt = sympy.expand(TR8(g))
        if nxt == g:
            break
        g = nxt
    if g == f or any(isinstance(p.base, _TRIG) for p in g.atoms(sympy.Pow)):
        return None
    solved = solve(g, x)
    if solved is None:
        return None
    title = "Power reduction: use the double-angle formulas to turn powers into sums of cosines"
    return _rewritten("power_reduction", title, f, x, g, x, solved, solved[1])


def product_to_sum(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin(ax)·cos(bx) and friends with different angles: turn the product into a sum."""
    trig = [a for a in sympy.Mul.make_args(f) if a.has(x)]
    angles = {a.as_base_exp()[0].args[0] for a in trig if isinstance(a.as_base_exp()[0], _TRIG)}
    if len(trig) < 2 or len(angles) < 2 or not all(
            isinstance(a.as_base_exp()[0], _TRIG) and a.as_base_exp()[1].is_Integer
            and a.as_base_exp()[1] > 0 for a in trig):
        return None
    if not all(angle.is_polynomial(x) and sympy.degree(angle, x) == 1 for angle in angles):
        return None
    found = _power_reduction(f, x, solve)
    if found is None:
        return None
    step, result = found
    title = "Product to sum: sin A·cos B = (sin(A−B) + sin(A+B))/2 and the like turn the " \
            "product into a sum of single sines and cosines"
    return replace(step, rule="product_to_sum", title=title), result


def hyperbolic_as_exponentials(f: sympy.Expr, x: sympy.Symbol,
                               solve: Solver) -> Rewritten | None:
    """x·sinh(x) and the like: write sinh and cosh with e^x and e^(−x), then integrate."""
    if not f.has(sympy.sinh, sympy.cosh) or not f.is_Mul:
        return None
    g = sympy.expand(f.rewrite(sympy.exp))
    solved = solve(g, x)
    if solved is None:
        return None
    # back from exponentials: e^a = cosh a + sinh a, and the e^(-a) terms cancel in pairs
    result = sympy.expand(solved[1].replace(sympy.exp, lambda a: sympy.cosh(a) + sympy.sinh(a)))
    title = "Write sinh and cosh with exponentials: sinh x = (eˣ − e⁻ˣ)/2, cosh x = (eˣ + e⁻ˣ)/2"
    return _rewritten("exponentials", title, f, x, g, x, solved, result)


_REDUCIBLE = {sympy.sec: "sec", sympy.csc: "csc", sympy.tan: "tan", sympy.cot: "cot"}


def reduction_formula(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·sec^n, c·csc^n (n ≥ 3) and c·tan^n, c·cot^n (n ≥ 2): lower the power by two."""
    coeff, rest = f.as_independent(x, as_Add=False)
    base, n = rest.as_base_exp()
    if not (isinstance(base, tuple(_REDUCIBLE)) and n.is_Integer and base.args[0] == x):
        return None
    n = int(n)
    if n < (3 if isinstance(base, (sympy.sec, sympy.csc)) else 2):
        return None
    head, factor = _reduction_terms(base.func, x, n)
    solved = _table_integral(base.func, x, n - 2) or solve(base.func(x) ** (n - 2), x)
    if solved is None:
        return None
    result = sympy.expand(coeff * (head + factor * solved[1]))
    name = _REDUCIBLE[base.func]
    title = (f"Reduction formula for powers of {name}: the integral of {words(rest)} "
             f"is written with the integral of {words(base.func(x) ** (n - 2))}")
    lower = base.func(x) ** (n - 2)
    step = step_for("reduction_formula", title, f, x, result, solved[0])
    middle = rf"{tex(coeff * head)} + {tex(coeff * factor)} {integral_latex(lower, x)}"
    return replace(step, after=f"{middle} = {step.after}"), result


_FIRST_POWERS = {
    # ∫f dx for the four functions whose powers reduce; the step engine is slow on these
    sympy.sec: (lambda x: sympy.log(sympy.Abs(sympy.sec(x) + sympy.tan(x))),
                "sec integrates to ln|sec + tan| (multiply by (sec + tan)/(sec + tan))"),
    sympy.csc: (lambda x: -sympy.log(sympy.Abs(sympy.csc(x) + sympy.cot(x))),
                "csc integrates to −ln|csc + cot| (multiply by (csc + cot)/(csc + cot))"),
    sympy.tan: (lambda x: -sympy.log(sympy.Abs(sympy.cos(x))),
                "tan = sin/cos integrates to −ln|cos|"),
    sympy.cot: (lambda x: sympy.log(sympy.Abs(sympy.sin(x))),
                "cot = cos/sin integrates to ln|sin|"),
}


def _table_integral(func, x: sympy.Symbol, power: int) -> Solved | None:
    """∫func(x)^power dx from the table when power is 0 or 1, else None."""
    if power == 0:
        return [step_for("constant", "A constant integrates to the constant times x",
                         sympy.S.One, x, x)], x
    if power != 1:
        return None
    make, sentence = _FIRST_POWERS[func]
    result = make(x)
    return [step_for("trig", sentence, func(x), x, result)], result


def _reduction_terms(func, x: sympy.Symbol, n: int) -> tuple[sympy.Expr, sympy.Expr]:
    """(head, factor) with ∫f^n = head + factor·∫f^(n-2)."""
    if func is sympy.sec:
        return sympy.sec(x) ** (n - 2) * sympy.tan(x) / (n - 1), sympy.Rational(n - 2, n - 1)
    if func is sympy.csc:
        return -sympy.csc(x) ** (n - 2) * sympy.cot(x) / (n - 1), sympy.Rational(n - 2, n - 1)
    if func is sympy.tan:
        return sympy.tan(x) ** (n - 1) / (n - 1), sympy.S.NegativeOne
    return -sympy.cot(x) ** (n - 1) / (n - 1), sympy.S.NegativeOne


def partial_fractions(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A rational function: split it into simple fractions with ``apart``."""
    if not f.is_rational_function(x) or f.is_polynomial(x):
        return None
    g = sympy.apart(sympy.together(f), x)
    if g == f or len(sympy.Add.make_args(g)) < 2:
        return None
    solved = solve(g, x)
    if solved is None:
        return None
    title = "Partial fractions: split the rational function into simple fractions"
    return _rewritten("partial_fractions", title, f, x, g, x, solved, solved[1])


def _quadratics(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    out = []
    for node in sympy.preorder_traversal(f):
        if node.is_Add and node.has(x) and node.is_polynomial(x) and sympy.degree(node, x) == 2:
            out.append(node)
    return out


def complete_square(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A quadratic with a linear term: write it as a(x − h)² + k and shift u = x − h."""
    for q in _quadratics(f, x):
        a, b, c = sympy.Poly(q, x).all_coeffs()
        if b == 0:
            continue
        h, k = -b / (2 * a), c - b**2 / (4 * a)
        u = fresh_symbol(f)
        shown = f.xreplace({q: a * u**2 + k}).subs(x, u + h)
        if shown.has(x):
            continue
        title = (f"Complete the square: {words(q)} = {words(a * (x - h) ** 2 + k)}, "
                 f"then shift {u} = {words(x - h)}")
        return _substitute(f, x, u, x - h, sympy.S.One, sympy.simplify(shown), solve,
                           "complete_square", title)
    return None


def root_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """√(a·x² + c) with x·dx to spare: substitute u = √(a·x² + c), so u du = a·x dx.

    When f(x)/x depends on x only through x², this works on both sides of 0 (unlike
    an arcsec or arccos answer, which holds on one side only).
    """
    halves = (sympy.S.Half, -sympy.S.Half)
    for q in {p.base for p in f.atoms(sympy.Pow) if p.exp in halves and p.has(x)}:
        root = sympy.sqrt(q)
        if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
            continue
        a, b, c = sympy.Poly(q, x).all_coeffs()
        if b != 0:
            continue
        u = fresh_symbol(f)
        shown = sympy.expand(f.xreplace({root: u, 1 / root: 1 / u}) * u / (a * x))
        shown = sympy.simplify(shown.subs(x**2, (u**2 - c) / a))
        if shown.has(x):
            continue
        title = (f"Substitute {u} = {words(root)}: then {u}² = {words(q)}, so "
                 f"{u} d{u} = {words(a * x)} dx and only {u} is left")
        return _substitute(f, x, u, root, sympy.S.One, shown, solve, "substitution", title)
    return None


def gaussian(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A bell curve e^(-(x − μ)²/(2σ²)): standardise with z = (x − μ)/σ."""
    for power in f.atoms(sympy.exp):
        q = power.args[0]
        if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
            continue
        a, b, _ = sympy.Poly(q, x).all_coeffs()
        if a.is_positive or a.is_zero:
            continue
        mu = -b / (2 * a)
        # any s with s² = -1/(2a) is a valid scale; drop |·| so σ stays σ
        sigma = sympy.sqrt(-1 / (2 * a)).replace(sympy.Abs, lambda e: e)
        z = fresh_symbol(f, "z")
        shown = sympy.expand(f.subs(x, mu + sigma * z), power_exp=False)
        shown = shown.replace(sympy.exp, lambda e: sympy.exp(sympy.expand(e)))
        if shown.has(x):
            continue
        title = (f"Standardise the bell curve: substitute {z} = (x − μ)/σ, here "
                 f"{z} = {words((x - sympy.simplify(mu)) / sigma)}")
        return _substitute(f, x, z, (x - mu) / sigma, sigma, shown, solve, "gaussian", title)
    return None


def piecewise(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """|x|, max, ReLU, steps: integrate each piece, then join them continuously."""
    kinds = (sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise)
    if not f.has(*kinds):
        return None
    g = sympy.piecewise_fold(f.rewrite(sympy.Piecewise))
    if not isinstance(g, sympy.Piecewise):
        return None
    steps: list[Step] = []
    for value, _cond in g.args:
        solved = solve(value, x)
        if solved is None:
            return None
        steps.extend(solved[0])
    # sympy picks the constants on each piece so that the pieces join up continuously
    result = sympy.integrate(g, x)
    if result.has(sympy.Integral):
        return None
    title = ("Split into pieces, integrate each one, and choose the constants so the "
             "pieces join without a jump")
    return _rewritten("piecewise", title, f, x, g, x, (steps, result), result)


def softplus_integral(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·ln(1 + e^(ax+b)), the softplus: it integrates to the dilogarithm -Li₂(-e^(ax+b))/a."""
    coeff, rest = f.as_independent(x, as_Add=False)
    if not isinstance(rest, sympy.log):
        return None
    inner = rest.args[0]
    power = inner - 1
    if not (isinstance(power, sympy.exp) and _is_linear(power.args[0], x)):
        return None
    slope = sympy.diff(power.args[0], x)
    result = -coeff * sympy.polylog(2, -power) / slope
    title = ("Softplus has no elementary antiderivative: expanding ln(1 + t) as a power "
             "series and integrating term by term gives the dilogarithm -Li₂(-t)")
    return step_for("special_function", title, f, x, result), result


def _is_linear(arg: sympy.Expr, x: sympy.Symbol) -> bool:
    return arg.is_polynomial(x) and sympy.degree(arg, x) == 1


# In the order they are tried: cheap, specific patterns first.
REWRITES: tuple[tuple[str, Rewrite], ...] = (
    ("piecewise", piecewise),
    ("trig_powers", trig_powers),
    ("reduction_formula", reduction_formula),
    ("gaussian", gaussian),
    ("softplus", softplus_integral),
    ("product_to_sum", product_to_sum),
    ("linear_substitution", linear_substitution),
    ("root_substitution", root_substitution),
    ("exponentials", hyperbolic_as_exponentials),
    ("partial_fractions", partial_fractions),
    ("complete_square", complete_square),
    ("repeated_parts", tabular_parts),
)
