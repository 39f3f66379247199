"""Export derivation... for Explore and for a lab, in every format, read back."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from tests.export.steps_sample import TITLE, all_titles, sample_steps


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def export(controller, dialogs, path):
    dialogs.answers.append(str(path))
    return controller.actions["derivation"].trigger()


@pytest.mark.parametrize("suffix", [".md", ".tex", ".txt", ".html", ".pdf"])
def test_lab_derivation_in_every_format(window, controller, dialogs, tmp_path, suffix):
    window.open_lab("fakeexport")
    path = tmp_path / f"steps{suffix}"
    export(controller, dialogs, path)
    assert dialogs.warnings == []
    if suffix == ".pdf":
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert TITLE in text and "Power rule" in " ".join(text.split())
        return
    text = path.read_text(encoding="utf-8")
    for title in all_titles(sample_steps())[:4]:
        assert title.split(":")[0].split("(")[0].strip() in text.replace("\\", "")
    if suffix == ".html":
        page = Tags()
        page.feed(text)
        names = [tag for tag, _ in page.tags]
        assert "script" not in names and "svg" in names
        assert not [a for _, a in page.tags if str(a.get("src", "")).startswith("http")]
    if suffix == ".tex":
        assert text.count(r"\begin{") == text.count(r"\end{")
        assert r"\documentclass" in text


def test_explore_derivation_is_the_panel_s(window, controller, dialogs, tmp_path):
    path = tmp_path / "explore.md"
    export(controller, dialogs, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# Derivative of {window.editor.text().strip()}".replace("^", "^"))
    assert window.panel.heading.latex().split("=")[0].strip() in text
    assert window.panel.steps()[0].title in text


def test_the_filter_picks_the_format_when_no_extension_is_typed(window, controller, dialogs,
                                                                 monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(tmp_path / "notes"), "LaTeX document (*.tex)")))
    controller.actions["derivation"].trigger()
    assert (tmp_path / "notes.tex").read_text(encoding="utf-8").startswith(r"\documentclass")
    assert controller.settings.format("derivation", "?") == "tex"


def test_no_derivation_says_so(window, controller, dialogs):
    lab = window.open_lab("fakeexport")
    lab.with_derivation = False
    assert controller.export_derivation() is None
    assert "no derivation" in dialogs.infos[0]
    assert dialogs.asked == []
