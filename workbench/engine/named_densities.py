"""The densities machine learning uses, with their facts in closed form.

``Family`` holds one named density with its parameters: the normalised pdf, its
support, mean and variance (None where they do not exist, as for Cauchy), its CDF, its
quantile function and its moment generating function with the t where it is finite.
:mod:`workbench.engine.density_match` recognises these shapes in what a student typed;
answering from the table is exact and takes milliseconds where an integral takes
seconds (or, for the Cauchy mean, gives a wrong 0 by symmetry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import Rational, exp, log, pi, sqrt

Expr = sympy.Expr


def latex_ln(expr: Expr) -> str:
    """LaTeX with ln for the natural logarithm."""
    return sympy.latex(expr, ln_notation=True)
_HALF = Rational(1, 2)


@dataclass(frozen=True)
class Family:
    """One named density with its parameter values (numbers or symbols)."""

    name: str  # "normal"
    params: tuple[tuple[str, Expr], ...]  # (LaTeX name, value) in the usual order
    x: sympy.Symbol
    pdf: Expr
    lo: Expr
    hi: Expr
    mean: Expr | None  # None: E[X] does not exist
    variance: Expr | None  # None: Var X does not exist (or is infinite)
    cdf: Expr  # F(x) on the support
    quantile: Callable[[Expr], Expr | None]  # p -> x_p in closed form, None if none
    mgf: Callable[[Expr], Expr | None] | None  # t -> E[e^{tX}], None where infinite;
    # the callable itself is None where there is no short closed form (beta: integrate)
    mgf_domain: str  # LaTeX: the t where the MGF is finite

    def describe(self) -> str:
        """"the normal density with μ = 1, σ = 2" in LaTeX."""
        values = ", ".join(f"{name} = {latex_ln(value)}" for name, value in self.params)
        return rf"\text{{the {self.name} density with }} {values}" if values \
            else rf"\text{{the {self.name} density}}"


def normal(x: sympy.Symbol, mu: Expr, sigma: Expr) -> Family:
    """N(μ, σ²)."""
    z = (x - mu) / sigma
    return Family("normal", ((r"\mu", mu), (r"\sigma", sigma)), x,
                  exp(-z ** 2 / 2) / (sigma * sqrt(2 * pi)), -sympy.oo, sympy.oo, mu,
                  sigma ** 2, (1 + sympy.erf(z / sqrt(2))) / 2,
                  lambda p: mu + sigma * sqrt(2) * sympy.erfinv(2 * p - 1),
                  lambda t: exp(mu * t + sigma ** 2 * t ** 2 / 2), r"\text{every } t")


def exponential(x: sympy.Symbol, lam: Expr) -> Family:
    """Exponential with rate λ on [0, ∞)."""
    return Family("exponential", ((r"\lambda", lam),), x, lam * exp(-lam * x), sympy.Integer(0),
                  sympy.oo, 1 / lam, 1 / lam ** 2, 1 - exp(-lam * x),
                  lambda p: -log(1 - p) / lam,
                  lambda t: lam / (lam - t) if _below(t, lam) else None,
                  rf"t < {latex_ln(lam)}")


def gamma(x: sympy.Symbol, k: Expr, rate: Expr) -> Family:
    """Gamma with shape k and rate β on [0, ∞) (k = 1 is the exponential)."""
    cdf = sympy.lowergamma(k, rate * x) / sympy.gamma(k)
    if k.is_Integer:  # for whole k the CDF is elementary: 1 - e^{-βx} Σ (βx)^j / j!
        cdf = sympy.simplify(sympy.expand_func(cdf))
    return Family("gamma", (("k", k), (r"\beta", rate)), x,
                  rate ** k * x ** (k - 1) * exp(-rate * x) / sympy.gamma(k), sympy.Integer(0),
                  sympy.oo, k / rate, k / rate ** 2, cdf, lambda p: None,
                  lambda t: (1 - t / rate) ** (-k) if _below(t, rate) else None,
                  rf"t < {latex_ln(rate)}")


def beta(x: sympy.Symbol, a: Expr, b: Expr) -> Family:
    """Beta(α, β) on [0, 1]."""
    pdf = x ** (a - 1) * (1 - x) ** (b - 1) / sympy.beta(a, b)
    if a.is_Integer and b.is_Integer:  # a polynomial: its CDF is one too
        pdf = sympy.expand(sympy.expand_func(pdf))
        t = sympy.Dummy("t")
        cdf = sympy.factor(sympy.integrate(pdf.subs(x, t), (t, 0, x)))
    else:
        cdf = sympy.betainc_regularized(a, b, 0, x)
    return Family("beta", ((r"\alpha", a), (r"\beta", b)), x, pdf, sympy.Integer(0),
                  sympy.Integer(1), a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1)), cdf,
                  lambda p: None, None, r"\text{every } t")


def uniform(x: sympy.Symbol, a: Expr, b: Expr) -> Family:
    """Uniform on [a, b]."""
    return Family("uniform", (("a", a), ("b", b)), x, 1 / (b - a), a, b, (a + b) / 2,
                  (b - a) ** 2 / 12, (x - a) / (b - a), lambda p: a + p * (b - a),
                  lambda t: sympy.Integer(1) if t == 0 else
                  (exp(t * b) - exp(t * a)) / (t * (b - a)), r"\text{every } t")


def laplace(x: sympy.Symbol, mu: Expr, b: Expr) -> Family:
    """Laplace (double exponential) with centre μ and scale b."""
    cdf = sympy.Piecewise((exp((x - mu) / b) / 2, x < mu), (1 - exp(-(x - mu) / b) / 2, True))
    return Family("Laplace", ((r"\mu", mu), ("b", b)), x, exp(-sympy.Abs(x - mu) / b) / (2 * b),
                  -sympy.oo, sympy.oo, mu, 2 * b ** 2, cdf,
                  lambda p: mu + b * log(2 * p) if p <= _HALF else mu - b * log(2 - 2 * p),
                  lambda t: exp(mu * t) / (1 - b ** 2 * t ** 2) if _below(abs(t), 1 / b)
                  else None, rf"|t| < {latex_ln(1 / b)}")


def cauchy(x: sympy.Symbol, x0: Expr, g: Expr) -> Family:
    """Cauchy with centre x₀ and scale γ: no mean, no variance, no MGF except at t = 0."""
    return Family("Cauchy", (("x_0", x0), (r"\gamma", g)), x,
                  1 / (pi * g * (1 + ((x - x0) / g) ** 2)), -sympy.oo, sympy.oo, None, None,
                  _HALF + sympy.atan((x - x0) / g) / pi,
                  lambda p: x0 + g * sympy.tan(pi * (p - _HALF)),
                  lambda t: sympy.Integer(1) if t == 0 else None, r"t = 0 \text{ only}")


def logistic(x: sympy.Symbol, mu: Expr, s: Expr) -> Family:
    """Logistic with centre μ and scale s: its CDF is the sigmoid σ((x − μ)/s), its pdf σ′."""
    z = (x - mu) / s
    return Family("logistic", ((r"\mu", mu), ("s", s)), x,
                  exp(-z) / (s * (1 + exp(-z)) ** 2), -sympy.oo, sympy.oo, mu,
                  s ** 2 * pi ** 2 / 3, 1 / (1 + exp(-z)),
                  lambda p: mu + s * log(p / (1 - p)),
                  lambda t: (exp(mu * t) * pi * s * t / sympy.sin(pi * s * t) if t != 0
                             else sympy.Integer(1)) if _below(abs(t), 1 / s) else None,
                  rf"|t| < {latex_ln(1 / s)}")


def _below(t: Expr, limit: Expr) -> bool:
    """t < limit for numbers; for a letter in the limit, True (the formula carries it)."""
    verdict = sympy.Lt(t, limit)
    return verdict is not sympy.false

