"""Open the window with the Lessons and Practice docks showing, for a screenshot (test helper).

Usage: python tests/ui/study/shoot_study.py OUT.png WORKDIR [LESSON_ID [PAGE]]
Uses the test fake engine client (it runs the real engine in-process), answers the
exercise wrongly, shows a hint, then saves the window to OUT.png.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from workbench.refcount_guard import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main(out: str, workdir: str, lesson: str = "derivative-rules", page: str = "1") -> int:
    """Prepare the docks, wait for the exercise and its verdict, grab the window."""
    app = QApplication([sys.argv[0]])
    from tests.ui.fakes import FakeEngineClient, derive_job
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings
    from workbench.ui.study import StudyController

    folder = Path(workdir)
    client = FakeEngineClient()
    window = MainWindow(client, Settings(folder / "settings.ini"), job_factory=derive_job)
    store = QSettings(str(folder / "study.ini"), QSettings.Format.IniFormat)
    study = StudyController(window, store=store, autosave_folder=folder / "appdata")
    study.install(offer_recovery=False)
    window.resize(1400, 880)
    window.show()
    client.start()
    study.show_lessons()
    study.show_practice()
    study.lessons_panel.open_lesson(lesson, int(page))
    study.practice_panel.new_exercise(seed=7)
    deadline = time.monotonic() + 60
    state = {"answered": False, "code": 2}

    def poll() -> None:
        panel = study.practice_panel
        if panel.exercise() is not None and not state["answered"]:
            state["answered"] = True
            panel.answer.setText("12x^3 + 4")
            panel.check()
            panel.show_hint()
        done = state["answered"] and panel.verdict.text() != "Checking\u2026"
        if done or time.monotonic() > deadline:
            state["code"] = 0 if done else 2
            app.processEvents()
            window.grab().save(out)
            window.removeEventFilter(study)
            app.quit()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(300, poll)
    app.exec()
    return state["code"]


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
