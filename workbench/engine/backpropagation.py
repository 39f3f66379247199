"""``backprop``: an expression as a computational graph, with values forward and gradients back.

The graph is read off the sympy expression: one node per distinct subexpression
(sympy shares equal subexpressions, so a variable used twice is one node with two
children, and its gradient is the sum of what flows back along both edges). Each
node keeps its local derivatives with respect to its parents, so the window can show
every chain-rule product with its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.protocol.graph_nodes import GraphNode, children_of
from workbench.engine.latex import latex as to_latex
from workbench.engine.multivariable import ExprLike, real_value
from workbench.engine.parsing import parse, parse_bound
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step

# GraphNode lives in the sympy-free graph_nodes (the window rebuilds nodes from it too);
# it stays importable from here, where results have always come from
__all__ = ["Backpropagation", "GraphNode", "backprop"]

# sympy class name -> op name, where they differ
_OP_NAMES = {"log": "log", "Abs": "abs", "Heaviside": "heaviside", "ceiling": "ceil"}


@dataclass(frozen=True)
class Backpropagation(ResultMixin):
    """The graph of ``expr`` at ``inputs``: ``nodes`` in topological order (output last).

    ``value`` is the output and ``gradients`` maps every input name to d output / d input
    (0 for an input the expression does not use). ``steps`` go backwards, one per node.
    """

    expr: sympy.Expr
    inputs: dict[str, float]
    nodes: list[GraphNode]
    value: float
    gradients: dict[str, float]
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def backprop(expr: ExprLike, inputs: Mapping[str, Any]) -> Backpropagation:
    """Evaluate ``expr`` at ``inputs`` forwards, then its gradient backwards, node by node.

    ``inputs`` maps every variable name to a number. The local derivative of ReLU at
    exactly 0 is sympy's Heaviside(0) = 1/2 (PyTorch uses 0 there).
    """
    values = {str(k): _number(v) for k, v in inputs.items()}
    f = parse(expr, variables=list(values))
    missing = sorted(s.name for s in f.free_symbols if s.name not in values)
    if missing:
        raise ValueError(f"Give a value for {', '.join(missing)}")
    drafts = _Graph(values).build(f)
    grads = _backward(drafts)
    nodes = [GraphNode(d["name"], d["op"], d["value"], grads[d["name"]], d["parents"],
                       d["latex"], d["local"]) for d in drafts]
    gradients = {name: grads.get(name, 0.0) for name in values}
    output = nodes[-1]
    latex = rf"f = {_num(output.value)}"
    if gradients:
        latex += r",\quad " + r",\ ".join(
            rf"\frac{{\partial f}}{{\partial {_name_tex(n)}}} = {_num(g)}"
            for n, g in gradients.items())
    return Backpropagation(f, values, nodes, output.value, gradients, latex, _steps(nodes))


def _number(value: Any) -> float:
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else real_value(parse_bound(value))
    return float(number)


class _Graph:
    """Builds the node list by a depth-first walk (parents always before children)."""

    def __init__(self, inputs: dict[str, float]) -> None:
        self.inputs = inputs
        self.drafts: list[dict[str, Any]] = []
        self.memo: dict[sympy.Basic, str] = {}
        self.values: dict[str, float] = {}
        self.counters = {"u": 0, "c": 0}

    def build(self, f: sympy.Expr) -> list[dict[str, Any]]:
        used = {s.name for s in f.free_symbols}
        for name in self.inputs:  # inputs first, in the order the caller gave them
            if name in used:
                self.visit(next(s for s in f.free_symbols if s.name == name))
        self.visit(f)
        return self.drafts

    def visit(self, e: sympy.Basic) -> str:
        if e in self.memo:
            return self.memo[e]
        if e.is_Symbol:
            name, op, parents, value, local = e.name, "input", (), self.inputs[e.name], ()
        elif not e.free_symbols:
            name, op, parents = self._fresh("c"), "const", ()
            value, local = real_value(e), ()
        else:
            op, args, value, local = _operation(e, self)
            parents = tuple(self.visit(a) for a in args)
            name = self._fresh("u")
        self.drafts.append({"name": name, "op": op, "parents": parents, "value": value,
                            "local": local, "latex": to_latex(e)})
        self.memo[e] = name
        self.values[name] = value
        return name

    def value_of(self, e: sympy.Basic) -> float:
        return self.values[self.visit(e)]

    def _fresh(self, prefix: str) -> str:
        while True:
            self.counters[prefix] += 1
            name = f"{prefix}{self.counters[prefix]}"
            if name not in self.inputs:
                return name


def _operation(e: sympy.Expr, graph: _Graph) -> tuple[str, tuple, float, tuple[float, ...]]:
    """Op name, operand expressions, value and local derivatives of a non-leaf node."""
    if e.is_Mul and len(e.args) == 2 and e.args[0] == -1:
        return "neg", (e.args[1],), -graph.value_of(e.args[1]), (-1.0,)
    if e.is_Add or e.is_Mul:
        args = e.args
        vals = [graph.value_of(a) for a in args]
        if e.is_Add:
            return "add", args, math.fsum(vals), (1.0,) * len(args)
        others = tuple(math.prod(vals[:i] + vals[i + 1:]) for i in range(len(vals)))
        return "mul", args, math.prod(vals), others
    if e.is_Pow:
        return _power(e, graph)
    if isinstance(e, sympy.Function):
        return _function(e, graph)
    raise ValueError(f"A {type(e).__name__} can't be drawn as a graph node")


def _power(e: sympy.Pow, graph: _Graph) -> tuple[str, tuple, float, tuple[float, ...]]:
    base, exponent = e.args
    b = graph.value_of(base)
    if not exponent.free_symbols:
        # a constant exponent belongs to the operation (x², √x), not to the graph
        n = real_value(exponent)
        op = "sqrt" if exponent == sympy.S.Half else "pow"
        return op, (base,), _pow(b, n), (n * _pow(b, n - 1),)
    n = graph.value_of(exponent)
    value = _pow(b, n)
    log_b = math.log(b) if b > 0 else math.nan
    return "pow", (base, exponent), value, (n * _pow(b, n - 1), value * log_b)


def _pow(base: float, exponent: float) -> float:
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):  # negative base, fractional power; 0 to a negative
        return math.nan


def _function(e: sympy.Function, graph: _Graph) -> tuple[str, tuple, float, tuple[float, ...]]:
    """Any one-or-more argument function: value and partials through sympy, at floats."""
    name = type(e).__name__
    op = _OP_NAMES.get(name, name.lower())
    vals = [graph.value_of(a) for a in e.args]
    # each input as the exact double it is, worked out at 30 digits and rounded once
    # (a sympy.Float would evaluate the function at float precision on the spot)
    at = [sympy.Rational(v) if math.isfinite(v) else sympy.nan for v in vals]
    value = real_value(e.func(*at))
    # real dummies, so |t|' is sign(t) rather than the complex-analysis formula
    dummies = [sympy.Dummy(f"t{i}", real=True) for i in range(len(e.args))]
    generic = e.func(*dummies)
    local = tuple(real_value(sympy.diff(generic, d).xreplace(dict(zip(dummies, at))))
                  for d in dummies)
    return op, e.args, value, local


def _backward(drafts: list[dict[str, Any]]) -> dict[str, float]:
    """Reverse accumulation: each node passes grad · local to each of its parents."""
    grads = {d["name"]: 0.0 for d in drafts}
    grads[drafts[-1]["name"]] = 1.0
    for d in reversed(drafts):
        for parent, local in zip(d["parents"], d["local"]):
            grads[parent] += grads[d["name"]] * local
    return grads


def _num(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else r"\text{undefined}"


def _factor(value: float) -> str:
    """A number inside a product: negatives in brackets."""
    text = _num(value)
    return rf"\left({text}\right)" if value < 0 else text


def _name_tex(name: str) -> str:
    return to_latex(sympy.Symbol(name))


def _steps(nodes: list[GraphNode]) -> list[Step]:
    """One step per node, from the output back to the inputs."""
    output = nodes[-1]
    children = children_of(nodes)
    out_tex = _name_tex(output.name)
    steps = [Step("chain", f"Start at the output {output.name}: its gradient with respect "
                  "to itself is 1", rf"\frac{{\partial f}}{{\partial {out_tex}}}", "1")]
    for node in reversed(nodes[:-1]):
        via = children[node.name]
        tex = _name_tex(node.name)
        symbolic = " + ".join(
            rf"\frac{{\partial f}}{{\partial {_name_tex(c.name)}}}"
            rf"\frac{{\partial {_name_tex(c.name)}}}{{\partial {tex}}}" for c, _ in via)
        numbers = " + ".join(rf"{_factor(c.grad)} \cdot {_factor(loc)}" for c, loc in via)
        names = ", ".join(dict.fromkeys(c.name for c, _ in via))
        title = (f"{node.name} ({node.op}) feeds {names}: multiply its gradient by the local "
                 f"derivative" if len(via) == 1 else
                 f"{node.name} ({node.op}) feeds {names}: add up each one's gradient times "
                 "its local derivative")
        steps.append(Step("chain", title, rf"\frac{{\partial f}}{{\partial {tex}}} = {symbolic}",
                          rf"{numbers} = {_num(node.grad)}"))
    return steps
