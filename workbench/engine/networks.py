"""Small networks for the Backprop lab, and what depth does to gradients.

``network`` builds a 2-2-1 or 2-3-1 network (any small sizes work) from a description:
layer sizes, the hidden activation, the loss, the inputs, the target and the numbers of
its weights. Its loss becomes one expression in named weights (w₁₁ is the weight into
hidden unit 1 from input 1, b₁ its bias, v₁ the weight from hidden unit 1 to the output,
c the output's bias), and :func:`~workbench.engine.backpropagation.backprop` draws it as
the computational graph with the chain-rule product on every edge.

``gradient_by_depth`` stacks n one-unit layers a_k = act(w_k·a_{k-1} + b) and returns
|∂f/∂w_k| for every layer: with sigmoid each layer multiplies the gradient by
w·σ′(z) ≤ w/4, so it vanishes geometrically towards the input; with ReLU it passes
unchanged while z > 0 (and explodes for |w| > 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from workbench.engine.backpropagation import Backpropagation, backprop
from workbench.engine.parsing import parse
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step
from workbench.engine.latex import latex as to_latex

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
LOSSES = ("mse", "bce")
_MAX_UNITS = 6  # per layer: the graph must stay readable
_MAX_DEPTH = 50


@dataclass(frozen=True)
class Network(ResultMixin):
    """A small network's loss as an expression, its graph and its weight gradients.

    ``expression`` is the loss in the weight names and inputs; ``text`` the same as the
    parser reads it (what the Backprop lab's expression field takes); ``values`` every
    name's number (inputs x1…, target t, weights w11…, biases b1…, v1…, c);
    ``parameters`` the weight and bias names in order; ``graph`` the backprop result;
    ``gradients`` ∂L/∂parameter for each parameter.
    """

    sizes: tuple[int, ...]
    activation: str
    output_activation: str
    loss: str
    expression: sympy.Expr
    text: str
    values: dict[str, float]
    parameters: tuple[str, ...]
    graph: Backpropagation
    gradients: dict[str, float]
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expression",)


def network(sizes: Sequence[int] = (2, 2, 1), activation: str = "sigmoid", loss: str = "mse",
            inputs: Sequence[float] = (1.0, 0.5), target: float = 1.0,
            weights: Mapping[str, float] | None = None,
            output_activation: str | None = None) -> Network:
    """Build the network ``sizes`` (inputs, hidden units, one output) and backpropagate.

    ``weights`` maps names (w11, b1, v1, c, ...) to numbers; any not given take fixed
    small starting values (so a lesson gives the same graph every time). The output unit
    is the identity for ``mse`` and a sigmoid for ``bce`` unless ``output_activation``
    says otherwise.
    """
    n_in, n_hidden, n_out = _check(sizes, activation, loss, inputs)
    out_act = output_activation or ("sigmoid" if loss == "bce" else "identity")
    if out_act not in ACTIVATIONS:
        raise ValueError(f"The output activation must be one of {', '.join(ACTIVATIONS)}")
    names = _parameter_names(n_in, n_hidden)
    values = {**{f"x{i + 1}": float(v) for i, v in enumerate(inputs)}, "t": float(target)}
    values.update({name: _start_value(k) for k, name in enumerate(names)})
    for name, value in (weights or {}).items():
        if name not in names:
            raise ValueError(f"{name} is not a weight of this network ({', '.join(names)})")
        values[name] = float(value)
    hidden = [_apply(activation, " + ".join([*(f"w{j}{i} x{i}" for i in range(1, n_in + 1)),
                                             f"b{j}"]))
              for j in range(1, n_hidden + 1)]
    output = _apply(out_act, " + ".join([*(f"v{j} {h}" for j, h in enumerate(hidden, 1)), "c"]))
    text = f"({output} - t)^2" if loss == "mse" else \
        f"-(t ln({output}) + (1 - t) ln(1 - ({output})))"
    graph = backprop(text, values)
    gradients = {name: graph.gradients[name] for name in names}
    steps = _layer_steps(n_in, n_hidden, activation, out_act, loss)
    latex = rf"L = {graph.value:.6g},\quad " + r",\ ".join(
        rf"\frac{{\partial L}}{{\partial {to_latex(sympy.Symbol(n))}}} = {g:.4g}"
        for n, g in gradients.items())
    return Network((n_in, n_hidden, n_out), activation, out_act, loss,
                   parse(text, variables=list(values)), text, values, tuple(names), graph,
                   gradients, latex, steps + list(graph.steps))


def _check(sizes: Sequence[int], activation: str, loss: str,
           inputs: Sequence[float]) -> tuple[int, int, int]:
    if len(sizes) != 3 or sizes[2] != 1 or not all(1 <= s <= _MAX_UNITS for s in sizes):
        raise ValueError("A network here is inputs-hidden-1, each layer 1 to 6 units "
                         "(such as 2-2-1 or 2-3-1)")
    if activation not in ACTIVATIONS or loss not in LOSSES:
        raise ValueError(f"Activation: one of {', '.join(ACTIVATIONS)}; loss: mse or bce")
    if len(inputs) != sizes[0]:
        raise ValueError(f"Give {sizes[0]} input values, one per input unit")
    return int(sizes[0]), int(sizes[1]), 1


def _parameter_names(n_in: int, n_hidden: int) -> list[str]:
    first = [f"w{j}{i}" for j in range(1, n_hidden + 1) for i in range(1, n_in + 1)]
    return [*first, *(f"b{j}" for j in range(1, n_hidden + 1)),
            *(f"v{j}" for j in range(1, n_hidden + 1)), "c"]


def _start_value(k: int) -> float:
    """Small, varied, reproducible starting weights: 0.5, -0.3, 0.8, -0.6, 0.2, ..."""
    pattern = (0.5, -0.3, 0.8, -0.6, 0.2, 0.4, -0.7, 0.1)
    return pattern[k % len(pattern)]


def _apply(activation: str, inner: str) -> str:
    return f"({inner})" if activation == "identity" else f"{activation}({inner})"


def _layer_steps(n_in: int, n_hidden: int, activation: str, out_act: str,
                 loss: str) -> list[Step]:
    act = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\operatorname{ReLU}",
           "identity": ""}
    sums = [" + ".join([*(f"w_{{{j}{i}}} x_{{{i}}}" for i in range(1, n_in + 1)), f"b_{{{j}}}"])
            for j in range(1, n_hidden + 1)]
    hidden = r",\quad ".join(rf"h_{{{j}}} = {act[activation]}\left({s}\right)"
                             for j, s in enumerate(sums, 1))
    top = " + ".join([*(f"v_{{{j}}} h_{{{j}}}" for j in range(1, n_hidden + 1)), "c"])
    loss_tex = r"\left(\hat y - t\right)^{2}" if loss == "mse" else \
        r"-\left(t \ln \hat y + (1 - t) \ln (1 - \hat y)\right)"
    output = rf"{act[out_act]}\left({top}\right)" if out_act != "identity" else top
    # each step states its equations in "before" (no "after": "h = h_1 = …" would mislead)
    return [
        Step("layer", f"Hidden layer: each of the {n_hidden} units weighs the inputs, adds its "
             f"bias and applies {activation}", hidden, ""),
        Step("layer", "Output: weigh the hidden units and add the bias"
             + ("" if out_act == "identity" else f", then apply {out_act}"),
             rf"\hat y = {output}", ""),
        Step("loss", f"The loss compares the output with the target t ({loss})",
             rf"L = {loss_tex}", ""),
    ]


@dataclass(frozen=True)
class DepthProfile(ResultMixin):
    """|∂f/∂w_k| for each layer k = 1 … depth of a chain of one-unit layers.

    ``gradients[k - 1]`` is layer k's (layer 1 is next to the input); ``factors`` are
    the per-layer multipliers |w·act′(z_k)|; ``sentence`` says why in one line.
    """

    depth: int
    activation: str
    weight: float
    gradients: list[float]
    factors: list[float]
    first_by_depth: list[float]  # |∂f/∂w_1| of a stack of 1, 2, …, depth units
    sentence: str
    latex: str
    steps: list[Step] = field(default_factory=list)


def gradient_by_depth(depth: int = 10, activation: str = "sigmoid", weight: float = 1.0,
                      bias: float = 0.0, x: float = 1.0) -> DepthProfile:
    """Stack ``depth`` units a_k = act(weight·a_{k-1} + bias) on a_0 = x; f = a_depth.

    Returns |∂f/∂w_k| = |a_{k-1}·act′(z_k)·Π_{j>k} w·act′(z_j)| for every layer.
    """
    if not 1 <= depth <= _MAX_DEPTH or activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"Depth 1 to {_MAX_DEPTH}; activation sigmoid, tanh or relu")
    a = [float(x)]
    slopes = []
    for _ in range(depth):
        z = weight * a[-1] + bias
        value, slope = _unit(activation, z)
        a.append(value)
        slopes.append(slope)
    factors = [abs(weight * s) for s in slopes]
    grads = []
    for k in range(depth):  # layer k + 1
        behind = math.prod(factors[k + 1:])
        grads.append(abs(a[k] * slopes[k]) * behind)
    # a stack of n units is the first n of these: its w_1 gradient ends at unit n
    first = [abs(a[0] * slopes[0]) * math.prod(factors[1:n]) for n in range(1, depth + 1)]
    sentence = _why(activation, weight, grads)
    latex = (r"\left|\frac{\partial f}{\partial w_k}\right| = \left|a_{k-1}\,"
             r"\mathrm{act}'(z_k)\right| \prod_{j>k} \left|w\,\mathrm{act}'(z_j)\right|")
    step = Step("chain", "Each layer between w_k and the output multiplies the gradient by "
                "w·act′(z)", r"\frac{\partial f}{\partial w_1}",
                rf"{grads[0]:.3g}\ (\text{{layer 1}}),\quad \frac{{\partial f}}"
                rf"{{\partial w_{{{depth}}}}} = {grads[-1]:.3g}\ (\text{{layer {depth}}})")
    return DepthProfile(depth, activation, float(weight), grads, factors, first, sentence,
                        latex, [step])


def _unit(activation: str, z: float) -> tuple[float, float]:
    if activation == "sigmoid":
        s = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        return s, s * (1.0 - s)
    if activation == "tanh":
        t = math.tanh(z)
        return t, 1.0 - t * t
    return max(z, 0.0), 1.0 if z > 0 else 0.0


def _why(activation: str, weight: float, grads: list[float]) -> str:
    ratio = grads[0] / grads[-1] if grads[-1] else 0.0
    change = f"the first layer's gradient is {ratio:.2g} times the last one's"
    if grads[0] > 1e3:
        change = f"the first layer's gradient has grown to {grads[0]:.2g}: it explodes"
    if activation == "sigmoid":
        return (f"σ′(z) ≤ 1/4, so each sigmoid layer multiplies the gradient by at most "
                f"|w|/4 = {abs(weight) / 4:.3g}: {change}.")
    if activation == "tanh":
        return (f"tanh′(z) ≤ 1 and is 1 only at z = 0, so each layer multiplies the gradient "
                f"by at most |w| = {abs(weight):.3g}: {change}.")
    return (f"ReLU′(z) is 1 while z > 0 (0 otherwise), so each active layer multiplies the "
            f"gradient by |w| = {abs(weight):.3g} exactly: {change}.")


__all__ = ["DepthProfile", "Network", "gradient_by_depth", "network"]
