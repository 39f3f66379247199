"""Headless commands: derivation and integration steps as documents, plots as images.

    python -m workbench.cli derive "x^2 sin(x)" --format md
    python -m workbench.cli integrate "x e^x" --from 0 --to 1 -o steps.pdf
    python -m workbench.cli plot "sin(x)/x" --from -10 --to 10 -o curve.svg

The application's ``main`` hands its arguments here when ``is_command`` says they
name a command. Results go to stdout unless ``-o`` names a file (whose extension
picks the format when ``--format`` is not given). Bad input exits with status 2 and
one line on stderr naming the problem (and its column, for a formula).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench import cli_code, cli_layers

PROG = "calculus-workbench"
COMMANDS = ("derive", "integrate", "plot", "report", *cli_layers.COMMANDS, *cli_code.COMMANDS)
FORMATS = ("text", "md", "tex", "html", "json", "pdf")
_EXTENSIONS = {".txt": "text", ".md": "md", ".markdown": "md", ".tex": "tex", ".html": "html",
               ".htm": "html", ".json": "json", ".pdf": "pdf"}


class UsageError(Exception):
    """Bad input: the message is the one line shown to the user (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and never exits the interpreter."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise the problem as one line instead of printing usage and exiting."""
        raise UsageError(f"{self.prog}: {message}")


def is_command(argv: Sequence[str]) -> bool:
    """True if the first argument (after the program name is removed) names a command."""
    return bool(argv) and argv[0] in COMMANDS


def run(argv: Sequence[str]) -> int:
    """Run one command; return the exit status (0 done, 1 failed, 2 bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
        return int(args.handler(args) or 0)
    except SystemExit as done:  # --help and --version end here
        return int(done.code or 0)
    except UsageError as problem:
        print(str(problem).splitlines()[0], file=sys.stderr)
        return 2
    except _Unavailable as missing:
        print(f"{PROG}: {missing}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per command."""
    parser = _Parser(prog=PROG, description="Calculus Workbench from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)
    derive = commands.add_parser("derive", help="the derivative, step by step",
                                 description="Differentiate a formula and print every step.")
    derive.add_argument("expression", help='the function, e.g. "x^2 sin(x)"')
    derive.add_argument("--var", default="x", help="the variable (default x)")
    derive.add_argument("--order", type=_order, default=1, help="how many times (default 1)")
    _output_options(derive)
    derive.set_defaults(handler=_derive)

    integrate = commands.add_parser("integrate", help="an integral, step by step",
                                    description="Integrate a formula (indefinite, or definite "
                                    "with --from and --to) and print every step.")
    integrate.add_argument("expression", help='the integrand, e.g. "x e^x"')
    integrate.add_argument("--var", default="x", help="the variable (default x)")
    integrate.add_argument("--from", dest="lower", help="lower bound (e.g. 0, -oo, pi/2)")
    integrate.add_argument("--to", dest="upper", help="upper bound")
    _output_options(integrate)
    integrate.set_defaults(handler=_integrate)

    plot = commands.add_parser("plot", help="draw a function to a PNG or SVG file",
                               description="Plot a function of one variable to an image.")
    plot.add_argument("expression", help='the function, e.g. "sin(x)/x"')
    plot.add_argument("--var", default="x", help="the variable (default x)")
    plot.add_argument("--from", dest="lower", type=float, default=-10.0, help="left end (-10)")
    plot.add_argument("--to", dest="upper", type=float, default=10.0, help="right end (10)")
    plot.add_argument("--width", type=_pixels, default=900, help="image width in pixels")
    plot.add_argument("--height", type=_pixels, default=560, help="image height in pixels")
    plot.add_argument("-o", "--output", help="the image file (.png or .svg); without it the "
                      "SVG goes to stdout")
    plot.set_defaults(handler=_plot)

    report = commands.add_parser("report", help="a study session as a PDF or HTML report",
                                 description="Write a report of a saved study session.")
    report.add_argument("session", help="the session file (.calcwb)")
    report.add_argument("-o", "--output", required=True, help="the report (.pdf or .html)")
    report.set_defaults(handler=_report)
    cli_layers.add_commands(commands, _output_options)
    cli_code.add_commands(commands)
    return parser


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, help="text (default), md, tex, html, "
                        "json, or pdf (pdf needs -o); -o's extension picks one if left out")
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")


def _order(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 10")
    return value


def _pixels(text: str) -> int:
    value = int(text)
    if not 16 <= value <= 10_000:
        raise argparse.ArgumentTypeError("must be between 16 and 10000 pixels")
    return value


# --- commands ----------------------------------------------------------------------------

class _Unavailable(Exception):
    """A part of the engine this command needs is not in this build."""


def _engine(name: str) -> Any:
    try:
        import workbench.engine as engine

        return getattr(engine, name)
    except (ImportError, AttributeError) as missing:
        raise _Unavailable(f"{name} is not available in this build ({missing})") from missing


def _check_formula(text: str, var: str) -> None:
    """Reject a formula that doesn't parse before any engine work (sympy-free, fast)."""
    from workbench.protocol.syntax import ParseError, parse_tree

    try:
        parse_tree(text, (var,))
    except ParseError as problem:
        raise UsageError(f"{PROG}: {problem} in {text!r}") from problem


def _derive(args: argparse.Namespace) -> int:
    fmt = _format(args)
    _check_formula(args.expression, args.var)
    derivative = _engine("derivative")
    result = _engine_call(args.expression, derivative, args.expression, var=args.var,
                          order=args.order)
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
        title = f"Integral of {args.expression} d{args.var}"
    else:
        definite = _engine("definite_integral")
        result = _engine_call(args.expression, definite, args.expression, args.var,
                              args.lower, args.upper)
        title = f"Integral of {args.expression} d{args.var} from {args.lower} to {args.upper}"
    return _emit(args, fmt, title, result)


def _engine_call(text: str, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the engine; a ParseError becomes one line naming the problem and its column."""
    from workbench.protocol.syntax import ParseError

    try:
        return func(*args, **kwargs)
    except ParseError as problem:
        raise UsageError(f"{PROG}: {problem} in {text!r}") from problem


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
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "pdf":
        from workbench.export.pdf import steps_to_pdf

        _headless()
        steps_to_pdf(args.output, title, result.latex, result.steps)
        return 0
    else:
        text = _render_text(fmt, title, result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _render_text(fmt: str, title: str, result: Any) -> str:
    import workbench.export as export

    renderer = {"text": export.steps_to_text, "md": export.steps_to_markdown,
                "tex": export.steps_to_latex_document, "html": export.steps_to_html}[fmt]
    return renderer(title, result.latex, result.steps)


def _headless() -> None:
    """Draw offscreen when there is no display (scripts, CI, ssh)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _plot(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower() if args.output else ".svg"
    if suffix not in (".png", ".svg"):
        raise UsageError(f"{PROG} plot: the output must end in .png or .svg, not {suffix!r}")
    if not args.lower < args.upper:
        raise UsageError(f"{PROG} plot: --from must be less than --to")
    from workbench.protocol.syntax import parse_tree, symbols_of

    _check_formula(args.expression, args.var)
    tree = parse_tree(args.expression, (args.var,))
    extra = sorted(symbols_of(tree) - {args.var})
    if extra:
        raise UsageError(f"{PROG} plot: {args.expression!r} uses {', '.join(extra)}, "
                         f"but only {args.var} varies")
    _headless()
    from workbench.export.function_plot import draw_function

    if args.output:
        draw_function(tree, args.var, args.expression, args.lower, args.upper,
                      args.output, args.width, args.height)
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plot.svg"
        draw_function(tree, args.var, args.expression, args.lower, args.upper,
                      path, args.width, args.height)
        sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0


def _report(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise UsageError(f"{PROG} report: the report must end in .pdf or .html, not {suffix!r}")
    if not Path(args.session).is_file():
        raise UsageError(f"{PROG} report: no session file at {args.session}")
    from workbench.session import SessionError, load_session

    try:
        session = load_session(args.session)
    except SessionError as problem:
        raise UsageError(f"{PROG} report: {args.session}: {problem}") from problem
    _headless()
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()  # widgets ahead: PySide6 6.12 over-releases None/True
    from workbench.export.inprocess import InProcessEngineClient
    from workbench.ui.export.headless import session_report

    try:
        session_report(session, args.output, InProcessEngineClient(),
                       name=Path(args.session).name)
    except OSError as problem:
        from workbench.ui.export.errors import describe_write_error

        print(f"{PROG} report: {describe_write_error(problem, args.output)}", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    """Entry point for ``python -m workbench.cli``."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
