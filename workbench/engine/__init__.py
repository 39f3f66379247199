"""``workbench.engine``: the Qt-free mathematics of the workbench (see ENGINE_API.md).

Public names load on first use, so that ``workbench.protocol.syntax`` (the sympy-free
grammar the window uses) can be imported without pulling sympy into the window.
"""

from __future__ import annotations

from workbench.lazy import lazy_exports

# public name -> module that defines it. No module may share a public name: importing
# workbench.engine.<name> would rebind the package attribute to the module.
_EXPORTS: dict[str, str] = {
    "parse": "workbench.engine.parsing",
    "parse_bound": "workbench.engine.parsing",
    "ParseError": "workbench.protocol.syntax.errors",
    "Step": "workbench.protocol.steps",
    "to_tree": "workbench.engine.trees",
    "Derivation": "workbench.engine.results",
    "derivative": "workbench.engine.differentiation",
    "partial_derivatives": "workbench.engine.differentiation",
    "numeric_derivative": "workbench.engine.derivative_tools",
    "limit_definition": "workbench.engine.derivative_tools",
    "tangent_line": "workbench.engine.derivative_tools",
    "critical_points": "workbench.engine.derivative_tools",
    "inflection_points": "workbench.engine.derivative_tools",
    "PartialDerivatives": "workbench.engine.differentiation",
    "directional_derivative": "workbench.engine.multivariable",
    "learning_rate_limits": "workbench.engine.multivariable",
    "gradient": "workbench.engine.multivariable",
    "hessian": "workbench.engine.multivariable",
    "jacobian": "workbench.engine.multivariable",
    "antiderivative": "workbench.engine.integration",
    "definite_integral": "workbench.engine.integration",
    "double_integral": "workbench.engine.integration",
    "riemann_sum": "workbench.engine.integration",
    "swap_order": "workbench.engine.integration",
    "SwapError": "workbench.engine.integration",
    "summation": "workbench.engine.series",
    "product": "workbench.engine.series",
    "optimize": "workbench.engine.optimizers",
    "make_exercise": "workbench.engine.practice",
    "exercise_for": "workbench.engine.practice",
    "check_answer": "workbench.engine.practice",
    "hint": "workbench.engine.practice",
    "Exercise": "workbench.engine.practice",
    "Feedback": "workbench.engine.practice",
    "backprop": "workbench.engine.backpropagation",
    "dense_layer": "workbench.engine.layers.dense",
    "DenseLayer": "workbench.engine.layers.dense",
    "weight_chain": "workbench.engine.layers.chain",
    "WeightChain": "workbench.engine.layers.chain",
    "layer_outcome": "workbench.engine.layers.outcome",
    "check_identity": "workbench.engine.layers.identities",
    "matrix_identities": "workbench.engine.layers.identities",
    "IdentityCheck": "workbench.engine.layers.identities",
    "probability": "workbench.engine.densities",
    "expectation": "workbench.engine.densities",
    "moments": "workbench.engine.density_summary",
    "distribution": "workbench.engine.density_summary",
    "mgf": "workbench.engine.density_summary",
    "default_learning_rates": "workbench.engine.optimizer_race",
    "race_verdict": "workbench.engine.optimizer_race",
    "network": "workbench.engine.networks",
    "gradient_by_depth": "workbench.engine.networks",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
