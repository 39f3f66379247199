"""sympy's integration rule tree -> our ``Step`` tree, one renderer per rule class.

``sympy.integrals.manualintegrate.integral_steps`` returns a tree of small rule
objects (one class per technique). Each renderer here turns one rule into a
``Step`` with a stable ``rule`` name and a sentence in plain words, and computes the
rule's antiderivative from its children's, so that what a step shows is exactly
what it contributes (e.g. ln|u| rather than ln u for the reciprocal rule).

Renderers are found through a table keyed by rule class (walking the class's MRO),
so subclasses sympy adds later fall back to their parent's renderer, and any class
not covered at all gets a generic one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sympy
from sympy.integrals import manualintegrate as mi

from workbench.engine.integration.common import integral_latex, safe_tree, step_for, words
from workbench.engine.integration.titles import ATOMIC, rewrite_kind
from workbench.protocol.steps import Step


class NoStepsFound(Exception):
    """The step engine gave up somewhere in the tree (a ``DontKnowRule``)."""


@dataclass
class RenderContext:
    """Display names for the dummy variables sympy introduces (u, θ, ...)."""

    taken: set[str]
    names: dict[sympy.Dummy, sympy.Symbol] = field(default_factory=dict)

    def show(self, expr: sympy.Basic) -> sympy.Basic:
        """``expr`` with every dummy replaced by a readable symbol."""
        dummies = [d for d in expr.atoms(sympy.Dummy) if d not in self.names]
        for dummy in dummies:
            self.names[dummy] = self._fresh(dummy.name)
        return expr.xreplace(self.names) if self.names else expr

    def _fresh(self, hint: str) -> sympy.Symbol:
        for name in (hint, "u", "v", "w", "t", "s"):
            if name and name not in self.taken:
                self.taken.add(name)
                return sympy.Symbol(name, real=True)
        index = len(self.taken)
        self.taken.add(f"u{index}")
        return sympy.Symbol(f"u{index}", real=True)


Renderer = Callable[[mi.Rule, RenderContext], tuple[Step, sympy.Expr]]
_RENDERERS: dict[type, Renderer] = {}


def renders(*classes: type) -> Callable[[Renderer], Renderer]:
    """Register a renderer for the given rule classes."""

    def register(func: Renderer) -> Renderer:
        for cls in classes:
            _RENDERERS[cls] = func
        return func

    return register


def render(rule: mi.Rule, ctx: RenderContext) -> tuple[Step, sympy.Expr]:
    """The step for ``rule`` and the antiderivative it produces."""
    for cls in type(rule).__mro__:
        if cls in _RENDERERS:
            return _RENDERERS[cls](rule, ctx)
    return _render_generic(rule, ctx)


def contains_dont_know(rule: mi.Rule) -> bool:
    """Whether the step engine gave up anywhere in ``rule``."""
    return rule.contains_dont_know()


def _make(rule: mi.Rule, ctx: RenderContext, name: str, title: str, result: sympy.Expr,
          substeps: list[Step] | None = None) -> tuple[Step, sympy.Expr]:
    integrand, var = ctx.show(rule.integrand), ctx.show(rule.variable)
    shown = ctx.show(result)
    return step_for(name, title, integrand, var, shown, substeps or []), result


# -- the techniques that have children ---------------------------------------------------


@renders(mi.DontKnowRule)
def _render_dont_know(rule, ctx):
    raise NoStepsFound(f"no rule for {rule.integrand}")


@renders(mi.ConstantTimesRule)
def _render_constant_times(rule, ctx):
    sub, inner = render(rule.substep, ctx)
    title = "Constant multiple: take the constant factor out of the integral"
    return _make(rule, ctx, "constant_multiple", title, rule.constant * inner, [sub])


@renders(mi.AddRule)
def _render_add(rule, ctx):
    parts = [render(s, ctx) for s in rule.substeps]
    title = "Sum rule: integrate each term separately and add the results"
    return _make(rule, ctx, "sum", title, sympy.Add(*(r for _, r in parts)), [s for s, _ in parts])


@renders(mi.URule)
def _render_substitution(rule, ctx):
    u = ctx.show(rule.u_var)
    sub, inner = render(rule.substep, ctx)
    result = inner
    if rule.u_func.is_Pow and rule.u_func.exp == -1:
        # u = 1/g: write ln|1/g| as -ln|g|, as sympy's own evaluation does
        base = rule.u_func.base
        result = result.subs({sympy.log(sympy.Abs(rule.u_var)): -sympy.log(sympy.Abs(base)),
                              sympy.log(rule.u_var): -sympy.log(base)})
    result = result.subs(rule.u_var, rule.u_func)
    title = (f"Substitute {u} = {words(ctx.show(rule.u_func))}: the integrand becomes "
             f"a function of {u} times d{u}, integrate in {u}, then substitute back")
    step, _ = _make(rule, ctx, "substitution", title, result, [sub])
    return _with_focus(step, ("u", ctx.show(rule.u_func))), result


def _with_focus(step: Step, *named: tuple[str, sympy.Expr]) -> Step:
    focus = tuple((label, tree) for label, e in named if (tree := safe_tree(e)) is not None)
    return replace(step, focus=focus)


@renders(mi.PartsRule)
def _render_parts(rule, ctx):
    v_step, v = render(rule.v_step, ctx)
    second, rest = render(rule.second_step, ctx)
    u_text = words(ctx.show(rule.u))
    dv_text = words(ctx.show(rule.dv))
    title = (f"Integration by parts with u = {u_text} and dv = {dv_text} dx: "
             "the integral of u dv is u·v minus the integral of v du")
    step, result = _make(rule, ctx, "parts", title, rule.u * v - rest, [v_step, second])
    return _with_focus(step, ("u", ctx.show(rule.u)), ("v", ctx.show(v))), result


@renders(mi.CyclicPartsRule)
def _render_cyclic_parts(rule, ctx):
    terms, subs, sign = [], [], 1
    for part in rule.parts_rules:
        v_step, v = render(part.v_step, ctx)
        subs.append(v_step)
        terms.append(sign * part.u * v)
        sign = -sign
    result = sympy.Add(*terms) / (1 - rule.coefficient)
    title = ("Integrate by parts until the original integral comes back, "
             "then solve the equation for it")
    return _make(rule, ctx, "cyclic_parts", title, result, subs)


@renders(mi.CompleteSquareRule)
def _render_complete_square(rule, ctx):
    sub, inner = render(rule.substep, ctx)
    title = "Complete the square in the quadratic so a standard form appears"
    return _rewrite_step(rule, ctx, "complete_square", title, sub, inner)


@renders(mi.RewriteRule)
def _render_rewrite(rule, ctx):
    sub, inner = render(rule.substep, ctx)
    name, title = rewrite_kind(rule.integrand, rule.rewritten, rule.variable)
    return _rewrite_step(rule, ctx, name, title, sub, inner)


def _rewrite_step(rule, ctx, name, title, sub, inner):
    step, result = _make(rule, ctx, name, title, inner, [sub])
    # show the rewritten integrand, the point of the step, before the final answer
    before = integral_latex(ctx.show(rule.integrand), ctx.show(rule.variable))
    middle = integral_latex(ctx.show(rule.rewritten), ctx.show(rule.variable))
    return replace(step, before=before, after=f"{middle} = {step.after}"), result


@renders(mi.AlternativeRule)
def _render_alternative(rule, ctx):
    for choice in rule.alternatives:
        if not choice.contains_dont_know():
            return render(choice, ctx)
    raise NoStepsFound("no alternative works")


@renders(mi.PiecewiseRule)
def _render_piecewise(rule, ctx):
    pieces = [(render(sub, ctx), cond) for sub, cond in rule.subfunctions]
    result = sympy.Piecewise(*[(r, cond) for (_, r), cond in pieces])
    title = "Integrate each piece of the piecewise function on its own interval"
    return _make(rule, ctx, "piecewise", title, result, [s for (s, _), _ in pieces])


@renders(mi.HeavisideRule)
def _render_heaviside(rule, ctx):
    sub, inner = render(rule.substep, ctx)
    result = sympy.Heaviside(rule.harg) * (inner - inner.subs(rule.variable, rule.ibnd))
    title = ("Step function: integrate where it is switched on, starting from zero "
             "at the switch point so the result is continuous")
    return _make(rule, ctx, "heaviside", title, result, [sub])


@renders(mi.TrigSubstitutionRule)
def _render_trig_substitution(rule, ctx):
    sub, _ = render(rule.substep, ctx)
    result = rule.eval()
    if isinstance(result, sympy.Piecewise) and len(result.args) == 1:
        result = result.args[0][0]  # the restriction is the integrand's own domain
    theta = ctx.show(rule.theta)
    title = (f"Trigonometric substitution {ctx.show(rule.variable)} = "
             f"{words(ctx.show(rule.func))}: the square root becomes a "
             f"trigonometric function of {theta}")
    return _make(rule, ctx, "trig_substitution", title, result, [sub])


# -- rules with no children --------------------------------------------------------------


def _atomic_result(rule: mi.Rule) -> sympy.Expr:
    if isinstance(rule, mi.ReciprocalRule):
        return sympy.log(sympy.Abs(rule.base))  # ln|x|: valid on both sides of 0
    if isinstance(rule, mi.PowerRule) and rule.exp.is_number:
        if rule.exp == -1:
            return sympy.log(sympy.Abs(rule.base))
        return rule.base ** (rule.exp + 1) / (rule.exp + 1)
    return rule.eval()


def _render_atomic(rule, ctx):
    for cls in type(rule).__mro__:
        if cls in ATOMIC:
            name, title = ATOMIC[cls]
            break
    else:
        return _render_generic(rule, ctx)
    if isinstance(rule, mi.PowerRule) and rule.exp == -1:
        name, title = ATOMIC[mi.ReciprocalRule]
    return _make(rule, ctx, name, title, _atomic_result(rule))


for _cls in ATOMIC:
    _RENDERERS[_cls] = _render_atomic


def _render_generic(rule, ctx):
    """Any rule class we have no sentence for: name it after its class."""
    if rule.contains_dont_know():
        raise NoStepsFound(type(rule).__name__)
    name = type(rule).__name__.removesuffix("Rule").lower() or "rule"
    title = f"Apply the standard result for this form ({type(rule).__name__})"
    return _make(rule, ctx, name, title, rule.eval())


_RENDERERS[mi.Rule] = _render_generic
