"""Rule tree -> ``Step`` tree: one plain-words title, LaTeX before/after and plain trees.

All wording lives here, apart from the rules: each rule name has a title writer,
and the per-function formulas are spelt out for students in ``_FORMULA_WORDS``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from workbench.engine.differentiation.node import RuleNode
from workbench.engine.latex import latex
from workbench.protocol.steps import Step
from workbench.protocol.wording import inline_math
from workbench.protocol.syntax.tree import Node
from workbench.engine.trees import UnsupportedExpression, to_tree

# f'(u) in words, for the title of each function's rule ("{u}" is the argument)
_FORMULA_WORDS: dict[str, str] = {
    "exp": "e^{u} is its own derivative", "ln": "ln {u} has derivative 1/{u}",
    "sin": "sin {u} has derivative cos {u}", "cos": "cos {u} has derivative −sin {u}",
    "tan": "tan {u} has derivative sec² {u}", "cot": "cot {u} has derivative −csc² {u}",
    "sec": "sec {u} has derivative sec {u} tan {u}",
    "csc": "csc {u} has derivative −csc {u} cot {u}",
    "asin": "arcsin {u} has derivative 1/√(1 − {u}²)",
    "acos": "arccos {u} has derivative −1/√(1 − {u}²)",
    "atan": "arctan {u} has derivative 1/(1 + {u}²)",
    "acot": "arccot {u} has derivative −1/(1 + {u}²)",
    "asec": "arcsec {u} has derivative 1/(|{u}| √({u}² − 1))",
    "acsc": "arccsc {u} has derivative −1/(|{u}| √({u}² − 1))",
    "sinh": "sinh {u} has derivative cosh {u}", "cosh": "cosh {u} has derivative sinh {u}",
    "tanh": "tanh {u} has derivative 1 − tanh² {u}",
    "coth": "coth {u} has derivative 1 − coth² {u}",
    "sech": "sech {u} has derivative −sech {u} tanh {u}",
    "csch": "csch {u} has derivative −csch {u} coth {u}",
    "asinh": "arsinh {u} has derivative 1/√({u}² + 1)",
    "acosh": "arcosh {u} has derivative 1/√({u}² − 1)",
    "atanh": "artanh {u} has derivative 1/(1 − {u}²)",
    "acoth": "arcoth {u} has derivative 1/(1 − {u}²)",
    "asech": "arsech {u} has derivative −1/({u} √(1 − {u}²))",
    "acsch": "arcsch {u} has derivative −1/(|{u}| √(1 + {u}²))",
}
_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth")


def text(expr: sympy.Expr, limit: int = 40) -> str:
    """``expr`` as inline math for a title (``$x^{2}$``), "" if too long to read in one."""
    # the length of its plain spelling is what a reader takes in, not its LaTeX's
    short = len(sympy.sstr(expr).replace("**", "^")) <= limit
    return inline_math(latex(expr)) if short else ""


def ordinal(n: int) -> str:
    """'second' for 2, '7th' past the words we have."""
    return _ORDINALS[n] if n < len(_ORDINALS) else f"{n}th"




def tree(expr: sympy.Expr) -> Node | None:
    """The plain tree of ``expr``, or None where the window cannot draw it."""
    try:
        return to_tree(expr)
    except UnsupportedExpression:
        return None


def d_dx(var: sympy.Symbol, partial: bool = False) -> str:
    """The operator d/dx (or ∂/∂x) in LaTeX."""
    d = r"\partial" if partial else "d"
    return rf"\frac{{{d}}}{{{d} {latex(var)}}}"


def _subject_latex(node: RuleNode) -> str:
    base = node.info.get("base")
    if node.rule == "log" and base is not None:
        arg = next(f for f in sympy.Mul.make_args(node.expr) if isinstance(f, sympy.log))
        return rf"\log_{{{latex(base)}}}\left({latex(arg.args[0])}\right)"
    return latex(node.expr)


def render(node: RuleNode, partial: bool = False) -> Step:
    """The ``Step`` tree of a rule tree (``partial`` writes ∂ instead of d)."""
    focus: tuple[tuple[str, Node], ...] = ()
    if node.rule == "chain":
        u, x = node.info["u"].name, node.var.name
        outer, inner = tree(node.info["outer"]), tree(node.info["inner"])
        if outer is not None and inner is not None:
            focus = ((f"outer f({u})", outer), (f"inner {u}({x})", inner))
    return Step(
        rule=node.rule,
        title=title(node, partial),
        before=rf"{d_dx(node.var, partial)}\left({_subject_latex(node)}\right)",
        after=latex(node.result),
        # the outer function of a chain rule has one variable, u: plain d/du
        substeps=[render(sub, partial and not (node.rule == "chain" and i == 0))
                  for i, sub in enumerate(node.substeps)],
        subject=tree(node.expr),
        result=tree(node.result),
        var=node.var.name,
        focus=focus,
    )


def title(node: RuleNode, partial: bool = False) -> str:
    """The one-line title of a rule node, in plain words."""
    return _TITLES[node.rule](node, partial)


def _constant(node: RuleNode, partial: bool) -> str:
    x = node.var.name
    if partial and node.expr.free_symbols:
        return f"Treat it as a constant: it does not depend on {x}, so its derivative is 0"
    return f"Constant rule: a constant does not change with {x}, so its derivative is 0"


def _power(node: RuleNode, partial: bool) -> str:
    x, lx, n = node.var.name, latex(node.var), node.info.get("exponent")
    if node.info.get("identity"):
        return f"The derivative of {x} with respect to itself is 1"
    if n == sympy.S.Half:
        return (f"Power rule: write ${{\\sqrt{{{lx}}}}}$ as ${lx}^{{1/2}}$, bring $1/2$ down and "
                "lower the power by one")
    if n == -1:
        return (f"Power rule: write $1/{lx}$ as ${lx}^{{-1}}$, bring $-1$ down and lower the "
                "power by one")
    return f"Power rule: bring the exponent {text(n) or 'n'} down in front, lower the power by one"


def _constant_multiple(node: RuleNode, partial: bool) -> str:
    c = node.info["coefficient"]
    if c == -1:
        return "A minus sign stays in front: differentiate what follows it"
    shown = text(c, 20) or "constant"
    return f"Constant multiple rule: keep the factor {shown} and differentiate the rest"


def _chain(node: RuleNode, partial: bool) -> str:
    u, x, inner = node.info["u"].name, node.var.name, text(node.info["inner"], 30)
    where = f"with {u} = {inner}, " if inner else ""
    return (f"Chain rule: {where}differentiate the outer function at {u}, "
            f"then multiply by d{u}/d{x}")


def _function(label: str) -> Callable[[RuleNode, bool], str]:
    def write(node: RuleNode, partial: bool) -> str:
        words = _FORMULA_WORDS.get(node.info.get("name", ""), "")
        return f"{label}: {words.format(u=node.var.name)}" if words else f"{label}"
    return write


def _exp(node: RuleNode, partial: bool) -> str:
    x, base = latex(node.var), node.info.get("base")
    if base is None:
        return f"Exponential rule: $e^{{{x}}}$ is its own derivative"
    b = latex(base) if text(base, 12) else "a"
    return f"Exponential rule: ${b}^{{{x}}}$ has derivative ${b}^{{{x}}} \\ln {b}$"


def _log(node: RuleNode, partial: bool) -> str:
    x, base = latex(node.var), node.info.get("base")
    if base is None:
        return f"Log rule: $\\ln {x}$ has derivative $1/{x}$"
    b = latex(base) if text(base, 12) else "b"
    return (f"Base-${b}$ log: $\\log_{{{b}}} {x} = \\ln {x} / \\ln {b}$, so its derivative "
            f"is $1/({x} \\ln {b})$")


def _log_differentiation(node: RuleNode, partial: bool) -> str:
    logged = text(node.info["logged"], 30) or "g · ln f"
    return (f"Logarithmic differentiation: {node.var.name} is in both the base and the "
            f"exponent, so take logs, ln y = {logged}; differentiate, then multiply by y")


def _sympy(node: RuleNode, partial: bool) -> str:
    name = node.info.get("name")
    if name in ("floor", "ceil"):
        return (f"{name} is flat between its jumps: derivative 0, "
                "except at the jumps where there is none")
    what = f"{name}" if name else "this expression"
    return f"No textbook rule covers {what}: sympy differentiates it directly"


_TITLES: dict[str, Callable[[RuleNode, bool], str]] = {
    "constant": _constant,
    "power": _power,
    "constant_multiple": _constant_multiple,
    "sum": lambda n, p: "Sum rule: differentiate each term on its own and add the results",
    "product": lambda n, p: ("Product rule: differentiate one factor at a time, "
                             "keep the others as they are, and add"),
    "quotient": lambda n, p: ("Quotient rule: (bottom · top′ − top · bottom′) "
                              "divided by bottom squared"),
    "chain": _chain,
    "exp": _exp,
    "log": _log,
    "trig": _function("Trig rule"),
    "inverse_trig": _function("Inverse trig rule"),
    "hyperbolic": _function("Hyperbolic rule"),
    "log_differentiation": _log_differentiation,
    "sigmoid": lambda n, p: (
        "Sigmoid rule: σ′({u}) = σ({u})(1 − σ({u})), steepest at {u} = 0").format(
        u=n.var.name),
    "softplus": lambda n, p: (
        "Softplus rule: the derivative of softplus is the sigmoid σ({u})").format(
        u=n.var.name),
    "relu": lambda n, p: ("ReLU rule: slope 0 where {u} < 0 and 1 where {u} > 0 "
                          "(a step; no slope exactly at 0)").format(u=n.var.name),
    "abs": lambda n, p: ("Absolute value rule: the slope is sign({u}), −1 left of 0 and +1 "
                         "right of it; undefined at {u} = 0").format(u=n.var.name),
    "sympy": _sympy,
}
