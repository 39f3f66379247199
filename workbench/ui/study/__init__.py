"""The study session in the window: files, autosave, undo, lessons and practice.

``StudyController(window).install()`` adds it all to a finished ``MainWindow``.
"""

from workbench.ui.study.controller import StudyController

__all__ = ["StudyController"]
