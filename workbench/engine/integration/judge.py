"""Judging the chain's answers: each is checked by differentiating, the best is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from workbench.engine.integration.verification import check
from workbench.protocol.steps import Step


@dataclass
class Outcome:
    """One stage's answer (``result`` None when it has none) with its steps and note."""

    stage: str
    steps: list[Step]
    result: sympy.Expr | None
    note: str
    verified: bool = False


class Judge:
    """Checks each stage's answer and keeps those worth giving, best first."""

    def __init__(self, f: sympy.Expr, x: sympy.Symbol, seconds: float,
                 titles: Mapping[str, str]) -> None:
        self.f, self.x, self.seconds, self.titles = f, x, seconds, titles
        self.found: list[Outcome] = []
        self.refuted: list[str] = []
        self.timed_out = False  # whether the step engine ran out of time (for the notes)
        self.reason = ""  # why there is no elementary antiderivative, when that was found

    def settle(self, outcome: Outcome) -> bool:
        """Check ``outcome``; keep it unless shown false; True when it verified."""
        verdict = check(self.f, outcome.result, self.x, self.seconds)
        outcome.verified = verdict is True
        # an answer shown false at some point is never given (with parameters, a random
        # point may break an assumption such as σ > 0, so there it only stays unverified)
        if verdict is not False or self.f.free_symbols - {self.x}:
            self.found.append(outcome)
        else:
            self.refuted.append(self.titles[outcome.stage])
        return outcome.verified

    def best(self) -> Outcome:
        """The first verified answer, else the first kept one, else an honest none."""
        verified = [o for o in self.found if o.verified]
        for earlier in self.found:
            if verified and earlier.result == verified[0].result:
                # the same answer, checked in time on a later try: keep the earlier one's steps
                earlier.verified = True
                return earlier
        if verified or self.found:
            return (verified or self.found)[0]
        if self.refuted:
            return Outcome("none", [], None, f"the answer of {self.refuted[0]} did not "
                           "differentiate back to the integrand, so it is not shown; no other "
                           "antiderivative was found within the time limit")
        return Outcome("none", [], None, "no antiderivative was found in elementary or "
                       "standard special functions within the time limit")
