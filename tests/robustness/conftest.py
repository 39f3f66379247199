"""Fixtures of the robustness tests."""

from __future__ import annotations

import os

import pytest

from tests.robustness.attack_corpus import CANARY


@pytest.fixture
def no_canary():
    """Fail the test if anything created the canary file (input run as code)."""
    if os.path.exists(CANARY):
        os.remove(CANARY)
    yield
    assert not os.path.exists(CANARY), "something executed input as code"
