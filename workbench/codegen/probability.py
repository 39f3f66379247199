"""The Probability lab's script: P(a < X < b), E[g(X)] by quadrature, scipy.stats, Monte Carlo."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.codegen.calculus import function_block
from workbench.codegen.printer import CodegenError, float_literal
from workbench.codegen.script import Names, Script
from workbench.protocol.syntax.tree import Node, symbols_of

#: scipy.stats distributions a density may be named as, with the parameters each takes.
NAMED: dict[str, tuple[str, ...]] = {
    "norm": ("loc", "scale"),
    "expon": ("loc", "scale"),
    "uniform": ("loc", "scale"),
    "laplace": ("loc", "scale"),
    "logistic": ("loc", "scale"),
    "gamma": ("a", "loc", "scale"),
    "beta": ("a", "b", "loc", "scale"),
}
_WHOLE_LINE: tuple[Node, Node] = (("neg", ("const", "oo")), ("const", "oo"))


@dataclass(frozen=True)
class Named:
    """A density scipy.stats knows: ``name`` from :data:`NAMED` and its parameters."""

    name: str
    params: Mapping[str, float] = field(default_factory=dict)

    def code(self) -> str:
        """``stats.norm(loc=0.0, scale=1.0)``; CodegenError for anything unknown."""
        if self.name not in NAMED:
            raise CodegenError(f"scipy.stats names here: {', '.join(NAMED)}")
        unknown = set(self.params) - set(NAMED[self.name])
        if unknown:
            raise CodegenError(f"{self.name} takes {', '.join(NAMED[self.name])}")
        args = []
        for key in NAMED[self.name]:
            if key in self.params:
                value = self.params[key]
                if isinstance(value, bool) or not isinstance(value, (int, float)) \
                        or not math.isfinite(value):
                    raise CodegenError(f"{key} must be a finite number")
                args.append(f"{key}={float_literal(value)}")
        return f"stats.{self.name}({', '.join(args)})"


def probability_script(pdf: Node, var: str = "x", a: Node | None = None, b: Node | None = None,
                       support: tuple[Node, Node] = _WHOLE_LINE, g: Node | None = None,
                       named: Named | None | bool = None, seed: int = 0,
                       samples: int = 100_000, g_whole_support: bool = False) -> str:
    """P(a < X < b) (the whole support when ``a``/``b`` are None) and, with ``g``, E[g(X)]
    for the density ``pdf`` on ``support`` (bounds clipped to it, as the engine's
    ``probability``/``expectation``): SymPy exactly, ``scipy.integrate.quad``,
    ``scipy.stats`` when ``named`` (by default: what :func:`recognise` finds), and a Monte
    Carlo estimate with ``seed``. ``named=False`` keeps scipy.stats out. With
    ``g_whole_support``, E[g(X)] is over the whole support (as the Probability lab shows
    it) rather than over the interval."""
    bounds = _checked(pdf, var, a, b, support, g, seed, samples)
    if named is None or named is True:
        named = recognise(pdf, var, support)
    elif named is False:
        named = None
    names, plain = Names([var]), Names([])
    script = Script("A probability density: integrals with SciPy and SymPy, and Monte Carlo",
                    ("np", "sp", "integrate"))
    function_block(script, names, pdf, name="pdf")
    if g is not None:
        function_block(script, names, g, name="g", declare=False)
    x = names[var]
    script.section("The support of the density, and the interval asked about (clipped to it)")
    script.line(f"lo, hi = {plain.numpy(support[0])}, {plain.numpy(support[1])}")
    script.line(f"lower, upper = max({plain.numpy(bounds[2])}, lo), "
                f"min({plain.numpy(bounds[3])}, hi)")
    script.section("A density is never negative and has total probability 1 over its support")
    script.line("total, total_error = integrate.quad(pdf, lo, hi)")
    script.line('report("total probability", total)')
    script.section("P(lower < X < upper): the area under the density, exactly and by quad")
    script.line(f"exact = sp.integrate(pdf_expr, ({x}, sp.Max({plain.sympy(bounds[2])}, "
                f"{plain.sympy(support[0])}), sp.Min({plain.sympy(bounds[3])}, "
                f"{plain.sympy(support[1])})))")
    script.line('print("P exactly =", exact)')
    script.line("prob, prob_error = integrate.quad(pdf, lower, upper)")
    script.lines(['report("P(lower < X < upper)", prob)', ('report("quad error estimate", '
                  'prob_error)')])
    if g is not None:
        over = "the whole support" if g_whole_support else "the interval"
        script.section(f"E[g(X)]: the integral of g times the density over {over}")
        script.line(f"expect, expect_error = integrate.quad(lambda {x}: g({x}) * pdf({x}), "
                    f"{'lo, hi' if g_whole_support else 'lower, upper'})")
        script.line('report("E[g(X)]", expect)')
    if named is not None:
        _named(script, named, g is not None, g_whole_support)
    _monte_carlo(script, named, (g is not None, g_whole_support), seed, samples, support)
    return script.text()


def _checked(pdf: Node, var: str, a: Node | None, b: Node | None,
             support: tuple[Node, Node], g: Node | None, seed: int, samples: int) -> list[Node]:
    """The four bounds (support, then the interval); CodegenError for anything unfit."""
    for tree in (pdf, g):
        if tree is not None and symbols_of(tree) - {var}:
            raise CodegenError(f"the density and g may use only {var}: give parameters values")
    bounds: list[Node] = [support[0], support[1], a or support[0], b or support[1]]
    if any(symbols_of(bound) for bound in bounds):
        raise CodegenError("the bounds must be numbers")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= 10**8:
        raise CodegenError("samples must be a whole number from 1 to 10^8")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise CodegenError("the seed must be a whole number >= 0")
    return bounds


def _named(script: Script, named: Named, with_g: bool, whole: bool = False) -> None:
    script.need("stats")
    script.section("The same with scipy.stats, which knows this distribution by name")
    script.line(f"dist = {named.code()}")
    script.line('report("scipy.stats P(lower < X < upper)", dist.cdf(upper) - dist.cdf(lower))')
    if with_g:
        limits = "lb=lo, ub=hi" if whole else "lb=lower, ub=upper"
        script.line(f'report("scipy.stats E[g(X)]", dist.expect(g, {limits}))')


def _monte_carlo(script: Script, named: Named | None, with_g: tuple[bool, bool], seed: int,
                 samples: int, support: tuple[Node, Node]) -> None:
    script.section(f"Monte Carlo: draw {samples} samples (seed {seed}, so the run repeats) and "
                   "count; the error shrinks like 1/sqrt(samples)")
    script.line(f"rng = np.random.default_rng({seed})")
    if named is not None:
        script.line(f"draws = dist.rvs(size={samples}, random_state=rng)")
    else:
        script.comment("Inverse-CDF sampling: tabulate the CDF on a fine grid over the support, "
                       "then turn uniform numbers into samples by reading it backwards")
        script.line(_grid(support))
        script.line("cells = (pdf(grid[1:]) + pdf(grid[:-1])) / 2 * np.diff(grid)")
        script.line("cdf = np.concatenate([[0.0], np.cumsum(cells)])")
        script.line(f"draws = np.interp(rng.random({samples}), cdf / cdf[-1], grid)")
    script.line("inside = (draws > lower) & (draws < upper)")
    script.line('report("Monte Carlo P(lower < X < upper)", np.mean(inside))')
    if with_g[0]:  # (g given, over the whole support)
        mean = "g(draws)" if with_g[1] else "np.where(inside, g(draws), 0.0)"
        script.line(f'report("Monte Carlo E[g(X)]", np.mean({mean}))')


def _grid(support: tuple[Node, Node]) -> str:
    """A grid over the support; an infinite end through x = tan(u), fine in the middle
    and sparse far out, so heavy tails are covered too."""
    low_infinite = support[0] == _WHOLE_LINE[0]
    high_infinite = support[1] == _WHOLE_LINE[1]
    if low_infinite and high_infinite:
        return "grid = np.tan(np.linspace(-np.pi / 2, np.pi / 2, 400_001)[1:-1])"
    if high_infinite:
        return "grid = lo + np.tan(np.linspace(0.0, np.pi / 2, 400_001)[:-1])"
    if low_infinite:
        return "grid = hi - np.tan(np.linspace(np.pi / 2, 0.0, 400_001)[1:])"
    return "grid = np.linspace(lo, hi, 400_001)"


def recognise(pdf: Node, var: str = "x",
              support: tuple[Node, Node] = _WHOLE_LINE) -> Named | None:
    """The scipy.stats distribution ``pdf`` is, if it is a uniform, exponential or normal
    density (with any numbers), else None.

    Found by values, not by the way it was written: a candidate is fitted to the density
    at a few points and must then agree at a few others to 1e-9.
    """
    from workbench.protocol.syntax import evaluate

    if symbols_of(pdf) - {var} or any(symbols_of(end) for end in support):
        return None
    try:
        lo, hi = (float(evaluate(end, {})) for end in support)

        def density(x: float) -> float:
            return float(evaluate(pdf, {var: x}))

        for candidate in (_uniform, _exponential, _normal):
            found = candidate(density, lo, hi)
            if found is not None:
                return found
    except (ArithmeticError, ValueError, TypeError, KeyError):
        return None
    return None


def _agrees(density, model, points) -> bool:
    return all(math.isclose(density(x), model(x), rel_tol=1e-9, abs_tol=1e-300)
               for x in points)


def _uniform(density, lo: float, hi: float) -> Named | None:
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        return None
    width = hi - lo
    points = [lo + width * k / 7 for k in range(1, 7)]
    if _agrees(density, lambda _: 1 / width, points):
        return Named("uniform", {"loc": lo, "scale": width})
    return None


def _exponential(density, lo: float, hi: float) -> Named | None:
    if not math.isfinite(lo) or hi != math.inf:
        return None
    rate = density(lo)
    if not (math.isfinite(rate) and rate > 0):
        return None
    points = [lo + k / (2 * rate) for k in range(1, 6)]
    if _agrees(density, lambda x: rate * math.exp(-rate * (x - lo)), points):
        return Named("expon", {"loc": lo, "scale": 1 / rate})
    return None


def _normal(density, lo: float, hi: float) -> Named | None:
    if lo != -math.inf or hi != math.inf:
        return None
    # ln p is a parabola a + b x + c x^2 for a normal density: fit it at -1, 0, 1
    logs = [math.log(density(x)) for x in (-1.0, 0.0, 1.0)]
    c = (logs[0] + logs[2]) / 2 - logs[1]
    if not c < 0:
        return None
    sigma = math.sqrt(-1 / (2 * c))
    mu = (logs[2] - logs[0]) / 2 * sigma**2
    points = [mu + sigma * k for k in (-2.0, -0.5, 0.7, 1.5, 2.5)]
    for loc, scale in ((_tidy(mu), _tidy(sigma)), (mu, sigma)):  # 1.0 rather than 0.99...98
        if _agrees(density, lambda x, loc=loc, scale=scale: math.exp(
                -((x - loc) / scale) ** 2 / 2) / (scale * math.sqrt(2 * math.pi)), points):
            return Named("norm", {"loc": loc, "scale": scale})
    return None


def _tidy(value: float) -> float:
    return float(f"{value:.12g}")
