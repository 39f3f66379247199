"""Bounds on what sympy does while a parsed tree becomes a sympy expression.

The parser bounds every constant it can see (:mod:`workbench.protocol.syntax.magnitude`),
but sympy's automatic evaluation makes numbers and does work of its own:

- it makes new numbers: ``cot(asec(10^3999/x))`` squares the coefficient, and
  ``(10^3999 x)^99`` raises it, past the digits any printer accepts;
- it asks questions that multiply out powers: a hyperbolic function, ``heaviside`` or
  ``sin`` of one asks whether its argument is real, and sympy answers by expanding
  ``(a + ib)^n`` for every integer power inside it, then taking polynomial gcds
  (``sech tanh(θ⁹⁹⁹⁹)`` never returns; ``sin(sinh((x+y+z+w)^8))`` takes ten seconds).

Both are measured here on the built expression, without building anything large:
:func:`oversized_number` finds a number past ``MAX_DIGITS``; :class:`Estimates` says how
many terms a real/imaginary split of an expression makes, so that the builder can leave
an operation on a heavy argument unevaluated instead.
"""

from __future__ import annotations

import math

import sympy

from workbench.protocol.syntax.vocabulary import MAX_DIGITS

MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))
# A function is evaluated only while the real/imaginary split of its argument stays this
# small: (x + y)^2 is 10 terms, x^11 is 12 (a function of such a function, sympy may take
# a second: sigmoid(sech(csc(x^5))) asks about 24 terms).
MAX_SPLIT_TERMS = 12
# The total size of the larger splits (above FREE_SPLIT_TERMS) evaluated in one formula: a
# 2000-character formula could otherwise repeat a 0.01-0.1 s question eighty times.
SPLIT_BUDGET = 60
FREE_SPLIT_TERMS = 4
# Roots of rationals longer than this (77 digits) are left as written (see big_rational).
ROOT_BITS = 256
_CAP = 10 ** 9  # estimates stop growing here, so they stay small integers

Seen = dict[int, sympy.Basic]


def rational_bits(number: sympy.Rational) -> int:
    """Bits of the larger of the numerator and denominator of ``number``."""
    return max(int(number.p).bit_length(), int(number.q).bit_length())


def big_rational(expr: sympy.Basic) -> bool:
    """True for a rational too long for sympy to take roots of at once: it factors the
    number first (sqrt(10^3999 + 1) takes five seconds; sin(acos(r)) is sqrt(1 - r²))."""
    return isinstance(expr, sympy.Rational) and rational_bits(expr) > ROOT_BITS


# exp(c·log u) is u**c to sympy; past this |c| it is kept as written (see raises_a_log)
LOG_POWER_LIMIT = 64


def raises_a_log(argument: sympy.Basic) -> bool:
    """True when sympy's exp would turn a term c·log(u) of ``argument`` into u**c with a
    large c: it raises u's numbers at once, before anything can check their size
    (exp(ln((2x)^5)·7…7) asked for 2 to the power 5·7…7, a number of 10^50 digits)."""
    for term in sympy.Add.make_args(argument):
        coeff, rest = term.as_coeff_Mul()
        if rest.has(sympy.log) and coeff.is_Rational and abs(coeff) > LOG_POWER_LIMIT:
            return True
    return False


def hard_root(base: sympy.Basic, exponent: sympy.Basic) -> bool:
    """True for a root sympy would factor a long number for, or build a long number for.

    - A :func:`big_rational` base, or a product holding one, under a fractional exponent:
      sympy takes the number out of (q/cot x)^(1/2) and factors it (two seconds of
      primality tests for 2000 digits), unless the number has an exact root (10^100 has).
    - A rational under a fraction p/q with long terms: sympy collects n's prime powers
      into a number of about bits(n)·min(|p|, q) bits before taking its root
      (99999999^(100000/314159) made a number of 800,000 digits, then factored it).
    """
    if not (exponent.is_Rational and not exponent.is_Integer):
        return False
    degree = int(exponent.q)
    spread = min(abs(int(exponent.p)), degree)
    return any(factor.is_Rational and (
        rational_bits(factor) * spread > MAX_BITS
        or (big_rational(factor) and not all(
            sympy.integer_nthroot(abs(int(n)), degree)[1] for n in (factor.p, factor.q))))
        for factor in sympy.Mul.make_args(base))


# sympy's polynomials read exp(c·u) as (e^u)^c, a dense polynomial of degree c: past this
# |c| (numerator of c) a question about it fills memory (tanh(exp(99999999 a)) is real?)
EXP_DEGREE_LIMIT = 10_000


def high_exp_degree(expr: sympy.Basic) -> bool:
    """True for exp(c·u + ...) with a rational |c| numerator past ``EXP_DEGREE_LIMIT``."""
    if not isinstance(expr, sympy.exp):
        return False
    for term in sympy.Add.make_args(expr.exp):
        coeff, rest = term.as_coeff_Mul(rational=True)
        if rest is not sympy.S.One and abs(int(coeff.p)) > EXP_DEGREE_LIMIT:
            return True
    return False


def oversized_number(expr: sympy.Basic, seen: Seen) -> bool:
    """True if a rational anywhere in ``expr`` has more than ``MAX_DIGITS`` digits.

    ``seen`` holds every subexpression already checked (keyed by id, holding the object so
    that the id stays its own): a builder checks each node's result and only walks what
    sympy made new, so the checks of a whole formula stay linear in its size.
    """
    stack = [expr]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        if isinstance(node, sympy.Rational) and rational_bits(node) > MAX_BITS:
            return True
        stack.extend(node.args)
    return False


class Estimates:
    """What sympy's questions about an expression would cost, estimated once per object.

    Memos are keyed by id and hold the object, so that an id stays its own.
    """

    def __init__(self) -> None:
        self._terms: dict[int, tuple[sympy.Basic, int]] = {}
        self._complex: dict[int, tuple[sympy.Basic, bool]] = {}

    def split_terms(self, expr: sympy.Basic) -> int:
        """An estimate (capped) of the terms sympy makes when it splits ``expr`` into its
        real and imaginary parts: a power ``u^n`` of an integer ``n`` expands
        ``(re u + i im u)^n``."""
        key = id(expr)
        if key not in self._terms:
            self._terms[key] = (expr, min(_CAP, self._split_terms(expr)))
        return self._terms[key][1]

    def _split_terms(self, expr: sympy.Basic) -> int:
        if high_exp_degree(expr):
            return _CAP
        if not expr.args:  # a long coefficient makes every term of a split long
            return 1 + rational_bits(expr) // ROOT_BITS if expr.is_Rational else 1
        sizes = [self.split_terms(arg) for arg in expr.args]
        if expr.is_Add:
            return sum(sizes)
        if expr.is_Mul:  # (a + ib)(c + id) multiplies out
            return min(_CAP, math.prod(sizes))
        if expr.is_Pow and expr.exp.is_Integer and not expr.base.is_number:
            terms = _multinomial_terms(2 * sizes[0], abs(int(expr.exp)))
            return terms if expr.exp > 0 else min(_CAP, 2 * terms)  # and over re² + im²
        if expr.is_Pow:  # |u|^r (cos(r arg u) + i sin(r arg u)), |u| = sqrt(re² + im²)
            return min(_CAP, sum(sizes) ** 2)
        return 2 * sum(sizes)  # f(re + i im) = f(re) g(im) + i f'(re) h(im), roughly

    def heavy(self, expr: sympy.Basic) -> bool:
        """True if sympy's questions about ``expr`` (is it real? zero? positive?) may
        multiply out too many terms to answer at once."""
        return self.split_terms(expr) > MAX_SPLIT_TERMS

    def asks_slowly(self, expr: sympy.Basic) -> bool:
        """True if ``expr`` holds a function or root of a heavy argument, or a constant
        that is not real: sympy's questions about a sum, product or power holding it (is
        this exponent zero? is that factor real?) then take long. A power of a variable
        alone is quick to ask about."""
        if not expr.args:
            return False
        if expr.is_number:  # acos(2^(1/3))^2 is real, but sympy reaches its imaginary base
            return (any(map(big_rational, expr.args)) or any(map(self.asks_slowly, expr.args))
                    or (expr.is_Pow and hard_root(expr.base, expr.exp))
                    or (not _plain(expr) and self._complex_constant(expr)))
        if expr.is_Add or expr.is_Mul:
            return any(self.asks_slowly(arg) for arg in expr.args)
        if expr.is_Pow and expr.exp.is_Integer:
            return self.asks_slowly(expr.base)
        return self.heavy(expr)

    def _complex_constant(self, expr: sympy.Basic) -> bool:
        """True if the constant ``expr`` is not real (acos(2^(1/3)) is imaginary).

        sympy decides the sign of such a constant numerically, raising the precision
        while an exactly-zero real part refuses to show a digit: sqrt(acos(2^(1/3))^2)
        takes a minute. Fifteen digits of our own show which constants to leave as
        written.
        """
        key = id(expr)
        if key not in self._complex:
            try:
                value = expr.evalf(15)
                imaginary = not value.is_Number and value.as_real_imag()[1] != 0
            except (ArithmeticError, ValueError, TypeError):
                imaginary = True
            self._complex[key] = (expr, imaginary)
        return self._complex[key][1]


def _plain(number: sympy.Basic) -> bool:
    """True for a number sympy reasons about by its structure (2i, (3 + i)^2/7, pi)."""
    if not number.args:
        return True
    if number.is_Pow and not number.exp.is_Integer:
        return False
    return (number.is_Add or number.is_Mul or number.is_Pow) and all(map(_plain, number.args))


def _multinomial_terms(parts: int, power: int) -> int:
    """C(parts + power - 1, power), the terms of (a_1 + ... + a_parts)^power, capped."""
    if power <= 1:
        return parts
    smaller = min(parts - 1, power)
    terms = 1
    for i in range(1, smaller + 1):
        terms = terms * (parts + power - i) // i
        if terms >= _CAP:
            return _CAP
    return terms
