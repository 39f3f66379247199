"""Every engine client offers the one interface the window is written against."""

from __future__ import annotations

import inspect

import pytest

from tests.ui.fakes import FakeEngineClient
from workbench.export.inprocess import InProcessEngineClient
from workbench.protocol.client import SIGNALS, EngineClient
from workbench.worker.client import EngineClient as WorkerClient

METHODS = ("start", "is_ready", "submit", "cancel", "shutdown")


@pytest.mark.parametrize("client_type", [WorkerClient, InProcessEngineClient, FakeEngineClient])
def test_each_client_has_the_protocols_signals_and_methods(qtbot, client_type):
    client = client_type()
    try:
        assert isinstance(client, EngineClient)
        for name in SIGNALS:
            assert hasattr(getattr(client, name), "connect"), name
        for name in METHODS:
            ours = inspect.signature(getattr(EngineClient, name))
            theirs = inspect.signature(getattr(client_type, name))
            assert list(theirs.parameters)[:len(ours.parameters)] == list(ours.parameters), name
        assert isinstance(client.time_limit, float)
    finally:
        client.shutdown()
