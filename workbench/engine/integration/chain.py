"""``antiderivative``: a chain of ever less explanatory methods that rarely gives up.

0. ``forms`` and ``FIRST``: the integrand's form chooses the method when it is certain
   (a rational function: partial fractions; f′/f: a logarithm; x^m(a + bxⁿ)^p: one of
   Chebyshev's substitutions; sinᵐx·cosⁿx, secⁿx, a quotient of multiple angles; a
   product of polynomials, multiplied out ...), so these never wait for a search.
   Before all stages, g(ax + b) is written g(u) with u = ax + b (``linear_shift``), so
   that every stage searches the simpler form. Reported as the ``steps`` stage (the progress
   callback hears "steps" once for stages 0 and 1).
1. ``steps``: sympy's step engine (``integral_steps``), its rule tree rendered as steps.
2. ``rewrite``: our rewrites (reduction formulas, standardising a Gaussian, ...), with
   the step engine finishing the rewritten integrals.
3. ``integrator``: ``sympy.integrate``, a result without steps.
4. ``none``.

When :mod:`nonelementary` finds why there is no elementary antiderivative (from the form,
before stage 0; by the Risch algorithm, between stages 0 and 1), stages 1 and 2 are
skipped: the step engine, our rewrites and the integrator each get a short try
(``Limits.special``) at an answer with a special function, and the reason ends the note.

Time: the step engine and ``sympy.integrate`` have no bound of their own (∫sin⁵x·cos³x
takes the step engine over a minute), so stages 1-3 still run under the time limits of
``Limits`` (main thread only; see ``timebox``). The limits count CPU time, not the wall
clock, so a busy machine does not change the answer. Stage 0 does bounded work (a fixed
number of sympy operations per rule), the numerical check of an answer is bounded by its
number of points, and a form-chosen answer skips the CPU-limited tidying. Other uses of
the CPU limit that remain: the symbolic part of the check and ``tidy`` (``simplify``),
the bounds of a definite integral (limits at the ends) and the double integrals. The
worker's process-level limit is the outer guard. ``antiderivative(..., cache=True)``
(what ``definite_integral`` uses) gives a verified answer found before again at once (``memo``).

The work is done with real symbols (|x| and √(x²) behave as students expect) and the
answer is given back in the plain symbols ``parse`` makes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy
from sympy.integrals import manualintegrate as mi

from workbench.engine.functions import to_elementary
from workbench.engine.integration.common import (
    INVERSE_TRIG_AND_HYPERBOLIC, SYMPY_FAILURES, TRIG_AND_HYPERBOLIC, integral_latex,
    special_functions, special_note, step_for, strip_restriction, tex)
from workbench.engine.integration.render import NoStepsFound, RenderContext, render
from workbench.engine.integration import memo
from workbench.engine.integration.expansion import polynomial_product
from workbench.engine.integration.forms import form_stage, solve_by_form
from workbench.engine.integration.hypergeometric import hypergeometric_form
from workbench.engine.integration.judge import Judge, Outcome
from workbench.engine.integration.ml_rules import ml_rule
from workbench.engine.integration.nonelementary import (
    form_reason, hides_an_elementary_function, risch_reason)
from workbench.engine.integration.prepare import (
    Prepared, linear_shift, own_inverse, prepare, wrap)
from workbench.engine.integration.results import Antiderivative
from workbench.engine.integration.rewrite_base import Solved
from workbench.engine.integration.first_moves import FIRST
from workbench.engine.integration.rewrites import (
    DIRECT, REWRITES, Rewrite, Solver, sum_rule)
from workbench.engine.integration.tidying import real_logs, tidy
from workbench.engine.integration.titles import METHOD_TITLES
from workbench.engine.integration.verification import verify
from workbench.engine.parsing import parse
from workbench.protocol.steps import Step
from workbench.protocol.wording import rule_name
from workbench.engine.symbols import realify, unrealify
from workbench.engine.timebox import StageTimeout, cpu_seconds, remaining, time_limit


@dataclass(frozen=True)
class Limits:
    """Seconds allowed for each stage of the chain and for the whole chain.

    ``piece`` bounds the step engine on each easier integral a rewrite hands it;
    ``reason`` the search for a reason why there is no elementary antiderivative (the
    Risch algorithm), and ``special`` the integrator's try for a special-function form
    once there is such a reason.
    """

    steps: float = 3.0
    rewrite: float = 3.0
    piece: float = 1.5
    integrator: float = 5.0
    total: float = 12.0
    verify: float = 2.0
    reason: float = 0.8
    special: float = 0.8


Progress = Callable[[str, str, float], None]
"""``progress(stage, title, seconds)``: a stage of the work starts, with its time limit
(``inf`` when it has none). Stages: ``quadrature``, ``steps``, ``rewrite``, ``integrator``,
``bounds``, ``definite``, and ``method``: within a stage, one of our methods fitted the
integrand and now solves its pieces (the title names it; ``seconds`` is what is left of
the stage). A caller that streams progress (the worker) passes one."""

STAGE_TITLES = {
    "quadrature": "numerical integration",
    "steps": "textbook rules and the step engine",
    "rewrite": "our rewrites",
    "integrator": "the full integrator",
    "bounds": "the bounds: F(b) \u2212 F(a), with limits at infinite or singular ends",
    "definite": "the full integrator on the definite integral",
}


def method_title(name: str) -> str:
    """The words the window shows while the method ``name`` solves its pieces."""
    return f"{STAGE_TITLES['rewrite']}: {METHOD_TITLES.get(name, name.replace('_', ' '))}"


def announce(progress: Progress | None, stage: str, seconds: float = math.inf) -> None:
    """Tell ``progress`` (if any) that ``stage`` starts and may take ``seconds``."""
    if progress is not None:
        progress(stage, STAGE_TITLES[stage], seconds)


def _reset_step_engine() -> None:
    # integral_steps keeps module-level caches that it cleans up only on a normal
    # return; a time limit that unwinds it leaves entries that would make later calls
    # on the same integrand give up at once.
    mi._integral_cache.clear()  # noqa: SLF001 - sympy's own caches, see above
    mi._parts_u_cache.clear()  # noqa: SLF001


def by_steps(f: sympy.Expr, x: sympy.Symbol, seconds: float) -> Solved | None:
    """Stage 1: sympy's step engine on ``f``, rendered; None when it gives up or runs out.

    Some forms are first prepared (multiplied out, split into partial fractions, or
    written in t = e^(kx)): the step engine searches every alternative on them for
    seconds, but does the prepared form term by term at once.
    """
    began = cpu_seconds()
    try:
        with time_limit(seconds):
            prepared = prepare(f, x)
            if prepared is not None and prepared.var != x:
                inner = by_steps(prepared.integrand, prepared.var,
                                 seconds - (cpu_seconds() - began))
                return None if inner is None else wrap(f, x, prepared, inner)
            g = f if prepared is None else prepared.integrand
            if prepared is not None and g.is_Add:
                # partial fractions term by term: each term gets its own first move
                inner = _term_by_term(g, x, seconds - (cpu_seconds() - began))
                return None if inner is None else wrap(f, x, prepared, inner)
            rule = mi.integral_steps(g, x)
            if rule.contains_dont_know():
                return None
            step, result = render(rule, RenderContext(taken={s.name for s in f.free_symbols}))
    except (StageTimeout, NoStepsFound, *SYMPY_FAILURES):
        return None
    finally:
        _reset_step_engine()
    solved = [step], strip_restriction(result)
    return solved if prepared is None else wrap(f, x, prepared, solved)


def _term_by_term(g: sympy.Expr, x: sympy.Symbol, seconds: float) -> Solved | None:
    """∫ of a sum as the sum of the terms' integrals, each by the step engine."""
    began, steps, results = cpu_seconds(), [], []
    for term in g.args:
        solved = by_steps(term, x, seconds - (cpu_seconds() - began))
        if solved is None:
            return None
        steps.extend(solved[0])
        results.append(solved[1])
    result = sympy.Add(*results)
    return [step_for("sum", "Sum rule: integrate each term separately and add the results",
                     g, x, result, steps)], result


def by_rewrites(f: sympy.Expr, x: sympy.Symbol, limits: Limits, depth: int = 0,
                rewrites: tuple[tuple[str, Rewrite], ...] = REWRITES,
                progress: Progress | None = None) -> Solved | None:
    """Stage 2: the first of our ``rewrites`` that fits ``f`` and whose pieces can be solved.

    ``progress`` (optional) hears a ``method`` event when a rewrite fitted ``f`` and asks
    for its first piece: the window names the method being worked on, not a guess.
    """

    def solve(g: sympy.Expr, u: sympy.Symbol) -> Solved | None:
        if g.is_Add and depth < 2:
            # term by term at once: one hard term would make the step engine on the whole
            # sum spend its time, then fail, before the rewrites could see that term
            found = sum_rule(g, u, lambda h, v: by_rewrites(h, v, limits, depth + 1)
                             if h.is_Add else solve(h, v))
            return None if found is None else ([found[0]], found[1])
        # a product of polynomials multiplied out, rational pieces (after t = tan(x/2) ...)
        # by their forms: at once, where the step engine searches for tenths of a second
        found = polynomial_product(g, u) if g.is_polynomial(u) else solve_by_form(g, u)
        if found is not None:
            return found
        for rewrite in DIRECT:  # exact table forms: quicker than the step engine's search
            found = rewrite(g, u, solve)
            if found is not None:
                return [found[0]], found[1]
        if depth < 2:  # the forms whose textbook method is certain, before any search
            solved = by_rewrites(g, u, limits, depth + 1, rewrites=FIRST)
            if solved is not None:
                return solved
        # pieces of a rewrite should be easy; don't let one of them eat the whole stage
        solved = by_steps(g, u, min(limits.piece, remaining()))
        if solved is None and depth < 2:
            solved = by_rewrites(g, u, limits, depth + 1)
        return solved

    for name, rewrite in rewrites:
        try:
            found = rewrite(f, x, _announcing(solve, progress, name))
        except SYMPY_FAILURES:
            continue
        if found is not None:
            return [found[0]], found[1]
    return None


def _announcing(solve: Solver, progress: Progress | None, name: str) -> Solver:
    """``solve``, telling ``progress`` on its first call that the method ``name`` fitted."""
    if progress is None:
        return solve
    heard = False

    def announced(g: sympy.Expr, u: sympy.Symbol) -> Solved | None:
        nonlocal heard
        if not heard:
            heard = True
            progress("method", method_title(name), remaining())
        return solve(g, u)
    return announced


def by_integrator(f: sympy.Expr, x: sympy.Symbol, seconds: float) -> sympy.Expr | None:
    """Stage 3: ``sympy.integrate`` under a time limit; None when it leaves an integral."""
    try:
        with time_limit(seconds):
            result = sympy.integrate(f, x)
    except (StageTimeout, *SYMPY_FAILURES):
        return None
    if result.has(sympy.Integral):
        return None
    return result


def _chain(f: sympy.Expr, x: sympy.Symbol, limits: Limits, *,
           progress: Progress | None = None) -> Outcome:
    """The first stage whose answer verifies; else the first answer found; else none.

    ``progress`` hears of each stage as it starts (see :data:`Progress`). An integrand
    with no elementary antiderivative (for a reason :mod:`nonelementary` gives) skips the
    full searches, which cannot succeed there, for short tries of the step engine, our
    rewrites and the integrator at a special-function form. The reason ends the
    outcome's note.
    """
    shifted = own_inverse(f, x) or linear_shift(f, x)
    if shifted is not None:
        return _shifted(f, x, shifted, limits, progress)
    judge = Judge(f, x, limits.verify, STAGE_TITLES)
    reason = ""
    try:
        with time_limit(limits.total):
            reason = form_reason(f, x)
            found = hypergeometric_form(f, x) if reason else None
            if found is not None and judge.settle(Outcome("rewrite", *found, _FORM_NOTE)):
                judge.found[-1].note += reason
                return judge.found[-1]
            if not reason and _inverse_power(f, x):
                # our methods for inverse functions search long where there is no
                # elementary answer (arctan²(2x)/x, 1/arctan²(2x)·(...): Li₂, Ci), and
                # after θ = g(ax + b) the Risch algorithm tells that in tenths of a second
                reason = risch_reason(f, x, limits.reason)
            if not reason and _search(f, x, limits, judge, progress):
                return judge.found[-1]
            reason = reason or judge.reason
            if reason and _special_tries(f, x, limits, judge, progress):
                judge.found[-1].note += reason
                return judge.found[-1]
            seconds = min(limits.special, limits.integrator) if reason else limits.integrator
            announce(progress, "integrator", min(seconds, remaining()))
            result = by_integrator(f, x, seconds)
            if result is not None:
                step = step_for("integrator", "No step-by-step method applies here: the result "
                                "comes from the full integrator", f, x, result)
                note = _integrator_note(judge.timed_out)
                if not judge.settle(Outcome("integrator", [step], result, note)) and \
                        result.has(sympy.exp_polar):
                    # exp_polar(2πi) (a branch marker) is 1 on the real line: without it an
                    # answer such as x·₂F₁(1/4, 1/2; 5/4; x⁴) can be evaluated and checked
                    plain = result.replace(sympy.exp_polar, sympy.exp)
                    judge.settle(Outcome("integrator", [replace(step, after=tex(plain))],
                                         plain, note))
    except StageTimeout:
        pass
    outcome = judge.best()
    if reason and outcome.result is None:
        outcome.note = _NO_SPECIAL_FORM
    outcome.note += reason
    return outcome


def _shifted(f: sympy.Expr, x: sympy.Symbol, shifted: Prepared, limits: Limits,
             progress: Progress | None) -> Outcome:
    """The chain on g(u) for f = g(ax + b), its answer taken back to x and checked again."""
    inner = _chain(shifted.integrand, shifted.var, limits, progress=progress)
    if inner.result is None:
        return inner
    # u = ax + b puts constants into the answer (17u/2 is 17x/2 + 17/3): drop them
    back = inner.result.subs(shifted.var, shifted.back)
    result = back.as_independent(x, as_Add=True)[1] if back.is_Add else back
    steps, result = wrap(f, x, shifted, (inner.steps, inner.result), result)
    # G′(u) = g(u) gives d/dx G(ax + b) = a·g(ax + b) = f(x) exactly: a verified inner answer
    # needs no second check
    verified = inner.verified or verify(f, result, x, limits.verify)
    return Outcome(inner.stage, steps, result, inner.note, verified)


def _search(f: sympy.Expr, x: sympy.Symbol, limits: Limits, judge: Judge,
            progress: Progress | None) -> bool:
    """Stages 0-2; True when one of them gave an answer that verified.

    Between the methods chosen from the form (stage 0) and the searches (1, 2), the Risch
    algorithm may find that there is no elementary antiderivative: then the searches are
    skipped and ``judge.reason`` says why.
    """
    began = cpu_seconds()
    # the step engine has no rules for these functions, nor for roots of trigonometric
    # functions (√(cos x), (2 + 3 sin x)^(3/2)), and searches for seconds
    seconds = min(limits.steps, 0.5) if f.has(*_STEPLESS) or _root_of_trig(f, x) \
        else limits.steps
    announce(progress, "steps", min(seconds, remaining()))
    solved = polynomial_product(f, x) if f.is_polynomial(x) else solve_by_form(f, x)
    ours = solved is not None and form_stage(f, x, solved) == "rewrite"
    if solved is not None and judge.settle(Outcome(
            "rewrite" if ours else "steps", *solved,
            _first_note(solved[0][0]) if ours else _FORM_NOTE)):
        return True
    solved = _rewrite_stage(f, x, limits, FIRST, progress)
    if solved is not None and judge.settle(Outcome("rewrite", *solved, _first_note(
            solved[0][0]))):
        return True
    found = hypergeometric_form(f, x)
    if found is not None and not hides_an_elementary_function(f, x) and judge.settle(
            Outcome("rewrite", *found, _FORM_NOTE)):
        return True  # ₂F₁ for powers of sin and cos that no reason covers (two classes)
    judge.reason = risch_reason(f, x, limits.reason)
    if judge.reason:
        return False
    solved = by_steps(f, x, seconds)
    if solved is not None and judge.settle(Outcome("steps", *solved, _STEPS_NOTE)):
        return True
    # a step stage that failed near its limit ran out of time rather than gave up
    judge.timed_out = solved is None and cpu_seconds() - began >= 0.95 * seconds \
        and seconds == limits.steps
    announce(progress, "rewrite", min(limits.rewrite, remaining()))
    solved = _rewrite_stage(f, x, limits, progress=progress)
    why = "ran out of time" if judge.timed_out else "could not finish on its own"
    if judge.found:
        why = "gave an answer that did not check out everywhere"
    return solved is not None and judge.settle(
        Outcome("rewrite", *solved, _rewrite_note(solved[0][0], why)))


def _special_tries(f: sympy.Expr, x: sympy.Symbol, limits: Limits, judge: Judge,
                   progress: Progress | None) -> bool:
    """With a reason for no elementary antiderivative: the step engine, then our rewrites,
    each briefly, for an answer with a special function and steps (sin x/x: Si; x·σ(x) by
    parts leaves ln(1 + eˣ), whose integral is −Li₂(−eˣ)); True when one verified."""
    announce(progress, "steps", min(limits.special, remaining()))
    solved = by_steps(f, x, limits.special)
    if solved is not None and judge.settle(Outcome("steps", *solved, _STEPS_NOTE)):
        return True
    announce(progress, "rewrite", min(limits.special, remaining()))
    solved = _rewrite_stage(f, x, replace(limits, rewrite=limits.special), progress=progress)
    return solved is not None and judge.settle(Outcome(
        "rewrite", *solved, f"our rewrite ({_lower_first(rule_name(solved[0][0].rule))}) "
        "writes it with a special function"))


def _rewrite_stage(f: sympy.Expr, x: sympy.Symbol, limits: Limits,
                   rewrites: tuple[tuple[str, Rewrite], ...] = REWRITES,
                   progress: Progress | None = None) -> Solved | None:
    try:
        with time_limit(limits.rewrite):
            return by_rewrites(f, x, limits, rewrites=rewrites, progress=progress)
    except (StageTimeout, *SYMPY_FAILURES):
        return None


_NO_SPECIAL_FORM = "no form with a special function was found within the time limit"
_STEPS_NOTE = "the step engine found a rule for every part"
_FORM_NOTE = "a textbook method chosen from the form of the integrand"
_STEPLESS = (sympy.asec, sympy.acsc, sympy.acosh, sympy.asech, sympy.acsch, sympy.acoth,
             sympy.sech, sympy.csch)


def _inverse_power(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f holds a power other than 1 of an inverse trigonometric or hyperbolic
    function (arctan²2x, 1/artanh²2x, arccos(2x)^(5/2)): mostly a Li₂, Si or Ci."""
    return any(p.base.has(*INVERSE_TRIG_AND_HYPERBOLIC) and p.base.has(x) and p.exp != 1
               for p in f.atoms(sympy.Pow))


def _root_of_trig(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f takes a root of an expression with a trigonometric or hyperbolic function."""
    return any(p.exp.is_Rational and not p.exp.is_Integer and p.base.has(x)
               and p.base.has(*TRIG_AND_HYPERBOLIC) for p in f.atoms(sympy.Pow))


def _rewrite_note(step: Step, why: str) -> str:
    named = _lower_first(rule_name(step.rule))
    return f"the step engine {why}; after our rewrite ({named}) it could"


def _first_note(step: Step) -> str:
    # the rule as the derivation names it (Ostrogradsky's method), not its machine name
    return f"{_FORM_NOTE}: our rewrite ({_lower_first(rule_name(step.rule))}), before any search"


def _lower_first(name: str) -> str:
    """'Substitution' → 'substitution'; a name after a person ('Ostrogradsky's method')
    keeps its capital."""
    return name if "'s " in name else name[:1].lower() + name[1:]


def _integrator_note(timed_out: bool) -> str:
    why = "the step engine ran out of time" if timed_out else "no step-by-step rule applies"
    return f"{why}; result from the full integrator, without steps"


def _verify_step(f: sympy.Expr, result: sympy.Expr, x: sympy.Symbol, ok: bool) -> Step:
    title = ("Check: differentiating the result gives back the integrand" if ok else
             "Check: differentiating the result could not be matched with the integrand")
    step = step_for("verify", title, f, x, result)
    before = rf"\frac{{d}}{{d{tex(x)}}}\left({tex(result)}\right)"
    return replace(step, before=before, after=tex(f))


def antiderivative(expr: str | sympy.Expr, var: str = "x", *, limits: Limits | None = None,
                   progress: Progress | None = None, cache: bool = False) -> Antiderivative:
    """∫ expr d var with steps, by the first stage of the chain that answers.

    ``.result`` has no constant (``.latex`` shows "+ C"); ``.stage`` is ``steps``,
    ``rewrite``, ``integrator`` or ``none``; ``.note`` says why in plain words.
    ``progress`` (optional) hears of each stage of the chain as it starts. With ``cache``,
    a verified answer found earlier for the same integrand and limits is given again
    (see :mod:`workbench.engine.integration.memo`).
    """
    limits = limits or Limits()
    original = parse(expr, variables=(var,))
    if cache:
        key = (original, var, limits)
        found = memo.recall(key, progress)
        if found is None:
            heard, progress = memo.recording(progress)
            found = antiderivative(original, var, limits=limits, progress=progress)
            if found.verified:
                memo.remember(key, found, heard)
        return found
    elementary = to_elementary(original)
    f, back = realify(elementary)
    x = next((s for s in back if s.name == var), sympy.Symbol(var, real=True))
    back.setdefault(x, sympy.Symbol(var))
    outcome = _ml_outcome(original, f, x, limits) if elementary != original else None
    outcome = outcome or _chain(f, x, limits, progress=progress)
    steps, verified = outcome.steps, outcome.verified
    if outcome.result is not None:
        outcome.result, log_steps = real_logs(outcome.result, f, x)
        if outcome.result.is_Add:  # 16·ln(2)/3 from ln|2x| is part of the constant C
            outcome.result = outcome.result.as_independent(x, as_Add=True)[1]
        steps = [*steps, *log_steps]
        # a textbook rule's answer is already in the form the book prints
        tidied, tidy_step = (outcome.result, []) if outcome.note.startswith(_FORM_NOTE) \
            else tidy(outcome.result, x)
        if tidy_step and verified == verify(f, tidied, x, limits.verify / 2):
            # keep the tidy form only when it passes the same check as the original
            outcome.result = tidied
            steps = [*steps, *tidy_step]
        steps = [*steps, _verify_step(f, outcome.result, x, verified)]
    if elementary != original and outcome.steps and outcome.steps[0].rule not in _ML_RULES:
        steps = [_ml_step(original, elementary, x, back, steps, outcome.result)]
    result = None if outcome.result is None else unrealify(outcome.result, back)
    plain_x = back[x]
    latex = integral_latex(original, plain_x)
    if result is not None:
        # the real-symbol answer prints the same, and the check step printed it already
        # (the LaTeX of a long answer takes tenths of a second; it is cached)
        latex = f"{latex} = {tex(outcome.result)} + C"
    note = outcome.note
    named = special_functions(f, outcome.result)
    if result is not None and not all(name in note for name in named):
        note += special_note(f, outcome.result)  # unless the reason named them already
    if result is not None and not verified:
        note += ("; differentiating the result did not give back the integrand everywhere "
                 "(it may hold on part of the domain only)")
    return Antiderivative(original, var, result, latex, steps, verified, outcome.stage, note,
                          named)


_ML_RULES = ("sigmoid", "relu")


def _ml_outcome(original: sympy.Expr, f: sympy.Expr, x: sympy.Symbol,
                limits: Limits) -> Outcome | None:
    """σ, σ(1 − σ) and ReLU by their own one-step rules, when the integrand is one of them."""
    found = ml_rule(realify(original)[0], x)
    if found is None or not verify(f, found[1], x, limits.verify):
        return None
    return Outcome("steps", [found[0]], found[1],
                    "a standard result for the machine-learning functions", True)


def _ml_step(original, elementary, x, back, steps, result) -> Step:
    title = "Write sigmoid, ReLU and softplus with exp, max and ln, then integrate"
    shown = result if result is not None else sympy.Integral(elementary, x)
    step = step_for("rewrite", title, original.xreplace({back[x]: x}), x, shown, steps)
    return replace(step, after=f"{integral_latex(elementary, x)} = {tex(shown)}")

