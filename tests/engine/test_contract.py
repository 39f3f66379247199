"""Every public engine operation keeps the ENGINE_API contract.

Results are frozen dataclasses with ``latex`` and ``steps``; they pickle; ``to_dict``
is JSON-safe and its expression strings read back with ``sympy.sympify`` to the same
mathematics.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import pickle

import pytest
import sympy

import workbench.engine as engine
from workbench.engine import Step

CALLS = {
    "derivative": (("x^2 sin(x)",), {}),
    "partial_derivatives": (("x^2 y + 3x y^2", ["x", "y"]), {}),
    "numeric_derivative": (("x^2", "x", 3), {"h": 1e-5, "scheme": "forward"}),
    "limit_definition": (("x^2", "x", 1), {}),
    "tangent_line": (("x^3", "x", 2), {}),
    "critical_points": (("x^3 - 3x", ["x"]), {}),
    "gradient": (("x^2 y + 3x y^2", ["x", "y"]), {"at": [2, 3]}),
    "hessian": (("x^2 y + 3x y^2", ["x", "y"]), {"at": [2, 3]}),
    "jacobian": ((["x y", "x + y"], ["x", "y"]), {"at": [1, 2]}),
    "antiderivative": (("x e^x",), {}),
    "definite_integral": (("x^2", "x", 0, 2), {}),
    "double_integral": (("x y", ("y", 0, 2), ("x", 0, 1)), {}),
    "riemann_sum": (("x^2", "x", 0, 2, 10), {"rule": "midpoint"}),
    "summation": (("k^2", "k", 1, 10), {}),
    "product": (("i", "i", 1, 5), {}),
    "optimize": (("x^2", ["x"], [5.0]), {"lr": 0.1, "steps": 20}),
    "backprop": (("sigmoid(w x + b)", {"w": 0.5, "x": 2.0, "b": -1.0}), {}),
    "probability": (("exp(-x)", "x", 0, 1), {}),
    "expectation": (("x", "exp(-x)", "x", 0, "oo"), {}),
    "dense_layer": (([[1, 2], [3, 4], [5, 6]], [0, 0, 0], [1, 2], [0, 1, 0]),
                    {"activation": "sigmoid", "loss": "mse"}),
    "check_identity": (("softmax", 3), {}),
}


def _call(name):
    module = engine._EXPORTS[name]
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not built yet")
    args, kwargs = CALLS[name]
    return getattr(engine, name)(*args, **kwargs)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_result_shape(name):
    result = _call(name)
    assert dataclasses.is_dataclass(result)
    assert type(result).__dataclass_params__.frozen
    assert isinstance(result.latex, str) and result.latex
    assert isinstance(result.steps, list)
    assert all(isinstance(step, Step) for step in result.steps)
    for step in result.steps:
        for sub in step.walk():
            assert sub.rule and sub.title


@pytest.mark.parametrize("name", sorted(CALLS))
def test_result_pickles_and_serialises(name):
    result = _call(name)
    again = pickle.loads(pickle.dumps(result))
    assert again.to_dict() == result.to_dict() or name == "optimize"
    data = result.to_dict()
    text = json.dumps(data, allow_nan=True)
    assert json.loads(text)["latex"] == result.latex


def test_expression_fields_read_back_with_sympify():
    x = sympy.Symbol("x")
    d = engine.derivative("sigmoid(3x+1) + x^x").to_dict()
    back = sympy.sympify(d["result"])
    reference = sympy.diff(1 / (1 + sympy.exp(-(3 * x + 1))) + x**x, x)
    for value in (0.4, 1.3, 2.2):  # x^x is real for x > 0
        assert float(back.subs(x, value)) == pytest.approx(float(reference.subs(x, value)))


def test_curriculum_numbers_through_the_contract():
    assert _value("numeric_derivative") == pytest.approx(6.00001, rel=1e-9)
    assert math.isclose(engine.gradient("x^2 y + 3x y^2", ["x", "y"], at=[2, 3]).value[0], 39)
    trajectory = engine.optimize("x^2", ["x"], [5.0], lr=0.1, steps=20)
    assert trajectory.points[0] == [5.0]
    assert trajectory.points[20][0] == pytest.approx(5 * 0.8**20)


def _value(name):
    return _call(name).value


def test_no_engine_module_shadows_a_public_name():
    # importing workbench.engine.<m> binds the attribute <m> on the package
    for module in set(engine._EXPORTS.values()):
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    modules = {m.rsplit(".", 1)[1] for m in engine._EXPORTS.values()}
    assert not modules & set(engine._EXPORTS)
