"""Exercise templates for the differential lessons (2-5, 7, 8).

Each template draws its numbers from the ``random.Random`` it is given, writes the
question as text, builds it with our parser (so everything the checker later
compiles was built by the parser) and returns the fields of an Exercise.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

import sympy

from workbench.engine.latex import latex as to_latex
from workbench.engine.parsing import parse
from workbench.engine.practice.mistakes import derivative_hints, derivative_mistakes, plain

Draft = dict[str, Any]
X, Y, H = sympy.Symbol("x"), sympy.Symbol("y"), sympy.Symbol("h")


def as_expr(value: Any) -> sympy.Expr:
    """A template's number as a sympy number (expressions pass through)."""
    if isinstance(value, sympy.Basic):
        return value
    return sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)


def draft(kind: str, prompt: str, latex: str, expr: str, var: str, answer: Any,
          variables: tuple[str, ...] = ("x",), mistakes: list | None = None,
          hints: list[str] | None = None) -> Draft:
    """The fields of an Exercise (all but lesson id and seed); the last hint is the answer."""
    answer = as_expr(answer)
    known = tuple((message, as_expr(wrong)) for message, wrong in mistakes or ())
    return {"kind": kind, "prompt": prompt, "prompt_latex": latex, "expr": expr, "var": var,
            "answer": answer, "variables": variables, "mistakes": known,
            "hints": tuple([*(hints or []), f"The answer is {plain(answer)}."])}


def reference_steps(expr: sympy.Expr, var: sympy.Symbol) -> list:
    """The reference derivation's steps (empty when the step engine is unavailable)."""
    try:
        from workbench.engine.differentiation import derivative
    except ImportError:  # the step engine is optional for practice
        return []
    try:
        return list(derivative(expr, str(var)).steps)
    except Exception:  # noqa: BLE001 - a reference that fails must not stop practice: fall back
        return []


def reference_hints(expr: sympy.Expr, var: sympy.Symbol, steps: list | None = None) -> list[str]:
    """Hints from the reference derivation's step titles (our own rule list if unavailable)."""
    titles: list[str] = []
    for step in reference_steps(expr, var) if steps is None else steps:
        for sub in step.walk():
            if sub.rule != "simplify" and sub.title not in titles:
                titles.append(sub.title)
    return titles or derivative_hints(expr, var)


def co(a: int) -> str:
    """A coefficient as written before a letter: nothing for 1."""
    return "" if a == 1 else str(a)


def signed(b: int, term: str) -> str:
    """`` + b·term`` or `` - |b|·term`` (nothing when b is 0), for building question text."""
    if b == 0:
        return ""
    return (" + " if b > 0 else " - ") + co(abs(b)) + term


def rule_function(rng: random.Random) -> str:
    """A function needing one or two differentiation rules, as text."""
    a, n, c = rng.randint(2, 5), rng.randint(3, 5), rng.randint(1, 5)
    family = rng.choice(["power", "product", "chain", "chain", "quotient"])
    options = {
        "power": [f"{a}x^{n} + {c}x", f"{a}x^{n} - {c}x^2 + {a + c}", f"x^{n} + {c}/x"],
        "product": [f"x^{n} sin(x)", f"x^{n} e^x", f"x^{n} cos(x)", f"{a}x ln(x)"],
        "chain": [f"sin({a}x^{n})", f"cos({a}x^2)", f"(x^2 + {c})^{n}", f"e^({a}x^2)",
                  f"ln(x^2 + {c})", f"sqrt(x^2 + {c})", "sin(x^2)"],
        "quotient": ["sin(x)/x", f"x/(x^2 + {c})", f"x^{n}/(x + {c})"],
    }
    return rng.choice(options[family])


def derivative_exercise(rng: random.Random) -> Draft:
    """Lesson 3: differentiate with the power, product, quotient and chain rules."""
    return derivative_draft(rule_function(rng))


@lru_cache(maxsize=512)  # questions repeat; sympy.diff is the slow part
def derivative_draft(text: str) -> Draft:
    """Differentiate the function of x written ``text``."""
    f = parse(text)
    answer = sympy.diff(f, X)
    steps = reference_steps(f, X)
    mistakes = derivative_mistakes(f, X, steps) + _generic_derivative_mistakes(f, X)
    return draft("derivative", f"Differentiate f(x) = {text} with respect to x.",
                 rf"\frac{{d}}{{dx}}\left({to_latex(f)}\right)", text, "x", answer,
                 mistakes=mistakes, hints=reference_hints(f, X, steps))


def missing_terms(f: sympy.Expr, operation, name: str) -> list:
    """Mistakes that leave out one term of a sum (``operation`` maps a term to its part)."""
    terms = sympy.Add.make_args(f)
    if len(terms) < 2:
        return []
    whole = sympy.Add(*(operation(t) for t in terms))
    return [(f"The {name} of the term {plain(t)} is missing from your answer.",
             whole - operation(t)) for t in terms]


def _generic_derivative_mistakes(f: sympy.Expr, x: sympy.Symbol) -> list:
    d1 = sympy.diff(f, x)
    return [*missing_terms(f, lambda t: sympy.diff(t, x), "derivative"),
        ("That is the function itself, not its derivative.", f),
        ("The sign is flipped: your answer is the negative of the derivative.", -d1),
        ("That is the second derivative: you differentiated twice.", sympy.diff(d1, x)),
    ]


def limit_exercise(rng: random.Random) -> Draft:
    """Lesson 2: the slope at a point from the limit definition."""
    a, b, x0 = rng.randint(1, 4), rng.randint(-5, 5), rng.randint(-3, 4)
    text = rng.choice([f"{co(a)}x^2{signed(b, 'x')}", "x^3", f"x^2 - {abs(b) + 1}x", f"{co(a)}x^2"])
    f = parse(text)
    slope = sympy.diff(f, X).subs(X, x0)
    quotient = sympy.expand((f.subs(X, x0 + H) - f.subs(X, x0)) / H)
    mistakes = [
        (f"That is the value f({x0}), not the slope: divide the change f({x0} + h) − f({x0}) "
         "by h, then let h go to 0.", f.subs(X, x0)),
        ("That is a secant slope with h = 1; the limit lets h shrink to 0.", quotient.subs(H, 1)),
        (f"That is the derivative as a function of x; evaluate it at x = {x0}.",
         sympy.diff(f, X)),
        ("That is the difference quotient before the limit: now let h go to 0.", quotient),
    ]
    hints = [f"Write f({x0} + h) − f({x0}) and expand it.",
             "Divide every term by h (allowed while h ≠ 0).", "Let h go to 0."]
    latex = (rf"\lim_{{h\to 0}} \frac{{f({x0}+h) - f({x0})}}{{h}},\quad "
             rf"f(x) = {to_latex(f)}")
    return draft("limit", f"For f(x) = {text}, find the limit of (f({x0} + h) − f({x0}))/h as "
                 "h goes to 0.", latex, text, "x", slope, ("x", "h"), mistakes, hints)


def numeric_exercise(rng: random.Random) -> Draft:
    """Lesson 4: a forward, backward or central difference quotient, exactly."""
    text = rng.choice(["x^2", "x^3", f"{rng.randint(2, 5)}x^2", "x^2 + x"])
    f, x0 = parse(text), rng.randint(1, 5)
    h = rng.choice([sympy.Rational(1, 10), sympy.Rational(1, 2), sympy.Rational(1, 100)])
    values = {
        "forward": (f.subs(X, x0 + h) - f.subs(X, x0)) / h,
        "backward": (f.subs(X, x0) - f.subs(X, x0 - h)) / h,
        "central": (f.subs(X, x0 + h) - f.subs(X, x0 - h)) / (2 * h),
    }
    scheme = rng.choice(sorted(values))
    exact = sympy.diff(f, X).subs(X, x0)
    mistakes = [(f"That is the exact derivative f'({x0}); a {scheme} difference with "
                 f"h = {h} differs from it by its truncation error.", exact)]
    mistakes += [(f"That is the {other} difference; the question asks for the {scheme} one.",
                  value) for other, value in values.items() if other != scheme]
    formula = {"forward": "(f(x+h) − f(x))/h", "backward": "(f(x) − f(x−h))/h",
               "central": "(f(x+h) − f(x−h))/(2h)"}[scheme]
    hints = [f"The {scheme} difference is {formula}.",
             f"Evaluate f at the points you need, with x = {x0} and h = {h}.",
             "Subtract, then divide."]
    return draft("numeric", f"Compute the {scheme} difference quotient of f(x) = {text} at "
                 f"x = {x0} with h = {h}.", rf"{formula},\ f(x) = {to_latex(f)}", text, "x",
                 values[scheme], ("x",), mistakes, hints)


def partial_exercise(rng: random.Random) -> Draft:
    """Lesson 5: a partial derivative of a function of x and y."""
    a, b, p, q = rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 3), rng.randint(1, 3)
    y_q = "y" if q == 1 else f"y^{q}"
    text = rng.choice([f"{co(a)}x^{p + 1} {y_q} + {co(b)}x y^2", "x^2 y + 3x y^2",
                       f"x^2 y + sin({co(a)}y)", f"e^({co(a)}x y)",
                       f"{co(a)}x^2 + {co(b)}x y + y^{q + 1}"])
    return partial_draft(text, rng.choice(["x", "y"]))


@lru_cache(maxsize=512)  # questions repeat; sympy.diff is the slow part
def partial_draft(text: str, var_name: str) -> Draft:
    """The partial derivative in ``var_name`` (x or y) of the function of x and y ``text``."""
    f = parse(text, ("x", "y"))
    var, other = (X, Y) if var_name == "x" else (Y, X)
    answer = sympy.diff(f, var)
    mistakes = [(f"That is the partial derivative with respect to {other}; hold {other} "
                 f"constant and differentiate in {var}.", sympy.diff(f, other))]
    mistakes += derivative_mistakes(f, var) + _generic_derivative_mistakes(f, var)
    hints = [f"Treat {other} as a constant number.", *reference_hints(f, var)]
    return draft("partial", f"Find ∂f/∂{var} for f(x, y) = {text}.",
                 rf"\frac{{\partial}}{{\partial {var}}}\left({to_latex(f)}\right)", text,
                 str(var), answer, ("x", "y"), mistakes, hints)


def backprop_exercise(rng: random.Random) -> Draft:
    """Lesson 7: one gradient through a squared loss, by the chain rule."""
    w, x, b = rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(2, 4), rng.randint(-2, 2)
    y = rng.choice([v for v in range(-3, 6) if v != w * x + b])
    r = w * x + b - y
    text = "(w x + b - y)^2" if b else "(w x - y)^2"
    values = f"w = {w}, x = {x}, " + (f"b = {b}, " if b else "") + f"y = {y}"
    mistakes = [
        (f"The chain rule's inner derivative, ∂(w·x{' + b' if b else ''} − y)/∂w = x = {x}, "
         "is missing.", 2 * r),
        ("The factor 2 from differentiating the square is missing.", r * x),
        ("The sign is flipped: the residual is w·x + b − y, not y − w·x − b.", -2 * r * x),
    ]
    hints = [f"Forward pass: the residual r = w·x{' + b' if b else ''} − y is {r}.",
             "The loss is r², so dL/dr = 2r.", "The residual depends on w through ∂r/∂w = x.",
             "Multiply the local derivatives (chain rule)."]
    return draft("backprop", f"For the loss L = {text} with {values}, "
                 "find ∂L/∂w.",
                 rf"\frac{{\partial L}}{{\partial w}},\ L = {to_latex(parse(text))}",
                 text, "w", sympy.Integer(2 * r * x), ("w", "x", "b", "y"), mistakes, hints)


def second_derivative_exercise(rng: random.Random) -> Draft:
    """Lesson 8: the second derivative (curvature)."""
    a, b, c = rng.randint(1, 4), rng.randint(-4, 4), rng.randint(2, 4)
    text = rng.choice([f"{co(a)}x^4{signed(b, 'x^3')} + x", f"x^{c + 1} + sin({co(a)}x)",
                       f"e^({co(a)}x) + x^3", f"{co(a)}x^3 - {c}x^2", f"cos({co(a)}x)"])
    return second_derivative_draft(text)


@lru_cache(maxsize=512)  # questions repeat; sympy.diff is the slow part
def second_derivative_draft(text: str) -> Draft:
    """The second derivative of the function of x written ``text``."""
    f = parse(text)
    d1 = sympy.diff(f, X)
    answer = sympy.diff(d1, X)
    mistakes = [("That is the first derivative f′; differentiate it once more.", d1),
                ("That is the third derivative: one differentiation too many.",
                 sympy.diff(answer, X))]
    mistakes += derivative_mistakes(d1, X)
    hints = [f"First derivative: f′(x) = {plain(d1)}.", "Now differentiate f′ again.",
             *derivative_hints(d1, X)]
    return draft("second_derivative", f"Find the second derivative of f(x) = {text}.",
                 rf"\frac{{d^2}}{{dx^2}}\left({to_latex(f)}\right)", text, "x", answer,
                 ("x",), mistakes, hints)
