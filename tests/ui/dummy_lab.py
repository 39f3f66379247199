"""A minimal lab for testing the lab tabs and the Lab base class."""

from __future__ import annotations

from workbench.ui.labs.base import Lab


class DummyLab(Lab):
    kind = "dummy"
    title = "Dummy"

    def __init__(self, client, parent=None):
        super().__init__(client, parent)
        self.events: list[str] = []
        self.results: list[tuple[str, object]] = []
        self.failures: list[tuple[str, object]] = []

    def activate(self):
        self.events.append("activate")

    def deactivate(self):
        self.events.append("deactivate")

    def on_result(self, purpose, payload):
        self.results.append((purpose, payload))

    def on_failure(self, purpose, error):
        self.failures.append((purpose, error))
