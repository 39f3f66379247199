"""Fixtures shared by the worker tests."""

from __future__ import annotations

import pytest

from tests.worker.client_support import make_client


@pytest.fixture(scope="module")
def client(qapp):
    """A real EngineClient with its worker processes, shared by one test module."""
    from pytestqt.qtbot import QtBot

    engine = make_client(QtBot(qapp))
    yield engine
    engine.shutdown()
