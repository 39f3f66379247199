"""Each lab's ``code_script``: the inputs on screen, read as trees and numbers, handed to
the builders of :mod:`workbench.codegen`.

Every function takes the lab (or the window, for Explore) and returns ``(script, stem)``,
or None while the lab shows nothing to reproduce. Inputs that cannot be read raise
``CodegenError`` with a sentence for the student. Nothing typed is pasted into a script:
text goes through our own parser first, and the builders print the trees it makes.
"""

from __future__ import annotations

import math
from typing import Any

from workbench.codegen import (
    CodegenError,
    Run,
    backprop_script,
    backprop_script_from_graph,
    derivative_script,
    descent_script,
    double_integral_script,
    explore_script,
    integral_script,
    layer_script,
    probability_script,
    series_script,
)
from workbench.protocol.layer_results import LayerResult
from workbench.protocol.results import BackpropResult
from workbench.protocol.syntax import Node, ParseError, evaluate, parse_tree, symbols_of

Script = tuple[str, str]
INFINITY: Node = ("const", "oo")


# ---------------------------------------------------------------- reading inputs
def tree_of(text: str, what: str) -> Node:
    """``text`` parsed by our own grammar; CodegenError naming ``what`` if it cannot be."""
    source = str(text).strip()
    if not source:
        raise CodegenError(f"{what} is empty: type it to see the code.")
    try:
        return parse_tree(source)
    except ParseError as problem:
        raise CodegenError(f"{what} cannot be read yet ({problem.message}): fix it to see "
                           "the code.") from None


def editor_tree(editor: Any, what: str) -> Node | None:
    """The editor's parsed tree; None while it is empty; CodegenError while it does not parse."""
    tree = editor.tree()
    if tree is not None:
        return tree
    if not editor.text().strip():
        return None
    raise CodegenError(f"{what} cannot be read yet: fix it (see the message under it) to "
                       "see the code.")


def number_tree(value: float) -> Node:
    """A plain number (or ±infinity) as a tree, through the same parser."""
    value = float(value)
    if math.isinf(value):
        return INFINITY if value > 0 else ("neg", INFINITY)
    if value.is_integer() and abs(value) < 1e15:
        return parse_tree(str(int(value)))
    return parse_tree(repr(value))


def bound_tree(text: str, value: float) -> Node:
    """The bound as typed (exact: ``pi/2`` stays π/2) when it reads as ``value``, else
    ``value`` itself (a bound the lab moved, such as the support of a density)."""
    try:
        tree = parse_tree(str(text).strip())
    except ParseError:
        return number_tree(value)
    if not symbols_of(tree):
        typed = float(evaluate(tree, {}))
        if typed == value or (math.isnan(typed) and math.isnan(value)):
            return tree
    return number_tree(value)


def substitute(tree: Node, values: dict[str, Node]) -> Node:
    """``tree`` with each symbol named in ``values`` replaced by its tree."""
    if tree[0] == "sym" and tree[1] in values:
        return values[tree[1]]
    return (tree[0], *(substitute(part, values) if isinstance(part, tuple) else part
                       for part in tree[1:]))


# ---------------------------------------------------------------- the labs
def explore_code(window: Any, var: str) -> Script | None:
    """Explore: f sampled over the visible x range."""
    tree = editor_tree(window.editor, "The function")
    if tree is None:
        return None
    (lo, hi), _ = window.canvas.plot.getViewBox().viewRange()
    return explore_script(tree, var, float(lo), float(hi)), "explore"


def derivatives_code(lab: Any) -> Script | None:
    """Derivatives: f'(a) exactly, and by forward and central differences with the lab's h."""
    if editor_tree(lab.editor, "The function") is None or lab.model.f is None:
        return None
    return (derivative_script(lab.model.f, "x", at=lab.model.a, h=lab.model.h),
            "derivative")


def integrals_code(lab: Any) -> Script | None:
    """Integrals: ∫_a^b f (with the Riemann sum of the rule and n on show), or the double
    integral of the Double integrals view."""
    view = lab.current_view()
    if view == "double":
        return _double_code(lab)
    tree = editor_tree(lab.editor, "The function")
    if tree is None:
        return None
    a, b = tree_of(lab.a_field.text(), "The bound a"), tree_of(lab.b_field.text(), "The bound b")
    rule = n = None
    if view == "riemann":
        if any(bound in (INFINITY, ("neg", INFINITY)) for bound in (a, b)):
            raise CodegenError("A Riemann sum needs finite bounds: give a and b numbers.")
        rule, n = lab.riemann.rule, lab.riemann.n
    return integral_script(tree, "x", a, b, rule, n), f"integral_{view}"


def _double_code(lab: Any) -> Script:
    ranges = lab.double.job_ranges(quiet=True)
    if ranges is None:
        raise CodegenError("Fix the fields marked in red to see the code.")
    (y, c, d), (x, a, b) = ranges
    tree = tree_of(lab.double.function.text(), "The integrand")
    inner = (y, tree_of(c, "The inner lower bound"), tree_of(d, "The inner upper bound"))
    outer = (x, tree_of(a, "The outer lower bound"), tree_of(b, "The outer upper bound"))
    return double_integral_script(tree, inner, outer), "double_integral"


def gradient_code(lab: Any) -> Script | None:
    """Gradient: the race of the optimizers ticked, with their rates and hyper-parameters."""
    from workbench.ui.labs.gradient.runs import hyper_for

    if not lab.text:
        return None
    chosen = lab.descent.chosen()
    if not chosen:
        raise CodegenError("Tick at least one optimizer to see the code of its descent.")
    hyper, rate = lab.descent.hyper(), lab.descent.rate.rate()
    runs = [Run(name, rate, hyper_for(name, hyper)) for name in chosen]
    script = descent_script(tree_of(lab.text, "The function"), lab.variables, lab.start, runs,
                            lab.descent.steps.value())
    return script, "descent"


def backprop_code(lab: Any) -> Script | None:
    """Backprop: the graph on show, one line per node forwards and backwards; before the
    first graph, the same from the formula and the values typed."""
    tree = editor_tree(lab.editor, "The expression")
    if tree is None:
        return None
    shown = lab.shown_results().get("graph")
    if isinstance(shown, BackpropResult):
        values = dict(shown.request.values)
        try:
            return backprop_script_from_graph(shown.nodes, values, tree), "backprop"
        except CodegenError:
            return backprop_script(tree, values), "backprop"  # the same sums, its own names
    values = lab.checked_values()
    if values is None:
        raise CodegenError("Give every input a number to see the code.")
    return backprop_script(tree, values), "backprop"


def series_code(lab: Any) -> Script | None:
    """Sums: the sum or product of the term over the index's range."""
    from workbench.ui.labs.series.numbers import LimitError, read_limits

    tree = editor_tree(lab.editor, "The term")
    if tree is None:
        return None
    try:
        limits = read_limits(lab.index_edit.text(), lab.lo_edit.text(), lab.hi_edit.text())
    except LimitError as error:
        raise CodegenError(error.message) from None
    hi = INFINITY if limits.hi is None else number_tree(limits.hi)
    kind = lab.operation_key()
    return series_script(tree, limits.index, number_tree(limits.lo), hi, kind), kind


def probability_code(lab: Any) -> Script | None:
    """Probability: P(a < X < b) and E[g(X)] of the density on show (its parameters put in),
    with scipy.stats for a named one and a seeded Monte Carlo estimate."""
    from workbench.ui.labs.probability.density import PRESETS, DensityError

    form = lab.form
    if editor_tree(form.editor, "The density") is None:
        return None
    try:
        density, a, b, g = form.read()
    except DensityError as error:
        raise CodegenError(str(error)) from None
    values = {name: bound_tree(edit.text(), density.params[name])
              for (name, _label, _default), edit in zip(PRESETS[form.preset_key()][2],
                                                         form.param_edits)}
    pdf = substitute(density.tree, values)
    support = (bound_tree(form.support_lo.text(), density.lo),
               bound_tree(form.support_hi.text(), density.hi))
    script = probability_script(pdf, "x", bound_tree(form.a_edit.text(), a),
                                bound_tree(form.b_edit.text(), b), support, g=g,
                                seed=int(lab.seed), g_whole_support=True)
    return script, "probability"


def layers_code(lab: Any) -> Script | None:
    """Layers: the layer whose answer is on show, forward and backward with shapes."""
    shown = lab.shown_results().get("layer")
    if not isinstance(shown, LayerResult) or shown.outcome is None:
        return None
    outcome = shown.outcome
    if outcome.symbolic:
        raise CodegenError("This layer has symbols for entries; give every entry a number "
                           "(or press Randomise) to see a script that computes it.")

    def column(field: str) -> list[float]:
        return [float(row[0]) for row in outcome.quantity(field).values or ()]

    weights = [[float(v) for v in row] for row in outcome.quantity("W").values or ()]
    problem = outcome.problem
    return layer_script(weights, column("b"), column("x"), column("t"), problem.activation,
                        problem.loss), "layer"
