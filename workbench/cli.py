"""Headless commands: derivation and integration steps as documents, plots as images.

    python -m workbench.cli derive "x^2 sin(x)" --format md
    python -m workbench.cli integrate "x e^x" --from 0 --to 1 -o steps.pdf
    python -m workbench.cli plot "sin(x)/x" --from -10 --to 10 -o curve.svg

The application's ``main`` hands its arguments here when ``is_command`` says they
name a command. Results go to stdout unless ``-o`` names a file (whose extension
picks the format when ``--format`` is not given). Engine work runs in a child process
under the window's time and memory limits (:mod:`workbench.cli_engine`).

Exit status: 0 done; 1 the command could not finish (a file that can't be written,
an engine limit hit, an engine failure); 2 bad input; 3 a definite integral that
diverges (its steps are still written). Every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from workbench import cli_code, cli_layers
from workbench.cli_support import (
    PROG,
    ArgumentParser,
    Failure,
    UsageError,
    finite_number,
    headless,
    join_option_values,
    one_line,
    produce_file,
    variable,
    whole_number,
    write_text,
)

FORMATS = ("text", "md", "tex", "html", "json", "pdf")
_EXTENSIONS = {".txt": "text", ".md": "md", ".markdown": "md", ".tex": "tex", ".html": "html",
               ".htm": "html", ".json": "json", ".pdf": "pdf"}
# Options whose value may start with a dash: "--from -oo" means "--from=-oo".
_SIGNED_OPTIONS = ("--from", "--to")
DIVERGES = 3

# name -> a function adding that command's sub-parser. Commands in other modules
# register here (``register_command``) before ``build_parser`` runs.
_ADDERS: dict[str, Callable[[Any], None]] = {}


def register_command(name: str, add: Callable[[Any], None]) -> None:
    """Add a command: ``add(subparsers)`` creates its sub-parser and sets ``handler``."""
    _ADDERS[name] = add


def is_command(argv: Sequence[str]) -> bool:
    """True if the first argument (after the program name is removed) names a command."""
    return bool(argv) and argv[0] in COMMANDS


def wants_command_line(argv: Sequence[str]) -> bool:
    """True unless ``argv`` is for the window: nothing, a session file, or Qt's options.

    A command, ``-h``/``--help``, any ``--option`` and a word that names no file all go
    to :func:`run`, which answers with help or a one-line error instead of a window.
    """
    if not argv:
        return False
    first = argv[0]
    if is_command(argv) or first in ("-h", "--help") or first.startswith("--"):
        return True
    return not first.startswith("-") and not Path(first).exists() \
        and not first.endswith(".calcwb")


def run(argv: Sequence[str]) -> int:
    """Run one command; return the exit status (see the module's docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(join_option_values(list(argv), _SIGNED_OPTIONS))
        return int(args.handler(args) or 0)
    except SystemExit as done:  # --help ends here
        return done.code if isinstance(done.code, int) else 0
    except UsageError as problem:
        _say(problem)
        return 2
    except Failure as problem:
        _say(problem)
        return problem.status


def _say(problem: Exception) -> None:
    try:
        print(one_line(str(problem)), file=sys.stderr)
    except OSError:  # stderr itself is gone: the status still tells
        pass


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per registered command."""
    parser = ArgumentParser(prog=PROG, description="Calculus Workbench from the command line. "
                            "Without a command, the window opens.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=ArgumentParser)
    for add in _ADDERS.values():
        add(commands)
    return parser


def _add_derive(commands: Any) -> None:
    derive = commands.add_parser("derive", help="the derivative, step by step",
                                 description="Differentiate a formula and print every step.")
    derive.add_argument("expression", help='the function, e.g. "x^2 sin(x)"')
    derive.add_argument("--var", type=variable, default="x", help="the variable (default x)")
    derive.add_argument("--order", type=whole_number(1, 10), default=1,
                        help="how many times (default 1)")
    _output_options(derive)
    derive.set_defaults(handler=_derive)


def _add_integrate(commands: Any) -> None:
    integrate = commands.add_parser("integrate", help="an integral, step by step",
                                    description="Integrate a formula (indefinite, or definite "
                                    "with --from and --to) and print every step.")
    integrate.add_argument("expression", help='the integrand, e.g. "x e^x"')
    integrate.add_argument("--var", type=variable, default="x",
                           help="the variable (default x)")
    integrate.add_argument("--from", dest="lower", help="lower bound (e.g. 0, -oo, pi/2)")
    integrate.add_argument("--to", dest="upper", help="upper bound")
    _output_options(integrate)
    integrate.set_defaults(handler=_integrate)


def _add_plot(commands: Any) -> None:
    plot = commands.add_parser("plot", help="draw a function to a PNG or SVG file",
                               description="Plot a function of one variable to an image.")
    plot.add_argument("expression", help='the function, e.g. "sin(x)/x"')
    plot.add_argument("--var", type=variable, default="x", help="the variable (default x)")
    plot.add_argument("--from", dest="lower", type=finite_number, default=-10.0,
                      help="left end (-10)")
    plot.add_argument("--to", dest="upper", type=finite_number, default=10.0,
                      help="right end (10)")
    plot.add_argument("--width", type=whole_number(16, 10_000, "pixels"), default=900,
                      help="image width in pixels")
    plot.add_argument("--height", type=whole_number(16, 10_000, "pixels"), default=560,
                      help="image height in pixels")
    plot.add_argument("-o", "--output", help="the image file (.png or .svg); without it the "
                      "SVG goes to stdout")
    plot.set_defaults(handler=_plot)


def _add_report(commands: Any) -> None:
    report = commands.add_parser("report", help="a study session as a PDF or HTML report",
                                 description="Write a report of a saved study session.")
    report.add_argument("session", help="the session file (.calcwb)")
    report.add_argument("-o", "--output", required=True, help="the report (.pdf or .html)")
    report.set_defaults(handler=_report)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, help="text (default), md, tex, html, "
                        "json, or pdf (pdf needs -o); -o's extension picks one if left out")
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")


# --- commands ----------------------------------------------------------------------------

def _engine(name: str) -> Any:
    try:
        from workbench import engine

        return getattr(engine, name)
    except (ImportError, AttributeError) as missing:
        raise Failure(f"{PROG}: {name} is not available in this build ({missing})") from None


def _check_formula(text: str, var: str) -> None:
    """Reject a formula that doesn't parse before any engine work (sympy-free, fast)."""
    from workbench.protocol.syntax import ParseError, parse_tree

    try:
        parse_tree(text, (var,))
    except ParseError as problem:
        raise UsageError(f"{PROG}: {problem} in {one_line(text, 120)!r}") from None


def _engine_call(text: str, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the engine in a time- and memory-limited child (see :mod:`workbench.cli_engine`)."""
    from workbench.cli_engine import call_limited

    return call_limited(text, func, *args, **kwargs)


def _derive(args: argparse.Namespace) -> int:
    fmt = _format(args)
    _check_formula(args.expression, args.var)
    result = _engine_call(args.expression, _engine("derivative"), args.expression,
                          var=args.var, order=args.order)
    ordinal = {1: "", 2: "Second ", 3: "Third "}.get(args.order, f"Order-{args.order} ")
    what = "Derivative" if not ordinal else "derivative"
    title = f"{ordinal}{what} of {args.expression} with respect to {args.var}"
    return _emit(args, fmt, title, result)


def _integrate(args: argparse.Namespace) -> int:
    fmt = _format(args)
    _check_formula(args.expression, args.var)
    if (args.lower is None) != (args.upper is None):
        raise UsageError(f"{PROG} integrate: give both --from and --to, or neither")
    if args.lower is None:
        result = _engine_call(args.expression, _engine("antiderivative"), args.expression,
                              var=args.var)
        return _emit(args, fmt, f"Integral of {args.expression} d{args.var}", result)
    for bound in (args.lower, args.upper):
        _check_formula(bound, args.var)
    result = _engine_call(args.expression, _engine("definite_integral"), args.expression,
                          args.var, args.lower, args.upper)
    title = f"Integral of {args.expression} d{args.var} from {args.lower} to {args.upper}"
    status = _emit(args, fmt, title, result)
    value = getattr(result, "value", None)
    if isinstance(value, float) and not math.isfinite(value):
        how = "to " + ("+oo" if value > 0 else "-oo") if math.isinf(value) else \
            "(it has no value: its parts tend to -oo and +oo)"
        raise Failure(f"{PROG} integrate: this integral diverges {how}", DIVERGES)
    return status


def _format(args: argparse.Namespace) -> str:
    if args.format:
        fmt = args.format
    elif args.output:
        fmt = _EXTENSIONS.get(Path(args.output).suffix.lower(), "text")
    else:
        fmt = "text"
    if fmt == "pdf" and not args.output:
        raise UsageError(f"{PROG} {args.command}: a PDF needs a file: add -o FILE.pdf")
    return fmt


def _emit(args: argparse.Namespace, fmt: str, title: str, result: Any) -> int:
    """Write the result in the chosen format to -o or stdout."""
    if fmt == "pdf":
        from workbench.export.pdf import steps_to_pdf

        headless()
        produce_file(args.output, lambda draft: steps_to_pdf(draft, title, result.latex,
                                                             result.steps))
        return 0
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _render_text(fmt, title, result)
    write_text(args.output, text)
    return 0


def _render_text(fmt: str, title: str, result: Any) -> str:
    from workbench import export

    renderer = {"text": export.steps_to_text, "md": export.steps_to_markdown,
                "tex": export.steps_to_latex_document, "html": export.steps_to_html}[fmt]
    return renderer(title, result.latex, result.steps)


def _plot(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower() if args.output else ".svg"
    if suffix not in (".png", ".svg"):
        raise UsageError(f"{PROG} plot: the output must end in .png or .svg, not {suffix!r}")
    if not args.lower < args.upper:
        raise UsageError(f"{PROG} plot: --from must be less than --to")
    if not math.isfinite(args.upper - args.lower):
        raise UsageError(f"{PROG} plot: the range from --from to --to is too wide to draw")
    from workbench.protocol.syntax import parse_tree, symbols_of

    _check_formula(args.expression, args.var)
    tree = parse_tree(args.expression, (args.var,))
    extra = sorted(symbols_of(tree) - {args.var})
    if extra:
        raise UsageError(f"{PROG} plot: {args.expression!r} uses {', '.join(extra)}, "
                         f"but only {args.var} varies")
    headless()
    from workbench.export.function_plot import draw_function
    from workbench.protocol.syntax import EvaluationError

    def draw(draft: Path) -> None:
        try:
            draw_function(tree, args.var, args.expression, args.lower, args.upper,
                          draft, args.width, args.height)
        except EvaluationError as problem:
            raise UsageError(f"{PROG} plot: {problem}") from None

    if args.output:
        produce_file(args.output, draw)
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plot.svg"
        draw(path)
        write_text(None, path.read_text(encoding="utf-8"))
    return 0


def _report(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise UsageError(f"{PROG} report: the report must end in .pdf or .html, not {suffix!r}")
    if not Path(args.session).exists():
        raise UsageError(f"{PROG} report: no session file at {args.session}")
    from workbench.session import SessionError, load_session

    try:
        session = load_session(args.session)
    except SessionError as problem:
        raise UsageError(f"{PROG} report: {args.session}: {problem}") from None
    headless()
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()  # widgets ahead: PySide6 6.12 over-releases None/True
    from workbench.ui.export.headless import session_report

    from workbench.export.inprocess import InProcessEngineClient

    name = Path(args.session).name
    produce_file(args.output, lambda draft: session_report(session, draft,
                                                           InProcessEngineClient(), name=name))
    return 0


for _name, _add in (("derive", _add_derive), ("integrate", _add_integrate),
                    ("plot", _add_plot), ("report", _add_report)):
    register_command(_name, _add)
# Commands kept in modules of their own (they read this module's helpers at run time).
register_command("layer", lambda commands: cli_layers.add_commands(commands, _output_options))
register_command("code", cli_code.add_commands)
COMMANDS = ("derive", "integrate", "plot", "report", *cli_layers.COMMANDS, *cli_code.COMMANDS)


def main() -> None:
    """Entry point for ``python -m workbench.cli``."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
