"""Stand-in labs with real state, for session, undo and try-it tests (labs may be missing)."""

from __future__ import annotations

from workbench.session import Field, register_lab
from workbench.ui.labs.base import Lab

FAKE_FIELDS = (Field("function", "expression", required=True),
               Field("point", "number", default=0.0),
               Field("scheme", "choice", default="central",
                     choices=("forward", "backward", "central")))
register_lab("fakelab", FAKE_FIELDS)


class FakeLab(Lab):
    """A lab whose state is a function, a point and a scheme, like the derivatives lab."""

    kind = "fakelab"
    title = "Fake"

    def __init__(self, client, parent=None):
        super().__init__(client, parent)
        self.values = {"function": "x^2", "point": 0.0, "scheme": "central"}
        self.tried: list[dict] = []

    def set_value(self, name, value):
        """What a widget edit does: change one value and say so."""
        self.values[name] = value
        self.state_changed.emit()

    def state(self):
        return dict(self.values)

    def restore(self, state):
        self.values = {"function": "x^2", "point": 0.0, "scheme": "central", **state}
        self.state_changed.emit()  # real labs often re-emit while restoring

    def apply_try_it(self, params):
        self.tried.append(dict(params))
        self.restore({k: v for k, v in params.items() if k in ("function", "point", "scheme")})


class FakeDerivativesLab(FakeLab):
    """The fake under the derivatives lab's name (to run lessons' derivatives try-its)."""

    kind = "derivatives"
    title = "Derivatives"


class BrokenLab(FakeLab):
    """A lab whose restore fails (a session must survive it)."""

    kind = "fakelab"

    def restore(self, state):
        if state.get("point") == 13.0:
            raise RuntimeError("this lab cannot show point 13")
        super().restore(state)
