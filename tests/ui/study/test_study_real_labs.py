"""With the real labs installed: a try-it per lab runs, and every lab's state survives a file.

Skipped while no real lab is installed (the fakes cover the same paths in the other tests).
"""

from __future__ import annotations

import pytest

from tests.ui.study.conftest import make_study
from workbench.ui.labs import available_labs

pytestmark = pytest.mark.skipif(not available_labs(), reason="no real lab installed")


def test_real_labs_tryits_and_file_round_trip(qtbot, tmp_path):
    window, controller = make_study(qtbot, tmp_path)
    panel = controller.lessons_panel
    tried: set[str] = set()
    for lesson in panel.lessons():
        for index, page in enumerate(lesson.pages):
            for number, action in enumerate(page.actions):
                if action.lab in tried:
                    continue
                tried.add(action.lab)
                panel.open_lesson(lesson.id, index)
                window.job_message.setText("")
                panel.tryit_buttons[number].click()
                assert "could not" not in window.job_message.text()
    assert set(available_labs()) <= tried
    qtbot.wait(300)  # let the labs' first engine answers arrive
    before = controller.capture()
    assert {lab.kind for lab in before.labs} == {"explore", *available_labs()}
    path = tmp_path / "all_labs.calcwb"
    assert controller.save_as(path)
    assert controller.new_session()
    assert controller.open_file(path)
    after = controller.capture()
    assert [(lab.kind, lab.state) for lab in after.labs] == \
        [(lab.kind, lab.state) for lab in before.labs]
    controller.autosave_timer.stop()
    window.removeEventFilter(controller)
