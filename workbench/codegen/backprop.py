"""The Backprop lab's script: a formula's forward and backward pass, one line per graph node.

The graph is read off the plain tree as the engine's ``backprop`` reads it off the
expression: the inputs first (in the order given), then every distinct
subexpression after its operands; a subexpression without variables is one constant
node ``c1``, ``c2``, ...; operations are ``u1``, ``u2``, .... The backward pass gives
each node the sum, over the nodes that use it, of their gradient times the local
derivative, which is the chain rule one edge at a time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from workbench.codegen.printer import CodegenError, float_literal, identifier, to_numpy
from workbench.codegen.script import Names, Script, top_level_space
from workbench.protocol.graph_nodes import GraphNode
from workbench.protocol.syntax.tree import Node, symbols_of

# function -> its derivative in terms of the operand {u} and the node's own value {v}
_LOCAL: dict[str, str] = {
    "sin": "np.cos({u})", "cos": "-np.sin({u})", "tan": "1 / np.cos({u})**2",
    "asin": "1 / np.sqrt(1 - {u}**2)", "acos": "-1 / np.sqrt(1 - {u}**2)",
    "atan": "1 / (1 + {u}**2)", "sinh": "np.cosh({u})", "cosh": "np.sinh({u})",
    "tanh": "1 - {v}**2", "asinh": "1 / np.sqrt({u}**2 + 1)",
    "acosh": "1 / np.sqrt({u}**2 - 1)", "atanh": "1 / (1 - {u}**2)",
    "exp": "{v}", "ln": "1 / {u}", "sqrt": "1 / (2 * {v})", "cbrt": "1 / (3 * {v}**2)",
    "abs": "np.sign({u})", "sigmoid": "{v} * (1 - {v})",
    "relu": "np.heaviside({u}, 0.5)", "softplus": "np.exp(-np.logaddexp(0.0, -{u}))",
    "erf": "2 / np.sqrt(np.pi) * np.exp(-{u}**2)",
    "cot": "-1 / np.sin({u})**2", "sec": "{v} * np.tan({u})", "csc": "-{v} / np.tan({u})",
    "sign": "0.0", "floor": "0.0", "ceil": "0.0", "heaviside": "0.0",
}
_COMMENT = {"sign": "flat on both sides of 0", "floor": "flat between whole numbers",
            "ceil": "flat between whole numbers", "heaviside": "flat on both sides of 0",
            "relu": "the engine takes 1/2 at exactly 0, as sympy's Heaviside does"}


@dataclass(frozen=True)
class _Node:
    name: str
    op: str
    code: str  # the forward line's right-hand side
    parents: tuple[str, ...]
    local: tuple[str, ...]  # d(this)/d(parent) for each parent, as NumPy code


def _sum_or_product(op: str, parents: tuple[str, ...]
                    ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(forward code, parents, local derivatives) of a sum (each 1) or a product (each
    the product of the other operands)."""
    local = tuple("1" if op == "add" else " * ".join(
        p for j, p in enumerate(parents) if j != i) or "1" for i in range(len(parents)))
    return (" + " if op == "add" else " * ").join(parents), parents, local


def _power_locals(name: str, base: str, n: str) -> tuple[str, str]:
    """d(b^n)/db and d(b^n)/dn, for the node ``name`` = base**n."""
    return f"{n} * {base}**({n} - 1)", f"{name} * np.log({base})"


class _Graph:
    def __init__(self, names: Names) -> None:
        self.names = names
        self.nodes: list[_Node] = []
        self.memo: dict[Node, str] = {}
        self.counters = {"u": 0, "c": 0}

    def fresh(self, prefix: str) -> str:
        while True:
            self.counters[prefix] += 1
            name = f"{prefix}{self.counters[prefix]}"
            if name not in self.names.map.values():
                return name

    def add(self, tree: Node, op: str, code: str, parents: tuple[str, ...],
            local: tuple[str, ...], prefix: str = "u", name: str | None = None) -> str:
        name = name or self.fresh(prefix)
        self.nodes.append(_Node(name, op, code, parents, local))
        self.memo[tree] = name
        return name

    def visit(self, tree: Node) -> str:
        if tree[:2] == ("pow", ("const", "e")) and len(tree) == 3:
            tree = ("call", "exp", tree[2])  # e^u is the node exp(u), as in the engine
        if tree in self.memo:
            return self.memo[tree]
        if tree[0] == "sym":
            name = self.names[tree[1]]
            self.nodes.append(_Node(name, "input", "", (), ()))
            self.memo[tree] = name
            return name
        if not symbols_of(tree):
            return self.add(tree, "const", to_numpy(tree, {}), (), (), "c")
        return self.operation(tree)

    def operation(self, tree: Node) -> str:
        op = tree[0]
        if op in ("add", "mul"):
            parents = tuple(self.visit(child) for child in tree[1:])
            return self.add(tree, op, *_sum_or_product(op, parents))
        if op == "neg":
            (parent,) = (self.visit(tree[1]),)
            return self.add(tree, "neg", f"-{parent}", (parent,), ("-1",))
        if op == "div":
            a, b = self.visit(tree[1]), self.visit(tree[2])
            return self.add(tree, "div", f"{a} / {b}", (a, b), (f"1 / {b}", f"-{a} / {b}**2"))
        if op == "pow":
            return self.power(tree)
        if op == "call":
            return self.call(tree)
        raise CodegenError(f"a {op!r:.20} can't be drawn as a graph node")

    def power(self, tree: Node) -> str:
        base = self.visit(tree[1])
        if not symbols_of(tree[2]):  # a constant exponent belongs to the operation (x²)
            n = to_numpy(tree[2], {})
            n = n if n.replace(".", "").isdigit() else f"({n})"
            return self.add(tree, "pow", f"{base}**{n}", (base,), (f"{n} * {base}**({n} - 1)",))
        n = self.visit(tree[2])
        name = self.fresh("u")
        return self.add(tree, "pow", f"{base}**{n}", (base, n), _power_locals(name, base, n),
                        name=name)

    def call(self, tree: Node) -> str:
        function = tree[1]
        if function == "log":  # log_b(u) = ln u / ln b
            u, b = self.visit(tree[2]), self.visit(tree[3])
            return self.add(tree, "log", f"np.log({u}) / np.log({b})", (u, b),
                            (f"1 / ({u} * np.log({b}))", f"-np.log({u}) / ({b} * np.log({b})**2)"))
        if function not in _LOCAL:
            raise CodegenError(f"no local derivative for {function!r:.20}")
        u = self.visit(tree[2])
        name = self.fresh("u")
        forward = to_numpy(("call", function, ("sym", "u")), {"u": u})
        return self.add(tree, function, forward, (u,),
                        (_LOCAL[function].format(u=u, v=name),), name=name)


def backprop_script(tree: Node, inputs: Mapping[str, float]) -> str:
    """The forward pass (one line per node) and the backward pass (one chain-rule line per
    node) of ``tree`` at ``inputs`` (variable name -> number), printing the output ``f``
    and ``df/d<name>`` for every input, as the engine's ``backprop`` computes them."""
    missing = symbols_of(tree) - set(inputs)
    if missing:
        raise CodegenError(f"give a value for {', '.join(sorted(missing))}")
    values = {name: float(value) for name, value in inputs.items()}
    if not all(math.isfinite(v) for v in values.values()):
        raise CodegenError("the inputs must be finite numbers")
    names = Names(values)
    graph = _Graph(names)
    used = symbols_of(tree)
    for name in values:
        if name in used:
            graph.visit(("sym", name))
    graph.visit(tree)
    return _assemble(graph.nodes, names, values, tree)


def _assemble(nodes: list[_Node], names: Names, values: Mapping[str, float],
              tree: Node | None) -> str:
    script = Script("Backpropagation by hand: the forward and the backward pass, node by node",
                    ("np", "sp") if tree is not None else ("np",))
    _forward(script, nodes, names, values)
    _backward(script, nodes, names)
    for name in names:
        script.line(f'report("df/d{names[name]}", grad_{names[name]})')
    if tree is not None:
        _check(script, names, tree)
    return script.text()


def _forward(script: Script, nodes: list[_Node], names: Names,
             values: Mapping[str, float]) -> None:
    script.section("Forward pass: the inputs, then each node from the values of its operands")
    for name in names:
        script.line(f"{names[name]} = {float_literal(values[name])}")
    for node in nodes:
        if node.op != "input":
            script.line(f"{node.name} = {node.code}  # {node.op}")
    script.line(f'report("f", {nodes[-1].name})')


def _backward(script: Script, nodes: list[_Node], names: Names) -> None:
    script.section("Backward pass: df/d(node), from the output back to the inputs. A node "
                   "adds up, over each node that uses it, that node's gradient times the "
                   "local derivative on the edge between them (the chain rule)")
    out = nodes[-1].name
    ops = {node.name: node.op for node in nodes}
    users: dict[str, list[tuple[str, str]]] = {n.name: [] for n in nodes}
    for node in nodes:
        for parent, local in zip(node.parents, node.local):
            users[parent].append((node.name, local))
    script.line(f"grad_{out} = 1.0  # df/df")
    for node in reversed(nodes[:-1]):
        if node.op == "const":
            continue
        terms = [f"grad_{user}" if local == "1" else f"-grad_{user}" if local == "-1"
                 else f"grad_{user} * {_term(local)}" for user, local in users[node.name]]
        notes = dict.fromkeys(_COMMENT[ops[user]] for user, _ in users[node.name]
                              if ops[user] in _COMMENT)
        rhs = " + ".join(terms) if terms else "0.0"
        script.line(f"grad_{node.name} = {rhs}" + (f"  # {'; '.join(notes)}" if notes else ""))
    for name in names.map.values():
        if name not in users:
            script.line(f"grad_{name} = 0.0  # not used by f")


def _check(script: Script, names: Names, tree: Node) -> None:
    script.blank(2)
    script.line("def sympy_gradient(point):")
    script.line('"""The exact partial derivatives of f at point, with SymPy."""', 4)
    for name in names:
        script.line(f"{names[name]} = sp.Symbol({_quote(name)}, real=True)", 4)
    script.line(f"f_expr = {names.sympy(tree)}", 4)
    symbols = f"[{names.args()}]"
    script.line(f"at = dict(zip({symbols}, point))", 4)
    script.line(f"return [float(sp.diff(f_expr, v).subs(at)) for v in {symbols}]", 4)
    script.blank(2)
    script.comment("Check with SymPy: the exact partial derivatives at the same point")
    script.line(f'print("SymPy:", sympy_gradient([{names.args()}]))')


def _term(code: str) -> str:
    return f"({code})" if top_level_space(code) or code.startswith("-") else code


def _quote(name: str) -> str:
    identifier(name)
    return f'"{name}"'


# engine op names that differ from the parser's canonical function names
_ENGINE_OPS = {"log": "ln"}


def backprop_script_from_graph(graph_nodes: Sequence[GraphNode],
                               inputs: Mapping[str, float], tree: Node | None = None) -> str:
    """The same script for the engine's own graph (``backprop(...).nodes``), so its node
    names and order are exactly those the window shows. ``tree`` (optional) adds the SymPy
    check. A power's constant exponent is not in the graph: it is read back from the
    node's value and local derivative (n = local·base/value), and CodegenError says so
    where that is impossible (a zero base); use :func:`backprop_script` then."""
    values = {name: float(value) for name, value in inputs.items()}
    names = Names(values)
    known = {node.name for node in graph_nodes}
    nodes: list[_Node] = []
    for node in graph_nodes:
        if not all(parent in known for parent in node.parents):
            raise CodegenError("the graph's nodes must come after their operands")
        nodes.append(_engine_node(node, names, {n.name: n for n in graph_nodes}))
    if not nodes:
        raise CodegenError("the graph is empty")
    return _assemble(nodes, names, values, tree)


def _engine_node(node: GraphNode, names: Names, by_name: Mapping[str, GraphNode]) -> _Node:
    name = _node_name(node.name, names)
    parents = tuple(_node_name(p, names) for p in node.parents)
    if node.op == "input":
        return _Node(name, "input", "", (), ())
    if node.op == "const":
        return _Node(name, "const", float_literal(node.value), (), ())
    if node.op in ("add", "mul"):
        return _Node(name, node.op, *_sum_or_product(node.op, parents))
    if node.op == "neg" and len(parents) == 1:
        return _Node(name, "neg", f"-{parents[0]}", parents, ("-1",))
    if node.op == "pow":
        return _engine_power(node, name, parents, by_name)
    function = "sqrt" if node.op == "sqrt" else _ENGINE_OPS.get(node.op, node.op)
    if len(parents) != 1 or function not in _LOCAL:
        raise CodegenError(f"no NumPy form for the graph operation {node.op!r:.20}")
    forward = to_numpy(("call", function, ("sym", "u")), {"u": parents[0]})
    return _Node(name, node.op, forward, parents,
                 (_LOCAL[function].format(u=parents[0], v=name),))


def _node_name(name: str, names: Names) -> str:
    if name in names.map:
        return names[name]
    if not re.fullmatch(r"[uc][0-9]{1,6}", name):
        raise CodegenError(f"not a graph node name: {name!r:.20}")
    return name


def _engine_power(node: GraphNode, name: str, parents: tuple[str, ...],
                  by_name: Mapping[str, GraphNode]) -> _Node:
    if len(parents) == 2:
        base, n = parents
        return _Node(name, "pow", f"{base}**{n}", parents, _power_locals(name, base, n))
    if len(parents) != 1:
        raise CodegenError("a power has a base and perhaps an exponent")
    base = by_name[node.parents[0]].value
    n, less = _exponent(base, node.value, node.local[0] if node.local else math.nan)
    b = parents[0]
    return _Node(name, "pow", f"{b}**{n}", parents, (f"{n} * {b}**{less}",))


def _exponent(base: float, value: float, local: float) -> tuple[str, str]:
    """n and n - 1 as code, from b^n and n·b^(n-1): n = local·b/value, as a small fraction
    when it is one."""
    if not all(math.isfinite(v) for v in (base, value, local)) or base == 0 or value == 0:
        raise CodegenError("this power's exponent can't be read from the graph's numbers")
    n = local * base / value
    guess = Fraction(n).limit_denominator(12)
    if math.isclose(float(guess), n, rel_tol=1e-9, abs_tol=1e-12):
        return _fraction_code(guess), _fraction_code(guess - 1)
    return f"({float_literal(n)})", f"({float_literal(n)} - 1)"


def _fraction_code(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator) if value >= 0 else f"({value.numerator})"
    return f"({value.numerator} / {value.denominator})"
