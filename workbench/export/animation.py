"""A lab's animation as an animated GIF or WebP (Pillow) or as numbered PNG frames.

``AnimationWriter`` renders one frame at a time (``add_frame``), so the window can
spread the work over timer ticks with a progress dialog; ``finish`` writes the file
and ``abort`` removes everything written so far. Files are written beside their
final name and renamed into place at the end, so a cancelled or failed export never
leaves a partial file. ``write_animation`` does it all in one call (scripts, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtGui import QImage

from workbench.export.report import write_atomic

FORMATS = ("gif", "webp", "png")  # png: a folder of numbered frames
FRAME_PREFIX = "frame_"


def qimage_to_pil(image: QImage) -> Image.Image:
    """A QImage as an RGB Pillow image (transparent parts over white, as on screen)."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height = rgba.width(), rgba.height()
    data = bytes(rgba.constBits())[: rgba.bytesPerLine() * height]
    frame = Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA",
                             rgba.bytesPerLine(), 1)
    background = Image.new("RGBA", frame.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, frame).convert("RGB")


def frame_name(index: int, count: int) -> str:
    """The file name of frame ``index`` (0-based) of ``count``: frame_0001.png, ..."""
    digits = max(4, len(str(count)))
    return f"{FRAME_PREFIX}{index + 1:0{digits}d}.png"


class AnimationWriter:
    """Collects rendered frames and writes them as ``fmt`` to ``path``.

    For "png", ``path`` is a folder (created if missing) that receives the numbered
    frames; for "gif" and "webp" it is the file.
    """

    def __init__(self, animation: Any, path: str | Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown animation format {fmt!r}; use one of {FORMATS}")
        self.animation = animation
        self.path = Path(path)
        self.fmt = fmt
        self.count = int(animation.frame_count())
        if self.count < 1:
            raise ValueError("the animation has no frames")
        self.interval_ms = max(10, int(getattr(animation, "frame_interval_ms", 40)))
        self.done = 0
        self._frames: list[Image.Image] = []
        self._written: list[Path] = []  # png frames written so far (removed on abort)
        self._created_folder = False
        if fmt == "png" and not self.path.is_dir():
            self.path.mkdir(parents=True)
            self._created_folder = True

    def add_frame(self) -> bool:
        """Render the next frame; True while frames remain."""
        image = qimage_to_pil(self.animation.render_frame(self.done))
        if self._frames and image.size != self._frames[0].size:
            image = image.resize(self._frames[0].size)  # every frame the first one's size
        if self.fmt == "png":
            target = self.path / frame_name(self.done, self.count)
            write_atomic(target, lambda tmp: image.save(tmp, "PNG"))
            self._written.append(target)
            if not self._frames:
                self._frames.append(image)  # only to know the size
        else:
            self._frames.append(image)
        self.done += 1
        return self.done < self.count

    def finish(self) -> Path:
        """Write the animated file (frames are already written for "png"); return the path."""
        if self.done < self.count:
            raise RuntimeError("finish() called before every frame was rendered")
        if self.fmt != "png":
            first, rest = self._frames[0], self._frames[1:]
            options: dict[str, Any] = {"save_all": True, "append_images": rest,
                                       "duration": self.interval_ms, "loop": 0}
            if self.fmt == "webp":
                options.update(lossless=True, quality=80, method=3)
            fmt = self.fmt.upper()
            write_atomic(self.path, lambda tmp: first.save(tmp, fmt, **options))
        self._frames.clear()
        return self.path

    def abort(self) -> None:
        """Forget the frames and delete every file this export wrote."""
        self._frames.clear()
        for written in self._written:
            written.unlink(missing_ok=True)
        self._written.clear()
        if self._created_folder:
            try:
                self.path.rmdir()
            except OSError:
                pass  # something else is in it now: leave it


def write_animation(animation: Any, path: str | Path, fmt: str,
                    progress: Callable[[int, int], bool] | None = None) -> Path | None:
    """Render every frame and write them; ``progress(done, total)`` returning False cancels.

    Returns the path written, or None when cancelled (nothing is left behind).
    """
    writer = AnimationWriter(animation, path, fmt)
    try:
        more = True
        while more:
            more = writer.add_frame()
            if progress is not None and not progress(writer.done, writer.count):
                writer.abort()
                return None
        return writer.finish()
    except BaseException:
        writer.abort()
        raise
