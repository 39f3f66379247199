"""Labs are created on first use, in their own tabs, and see only their own answers."""

from __future__ import annotations

import pytest

from tests.ui.fakes import FakeEngineClient
from workbench.protocol.jobs import EngineCallJob
from workbench.ui import labs as labs_module
from workbench.ui.lab_tabs import LabTabs


@pytest.fixture
def tabs(qtbot, monkeypatch):
    monkeypatch.setattr(labs_module, "LABS", {"dummy": ("Dummy", "tests.ui.dummy_lab:DummyLab")})
    monkeypatch.setattr("workbench.ui.lab_tabs.LABS", labs_module.LABS)
    from PySide6.QtWidgets import QLabel

    client = FakeEngineClient()
    widget = LabTabs(client)
    qtbot.addWidget(widget)
    widget.add_explore(QLabel("explore"))
    return widget


def test_lab_is_built_only_when_its_tab_opens(tabs):
    assert tabs.count() == 2 and tabs.tabText(1) == "Dummy"
    assert tabs.labs() == {}
    tabs.setCurrentIndex(1)
    lab = tabs.labs()["dummy"]
    assert tabs.currentWidget() is lab and lab.events == ["activate"]
    tabs.setCurrentIndex(0)
    assert lab.events == ["activate", "deactivate"]
    assert tabs.open_lab("dummy") is lab and tabs.currentIndex() == 1


def test_unknown_lab_is_a_clear_error(tabs):
    with pytest.raises(KeyError, match="no lab called"):
        tabs.lab("nonsense")


def test_a_lab_sees_only_the_latest_answer_for_each_purpose(tabs, qtbot):
    lab = tabs.lab("dummy")
    def gradient(text: str) -> EngineCallJob:
        return EngineCallJob("gradient", (text, ("x", "y")), {"at": (1, 2)},
                             kind=lab.job_kind("grad"))

    first = lab.submit("grad", gradient("x^2 y"))
    second = lab.submit("grad", gradient("x y"))
    assert first != second
    qtbot.waitUntil(lambda: bool(lab.results), timeout=5000)
    qtbot.wait(50)
    assert [purpose for purpose, _ in lab.results] == ["grad"]
    assert lab.results[0][1].request == gradient("x y") and lab.results[0][1].job_id == second
    assert not lab.is_waiting("grad")


def test_switching_tabs_clears_the_previous_lab_s_status_message(tabs, qtbot):
    lab = tabs.lab("dummy")
    messages = []
    tabs.status_message.connect(messages.append)
    tabs.setCurrentIndex(1)
    lab.status_message.emit("Dummy ready")
    tabs.setCurrentIndex(0)
    assert messages == ["", "Dummy ready", ""]
