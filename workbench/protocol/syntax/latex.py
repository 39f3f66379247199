"""Write a plain expression tree as LaTeX, for showing a formula as the student types it.

The engine's sympy printer gives the canonical form once the worker answers; this
printer keeps the student's own structure and needs no sympy.
"""

from __future__ import annotations

from workbench.protocol.syntax.tree import Node

_FUNCTION_LATEX = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "cot": r"\cot", "sec": r"\sec",
    "csc": r"\csc", "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan",
    "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "coth": r"\coth", "exp": r"\exp",
    "ln": r"\ln", "sigmoid": r"\sigma", "relu": r"\operatorname{ReLU}", "max": r"\max",
    "min": r"\min",
}
_CONSTANT_LATEX = {"pi": r"\pi", "e": "e", "oo": r"\infty"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
          "kappa", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
          "omega"}
_PREC = {"add": 1, "neg": 2, "mul": 3, "div": 3, "pow": 5}


def tree_to_latex(node: Node) -> str:
    """LaTeX for ``node``, parenthesised only where precedence needs it."""
    return _latex(node)


def _symbol(name: str) -> str:
    base, _, sub = name.partition("_")
    if base == "lamda":
        base = "lambda"
    head = f"\\{base}" if base in _GREEK or base == "lambda" else base
    if not sub and len(base) > 1 and base[0].isalpha() and base[1:].isdigit():
        head, sub = base[0], base[1:]
    return f"{head}_{{{sub}}}" if sub else head


def _wrap(node: Node, parent_prec: int) -> str:
    text = _latex(node)
    return f"\\left({text}\\right)" if _PREC.get(node[0], 9) < parent_prec else text


def _latex(node: Node) -> str:
    op = node[0]
    if op == "num":
        return node[1].replace("e", r"\cdot 10^{") + "}" if "e" in node[1] else node[1]
    if op == "sym":
        return _symbol(node[1])
    if op == "const":
        return _CONSTANT_LATEX[node[1]]
    if op == "add":
        parts = [_latex(node[1])]
        for term in node[2:]:
            if term[0] == "neg":
                parts.append("- " + _wrap(term[1], 2))
            else:
                parts.append("+ " + _latex(term))
        return " ".join(parts)
    if op == "neg":
        return "-" + _wrap(node[1], 3)
    if op == "mul":
        return _product(node[1:])
    if op == "div":
        return f"\\frac{{{_latex(node[1])}}}{{{_latex(node[2])}}}"
    if op == "pow":
        return _power(node)
    if op == "call":
        return _call(node)
    return r"\ldots"


def _product(factors: tuple[Node, ...]) -> str:
    out = ""
    for k, factor in enumerate(factors):
        text = _wrap(factor, 3)
        if k and (factor[0] == "num" or (factor[0] == "pow" and factor[1][0] == "num")
                  or out[-1].isdigit() and text[0].isdigit()):
            out += r" \cdot " + text
        elif k:
            out += " " + text
        else:
            out = text
    return out


def _power(node: Node) -> str:
    base, exponent = node[1], node[2]
    if base == ("const", "e"):
        return f"e^{{{_latex(exponent)}}}"
    if base[0] == "call" and base[1] in _FUNCTION_LATEX and len(base) == 3:
        return f"{_FUNCTION_LATEX[base[1]]}^{{{_latex(exponent)}}}\\left({_latex(base[2])}\\right)"
    return f"{_wrap(base, 6)}^{{{_latex(exponent)}}}"


def _call(node: Node) -> str:
    name, args = node[1], node[2:]
    inner = ", ".join(_latex(a) for a in args)
    if name == "sqrt":
        return f"\\sqrt{{{inner}}}"
    if name == "abs":
        return f"\\left|{inner}\\right|"
    if name == "log" and args[1] == ("const", "e"):  # log base e is the natural log: ln
        return f"\\ln\\left({_latex(args[0])}\\right)"
    if name == "log":
        return f"\\log_{{{_latex(args[1])}}}\\left({_latex(args[0])}\\right)"
    if name == "factorial":
        inner = _wrap(args[0], 6)
        nested = args[0][0] == "call" and args[0][1] == "factorial"  # (k!)! is not k!!
        return f"\\left({inner}\\right)!" if nested else f"{inner}!"
    if name == "binomial":
        return f"\\binom{{{_latex(args[0])}}}{{{_latex(args[1])}}}"
    head = _FUNCTION_LATEX.get(name, f"\\operatorname{{{name}}}")
    return f"{head}\\left({inner}\\right)"
