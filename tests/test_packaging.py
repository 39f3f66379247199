"""The desktop packaging: spec, build script, menu entry, AppStream data, install scripts,
icons, the self-test, and (behind WORKBENCH_BUILD_BUNDLE=1) a real PyInstaller build."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import re
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
        exec(compile(source, "calculus-workbench.spec", "exec"), spec_globals)  # noqa: S102
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


# --- slimming.py: strip, dedupe, trimmed ICU data ----------------------------------------

SITE = Path(importlib.util.find_spec("numpy").origin).parents[1]
QT_LIB = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"


@pytest.fixture(scope="module")
def slimming() -> types.ModuleType:
    return _load(PACKAGING / "slimming.py", "workbench_slimming")


def _loads(path: Path) -> subprocess.CompletedProcess:
    """dlopen ``path`` in a fresh interpreter (the loader's own checks, nothing cached)."""
    code = "import ctypes, os, sys; ctypes.CDLL(sys.argv[1], mode=os.RTLD_LAZY)"
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=60)


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def test_strip_drops_symbol_tables_and_the_result_still_loads(slimming, tmp_path):
    _needs("strip")
    original = next((SITE / "psutil").glob("_psutil_linux*.so"))
    assert slimming.has_symbol_table(original)
    (entry,) = slimming.strip_binaries([("psutil/x.so", str(original), "EXTENSION")], tmp_path)
    stripped = Path(entry[1])
    assert stripped.parent == tmp_path / "stripped" / "psutil"
    assert stripped.stat().st_size < original.stat().st_size
    assert not slimming.has_symbol_table(stripped) and slimming.loadable_layout(stripped)
    assert _loads(stripped).returncode == 0


def test_strip_keeps_a_library_that_stripping_would_break(slimming, tmp_path):
    """numpy's OpenBLAS was rewritten by patchelf; strip's copy is one the loader refuses."""
    _needs("strip")
    openblas = next((SITE / "numpy.libs").glob("libscipy_openblas*.so"))
    entries = [(f"numpy.libs/{openblas.name}", str(openblas), "BINARY"),
               ("data.txt", str(openblas), "DATA")]  # not a binary: never touched
    assert slimming.strip_binaries(entries, tmp_path) == entries
    broken = tmp_path / "stripped" / "numpy.libs" / openblas.name
    assert not slimming.loadable_layout(broken)
    assert "not page-aligned" in _loads(broken).stderr
    assert slimming.loadable_layout(openblas)


def test_dedupe_links_identical_binaries_only(slimming, tmp_path):
    for name, text in (("a/lib1.so", "same"), ("b/lib1.so", "same"), ("b/c/lib2.so", "same"),
                       ("b/lib3.so", "diff"), ("d/data", "same")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    entries = [(name, str(tmp_path / name), kind) for name, kind in (
        ("a/lib1.so", "BINARY"), ("b/lib1.so", "BINARY"), ("b/c/lib2.so", "EXTENSION"),
        ("b/lib3.so", "BINARY"), ("d/data", "DATA"))]
    result = slimming.dedupe_binaries(entries)
    assert result == [entries[0], ("b/lib1.so", "../a/lib1.so", "SYMLINK"),
                      ("b/c/lib2.so", "../../a/lib1.so", "SYMLINK"), entries[3], entries[4]]


def test_qt_calls_no_icu_service_the_trimmed_data_lacks():
    """QtCore's ICU imports are exactly the functions icu_probe exercises (a Qt update
    that starts calling e.g. ubrk_open must fail here), and no other Qt library links ICU."""
    _needs("nm")
    probe = _load(PACKAGING / "icu_probe.py", "workbench_icu_probe")
    calls = {}
    for library in QT_LIB.glob("libQt6*.so.6"):
        out = subprocess.run(["nm", "-D", "--undefined-only", str(library)], capture_output=True,
                             text=True, check=True).stdout
        calls[library.name] = {line.split()[-1].rsplit("_", 1)[0] for line in out.splitlines()
                               if re.search(r"^\s*U (u_|ucnv|ucol|ucal|UCNV|ubrk|unum|uloc|udat"
                                            r"|utrans|uspoof|usprep|uidna|unorm)\w*_\d+$", line)}
    assert calls.pop("libQt6Core.so.6") == probe.QT_ICU_FUNCTIONS
    assert not any(calls.values()), calls


def test_trimmed_icu_data_answers_every_qt_call_like_the_full_data(slimming, tmp_path):
    _needs("icupkg", "objcopy", "ld", "nm")
    original = next(QT_LIB.glob("libicudata.so.*"))
    built = slimming.build_icu_data_library(original, tmp_path / "build")
    assert built.stat().st_size < original.stat().st_size - 10e6
    answers = []
    for folder, data in (("full", original), ("slim", built)):
        (tmp_path / folder).mkdir()
        for library in (data, *QT_LIB.glob("libicuuc.so.*"), *QT_LIB.glob("libicui18n.so.*")):
            shutil.copy(library, tmp_path / folder / library.name)
        result = subprocess.run([sys.executable, str(PACKAGING / "icu_probe.py"),
                                 str(tmp_path / folder)], capture_output=True, text=True,
                                timeout=60, check=True)
        answers.append(result.stdout.splitlines())
    assert len(answers[0]) > 300 and answers[0] == answers[1]
    assert "Mitteleuropäische Normalzeit" in "\n".join(answers[1])  # real data, not fallbacks
    items = subprocess.run(["icupkg", "-l", str(next((tmp_path / "build").glob("icudt*.dat")))],
                           capture_output=True, text=True, check=True).stdout.split()
    assert {"coll/root.res", "coll/de.res", "zone/de.res", "cnvalias.icu"} <= set(items)
    assert not [item for item in items if slimming.ICU_UNUSED.search(item)]


def test_icu_step_keeps_the_whole_data_when_icupkg_is_missing(slimming, tmp_path, monkeypatch,
                                                              capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tool at all is found
    original = next(QT_LIB.glob("libicudata.so.*"))
    entries = [(f"PySide6/Qt/lib/{original.name}", str(original), "BINARY")]
    assert slimming.slim_icu_data(entries, tmp_path) == entries
    assert "ICU data kept whole" in capsys.readouterr().out


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


# --- the self-test -------------------------------------------------------------------------

def test_derive_check_accepts_the_right_derivative_and_rejects_a_wrong_one():
    from workbench.engine.syntax import parse_tree

    payload = {"latex": "", "expr_latex": "", "steps": ["product rule"],
               "trees": {"f": parse_tree("x^2 sin(x)"), "df": parse_tree("2x sin(x) + x^2 cos(x)")}}
    assert "matches" in selftest.check_derive_payload(payload)
    payload["trees"]["df"] = parse_tree("2x cos(x)")
    with pytest.raises(AssertionError, match="finite difference"):
        selftest.check_derive_payload(payload)
    with pytest.raises(AssertionError, match="lacks"):
        selftest.check_derive_payload({"trees": {}})


def test_value_and_descent_checks():
    assert "385" in selftest.value_is(385.0, "sum")({"value": 385.0})
    with pytest.raises(AssertionError):
        selftest.value_is(1 / 3, "area")({"value": 0.3})
    assert "x = 1.0000" in selftest.check_optimize_payload({"points": [[3.0], [1.00001]]})
    with pytest.raises(AssertionError):
        selftest.check_optimize_payload({"points": [[3.0], [2.0]]})


def test_lab_job_checks_reject_wrong_answers():
    from workbench.selftest import jobs

    assert "0.333333" in jobs.check_limits_payload({"max_stable": 1 / 3})
    with pytest.raises(AssertionError, match="expected 1/3"):
        jobs.check_limits_payload({"max_stable": 0.5})
    ok = {"inner": ("x", "y", "1"), "outer": ("y", "0", "1")}
    assert "swapped" in jobs.check_swap_payload(ok)
    with pytest.raises(AssertionError):
        jobs.check_swap_payload({"inner": ("y", "0", "x"), "outer": ("x", "0", "1")})
    runs = [{"name": "gd", "points": [[2.0, 1.0], [0.0, 0.0]]},
            {"name": "adam", "points": [[2.0, 1.0], [0.5, 0.0]]}]
    with pytest.raises(AssertionError, match="adam"):
        jobs.check_descent_payload({"runs": runs})
    with pytest.raises(AssertionError, match="not accepted"):
        jobs.check_practice_payload({"correct": False, "message": "no"})


def test_output_checks_pass_offscreen_and_write_their_files(tmp_path, qapp):
    import time

    ctx = selftest.Context(out_dir=tmp_path, deadline=time.monotonic() + 60)
    for check in (selftest.check_resources, selftest.check_typeset,
                  selftest.check_png_export, selftest.check_svg_export):
        assert check(ctx)
    assert {p.name for p in tmp_path.iterdir()} == {"derivation.svg", "derivation.png",
                                                     "plot.png", "plot.svg"}
    assert ElementTree.parse(tmp_path / "plot.svg").getroot().tag.endswith("svg")


def test_self_test_exit_status_follows_the_checks(monkeypatch, capsys):
    def checks(status: str):
        return lambda ctx, report: [report(r) or r for r in (
            selftest.CheckResult("a", "PASS", "fine", 0.1),
            selftest.CheckResult("b", status, "detail", 0.1))]

    from workbench.selftest import runner

    monkeypatch.setattr(runner, "_application", lambda settings_dir: None)  # keep QSettings
    monkeypatch.setattr(runner, "run_checks", checks("SKIP"))
    assert selftest.run_self_test(["--self-test"]) == 0
    monkeypatch.setattr(runner, "run_checks", checks("FAIL"))
    assert selftest.run_self_test([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("self-test: 1 passed, 1 failed, 0 skipped")
    assert lines[-2].startswith("FAIL  b")


def test_full_self_test_passes_from_the_source_tree():
    for module in ("workbench.worker.client", "workbench.ui.main_window"):
        pytest.importorskip(module)
    result = subprocess.run([sys.executable, "-m", "workbench.selftest"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout and "job derive" in result.stdout


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
