"""Shared test set-up: Qt runs offscreen, settings live in a temporary folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from workbench.refcount_guard import keep_singletons_alive

# PySide6 6.12 on CPython 3.11 leaks references to None/True/False (see the module).
keep_singletons_alive()


import gc  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _thawed_heap():
    """Undo a window's ``gc.freeze`` (``workbench.ui.heap``) after each test.

    The application freezes the objects of its one window for the process's life; a test
    process builds and drops hundreds of windows, whose cycles must stay collectable.
    """
    yield
    if gc.get_freeze_count():
        gc.unfreeze()
