"""The common identities of matrix calculus as checked facts at a chosen size n.

Each identity is expanded into components with sympy (symbols a₁ … aₙ, x₁ … xₙ, A₁₁ …),
differentiated entry by entry, and compared with the matrix formula; ``verified`` says
whether every entry of the difference simplifies to 0. Gradients are columns (the layout
in which ∂L/∂W has the shape of W).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine.layers.linalg import tex_index, tex_matrix, tex_vector
from workbench.engine.results import ResultMixin
from workbench.protocol.identities import IDENTITIES, MAX_SIZE, IdentityInfo
from workbench.protocol.steps import Step
from workbench.engine.latex import latex

_BY_ID = {info.id: info for info in IDENTITIES}


@dataclass(frozen=True)
class IdentityCheck(ResultMixin):
    """One identity at size n: ``derived`` (entry by entry from the components) and
    ``formula`` (the matrix formula, expanded), and whether they agree (``verified``)."""

    id: str
    title: str
    n: int
    statement: str
    function: Any
    derived: tuple
    formula: tuple
    verified: bool
    latex: str
    steps: list[Step] = field(default_factory=list)


@dataclass(frozen=True)
class _Parts:
    function: Any  # a scalar (gradient identities) or a tuple (Jacobian identities)
    wrt: tuple[sympy.Symbol, ...]
    formula: tuple
    name: str  # the function's name in the steps: f, s, L
    assume: dict = field(default_factory=dict)  # substitutions the identity assumes


def _vec(letter: str, n: int) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(f"{letter}_{i}") for i in range(1, n + 1))


def _mat(letter: str, n: int) -> tuple[tuple[sympy.Symbol, ...], ...]:
    return tuple(tuple(sympy.Symbol(f"{letter}_{tex_index(i, j)}") for j in range(1, n + 1))
                 for i in range(1, n + 1))


def _softmax(z: tuple) -> tuple:
    total = sympy.Add(*(sympy.exp(v) for v in z))
    return tuple(sympy.exp(v) / total for v in z)


def _linear(n: int) -> _Parts:
    a, x = _vec("a", n), _vec("x", n)
    return _Parts(sympy.Add(*(ai * xi for ai, xi in zip(a, x))), x, a, "f")


def _quadratic(n: int) -> _Parts:
    a, x = _mat("A", n), _vec("x", n)
    f = sympy.Add(*(x[i] * a[i][j] * x[j] for i in range(n) for j in range(n)))
    formula = tuple(sympy.Add(*((a[i][j] + a[j][i]) * x[j] for j in range(n))) for i in range(n))
    return _Parts(f, x, formula, "f")


def _squared_norm(n: int) -> _Parts:
    x = _vec("x", n)
    return _Parts(sympy.Add(*(xi ** 2 for xi in x)), x, tuple(2 * xi for xi in x), "f")


def _linear_map(n: int) -> _Parts:
    a, x = _mat("A", n), _vec("x", n)
    f = tuple(sympy.Add(*(a[i][j] * x[j] for j in range(n))) for i in range(n))
    return _Parts(f, x, a, "f")


def _softmax_jacobian(n: int) -> _Parts:
    z = _vec("z", n)
    s = _softmax(z)
    formula = tuple(tuple(s[i] * ((1 if i == j else 0) - s[j]) for j in range(n))
                    for i in range(n))
    return _Parts(s, z, formula, "s")


def _mse(n: int) -> _Parts:
    y, t = _vec("y", n), _vec("t", n)
    loss = sympy.Add(*((yi - ti) ** 2 for yi, ti in zip(y, t))) / n
    return _Parts(loss, y, tuple(sympy.Rational(2, n) * (yi - ti) for yi, ti in zip(y, t)), "L")


def _softmax_cross_entropy(n: int) -> _Parts:
    z, t = _vec("z", n), _vec("t", n)
    s = _softmax(z)
    loss = -sympy.Add(*(ti * sympy.log(si) for ti, si in zip(t, s)))
    # the targets are a probability vector: the last one is what the others leave
    assume = {t[-1]: 1 - sympy.Add(*t[:-1])}
    return _Parts(loss, z, tuple(si - ti for si, ti in zip(s, t)), "L", assume)


def _sigmoid_bce(n: int) -> _Parts:
    z, t = _vec("z", n), _vec("t", n)
    sig = tuple(1 / (1 + sympy.exp(-v)) for v in z)
    loss = -sympy.Add(*(ti * sympy.log(si) + (1 - ti) * sympy.log(1 - si)
                        for ti, si in zip(t, sig))) / n
    return _Parts(loss, z, tuple((si - ti) / n for si, ti in zip(sig, t)), "L")


_BUILDERS: dict[str, Callable[[int], _Parts]] = {
    "linear": _linear, "quadratic": _quadratic, "squared_norm": _squared_norm,
    "linear_map": _linear_map, "softmax": _softmax_jacobian, "mse": _mse,
    "softmax_cross_entropy": _softmax_cross_entropy, "sigmoid_bce": _sigmoid_bce,
}


def matrix_identities() -> tuple[IdentityInfo, ...]:
    """Every identity this module checks, for a reference page (id, title, LaTeX)."""
    return IDENTITIES


def check_identity(identity: str, n: int = 3) -> IdentityCheck:
    """Expand the identity ``identity`` (an id from :func:`matrix_identities`) at size ``n``
    (1 … 8), derive it component by component, and compare with its matrix formula."""
    if identity not in _BY_ID:
        raise ValueError(f"Unknown identity {identity!r}: choose one of {', '.join(_BY_ID)}")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_SIZE:
        raise ValueError(f"The size n must be a whole number from 1 to {MAX_SIZE}, not {n!r}")
    info, parts = _BY_ID[identity], _BUILDERS[identity](n)
    jacobian = isinstance(parts.function, tuple)
    if jacobian:
        derived: tuple = tuple(tuple(sympy.diff(f, v) for v in parts.wrt)
                               for f in parts.function)
    else:
        derived = tuple(sympy.diff(parts.function, v) for v in parts.wrt)
    verified = all(_is_zero(d - r, parts.assume)
                   for d, r in zip(_flat(derived), _flat(parts.formula)))
    steps = _steps(info, parts, derived, verified, n)
    show = tex_matrix if jacobian else tex_vector
    statement = f"{info.latex}" + rf",\quad n = {n}:\ {show(parts.formula)}"
    return IdentityCheck(info.id, info.title, n, info.latex, parts.function, derived,
                         parts.formula, verified, statement, steps)


def _flat(values: tuple) -> list[Any]:
    return [v for row in values for v in (row if isinstance(row, tuple) else (row,))]


def _is_zero(expr: sympy.Expr, assume: dict) -> bool:
    """True if ``expr`` is 0 (under the substitutions ``assume``): cancel, then simplify."""
    expr = expr.xreplace(assume) if assume else expr
    if sympy.cancel(sympy.expand(expr)) == 0:
        return True
    return sympy.simplify(expr) == 0


def _steps(info: IdentityInfo, parts: _Parts, derived: tuple, verified: bool, n: int
           ) -> list[Step]:
    """Components, then one partial derivative per entry (per row for a Jacobian), then the
    comparison with the formula."""
    name, jacobian = parts.name, isinstance(parts.function, tuple)
    written = tex_vector(parts.function) if jacobian else latex(parts.function)
    steps = [Step("components", f"Write {name} in components at n = {n}", info.latex,
                  f"{name} = {written}")]
    if jacobian:
        for i, (f, row) in enumerate(zip(parts.function, derived), start=1):
            subs = [_partial(f"{name}_{{{i}}}", f, v, d) for v, d in zip(parts.wrt, row)]
            steps.append(Step("gradient", f"Row {i}: the partial derivatives of {name}{i}",
                              rf"{name}_{{{i}}} = {latex(f)}", tex_matrix([row]), subs))
    else:
        steps += [_partial(name, parts.function, v, d) for v, d in zip(parts.wrt, derived)]
    show = tex_matrix if jacobian else tex_vector
    verdict = ("they agree entry for entry" if verified else
               "they differ: the identity does not hold as written")
    steps.append(Step("compare", f"Collect the entries and compare with the formula: {verdict}",
                      show(derived), show(parts.formula)))
    return steps


def _partial(name: str, f: sympy.Expr, var: sympy.Symbol, result: sympy.Expr) -> Step:
    v = latex(var)
    return Step("partial", f"Differentiate {name.replace('{', '').replace('}', '')} with "
                f"respect to {var.name}", rf"\frac{{\partial {name}}}{{\partial {v}}}",
                latex(result), var=var.name)
