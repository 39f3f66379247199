"""A damaged or hostile settings file never stops the window or runs anything."""

from __future__ import annotations

import os

import pytest

from tests.robustness.attack_corpus import CANARY
from tests.ui.fakes import FakeEngineClient, derive_job
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings

ATTACK = f"__import__('os').system('touch {CANARY}')"

HOSTILE_INI = {
    "binary garbage": b"\x00\xff\xfe[editor]\x00last_function=\x81\x82\n\xc3(",
    "truncated": b"[editor]\nlast_function=x^2 si",
    "attack strings": (f"[editor]\nlast_function={ATTACK}\nhistory_json=[\"{ATTACK}\", 5, "
                       f"null]\n[window]\ngeometry=@ByteArray(\\x01\\x02)\n"
                       f"[plot]\nsecond_derivative=@Variant(\\0\\0)\n").encode(),
    "wrong types": b"[editor]\nhistory_json={\"not\": \"a list\"}\nlast_function=7\n"
                   b"[General]\nschema=banana\n",
    "enormous values": b"[editor]\nlast_function=" + b"x+" * 400_000 + b"x\nhistory_json=["
                       + b"\"x\"," * 100_000 + b"\"x\"]\n",
    "deep json": b"[editor]\nhistory_json=" + b"[" * 50_000 + b"]" * 50_000 + b"\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_INI))
def test_window_opens_with_a_hostile_settings_file(qtbot, tmp_path, name):
    if os.path.exists(CANARY):
        os.remove(CANARY)
    path = tmp_path / "settings.ini"
    path.write_bytes(HOSTILE_INI[name])
    client = FakeEngineClient()
    window = MainWindow(client, Settings(path), job_factory=derive_job)
    qtbot.addWidget(window)
    window.show()
    client.start()
    text = window.editor.text()
    assert len(text) <= 2_000_000
    if window.editor.tree() is None:  # refused input says why, in words, at the field
        assert window.editor.message.text() or window.editor.input_field.toolTip()
    assert len(window.editor.history()) <= 1000
    window.close()
    assert not os.path.exists(CANARY)
