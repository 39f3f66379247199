"""Scripts for the Explore, Derivatives, Integrals and Sums labs (see :mod:`workbench.codegen`)."""

from __future__ import annotations

import math

from workbench.codegen.printer import CodegenError, float_literal
from workbench.codegen.script import Names, Script
from workbench.protocol.syntax.tree import Node, symbols_of

RULES = ("left", "right", "midpoint", "trapezoid", "simpson")
#: The steps of the error-vs-h table: 10^-1 ... 10^-12.
TABLE_POWERS = (1, 12)
_SAMPLES = {
    "left": ("the left end of each piece", "heights = f(lefts)"),
    "right": ("the right end of each piece", "heights = f(rights)"),
    "midpoint": ("the middle of each piece", "heights = f((lefts + rights) / 2)"),
    "trapezoid": ("the mean of the two ends (trapezoids)",
                  "heights = (f(lefts) + f(rights)) / 2"),
}


def label_number(value: float) -> str:
    """A number for a printed label: ``1`` for 1.0, else the float's repr."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return float_literal(value)


def function_block(script: Script, names: Names, tree: Node, name: str = "f",
                   params: str | None = None, declare: bool = True) -> None:
    """``f_expr`` for SymPy and ``def f(...)`` for NumPy, both printed from ``tree``
    (after the symbols' declarations unless ``declare`` is False)."""
    script.need("np", "sp")
    if declare:
        script.section("The function, exactly for SymPy and in floating point for NumPy")
        names.declare_symbols(script)
    script.line(f"{name}_expr = {names.sympy(tree)}")
    script.blank(2)
    script.line(f"def {name}({params or names.args()}):")
    script.line(f'"""{name} with NumPy: the arguments may be numbers or arrays."""', 4)
    script.line(f"return {names.numpy(tree)}", 4)
    script.blank(2)


def _one_variable(tree: Node, var: str) -> Names:
    extra = symbols_of(tree) - {var}
    if extra:
        raise CodegenError(f"the function may use only {var}, not {', '.join(sorted(extra))}")
    return Names([var])


def derivative_script(tree: Node, var: str = "x", at: float | None = None, order: int = 1,
                      h: float = 1e-5) -> str:
    """SymPy's exact derivative; at ``at``, its value beside NumPy's forward and central
    differences with step ``h`` and a table of their errors for h = 10^-1 ... 10^-12."""
    if not isinstance(order, int) or not 1 <= order <= 10:
        raise CodegenError("the order must be a whole number from 1 to 10")
    names = _one_variable(tree, var) if at is not None else Names(sorted(symbols_of(tree)
                                                                          | {var}))
    script = Script("The derivative, exactly with SymPy and numerically with NumPy")
    function_block(script, names, tree)
    x, primes = names[var], "'" * order if order <= 3 else f"^({order})"
    script.section("SymPy's exact derivative, by the rules of differentiation")
    script.line(f"df_expr = sp.diff(f_expr, {x}{'' if order == 1 else f', {order}'})")
    script.line(f'print("f{primes}({x}) =", df_expr)')
    if at is None:
        return script.text()
    label = f"f{primes}({label_number(at)})"
    script.section("Its value at the point: worked out to 30 digits, then rounded to a float")
    script.line(f"point = {float_literal(at)}")
    script.line(f"value = df_expr.subs({x}, sp.Rational(point)).evalf(30)")
    script.line('exact = float(value) if value.is_real else float("nan")  # nan: undefined there')
    script.line(f'report("{label}", exact)')
    if order == 1:
        _differences(script, h)
    return script.text()


def _differences(script: Script, h: float) -> None:
    script.section("Difference quotients with a small step h: forward (f(a+h) - f(a)) / h "
                   "and central (f(a+h) - f(a-h)) / 2h")
    script.line(f"step = {float_literal(h)}")
    script.line("forward = (f(point + step) - f(point)) / step")
    script.line("central = (f(point + step) - f(point - step)) / (2 * step)")
    script.lines(['report("forward difference", forward)',
                  'report("central difference", central)',
                  'report("forward error", abs(forward - exact))',
                  'report("central error", abs(central - exact))'])
    script.section("Error against h: the truncation error shrinks with h (like h for forward, "
                   "h^2 for central) until rounding errors, growing like 1/h, take over")
    low, high = TABLE_POWERS
    script.line('print(f"{\'h\':>8}  {\'forward error\':>24}  {\'central error\':>24}")')
    script.line(f"for step in 10.0 ** -np.arange({low}, {high + 1}):")
    script.lines(["forward = (f(point + step) - f(point)) / step",
                  "central = (f(point + step) - f(point - step)) / (2 * step)",
                  ('print(f"{step:8.0e}  {abs(forward - exact):24.17g}  '
                   '{abs(central - exact):24.17g}")')], 4)


def integral_script(tree: Node, var: str = "x", a: Node | None = None, b: Node | None = None,
                    rule: str | None = None, n: int | None = None) -> str:
    """SymPy's antiderivative; with bounds ``a``, ``b`` (trees) the exact definite integral,
    ``scipy.integrate.quad`` with its error estimate, and with ``rule`` and ``n`` the
    Riemann sum in NumPy (rules as the engine's ``riemann_sum``)."""
    names = _one_variable(tree, var)
    if (a is None) != (b is None):
        raise CodegenError("give both bounds or neither")
    script = Script("The integral, exactly with SymPy and numerically with NumPy and SciPy")
    function_block(script, names, tree)
    x = names[var]
    script.section("SymPy's antiderivative (the constant of integration left out)")
    script.line(f"antideriv = sp.integrate(f_expr, {x})")
    script.line(f'print("F({x}) =", antideriv)')
    if a is None or b is None:
        return script.text()
    script.need("integrate")
    bounds = Names([])
    script.section("The bounds, for NumPy and SciPy")
    script.line(f"lower, upper = {bounds.numpy(a)}, {bounds.numpy(b)}")
    script.section("The exact definite integral: F(upper) - F(lower)")
    script.line(f"exact = sp.integrate(f_expr, ({x}, {bounds.sympy(a)}, {bounds.sympy(b)}))")
    script.line('print("exact =", exact)')
    _report_exact(script, "exact value")
    script.section("scipy.integrate.quad: adaptive Gauss-Kronrod quadrature, which also "
                   "estimates its own error")
    script.line("value, error = integrate.quad(f, lower, upper)")
    script.lines(['report("quad value", value)', 'report("quad error estimate", error)'])
    if rule is not None and n is not None:
        if _has_infinity(a) or _has_infinity(b):
            raise CodegenError("a Riemann sum needs finite bounds")
        riemann_block(script, rule, n)
    return script.text()


def _has_infinity(tree: Node) -> bool:
    if tree == ("const", "oo"):
        return True
    return any(isinstance(child, tuple) and _has_infinity(child) for child in tree[1:])


def _report_exact(script: Script, label: str, name: str = "exact") -> None:
    script.line(f"if {name}.is_number and {name}.is_finite:")
    script.line(f'report("{label}", sp.N({name}, 30))', 4)


def riemann_block(script: Script, rule: str, n: int) -> None:
    """The Riemann sum of ``f`` over [lower, upper] with ``n`` pieces, as the engine sums it."""
    if rule not in RULES:
        raise CodegenError(f"unknown rule {rule!r:.20}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1 or (rule == "simpson" and n % 2):
        raise CodegenError("the number of pieces must be a whole number >= 1 (even for simpson)")
    where = "parabolas through pairs of pieces (Simpson)" if rule == "simpson" \
        else _SAMPLES[rule][0]
    script.section(f"The {rule} Riemann sum with {n} pieces of equal width: heights from "
                   f"{where}")
    script.line(f"pieces = {n}")
    script.line("edges = np.linspace(lower, upper, pieces + 1)")
    if rule == "simpson":
        script.line("lefts, rights = edges[:-2:2], edges[2::2]")
        script.line("heights = (f(lefts) + 4 * f((lefts + rights) / 2) + f(rights)) / 6")
    else:
        script.line("lefts, rights = edges[:-1], edges[1:]")
        script.line(_SAMPLES[rule][1])
    script.line("riemann = np.sum(heights * (rights - lefts))")
    script.line(f'report("{rule} sum (n = {n})", riemann)')


def double_integral_script(tree: Node, inner: tuple[str, Node, Node],
                           outer: tuple[str, Node, Node]) -> str:
    """The integral over ``inner = (y, c, d)`` first (its bounds may use the outer
    variable), then over ``outer = (x, a, b)``: SymPy exactly, ``scipy.integrate.dblquad``
    numerically, as the engine's ``double_integral``."""
    (y, c, d), (x, a, b) = inner, outer
    if y == x:
        raise CodegenError("the two variables must differ")
    extra = symbols_of(tree) - {x, y}
    extra |= (symbols_of(c) | symbols_of(d)) - {x}
    extra |= symbols_of(a) | symbols_of(b)
    if extra:
        raise CodegenError(f"unexpected names: {', '.join(sorted(extra))}")
    names = Names([x, y])
    script = Script("A double integral, exactly with SymPy and numerically with SciPy",
                    ("np", "sp", "integrate"))
    function_block(script, names, tree, params=f"{names[y]}, {names[x]}")
    script.section(f"Exactly: the inner integral over {names[y]} first, then the outer one "
                   f"over {names[x]}")
    script.line(f"inner = sp.integrate(f_expr, ({names[y]}, {names.sympy(c)}, "
                f"{names.sympy(d)}))")
    script.line(f"exact = sp.integrate(inner, ({names[x]}, {names.sympy(a)}, "
                f"{names.sympy(b)}))")
    script.line('print("exact =", exact)')
    _report_exact(script, "exact value")
    script.section(f"scipy.integrate.dblquad: f takes the inner variable first; the outer "
                   f"range is a number pair, the inner one two functions of {names[x]}")
    lam = f"lambda {names[x]}:"
    script.line(f"value, error = integrate.dblquad(f, {names.numpy(a)}, {names.numpy(b)}, "
                f"{lam} {names.numpy(c)}, {lam} {names.numpy(d)})")
    script.lines(['report("dblquad value", value)', 'report("dblquad error estimate", error)'])
    return script.text()


def series_script(term: Node, index: str = "k", lo: Node = ("num", "1"),
                  hi: Node = ("num", "10"), kind: str = "sum") -> str:
    """A sum (``kind="sum"``) or product of ``term`` for index = lo ... hi: as a loop, with
    ``np.sum``/``np.prod``, and SymPy's closed form (``hi`` may be ``oo`` or a symbol)."""
    if kind not in ("sum", "product"):
        raise CodegenError("kind is sum or product")
    limit_names = symbols_of(hi) | symbols_of(lo)
    if symbols_of(term) - {index} - limit_names or symbols_of(lo):
        raise CodegenError("the term may use only the index and the upper limit's name")
    names = Names([index, *sorted(limit_names - {index})])
    script = Script(f"A {kind}, term by term with NumPy and in closed form with SymPy")
    script.need("np", "sp")
    script.section("The term, exactly for SymPy and in floating point for NumPy")
    k = names[index]
    script.line(f"{k} = sp.Symbol({_quoted(index)}, integer=True)")
    for other in names:
        if other != index:
            script.line(f"{names[other]} = sp.Symbol({_quoted(other)}, integer=True, "
                        "positive=True)")
    script.line(f"term_expr = {names.sympy(term)}")
    script.blank(2)
    script.line(f"def term({k}):")
    script.line('"""The term with NumPy (k may be a number or an array of floats)."""', 4)
    script.line(f"return {names.numpy(term)}", 4)
    script.blank(2)
    function = "summation" if kind == "sum" else "product"
    script.section(f"SymPy's closed form: sp.{function}")
    script.line(f"closed = sp.{function}(term_expr, ({k}, {names.sympy(lo)}, "
                f"{names.sympy(hi)}))")
    script.line('print("closed form =", closed)')
    _report_exact(script, "exact value", "closed")
    _series_numbers(script, kind, k, lo, hi)
    return script.text()


def _quoted(name: str) -> str:
    from workbench.codegen.printer import symbol_name

    return symbol_name(name)


def _integer(node: Node) -> int | None:
    if node[0] == "num" and str(node[1]).isdigit():
        return int(node[1])
    if node[0] == "neg" and node[1][0] == "num" and str(node[1][1]).isdigit():
        return -int(node[1][1])
    return None


def _series_numbers(script: Script, kind: str, k: str, lo: Node, hi: Node) -> None:
    start, stop = _integer(lo), _integer(hi)
    if start is None:
        raise CodegenError("the lower limit must be a whole number")
    neutral, update, vector = (("0.0", "+=", "np.sum") if kind == "sum"
                               else ("1.0", "*=", "np.prod"))
    if stop is None:
        if hi != ("const", "oo"):
            return  # a symbolic upper limit: the closed form is the answer
        script.section("Partial sums up to 10^6 terms: watch them settle (or not)")
        script.line(f"terms = term(np.arange({start}, {start} + 10**6, dtype=float))")
        script.line(f"partial = np.{'cumsum' if kind == 'sum' else 'cumprod'}(terms)")
        script.line("for count in (10, 100, 1000, 10**4, 10**5, 10**6):")
        script.line(f'report(f"partial {kind} of {{count}} terms", partial[count - 1])', 4)
        return
    if stop - start > 10**7:
        raise CodegenError("too many terms to add one by one")
    script.section(f"The {kind} as a loop, one term at a time")
    script.line(f"total = {neutral}")
    script.line(f"for {k} in range({start}, {stop + 1}):")
    script.line(f"total {update} term(float({k}))", 4)
    script.line(f'report("loop {kind}", total)')
    script.section(f"All the terms at once, with {vector} (a constant term still gives one "
                   "value per index)")
    script.line(f"indices = np.arange({start}, {stop + 1}, dtype=float)")
    script.line(f'report("{vector}", {vector}(term(indices) * np.ones_like(indices)))')


def explore_script(tree: Node, var: str = "x", lo: float = -10.0, hi: float = 10.0,
                   points: tuple[float, ...] = (), samples: int = 1001) -> str:
    """The Explore lab's curve: ``f`` sampled with NumPy on [lo, hi] (``samples`` points),
    its values at ``points``, the sampled extremes, and a commented matplotlib plot."""
    names = _one_variable(tree, var)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise CodegenError("the range must be two finite numbers, the first below the second")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 2 <= samples <= 10**7:
        raise CodegenError("samples must be a whole number from 2 to 10^7")
    script = Script("A function, sampled with NumPy (and drawn with matplotlib if you like)")
    function_block(script, names, tree)
    x = names[var]
    if points:
        script.section("Values at chosen points")
        for value in points:
            script.line(f'report("f({label_number(value)})", f({float_literal(value)}))')
    script.section(f"Sample f at {samples} evenly spaced points; undefined points give nan")
    script.line(f"xs = np.linspace({float_literal(lo)}, {float_literal(hi)}, {samples})")
    script.line("with np.errstate(all=\"ignore\"):")
    script.line("ys = f(xs) * np.ones_like(xs)  # a constant f still gives one value per x", 4)
    script.line("defined = np.isfinite(ys)")
    script.line("if defined.any():")
    script.lines(['report("smallest sampled value", ys[defined].min())',
                  'report("largest sampled value", ys[defined].max())'], 4)
    script.section("Draw it (uncomment if matplotlib is installed)")
    for line in ("import matplotlib.pyplot as plt", f'plt.plot(xs, ys, label="f({x})")',
                 f'plt.xlabel("{x}")', "plt.legend()", "plt.show()"):
        script.commented(line)
    return script.text()
