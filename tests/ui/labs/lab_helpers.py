"""Set-up the lab tests share: build a lab on a fake engine client and wait until it has
computed, round-trip a state through a session, list a lab's lesson "try it" actions.

Plain functions rather than fixtures, so that ``parametrize`` can use them at collection
time and a test can open a second lab of the same kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

#: When each lab has drawn its answers: no job outstanding and its data in place.
COMPUTED: dict[str, Callable[[Any], bool]] = {
    "backprop": lambda lab: not lab.is_waiting("graph") and lab.model is not None,
    "layers": lambda lab: (not lab.is_waiting("layer") and lab.outcome is not None
                           and "layer" in lab.shown_results()),
    "series": lambda lab: not lab.is_waiting("series") and lab._payload is not None,
    "probability": lambda lab: (not lab.is_waiting("probability")
                                and not lab.is_waiting("expectation")
                                and len(lab._payloads) == 2),
}


def wait_computed(qtbot: Any, lab: Any, timeout: int = 15000) -> None:
    """Wait until ``lab`` (a kind in ``COMPUTED``) has its engine answers and shows them."""
    done = COMPUTED[lab.kind]
    qtbot.waitUntil(lambda: done(lab), timeout=timeout)


def open_lab(qtbot: Any, lab_class: type, state: dict[str, Any] | None = None,
             try_it: dict[str, Any] | None = None, size: tuple[int, int] = (1200, 800)) -> Any:
    """A lab of ``lab_class`` on a ``FakeEngineClient``, computed, closed after the test.

    ``state`` is restored, or ``try_it`` applied as a lesson would, and computed too.
    """
    from tests.ui.fakes import FakeEngineClient

    lab = lab_class(FakeEngineClient())
    qtbot.addWidget(lab)
    lab.resize(*size)
    wait_computed(qtbot, lab)
    for change, given in ((lab.restore, state), (lab.apply_try_it, try_it)):
        if given:
            change(given)
            wait_computed(qtbot, lab)
    return lab


def saved(kind: str, state: dict[str, Any]) -> dict[str, Any]:
    """``state`` after a trip through JSON and the session's checks, as a session keeps it."""
    from workbench.session.model import session_from_data
    from workbench.session.schema import FORMAT_NAME, SCHEMA_VERSION

    data = {"format": FORMAT_NAME, "schema": SCHEMA_VERSION,
            "labs": [{"kind": kind, "state": json.loads(json.dumps(state))}]}
    return session_from_data(data).labs[0].state


def lesson_try_its(kind: str) -> list[Any]:
    """Every "try it" action of the offline lessons that opens the lab ``kind``."""
    from workbench.lessons import load_lessons

    return [action for lesson in load_lessons() for page in lesson.pages
            for action in page.actions if action.lab == kind]
