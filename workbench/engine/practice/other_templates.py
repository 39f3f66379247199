"""Exercise templates for sums (1), gradient descent (6), integrals (9-11) and probability (12)."""

from __future__ import annotations

import random

import sympy

from workbench.engine.latex import latex as to_latex
from workbench.engine.parsing import parse
from workbench.engine.practice.derivative_templates import Draft, X, co, draft
from workbench.engine.practice.mistakes import plain

N = sympy.Symbol("n")
R = sympy.Rational
# Faulhaber's closed forms for the sums of k, k^2, k^3 from 1 to n.
FAULHABER = {1: N * (N + 1) / 2, 2: N * (N + 1) * (2 * N + 1) / 6, 3: (N * (N + 1) / 2) ** 2}


def power(base: str, n: int) -> str:
    """``base^n`` as a student writes it: just ``base`` when n is 1."""
    return base if n == 1 else f"{base}^{n}"


def sum_exercise(rng: random.Random) -> Draft:
    """Lesson 1: a power sum, as a number or as a closed form in n (or a product)."""
    if rng.random() < 0.2:
        return _product_exercise(rng)
    p = rng.randint(1, 3)
    term = "k" if p == 1 else f"k^{p}"
    closed = FAULHABER[p]
    symbolic = rng.random() < 0.5
    m = N if symbolic else sympy.Integer(rng.randint(5, 40))
    limit = "n" if symbolic else str(m)
    mistakes = [
        (f"Off by one: that is the sum up to {plain(m - 1)}; the sum from k = 1 to {limit} has "
         f"{limit} terms.", closed.subs(N, m - 1)),
        (f"Off by one: that is the sum up to {plain(m + 1)}.", closed.subs(N, m + 1)),
        (f"That is the integral of {term} from 0 to {limit}, only the leading term of the sum.",
         m ** (p + 1) / (p + 1)),
    ]
    if p == 1:
        mistakes.append(("The pairing trick gives pairs worth n + 1, but only n/2 of them: "
                         "divide by 2.", m * (m + 1)))
    hints = ["Use Faulhaber's formula for the sum of " + ["", "k", "k²", "k³"][p] + ".",
             {1: "Pair the first and last terms: each pair is worth n + 1.",
              2: "The sum of squares is n(n+1)(2n+1)/6.",
              3: "The sum of cubes is the square of the sum 1 + 2 + … + n."}[p]]
    if not symbolic:
        hints.append(f"Put n = {m} into the formula.")
    what = "as a formula in n" if symbolic else "as a number"
    return draft("sum", f"Write the sum of {term} for k = 1 to {limit} {what}.",
                 rf"\sum_{{k=1}}^{{{limit}}} {to_latex(parse(term, ('k',)))}", term, "k",
                 sympy.factor(closed.subs(N, m)), ("n",) if symbolic else (), mistakes, hints)


def _product_exercise(rng: random.Random) -> Draft:
    m = rng.randint(3, 7)
    mistakes = [(f"Off by one: that is the product up to {m - 1}.", sympy.factorial(m - 1)),
                ("That is the sum 1 + 2 + … of the terms; Π multiplies them.",
                 sympy.Integer(m * (m + 1) // 2))]
    hints = ["Π multiplies the terms: 1 · 2 · 3 · …", f"Stop at k = {m}."]
    return draft("product", f"Compute the product of k for k = 1 to {m}.",
                 rf"\prod_{{k=1}}^{{{m}}} k", "k", "k", sympy.factorial(m), (), mistakes, hints)


def descent_exercise(rng: random.Random) -> Draft:
    """Lesson 6: one or two steps of gradient descent on a parabola, exactly."""
    a, c = rng.randint(1, 3), rng.randint(-3, 3)
    x0 = c + rng.choice([-4, -3, -2, 2, 3, 4, 5])
    lr = rng.choice([R(1, 10), R(1, 20), R(1, 5), R(1, 4)])
    steps = rng.choice([1, 2])
    text = f"{co(a)}x^2" if c == 0 else f"{co(a)}(x - {c})^2" if c > 0 else f"{co(a)}(x + {-c})^2"
    grad = sympy.diff(parse(text), X)

    def run(sign: int, rate: sympy.Expr, count: int) -> sympy.Expr:
        point = sympy.Integer(x0)
        for _ in range(count):
            point = point - sign * rate * grad.subs(X, point)
        return point

    mistakes = [("You moved uphill: gradient descent subtracts the learning rate times the "
                 "gradient.", run(-1, lr, steps)),
                ("The learning rate is missing: the step is lr · f′(x), not f′(x).",
                 run(1, sympy.Integer(1), steps))]
    if steps == 2:
        mistakes.append(("That is after one step; the question asks for two.", run(1, lr, 1)))
    hints = [f"The derivative is f′(x) = {plain(grad)}.", "Each step: x ← x − lr · f′(x).",
             f"At the start f′({x0}) = {grad.subs(X, x0)}."]
    if steps == 2:
        hints.append(f"After the first step x = {run(1, lr, 1)}; take one more step.")
    return draft("descent", f"Run {steps} step{'s' * (steps > 1)} of gradient descent on "
                 f"f(x) = {text} from x = {x0} with learning rate {lr}. Where does x end up?",
                 rf"x_{{t+1}} = x_t - {to_latex(lr)}\,f'(x_t),\ "
                 rf"f(x) = {to_latex(parse(text))}",
                 text, "x", run(1, lr, steps), (), mistakes, hints)


def _term(rng: random.Random) -> tuple[str, sympy.Expr, list[tuple[str, sympy.Expr]]]:
    """An integrand term as text, its antiderivative and typical wrong antiderivatives.

    The antiderivatives are written from the table rather than by ``integrate``: these
    are the table's own entries, and practice must stay quick.
    """
    a, n, k = rng.randint(1, 6), rng.randint(1, 5), rng.randint(2, 4)
    family = rng.choice(["power", "power", "exp", "sin", "cos", "reciprocal", "substitution"])
    if family == "power":
        return f"{co(a)}{power('x', n)}", a * X ** (n + 1) / (n + 1), [
            (f"The power rule divides by the new exponent {n + 1}: "
             f"∫ x^{n} dx = x^{n + 1}/{n + 1}.",
             a * X ** (n + 1)),
            (f"Divide by the new exponent {n + 1}, not the old one {n}.", a * X ** (n + 1) / n)]
    if family == "exp":
        return f"{co(a)}e^({k}x)", a * sympy.exp(k * X) / k, [
            (f"∫ e^({k}x) dx divides by {k}; multiplying by {k} is what differentiation does.",
             a * k * sympy.exp(k * X)),
            (f"The inner factor is missing: ∫ e^({k}x) dx = e^({k}x)/{k}.", a * sympy.exp(k * X))]
    if family == "sin":
        return f"{co(a)}sin({k}x)", -a * sympy.cos(k * X) / k, [
            ("Sign error: ∫ sin u du = −cos u (the derivative of cos is −sin).",
             a * sympy.cos(k * X) / k),
            (f"The inner factor is missing: divide by {k}.", -a * sympy.cos(k * X))]
    if family == "cos":
        return f"{co(a)}cos({k}x)", a * sympy.sin(k * X) / k, [
            ("Sign error: ∫ cos u du = +sin u.", -a * sympy.sin(k * X) / k),
            (f"The inner factor is missing: divide by {k}.", a * sympy.sin(k * X))]
    if family == "substitution":
        return _substitution_term(rng)
    a = max(a, 2)
    return f"{a}/x", a * sympy.log(X), [
        (f"Keep the constant factor: ∫ {a}/x dx = {a} ln|x|.", sympy.log(X)),
        (f"∫ 1/x dx is ln|x|; -{a}/x² would be a derivative, not an antiderivative.",
         -a / X ** 2)]


def _substitution_term(rng: random.Random) -> tuple[str, sympy.Expr, list]:
    """The chain rule read backwards: the integrand carries the inner derivative (u = x²)."""
    outer = rng.choice(["cos", "sin", "exp"])
    u = X ** 2
    if outer == "exp":
        return "x e^(x^2)", sympy.exp(u) / 2, [
            ("With u = x², du = 2x dx, so x dx = du/2: the factor 1/2 is missing.", sympy.exp(u)),
            ("An integral of a product is not the product of the integrals.",
             X ** 2 / 2 * sympy.exp(u))]
    inner = sympy.sin(u) if outer == "cos" else -sympy.cos(u)
    return f"2x {outer}(x^2)", inner, [
        ("An integral of a product is not the product of the integrals: substitute u = x², "
         "du = 2x dx.", X ** 2 * inner),
        ("Sign error: "
         + ("∫ cos u du = sin u." if outer == "cos" else "∫ sin u du = −cos u."),
         -inner)]


def antiderivative_exercise(rng: random.Random) -> Draft:
    """Lesson 9: an antiderivative of a sum of basic terms (right up to a constant)."""
    terms = [_term(rng) for _ in range(rng.choice([1, 2]))]
    if len(terms) == 2 and terms[0][0] == terms[1][0]:
        terms = terms[:1]
    text = " + ".join(t for t, _, _ in terms)
    parts = [part for _, part, _ in terms]
    answer = sympy.Add(*parts)
    mistakes = [("You differentiated instead of integrating.", sympy.diff(parse(text), X))]
    for i, (_, _, wrong) in enumerate(terms):
        for message, expr in wrong:
            mistakes.append((message, answer - parts[i] + expr))
    if len(terms) > 1:
        mistakes += [(f"The antiderivative of the term {t} is missing from your answer.",
                      answer - part) for t, part, _ in terms]
    hints = ["Integrate term by term; constant factors stay in front.",
             *(["A factor x beside a function of x² suggests the substitution u = x²."]
               if "x^2)" in text else []),
             "Check each piece by differentiating it: you must get the integrand back."]
    out = draft("antiderivative", f"Find an antiderivative of f(x) = {text}.",
                rf"\int \left({to_latex(parse(text))}\right) dx", text, "x", answer, ("x",),
                mistakes, hints)
    out["hints"] = out["hints"][:-1] + (f"The answer is {plain(answer)} + C.",)
    return out


def definite_exercise(rng: random.Random) -> Draft:
    """Lesson 10: a definite integral by the Fundamental Theorem."""
    a, b, n = rng.randint(1, 4), rng.randint(-3, 3), rng.randint(1, 3)
    lo = rng.randint(-2, 2)
    hi = lo + rng.randint(1, 3)
    text = f"{co(a)}{power('x', n)}" + (f" + {b}" if b > 0 else f" - {-b}" if b < 0 else "")
    f = parse(text)
    F = a * X ** (n + 1) / (n + 1) + b * X
    value = F.subs(X, hi) - F.subs(X, lo)
    wrong_F = a * X ** (n + 1) + b * X
    mistakes = [("The limits are swapped: it is F(b) − F(a), upper limit first.", -value),
                (f"F({lo}) was not subtracted: the integral is F({hi}) − F({lo}).",
                 F.subs(X, hi)),
                ("That evaluates the integrand f, not an antiderivative F.",
                 f.subs(X, hi) - f.subs(X, lo)),
                (f"The power rule divides by the new exponent {n + 1}.",
                 wrong_F.subs(X, hi) - wrong_F.subs(X, lo))]
    hints = [f"Find an antiderivative F of {text}.",
             f"The Fundamental Theorem: the integral is F({hi}) − F({lo})."]
    return draft("definite", f"Compute the integral of {text} from x = {lo} to x = {hi}.",
                 rf"\int_{{{lo}}}^{{{hi}}} \left({to_latex(f)}\right) dx", text, "x", value,
                 (), mistakes, hints)


def double_exercise(rng: random.Random) -> Draft:
    """Lesson 11: an iterated integral over a rectangle."""
    c, p, q = rng.randint(1, 3), rng.randint(1, 2), rng.randint(1, 2)
    A, B = rng.randint(1, 3), rng.randint(1, 3)
    text = f"{co(c)}{power('x', p)} {power('y', q)}"
    f = parse(text, ("x", "y"))

    def iterated(y_top: int, x_top: int) -> sympy.Expr:
        return c * R(x_top ** (p + 1), p + 1) * R(y_top ** (q + 1), q + 1)

    inner = c * X ** p * R(B ** (q + 1), q + 1)
    value = iterated(B, A)
    mistakes = [("You stopped after the inner integral; integrate that result over x too.", inner),
                (f"The bounds are swapped: y runs from 0 to {B} and x from 0 to {A}.",
                 iterated(A, B)),
                ("Each power rule divides by its new exponent.",
                 c * A ** (p + 1) * B ** (q + 1))]
    hints = [f"Inner integral over y from 0 to {B}, holding x constant.",
             f"The inner result is {plain(inner)}; integrate it over x from 0 to {A}."]
    return draft("double", f"Compute the integral of {text} over 0 ≤ y ≤ {B} (inner) and "
                 f"0 ≤ x ≤ {A} (outer).",
                 rf"\int_0^{{{A}}}\int_0^{{{B}}} {to_latex(f)}\,dy\,dx",
                 text, "y", value, (), mistakes, hints)


def probability_exercise(rng: random.Random) -> Draft:
    """Lesson 12: a probability or an expectation under the density (n+1)x^n on [0, 1]."""
    n = rng.randint(1, 3)
    text = f"{n + 1}x^{n}" if n > 1 else "2x"
    pdf = parse(text)
    if rng.random() < 0.5:
        t = rng.choice([R(1, 2), R(1, 3), R(1, 4), R(2, 3), R(3, 4)])
        mistakes = [(f"That is the density's value at {t}, not a probability: integrate the "
                     f"density from 0 to {t}.", pdf.subs(X, t)),
                    (f"That is P(X ≥ {t}); the question asks for P(X ≤ {t}).",
                     1 - t ** (n + 1))]
        hints = ["A probability is the area under the density.",
                 f"Integrate {text} from 0 to {t}."]
        return draft("probability", f"X has density p(x) = {text} on [0, 1]. Find P(X ≤ {t}).",
                     rf"P(X \le {to_latex(t)}),\ p(x) = {to_latex(pdf)}", text, "x",
                     t ** (n + 1), (), mistakes, hints)
    mistakes = [("That is the total probability ∫p = 1: the mean needs the factor x, "
                 "∫x·p(x) dx.",
                 sympy.Integer(1)),
                ("That is the middle of [0, 1]; weight each outcome by its density.", R(1, 2)),
                ("That is E[X²]; the mean is ∫x·p(x) dx.", R(n + 1, n + 3))]
    hints = ["The mean is E[X] = ∫ x·p(x) dx over the support.",
             f"Integrate x·{text} from 0 to 1."]
    return draft("expectation", f"X has density p(x) = {text} on [0, 1]. Find its mean E[X].",
                 rf"E[X],\ p(x) = {to_latex(pdf)}", text, "x", R(n + 1, n + 2), (), mistakes,
                 hints)
