"""``FigureOptionsDialog``: which figure, PNG or SVG, and the PNG's size and resolution;
and the file-name filters of the export dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QSpinBox, QWidget)

# format -> (file-dialog filter, extension)
FIGURE_FORMATS = {"png": ("PNG image (*.png)", ".png"), "svg": ("SVG drawing (*.svg)", ".svg")}
DERIVATION_FORMATS = {
    "md": ("Markdown (*.md)", ".md"),
    "tex": ("LaTeX document (*.tex)", ".tex"),
    "html": ("Web page, self-contained (*.html)", ".html"),
    "pdf": ("PDF document (*.pdf)", ".pdf"),
    "txt": ("Plain text (*.txt)", ".txt"),
}
ANIMATION_FORMATS = {
    "gif": ("Animated GIF (*.gif)", ".gif"),
    "webp": ("Animated WebP (*.webp)", ".webp"),
    "png": ("PNG frames in a new folder (*)", ""),
}
REPORT_FORMATS = {"pdf": ("PDF document (*.pdf)", ".pdf"),
                  "html": ("Web page, self-contained (*.html)", ".html")}


def format_of(formats: dict[str, tuple[str, str]], path: str, chosen_filter: str,
              default: str) -> str:
    """The format a save dialog asked for: the file's extension first, else the filter."""
    lower = path.lower()
    for fmt, (_, suffix) in formats.items():
        if suffix and lower.endswith(suffix):
            return fmt
    for fmt, (name, _) in formats.items():
        if name == chosen_filter:
            return fmt
    return default


def with_suffix(formats: dict[str, tuple[str, str]], path: str, fmt: str) -> str:
    """``path`` ending in the format's extension (added when the student left it out)."""
    suffix = formats[fmt][1]
    return path if not suffix or path.lower().endswith(suffix) else path + suffix


@dataclass(frozen=True)
class FigureOptions:
    """What the figure dialog asked for."""

    figure: int
    fmt: str
    width: int
    height: int
    dpi: int


class FigureOptionsDialog(QDialog):
    """Choose the figure (when the tab has several), PNG or SVG, and the PNG's size and dpi."""

    def __init__(self, names: list[str], fmt: str, size: tuple[int, int], dpi: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure_export_dialog")
        self.setAccessibleName("Export figure")
        self.setWindowTitle("Export figure")
        form = QFormLayout(self)
        self.figure_box = self._combo("export_figure_choice", "Figure", names)
        self.format_box = self._combo("export_figure_format", "Format",
                                      ["PNG image", "SVG drawing"])
        self.format_box.setCurrentIndex(1 if fmt == "svg" else 0)
        self.width_box = self._spin("export_width", "Width in pixels", size[0], 16, 10_000)
        self.height_box = self._spin("export_height", "Height in pixels", size[1], 16, 10_000)
        self.dpi_box = self._spin("export_dpi", "Resolution in dots per inch", dpi, 36, 1200)
        self.hint = QLabel(self)
        self.hint.setObjectName("export_figure_hint")
        self.hint.setWordWrap(True)
        if len(names) > 1:
            form.addRow("Figure:", self.figure_box)
        form.addRow("Format:", self.format_box)
        form.addRow("Width (px):", self.width_box)
        form.addRow("Height (px):", self.height_box)
        form.addRow("Resolution (dpi):", self.dpi_box)
        form.addRow(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file\u2026")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()

    def _combo(self, name: str, accessible: str, items: list[str]) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.addItems(items)
        return box

    def _spin(self, name: str, accessible: str, value: int, low: int, high: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setRange(low, high)
        box.setValue(max(low, min(high, int(value))))
        return box

    def _on_format_changed(self) -> None:
        svg = self.format_box.currentIndex() == 1
        self.dpi_box.setEnabled(not svg)
        self.hint.setText("An SVG scales to any size; width and height set its layout."
                          if svg else "Higher dpi draws text and lines with more pixels "
                          "at the same layout (300 dpi for print).")

    def options(self) -> FigureOptions:
        """The choices made."""
        return FigureOptions(self.figure_box.currentIndex(),
                             "svg" if self.format_box.currentIndex() == 1 else "png",
                             self.width_box.value(), self.height_box.value(),
                             self.dpi_box.value())
