"""Open the real main window on the Layers tab with the real engine client and save PNGs.

Usage: python tests/ui/shoot_layers_lab.py OUT_DIR [WIDTHxHEIGHT ...]
For each size: the Layer page (a backward stage posed and an entry's chain rule shown,
a shape mistake in the try-it field), the Jacobian page, the Identities page, a 4×4
softmax layer and a symbolic one.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

TIMEOUT_S = 90.0


def wait(app: QApplication, done, timeout: float = TIMEOUT_S) -> bool:
    """Run the event loop until ``done()`` or the timeout."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    for _ in range(20):  # let layouts settle
        app.processEvents()
        time.sleep(0.01)
    return bool(done())


def shoot(app: QApplication, window, lab, out: Path, size: str) -> None:
    """The lab's three pages at ``size``."""
    window.resize(*(int(n) for n in size.split("x")))
    lab.player.set_frame(5)
    lab.paths.choose(2, 1)
    lab.try_it.answer.setText("x delta^T")
    lab.try_it.check()
    wait(app, lambda: False, 0.3)
    window.grab().save(str(out / f"layers_{size}.png"))
    lab.extras.setCurrentWidget(lab.steps)
    wait(app, lambda: False, 0.3)
    window.grab().save(str(out / f"layers_steps_{size}.png"))
    lab.extras.setCurrentWidget(lab.try_it)
    lab.tabs.setCurrentWidget(lab.jacobian_page)
    wait(app, lambda: "jacobian" in lab.shown_results())
    window.grab().save(str(out / f"layers_jacobian_{size}.png"))
    lab.tabs.setCurrentWidget(lab.identities_page)
    lab.open_identity("softmax", 3)
    wait(app, lambda: "identity" in lab.shown_results())
    window.grab().save(str(out / f"layers_identities_{size}.png"))
    lab.tabs.setCurrentIndex(0)
    for name, change in (("4x4_softmax", lambda: lab.apply_try_it(
            {"activation": "softmax", "loss": "cross_entropy", "m": 4, "n": 4, "seed": 3})),
                         ("symbolic", lab.form.make_symbolic)):
        change()
        lab.compute()
        wait(app, lambda: "layer" in lab.shown_results())
        lab.player.set_frame(3)
        lab.paths.choose(1, 0)
        wait(app, lambda: False, 0.3)
        window.grab().save(str(out / f"layers_{name}_{size}.png"))
    lab.apply_try_it({"activation": "sigmoid", "m": 3, "n": 2, "seed": 1})
    wait(app, lambda: "layer" in lab.shown_results())


def main(out_dir: str, *sizes: str) -> int:
    """Open the window, the Layers tab, wait for the layer, grab every size."""
    app = QApplication([sys.argv[0]])
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings
    from workbench.worker.client import EngineClient

    client = EngineClient()
    settings = Settings(str(Path(tempfile.mkdtemp()) / "settings.ini"))
    window = MainWindow(client, settings)
    window.resize(1024, 700)
    window.show()
    client.start()
    lab = window.open_lab("layers")
    ok = wait(app, lambda: "layer" in lab.shown_results())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for size in sizes or ("1024x700", "1920x1080"):
        shoot(app, window, lab, out, size)
    client.shutdown()
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
