"""End-to-end self-test of an installed or bundled workbench: ``calculus-workbench --self-test``.

Opens the main window, runs one job of every kind the build has through a real worker
process, typesets a derivation (ziamath -> SVG -> QSvgRenderer) and exports a plot with
the app's own exporters (PNG via pyqtgraph's ImageExporter, SVG via QSvgGenerator);
prints one line per check and returns 0 only if none failed, within a time limit.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_TIME_LIMIT = 60.0
SAMPLE_FUNCTION = "x^2 sin(x)"
FALLBACK_LATEX = r"\frac{d}{dx}\left(x^{2}\sin x\right) = 2x\sin x + x^{2}\cos x"


class Skip(Exception):
    """Raised by a check whose feature this build does not have yet."""


@dataclass
class CheckResult:
    """The outcome of one check: ``status`` is ``PASS``, ``FAIL`` or ``SKIP``."""

    name: str
    status: str
    detail: str
    seconds: float

    def line(self) -> str:
        """The one line printed for this check."""
        return f"{self.status:4}  {self.name:<16} {self.seconds:6.2f} s  {self.detail}"


@dataclass
class Context:
    """What the checks share: the output folder, the deadline and earlier results."""

    out_dir: Path
    deadline: float
    derive_payload: dict[str, Any] | None = None

    def remaining(self) -> float:
        """Seconds left before the time limit."""
        return self.deadline - time.monotonic()



def _application(settings_dir: Path) -> Any:
    """The QApplication, with settings redirected so the test never touches the user's."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workbench"])


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Process Qt events until ``predicate()`` holds or ``timeout`` seconds pass."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + max(timeout, 0.0)
    while not predicate():
        if time.monotonic() >= end:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    return True


def distinct_colours(image: Any, grid: int = 48) -> int:
    """How many different pixel values a ``grid`` x ``grid`` sample of a QImage holds."""
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return 0
    seen = {image.pixel(int(i * (width - 1) / (grid - 1)), int(j * (height - 1) / (grid - 1)))
            for i in range(grid) for j in range(grid)}
    return len(seen)


def render_svg(data: bytes, width: int) -> Any:
    """Draw SVG bytes into a QImage ``width`` pixels wide; ValueError if Qt cannot read it."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError("Qt's SVG renderer rejected the SVG")
    size = renderer.defaultSize()
    height = max(1, round(width * size.height() / max(size.width(), 1)))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image



def make_client() -> Any:
    """The real engine client, as the application creates it."""
    from workbench.worker.client import EngineClient

    return EngineClient()


def open_main_window(client: Any) -> Any:
    """The application's main window around ``client``, shown."""
    from workbench.ui.main_window import MainWindow

    window = MainWindow(client=client)
    window.show()
    return window


def find_job_class(name: str) -> type | None:
    """The job class ``name`` as ``workbench.worker.jobs`` exports it, or None."""
    try:
        return getattr(importlib.import_module("workbench.worker.jobs"), name, None)
    except ImportError:
        return None


def engine_has(name: str) -> bool:
    """Whether this build's engine defines the public name ``name`` (without importing sympy)."""
    import workbench.engine as engine

    module = getattr(engine, "_EXPORTS", {}).get(name)
    return module is not None and importlib.util.find_spec(module) is not None



def _slope(tree: Any, xs: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference derivative of a plain tree at ``xs``."""
    from workbench.engine.syntax import evaluate

    return (evaluate(tree, {"x": xs + h}) - evaluate(tree, {"x": xs - h})) / (2 * h)


def _agree(expected: np.ndarray, got: np.ndarray, what: str) -> str:
    """A detail line if two arrays agree to finite-difference accuracy, else AssertionError."""
    if not np.allclose(expected, got, rtol=1e-5, atol=1e-6):
        worst = float(np.nanmax(np.abs(expected - got)))
        raise AssertionError(f"{what} disagrees with a finite difference (max error {worst:.3g})")
    return f"{what} matches a finite difference at {len(got)} points"


XS = np.linspace(-3.0, 3.0, 13) + 0.1


def check_derive_payload(payload: dict[str, Any]) -> str:
    """The derive payload's f' tree is the derivative of its f tree, and it has steps."""
    from workbench.engine.syntax import evaluate

    missing = {"latex", "expr_latex", "steps", "trees"} - set(payload)
    if missing:
        raise AssertionError(f"payload lacks {sorted(missing)}")
    if not payload["steps"]:
        raise AssertionError("no derivation steps")
    trees = payload["trees"]
    detail = _agree(_slope(trees["f"], XS), evaluate(trees["df"], {"x": XS}), "f'")
    return f"{detail}; {len(payload['steps'])} steps"


def check_integrate_payload(payload: dict[str, Any]) -> str:
    """The antiderivative tree differentiates back to the integrand."""
    from workbench.engine.syntax import evaluate

    trees = payload["trees"]
    return _agree(evaluate(trees["f"], {"x": XS}), _slope(trees["F"], XS), "F'")


def value_is(expected: float, what: str) -> Callable[[dict[str, Any]], str]:
    """A payload check: its ``value`` is ``expected`` to 1e-5."""

    def verify(payload: dict[str, Any]) -> str:
        value = float(payload["value"])
        if abs(value - expected) > 1e-5:
            raise AssertionError(f"{what} = {value}, expected {expected}")
        return f"{what} = {value:.6g}"

    return verify


def check_optimize_payload(payload: dict[str, Any]) -> str:
    """Gradient descent on (x-1)^2 from x = 3 ends at the minimum x = 1."""
    last = float(payload["points"][-1][0])
    if abs(last - 1.0) > 1e-3:
        raise AssertionError(f"descent ended at x = {last}, not at the minimum 1")
    return f"descent ended at x = {last:.6f} after {len(payload['points']) - 1} steps"


def make_job(class_name: str, engine_name: str, *args: Any, **kwargs: Any) -> Any:
    """A job of the class ``class_name``; Skip when this build lacks it or its engine part."""
    cls = find_job_class(class_name)
    if cls is None or not engine_has(engine_name):
        if class_name == "DeriveJob":  # the one kind every build must have
            raise AssertionError("this build has no DeriveJob or no derivative")
        raise Skip(f"no {class_name}/{engine_name} in this build")
    return cls(*args, **kwargs)


def job_table() -> list[tuple[str, Callable[[], Any], Callable[[dict[str, Any]], str]]]:
    """One (label, job factory, payload check) per job kind the self-test knows."""
    call = "EngineCallJob"
    return [
        ("job derive", lambda: make_job("DeriveJob", "derivative", SAMPLE_FUNCTION),
         check_derive_payload),
        ("job integrate", lambda: make_job("IntegrateJob", "antiderivative", "x cos(x)"),
         check_integrate_payload),
        ("job definite", lambda: make_job("IntegrateJob", "definite_integral", "x^2", "x", 0, 3),
         value_is(9.0, "integral of x^2 on [0, 3]")),
        ("job riemann_sum", lambda: make_job(call, "riemann_sum", "riemann_sum",
                                             ("x^2", "x", 0, 1, 200), {"rule": "midpoint"}),
         value_is(1 / 3, "midpoint sum of x^2 on [0, 1]")),
        ("job summation", lambda: make_job(call, "summation", "summation", ("k^2", "k", 1, 10)),
         value_is(385.0, "sum of k^2 for k = 1..10")),
        ("job optimize", lambda: make_job(call, "optimize", "optimize",
                                          ("(x-1)^2", ("x",), (3.0,)), {"lr": 0.1, "steps": 200}),
         check_optimize_payload),
    ]



def check_resources(ctx: Context) -> str:
    """The app icon is found through workbench.resources and draws something."""
    from workbench.resources import resource_path

    icon = resource_path("icons", "calculus-workbench.svg")
    image = render_svg(icon.read_bytes(), 64)
    if distinct_colours(image) < 3:
        raise AssertionError(f"{icon} draws as a blank image")
    return f"{icon.name} found in {icon.parent.parent} and drawn at 64 px"


def check_window(ctx: Context) -> str:
    """The main window opens with its real client, shows its title and paints."""
    client = make_client()
    window = open_main_window(client)
    try:
        if not wait_until(window.isVisible, min(5.0, ctx.remaining())):
            raise AssertionError("the main window never became visible")
        wait_until(lambda: False, 0.3)  # let the first layout and paint happen
        title = window.windowTitle()
        if not title.startswith("Calculus Workbench"):
            raise AssertionError(f"unexpected window title {title!r}")
        image = window.grab().toImage()
        if distinct_colours(image) < 3:
            raise AssertionError("the window painted nothing")
        return f"{title!r} shown at {image.width()}x{image.height()}"
    finally:
        window.close()
        client.shutdown()


def _run_job(client: Any, job: Any, timeout: float, ctx: Context) -> dict[str, Any]:
    """Submit ``job`` and wait for its payload (a derivation is kept for ``check_typeset``)."""
    outcome: dict[int, tuple[str, Any]] = {}
    client.result_ready.connect(lambda job_id, kind, payload: outcome.setdefault(
        job_id, ("result", payload)))
    client.job_failed.connect(lambda job_id, kind, error: outcome.setdefault(
        job_id, ("failed", error)))
    job_id = client.submit(job)
    if not wait_until(lambda: job_id in outcome, timeout):
        raise AssertionError(f"no answer within {timeout:.0f} s")
    status, value = outcome[job_id]
    if status == "failed":
        raise AssertionError(f"the worker failed: {getattr(value, 'message', value)}")
    if getattr(job, "kind", "") == "derive":
        ctx.derive_payload = value
    return value


def run_worker_checks(ctx: Context) -> list[CheckResult]:
    """Start a worker, then run one job of every kind this build has through it."""
    started = time.monotonic()
    client = None
    results = []
    try:
        client = make_client()
        client.start()
        if not wait_until(client.is_ready, min(30.0, ctx.remaining())):
            raise AssertionError("the worker did not become ready")
        results.append(CheckResult("worker start", "PASS", "worker process ready",
                                   time.monotonic() - started))
        for label, factory, verify in job_table():
            results.append(_timed(label, lambda f=factory, v=verify: v(
                _run_job(client, f(), min(20.0, ctx.remaining()), ctx))))
    except Exception as error:  # noqa: BLE001 - a self-test reports every failure as a line
        results.append(CheckResult("worker start", "FAIL", _words(error),
                                   time.monotonic() - started))
    finally:
        if client is not None:
            client.shutdown()
    return results


def check_typeset(ctx: Context) -> str:
    """The derivation's LaTeX typesets with ziamath and draws through QSvgRenderer."""
    import ziamath

    ziamath.config.svg2 = False  # SVG 2 <symbol>/<use> draws as bare bars in Qt
    latex = FALLBACK_LATEX
    if ctx.derive_payload:
        latex = (rf"\frac{{d}}{{dx}}\left({ctx.derive_payload['expr_latex']}\right) = "
                 f"{ctx.derive_payload['latex']}")
    svg = ziamath.Latex(latex).svg().encode("utf-8")
    (ctx.out_dir / "derivation.svg").write_bytes(svg)
    image = render_svg(svg, 600)
    if distinct_colours(image) < 3 or not image.save(str(ctx.out_dir / "derivation.png")):
        raise AssertionError("the typeset derivation is blank or cannot be saved")
    return f"{len(svg)} bytes of SVG drawn at {image.width()}x{image.height()}"


def _sample_plot(ctx: Context) -> Any:
    """A plot widget showing f and f' (from the worker's trees when the derive job ran)."""
    import pyqtgraph as pg

    from workbench.engine.syntax import evaluate, parse_tree

    xs = np.linspace(-6.0, 6.0, 600)
    trees = (ctx.derive_payload or {}).get("trees") or {"f": parse_tree(SAMPLE_FUNCTION),
                                                       "df": parse_tree("2x sin(x) + x^2 cos(x)")}
    widget = pg.PlotWidget(title=SAMPLE_FUNCTION)
    widget.setBackground("w")
    widget.resize(800, 500)
    for key, colour in (("f", "#1f77b4"), ("df", "#ff7f0e")):
        widget.plot(xs, evaluate(trees[key], {"x": xs}), pen=pg.mkPen(colour, width=2))
    return widget


def check_png_export(ctx: Context) -> str:
    """The app's PNG exporter writes a file that decodes at the asked width and is drawn."""
    from PySide6.QtGui import QImage

    from workbench.export.plots import export_plot_png

    widget = _sample_plot(ctx)
    path = ctx.out_dir / "plot.png"
    export_plot_png(widget, path, width=1200)
    widget.close()
    image = QImage(str(path))
    if image.isNull() or image.width() != 1200 or distinct_colours(image) < 3:
        raise AssertionError(f"{path.name} does not decode to a drawn 1200 px image")
    return f"{path.stat().st_size} bytes, {image.width()}x{image.height()}"


def check_svg_export(ctx: Context) -> str:
    """The app's SVG exporter writes a file that parses as XML, holds paths and draws in Qt."""
    from workbench.export.plots import export_plot_svg

    widget = _sample_plot(ctx)
    path = ctx.out_dir / "plot.svg"
    export_plot_svg(widget, path)
    widget.close()
    root = ElementTree.parse(path).getroot()
    paths = sum(1 for node in root.iter() if node.tag.rsplit("}", 1)[-1] in ("path", "polyline"))
    if not root.tag.endswith("svg") or paths == 0:
        raise AssertionError(f"{path.name} holds no drawing")
    render_svg(path.read_bytes(), 400)
    return f"{path.stat().st_size} bytes, {paths} paths, valid for Qt"


def _words(error: BaseException) -> str:
    """An exception as one line of text."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _timed(name: str, check: Callable[[], str]) -> CheckResult:
    """Run one check and time it; exceptions become FAIL (or SKIP) lines."""
    started = time.monotonic()
    try:
        status, detail = "PASS", check()
    except Skip as skip:
        status, detail = "SKIP", str(skip)
    except Exception as error:  # noqa: BLE001 - a self-test reports every failure as a line
        status, detail = "FAIL", _words(error)
    return CheckResult(name, status, detail, time.monotonic() - started)


def _watchdog(limit: float) -> threading.Timer:
    """Ends the process if the checks hang in C code past the time limit."""

    def expire() -> None:
        print(f"FAIL  time limit: the self-test did not finish in {limit:.0f} s", flush=True)
        os._exit(3)

    timer = threading.Timer(limit + 5.0, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_checks(ctx: Context, report: Callable[[CheckResult], None]) -> list[CheckResult]:
    """Run every check in order, reporting each result as soon as it is known."""
    results: list[CheckResult] = []

    def record(result: CheckResult) -> None:
        results.append(result)
        report(result)

    for name, check in (("resources", check_resources), ("main window", check_window)):
        record(_timed(name, lambda c=check: c(ctx)))
    for result in run_worker_checks(ctx):
        record(result)
    for name, check in (("typeset", check_typeset), ("export png", check_png_export),
                        ("export svg", check_svg_export)):
        if ctx.remaining() <= 0:
            record(CheckResult(name, "FAIL", "time limit reached before this check", 0.0))
        else:
            record(_timed(name, lambda c=check: c(ctx)))
    return results


def run_self_test(argv: list[str] | None = None) -> int:
    """Run every check, print one line each and a summary; 0 only if none failed."""
    parser = argparse.ArgumentParser(prog="calculus-workbench --self-test")
    parser.add_argument("--output-dir", type=Path, help="keep the exported files here")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # works over ssh and in CI too
    started = time.monotonic()
    watchdog = _watchdog(args.time_limit)
    with tempfile.TemporaryDirectory(prefix="workbench-selftest-") as scratch:
        out_dir = args.output_dir or Path(scratch)
        out_dir.mkdir(parents=True, exist_ok=True)
        _application(Path(scratch) / "settings")
        ctx = Context(out_dir=out_dir, deadline=started + args.time_limit)
        results = run_checks(ctx, lambda r: print(r.line(), flush=True))
    watchdog.cancel()
    counts = {status: sum(r.status == status for r in results) for status in ("PASS", "FAIL",
                                                                               "SKIP")}
    print(f"self-test: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} "
          f"skipped in {time.monotonic() - started:.1f} s", flush=True)
    return 0 if counts["FAIL"] == 0 and counts["PASS"] > 0 else 1


if __name__ == "__main__":
    sys.exit(run_self_test())
