"""Write failures in words."""

from __future__ import annotations

import errno

import pytest

from workbench.ui.export.errors import describe_write_error


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "permission"),
    (errno.EPERM, "permission"),
    (errno.EROFS, "read-only"),
    (errno.ENOENT, "folder does not exist"),
])
def test_known_causes(code, words):
    text = describe_write_error(OSError(code, "raw"), "/some/where/plot.png")
    assert text.startswith("plot.png could not be saved: ") and words in text
    assert "raw" not in text and "Errno" not in text


def test_unknown_cause_keeps_the_system_words():
    text = describe_write_error(OSError(errno.EIO, "Input/output error"), "r.pdf")
    assert "r.pdf could not be saved: input/output error." in text
    assert "could not be saved: boom" in describe_write_error(RuntimeError("Boom"), "x.svg")
