"""The renderer covers every rule class of sympy's step engine, with a name and a sentence."""

from __future__ import annotations

import inspect
from abc import ABC
from dataclasses import dataclass

import pytest
import sympy
from sympy.integrals import manualintegrate as mi

from workbench.engine import antiderivative
from workbench.engine.integration import Limits
from workbench.engine.integration import render as rendering
from workbench.engine.integration.titles import ATOMIC

x = sympy.Symbol("x")
n = sympy.Symbol("n", integer=True, positive=True)  # a symbolic degree keeps the polynomial whole


def _concrete_rule_classes() -> list[type]:
    classes = [c for _, c in inspect.getmembers(mi, inspect.isclass)
               if issubclass(c, mi.Rule) and c.__module__ == mi.__name__]
    return [c for c in classes if ABC not in c.__bases__ and not inspect.isabstract(c)]


def test_every_rule_class_has_its_own_renderer():
    classes = _concrete_rule_classes()
    assert len(classes) >= 50  # sympy 1.14 has 53 concrete rule classes
    for cls in classes:
        renderer = rendering._RENDERERS.get(cls)
        assert renderer is not None and renderer is not rendering._render_generic, cls
        if cls in ATOMIC:
            name, title = ATOMIC[cls]
            assert name.isidentifier() and len(title) > 15


@pytest.mark.parametrize("integrand, rule", [
    (sympy.sin(x) / x, "special_function"), (sympy.exp(x) / x, "special_function"),
    (sympy.cos(x) / x, "special_function"), (sympy.sin(x**2), "fresnel"),
    (1 / sympy.log(x), "special_function"), (sympy.legendre(n, x), "orthogonal_polynomial"),
    (sympy.chebyshevt(n, x), "orthogonal_polynomial"), (sympy.DiracDelta(x), "dirac_delta"),
    (sympy.Derivative(sympy.Function("f")(x), x), "derivative"),
    (x**2 / sympy.sqrt(1 - x**2), "sqrt_quadratic"),
])
def test_special_rules_render_and_check_out(integrand, rule):
    r = antiderivative(integrand, limits=Limits(steps=60.0, total=120.0))  # roomy: a busy CI
    assert r.stage == "steps" and r.result is not None
    names = {s.rule for s in r.steps[0].walk()}
    assert rule in names
    if rule not in ("derivative", "dirac_delta", "orthogonal_polynomial"):
        assert r.verified


def test_unknown_rule_class_gets_the_generic_renderer():
    @dataclass
    class BrandNewRule(mi.AtomicRule):
        def eval(self):
            return self.variable**2 / 2

    step, result = rendering.render(BrandNewRule(x, x), rendering.RenderContext(taken={"x"}))
    assert result == x**2 / 2
    assert step.rule == "brandnew" and "BrandNewRule" in step.title


def test_dont_know_anywhere_means_no_steps():
    rule = mi.AddRule(x + sympy.exp(x**3), x, [mi.PowerRule(x, x, x, sympy.S.One),
                                              mi.DontKnowRule(sympy.exp(x**3), x)])
    with pytest.raises(rendering.NoStepsFound):
        rendering.render(rule, rendering.RenderContext(taken={"x"}))


def test_substitution_names_its_variable_and_focus():
    r = antiderivative("2x cos(x^2)")
    step = next(s for s in r.steps[0].walk() if s.rule == "substitution")
    assert "u = $x^{2}$" in step.title
    assert dict(step.focus)["u"] == ("pow", ("sym", "x"), ("num", "2"))
    assert step.substeps[0].var == "u"
