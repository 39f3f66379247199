"""The desktop packaging: spec, build script, menu entry, AppStream data, install scripts,
icons, the self-test, and (behind WORKBENCH_BUILD_BUNDLE=1) a real PyInstaller build."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import workbench
from workbench import selftest
from workbench.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
NAME = "calculus-workbench"
APP_ID = "io.github.calculus_workbench"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _load(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_script() -> types.ModuleType:
    return _load(PACKAGING / "build.py", "workbench_build_script")


# --- the spec ------------------------------------------------------------------------------

class _Recorder:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT and keeps what it was given."""

    calls: dict[str, tuple[tuple, dict]] = {}
    binaries: list[tuple[str, str, str]] = []  # the sample binaries, set by spec_run

    def __init__(self, kind: str, *args, **kwargs) -> None:
        _Recorder.calls[kind] = (args, kwargs)
        if kind == "Analysis":
            self.binaries = list(_Recorder.binaries)
            self.datas = [("PySide6/Qt/translations/qt_de.qm", "x", "DATA"),
                          ("resources/icons/calculus-workbench.svg", "x", "DATA")]
            self.pure = [("scipy.linalg.tests.test_basic", "x", "PYMODULE"),
                         ("numpy.testing", "x", "PYMODULE"), ("sympy.core", "x", "PYMODULE")]
            self.scripts = []


QT = "PySide6/Qt/"
KEPT = [QT + "lib/libQt6DBus.so.6", QT + "lib/libQt6Gui.so.6", QT + "lib/libQt6XcbQpa.so.6",
        QT + "lib/libQt6Svg.so.6", QT + "lib/libQt6OpenGL.so.6",
        QT + "plugins/platforms/libqxcb.so", QT + "plugins/platforms/libqoffscreen.so",
        QT + "plugins/imageformats/libqsvg.so", QT + "plugins/iconengines/libqsvgicon.so",
        QT + "plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "numpy.libs/libscipy_openblas64_.so", "libpython3.11.so.1.0", "libfreetype.so.6",
        "numpy.libs/libgfortran-1.so.5", "scipy.libs/libgfortran-1.so.5"]
DROPPED = [QT + "lib/libQt6Network.so.6", QT + "lib/libQt6Qml.so.6", QT + "lib/libQt6Quick.so.6",
           QT + "lib/libQt6WaylandClient.so.6", QT + "plugins/platformthemes/libqgtk3.so",
           QT + "plugins/platforms/libqwayland.so", QT + "plugins/platforms/libqvnc.so",
           QT + "plugins/platforms/libqeglfs.so", QT + "plugins/imageformats/libqjpeg.so",
           QT + "plugins/tls/libqopensslbackend.so", "libgtk-3.so.0", "libcairo.so.2",
           "libpango-1.0.so.0", "libthai.so.0"]  # libthai: linked by nothing that stays
# What ldd would say each sample links (the closure); only QtGui needs freetype here.
SAMPLE_LINKS = {QT + "lib/libQt6Gui.so.6": {("libfreetype.so.6", "/lib/libfreetype.so.6")},
                QT + "plugins/platformthemes/libqgtk3.so": {("libthai.so.0", "/lib/libthai.so.0")}}


def _sample_binaries(folder: Path) -> list[tuple[str, str, str]]:
    """One small file per sample (no ELF: nothing to strip); the two libgfortran are equal."""
    entries = []
    for dest in KEPT + DROPPED:
        src = folder / dest
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text("gfortran" if "gfortran" in dest else dest)
        entries.append((dest, str(src), "BINARY"))
    return entries


def _fake_pyinstaller(workpath: Path) -> dict[str, types.ModuleType]:
    """The PyInstaller modules the spec imports, faked (PyInstaller is a build-only tool)."""
    fakes = {name: types.ModuleType(name) for name in (
        "PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks", "PyInstaller.config",
        "PyInstaller.depend", "PyInstaller.depend.bindepend")}
    hooks = fakes["PyInstaller.utils.hooks"]
    hooks.collect_submodules = lambda package: [f"{package}.worker.handlers.derive"]
    hooks.collect_data_files = lambda package: [(f"/site/{package}/data.bin", package)]
    fakes["PyInstaller.config"].CONF = {"workpath": str(workpath)}
    fakes["PyInstaller.depend.bindepend"].get_imports = lambda src: SAMPLE_LINKS.get(
        Path(src).relative_to(workpath / "samples").as_posix(), set())
    return fakes


@pytest.fixture(scope="module")
def spec_run(tmp_path_factory) -> dict[str, object]:
    """Execute the spec with PyInstaller's build objects replaced by recorders."""
    workpath = tmp_path_factory.mktemp("work")
    _Recorder.binaries = _sample_binaries(workpath / "samples")
    fakes = _fake_pyinstaller(workpath)
    saved = {name: sys.modules.get(name) for name in fakes}
    sys.modules.update(fakes)
    spec_globals = {"SPECPATH": str(PACKAGING), "__name__": "spec", "__file__": "spec"}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT"):
        spec_globals[kind] = lambda *a, _k=kind, **kw: _Recorder(_k, *a, **kw)
    try:
        source = (PACKAGING / f"{NAME}.spec").read_text()
        exec(compile(source, "calculus-workbench.spec", "exec"), spec_globals)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return spec_globals


def test_spec_analyses_the_launcher_with_every_workbench_module(spec_run):
    args, kwargs = _Recorder.calls["Analysis"]
    assert Path(args[0][0]) == PACKAGING / "entry.py"
    assert "workbench.worker.handlers.derive" in kwargs["hiddenimports"]
    assert (str(ROOT / "resources"), "resources") in kwargs["datas"]
    assert {pkg for _, pkg in kwargs["datas"]} >= {"ziamath", "ziafont", "latex2mathml"}
    assert {"tkinter", "matplotlib", "IPython", "PySide6.QtNetwork", "torch"} <= set(
        kwargs["excludes"])
    assert not any(name.startswith("numpy.testing") for name in kwargs["excludes"])
    assert "PySide6.QtOpenGL" in kwargs["hiddenimports"]  # pyqtgraph needs it to load
    assert spec_run["VERSION"] == workbench.__version__


def test_spec_excludes_no_runtime_dependency(spec_run):
    _, kwargs = _Recorder.calls["Analysis"]
    runtime = {"PySide6", "pyqtgraph", "numpy", "scipy", "sympy", "ziamath", "PIL"}
    excluded = {name.split(".")[0] for name in kwargs["excludes"] if "." not in name}
    assert not runtime & excluded  # e.g. Pillow writes the animated GIF/WebP exports


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module name ``path`` imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_workbench_module_imports_an_excluded_module(spec_run):
    """An exclusion such as scipy.stats stays valid only while nothing of ours imports it."""
    _, kwargs = _Recorder.calls["Analysis"]
    excluded = tuple(kwargs["excludes"])
    offenders = {f"{path.relative_to(ROOT)}: {name}"
                 for path in (ROOT / "workbench").rglob("*.py")
                 for name in _imported_modules(path)
                 if any(name == ex or name.startswith(ex + ".") for ex in excluded)}
    assert not offenders
    assert "scipy.stats" in excluded and "PIL._avif" in excluded


def test_spec_is_a_windowed_one_folder_build_named_after_the_app(spec_run):
    _, exe = _Recorder.calls["EXE"]
    _, coll = _Recorder.calls["COLLECT"]
    assert exe["name"] == coll["name"] == NAME
    assert exe["console"] is False and exe["exclude_binaries"] is True


def test_spec_keeps_what_qt_needs_and_drops_the_rest(spec_run):
    analysis = spec_run["a"]
    kept = {dest for dest, _, _ in analysis.binaries}
    assert kept == set(KEPT)
    # the second of two identical libraries becomes a link to the first
    assert ("scipy.libs/libgfortran-1.so.5", "../numpy.libs/libgfortran-1.so.5",
            "SYMLINK") in analysis.binaries
    assert [d for d, _, _ in analysis.datas] == ["resources/icons/calculus-workbench.svg"]
    assert [m for m, _, _ in analysis.pure] == ["numpy.testing", "sympy.core"]


def test_launcher_and_build_script_parse(build_script):
    for path in (PACKAGING / "entry.py", PACKAGING / "build.py", PACKAGING / "make_icons.py"):
        ast.parse(path.read_text(), str(path))
    assert "workbench.app" in (PACKAGING / "entry.py").read_text()
    assert build_script.SPEC.is_file()


def test_build_script_explains_a_missing_pyinstaller(build_script, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "PyInstaller" else real(name, *a))
    assert build_script.main([]) == 2
    assert 'pip install ".[build]"' in capsys.readouterr().err


def test_build_script_measures_folders(build_script, tmp_path):
    (tmp_path / "_internal" / "big").mkdir(parents=True)
    (tmp_path / "_internal" / "big" / "a.so").write_bytes(b"x" * 3000)
    (tmp_path / "_internal" / "small.so").write_bytes(b"x" * 10)
    (tmp_path / "app").write_bytes(b"x" * 5)
    assert build_script.folder_size(tmp_path) == 3015
    assert build_script.largest_parts(tmp_path) == [("big", 3000), ("small.so", 10), ("app", 5)]


# --- desktop entry and AppStream -----------------------------------------------------------

def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # desktop keys are case-sensitive
    parser.read(PACKAGING / f"{NAME}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Calculus Workbench"
    assert entry["Exec"].split()[0] == NAME
    assert entry["Icon"] == NAME and entry["StartupWMClass"] == NAME
    assert entry["Terminal"] == "false"
    assert {"Education", "Science", "Math"} <= set(entry["Categories"].strip(";").split(";"))


def test_appstream_metadata_names_the_app_and_its_launcher():
    root = ElementTree.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Calculus Workbench"
    assert root.findtext("summary")
    launchable = root.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == f"{NAME}.desktop"
    assert root.find("content_rating") is not None
    assert root.find("releases/release").get("version") == workbench.__version__
    image = root.findtext("screenshots/screenshot/image")
    assert image.endswith("packaging/screenshots/main-window.png")


@pytest.mark.parametrize("tool, args, path", [
    ("desktop-file-validate", [], f"{NAME}.desktop"),
    ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml")])
def test_metadata_passes_the_freedesktop_validators(tool, args, path):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run([tool, *args, str(PACKAGING / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- icons ---------------------------------------------------------------------------------

def _drawn(image) -> bool:
    """Transparent in the corner, opaque in the middle, and more than two colours."""
    corner, middle = image.pixelColor(0, 0), image.pixelColor(image.width() // 2,
                                                             image.height() // 2)
    return corner.alpha() == 0 and middle.alpha() == 255 and selftest.distinct_colours(
        image, grid=min(16, image.width())) > 2


def test_make_icons_renders_every_hicolor_size(tmp_path, qapp):
    from PySide6.QtGui import QImage

    icons = _load(PACKAGING / "make_icons.py", "workbench_make_icons")
    written = icons.make_icons(tmp_path)
    assert len(written) == len(ICON_SIZES) + 1
    for size in ICON_SIZES:
        image = QImage(str(tmp_path / f"{size}x{size}" / "apps" / f"{NAME}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert _drawn(image), size
    assert (tmp_path / "scalable" / "apps" / f"{NAME}.svg").read_bytes() == (
        ROOT / "resources" / "icons" / f"{NAME}.svg").read_bytes()


@pytest.mark.parametrize("name", [NAME, "play", "pause", "step", "cancel", "export"])
def test_icons_are_found_through_resources_and_draw(name, qapp):
    from PySide6.QtSvg import QSvgRenderer

    path = resource_path("icons", f"{name}.svg")
    assert path.is_file()
    assert QSvgRenderer(str(path)).isValid()
    assert selftest.distinct_colours(selftest.render_svg(path.read_bytes(), 32)) > 1


# --- install.sh / uninstall.sh -------------------------------------------------------------

@pytest.fixture(scope="module")
def fake_bundle(tmp_path_factory, build_script, qapp) -> Path:
    """A bundle folder shaped like the real one, with the real share/ and scripts staged."""
    bundle = tmp_path_factory.mktemp("dist") / NAME
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "_internal" / "resources" / "marker.txt").write_text("data")
    launcher = bundle / NAME
    launcher.write_text("#!/bin/sh\necho fake workbench \"$@\"\n")
    launcher.chmod(0o755)
    build_script.stage_share(bundle)
    return bundle


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def _run(script: str, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", **extra}
    return subprocess.run(["sh", str(PACKAGING / script), *args], env=env, capture_output=True,
                          text=True, timeout=60)


def _expected(bundle: Path, data: str, bindir: str) -> set[str]:
    icons = {f"{data}/icons/hicolor/{s}x{s}/apps/{NAME}.png" for s in ICON_SIZES}
    return ({f"{data}/{NAME}/{f}" for f in _files(bundle)} | icons |
            {f"{data}/icons/hicolor/scalable/apps/{NAME}.svg", f"{bindir}/{NAME}",
             f"{data}/applications/{NAME}.desktop", f"{data}/metainfo/{APP_ID}.metainfo.xml"})


def test_install_puts_exactly_the_expected_files_in_place(fake_bundle, tmp_path):
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "other-tool").write_text("keep me")
    result = _run("install.sh", home, str(fake_bundle))
    assert result.returncode == 0, result.stderr
    appdir = home / ".local" / "share" / NAME
    assert _files(home) == _expected(fake_bundle, ".local/share", ".local/bin") | {
        ".local/bin/other-tool"}
    link = home / ".local" / "bin" / NAME
    assert link.is_symlink() and Path(os.readlink(link)) == appdir / NAME
    assert subprocess.run([str(link), "hi"], capture_output=True, text=True).stdout.strip() == \
        "fake workbench hi"
    entry = (home / ".local/share/applications" / f"{NAME}.desktop").read_text()
    assert f"Exec={appdir / NAME}\n" in entry and "Icon=calculus-workbench\n" in entry

    result = _run("uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert _files(home) == {".local/bin/other-tool"}


def test_install_honours_prefix_and_destdir(fake_bundle, tmp_path):
    stage, home = tmp_path / "stage", tmp_path / "home"
    home.mkdir()
    result = _run("install.sh", home, str(fake_bundle), PREFIX="/opt/cw", DESTDIR=str(stage))
    assert result.returncode == 0, result.stderr
    assert _files(stage) == _expected(fake_bundle, "opt/cw/share", "opt/cw/bin")
    assert os.readlink(stage / "opt/cw/bin" / NAME) == f"/opt/cw/share/{NAME}/{NAME}"
    assert _files(home) == set()
    assert _run("uninstall.sh", home, PREFIX="/opt/cw", DESTDIR=str(stage)).returncode == 0
    assert _files(stage) == set()


def test_install_refuses_a_folder_that_is_not_a_bundle(tmp_path):
    result = _run("install.sh", tmp_path, str(tmp_path))
    assert result.returncode != 0 and "not a built bundle" in result.stderr
    assert _files(tmp_path) == set()


# --- the start-up benchmark's helpers ------------------------------------------------------

def test_startup_bench_helpers(tmp_path):
    bench = _load(ROOT / "tests" / "bench" / "bench_startup_bundle.py", "bench_startup_bundle")
    tree = ('  Root window id: 0x2a1 (the root window) (has no name)\n'
            '     0x400005 "Calculus Workbench \u2014 derivatives": ("calculus-workbench" "x")\n'
            '     0x200001 (has no name): ()\n')
    assert bench.window_names(tree) == ["Calculus Workbench \u2014 derivatives"]
    assert "bundle" not in bench.targets(tmp_path)
    (tmp_path / NAME).write_text("")
    assert set(bench.targets(tmp_path)) == {"baseline (PySide6+pyqtgraph)",
                                            "venv (python -m workbench)", "bundle"}
    rows = bench.summarise({"baseline (PySide6+pyqtgraph)": [0.5, 0.4, 0.6],
                            "venv (python -m workbench)": [0.8], "bundle": [1.2]})
    assert rows[0] == ("baseline (PySide6+pyqtgraph)", 0.5, 0.4, 3)
    table = bench.format_table(rows)
    assert "2.40x" in table and "bundle / venv: 1.50x" in table


# --- a real build (slow) ---------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("WORKBENCH_BUILD_BUNDLE") != "1",
                    reason="builds the PyInstaller bundle (~2-7 min); set WORKBENCH_BUILD_BUNDLE=1")
def test_bundle_builds_starts_and_passes_its_self_test(build_script, tmp_path):
    pytest.importorskip("PyInstaller")
    dist = tmp_path / "dist"
    assert build_script.main(["--dist", str(dist), "--work", str(tmp_path / "work")]) == 0
    bundle = dist / NAME
    size_mb = build_script.folder_size(bundle) / 1e6
    print(f"bundle size: {size_mb:.1f} MB")
    assert size_mb < 250
    inner = bundle / "_internal"
    assert sorted(p.name for p in (inner / QT / "plugins" / "platforms").iterdir()) == [
        "libqoffscreen.so", "libqxcb.so"]
    assert (inner / QT / "lib" / "libQt6DBus.so.6").is_file()
    assert next((inner / QT / "lib").glob("libicudata.so.*")).stat().st_size < 20e6  # trimmed
    assert not list((inner / "PIL").glob("_avif*"))
    assert (inner / "resources" / "icons" / f"{NAME}.svg").is_file()
    assert not any((inner / part).exists() for part in (
        QT + "translations", QT + "lib/libQt6Network.so.6", "torch", "libgtk-3.so.0"))
    assert (bundle / "share" / "applications" / f"{NAME}.desktop").is_file()
    version = subprocess.run([str(bundle / NAME), "--version"], capture_output=True, text=True,
                             timeout=60)
    assert version.stdout.strip() == f"Calculus Workbench {workbench.__version__}"
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed: the self-test under X was not run")
    result = subprocess.run(["xvfb-run", "-a", str(bundle / NAME), "--self-test"],
                            capture_output=True, text=True, timeout=180,
                            env=dict(os.environ, QT_QPA_PLATFORM="xcb"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
