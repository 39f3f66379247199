"""The autosave slot remembers which session file the unsaved work belongs to."""

from __future__ import annotations

import json

import pytest

from workbench.session import Autosave, LabState, Session
from workbench.session.autosave import ORIGIN_KEY


def session(function="x^3"):
    return Session(labs=[LabState("explore", {"function": function}, "Explore")])


def test_the_slot_names_the_file_of_the_work(tmp_path):
    slot = Autosave(tmp_path / "data")
    slot.write(session(), origin=tmp_path / "notes.calcwb")
    found = slot.recover()
    assert found.origin == tmp_path / "notes.calcwb"
    assert found.session.labs[0].state["function"] == "x^3"
    assert slot.recoverable().labs == found.session.labs
    slot.write(session("x^4"))  # untitled work names no file
    assert slot.recover().origin is None
    slot.clear()
    assert slot.recover() is None


@pytest.mark.parametrize("origin", ["relative/notes.calcwb", "/no/such/folder/notes.calcwb",
                                    "/tmp/a\0b.calcwb", 42, ["/tmp/x"], "", "/" + "x" * 5000])
def test_a_strange_origin_counts_as_none(tmp_path, origin):
    slot = Autosave(tmp_path)
    data = session().to_data()
    data[ORIGIN_KEY] = origin
    slot.path.write_text(json.dumps(data), encoding="utf-8")
    found = slot.recover()
    assert found is not None and found.origin is None  # the work is still offered
