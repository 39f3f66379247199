"""``calculus-workbench code ...``: a lab's computation as a runnable script or notebook.

    calculus-workbench code derive "x^2 sin(x)" --at 1
    calculus-workbench code integrate "x e^x" --from 0 --to 1 --rule simpson --pieces 10
    calculus-workbench code descent "x^2 + 3y^2" --start 1,2 --method adam --lr 0.1 --steps 50
    calculus-workbench code layer --W "0.5,-0.2;0.3,0.8" --b 0.1,-0.1 --x 1,2 --t 1,0

Each takes ``--format py|ipynb`` (default ``py``) and ``-o FILE`` (default standard
output). Formulas and numbers go through our parser only; the script is printed from
the parsed tree. Bad input: one line on stderr, exit status 2; a file that cannot be
written: exit status 1. The notebook's derivation steps come from the engine, called
through :func:`run_engine` alone so that a time limit can wrap it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

COMMANDS = ("code",)
PROG = "calculus-workbench code"
_METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")


class _BadInput(Exception):
    """Input that cannot become a script: the message is the one line shown (status 2)."""


def add_commands(subparsers: Any) -> None:
    """Register ``code`` and its sub-commands on the main parser's ``subparsers``."""
    code = subparsers.add_parser("code", help="a computation as a runnable Python script",
                                 description="Print a computation as a short Python script "
                                 "(numpy, scipy, sympy only) or a Jupyter notebook.")
    kinds = code.add_subparsers(dest="kind", required=True, metavar="KIND",
                                parser_class=type(code))
    _calculus_commands(kinds)
    _learning_commands(kinds)


def _calculus_commands(kinds: Any) -> None:
    derive = kinds.add_parser("derive", help="the derivative, exact and numeric")
    derive.add_argument("expression", help='the function, e.g. "x^2 sin(x)"')
    derive.add_argument("--var", default="x", help="the variable (default x)")
    derive.add_argument("--at", help="a point for f'(point) and the difference quotients")
    derive.add_argument("--order", type=int, default=1, help="how many times (default 1)")
    integrate = kinds.add_parser("integrate", help="an integral: SymPy, quad, Riemann sums")
    integrate.add_argument("expression", help='the integrand, e.g. "x e^x"')
    integrate.add_argument("--var", default="x", help="the variable (default x)")
    integrate.add_argument("--from", dest="lower", help="lower bound (e.g. 0, -oo, pi/2)")
    integrate.add_argument("--to", dest="upper", help="upper bound")
    integrate.add_argument("--rule", default="midpoint", choices=("left", "right", "midpoint",
                                                                   "trapezoid", "simpson"))
    integrate.add_argument("--pieces", type=int, default=10, help="Riemann pieces (10)")
    _output_options(derive, _derive)
    _output_options(integrate, _integrate)


def _learning_commands(kinds: Any) -> None:
    descent = kinds.add_parser("descent", help="gradient descent, optimizer by optimizer")
    descent.add_argument("expression", help='the loss, e.g. "x^2 + 3y^2"')
    descent.add_argument("--vars", help="the variables, comma-separated (default: those used, "
                         "in alphabetical order)")
    descent.add_argument("--start", required=True, help="the start point, e.g. 1,2")
    descent.add_argument("--method", default="gd", help="one or more of " + ", ".join(_METHODS)
                         + " (comma-separated)")
    descent.add_argument("--lr", type=float, default=0.1, help="learning rate (0.1)")
    descent.add_argument("--steps", type=int, default=100, help="updates at most (100)")
    layer = kinds.add_parser("layer", help="one dense layer, forward and backward")
    layer.add_argument("--W", dest="weights", required=True, help='rows split by ";", '
                       'entries by ",": "0.5,-0.2;0.3,0.8"')
    layer.add_argument("--b", dest="bias", required=True, help="the bias, e.g. 0.1,-0.1")
    layer.add_argument("--x", dest="inputs", required=True, help="the input, e.g. 1,2")
    layer.add_argument("--t", dest="target", required=True, help="the target, e.g. 1,0")
    layer.add_argument("--activation", default="sigmoid", choices=(
        "identity", "sigmoid", "tanh", "relu", "softplus", "softmax"))
    layer.add_argument("--loss", default="mse", choices=("mse", "cross_entropy", "bce"))
    _output_options(descent, _descent)
    _output_options(layer, _layer)


def _output_options(parser: argparse.ArgumentParser,
                    handler: Callable[[argparse.Namespace], tuple[str, Any]]) -> None:
    parser.add_argument("--format", choices=("py", "ipynb"), default="py",
                        help="a Python script (py, the default) or a Jupyter notebook")
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")
    parser.set_defaults(handler=_handled(handler))


def run_engine(function: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``workbench.engine.<function>``; every engine call of this module goes here.

    It returns None when the engine cannot answer (the notebook then shows no steps).
    """
    from workbench import engine

    try:
        return getattr(engine, function)(*args, **kwargs)
    except (ArithmeticError, ValueError, TypeError, AttributeError, RecursionError):
        return None


def _handled(handler: Callable[[argparse.Namespace], tuple[str, Any]]
             ) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from workbench.codegen.printer import CodegenError
        from workbench.protocol.syntax import ParseError

        try:
            title, section = handler(args)
        except ParseError as problem:
            where = f" (column {problem.position + 1})" if problem.position is not None else ""
            return _fail(f"{problem.message}{where}", 2)
        except (_BadInput, CodegenError) as problem:
            return _fail(str(problem), 2)
        text = section.script if args.format == "py" else _notebook(title, section)
        return _write(text, args.output)
    return run


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: {' '.join(str(message).split())}", file=sys.stderr)
    return status


def _notebook(title: str, section: Any) -> str:
    from workbench.codegen.notebook import notebook_json

    return notebook_json([section], title)


def _write(text: str, output: str | None) -> int:
    """``text`` to ``output`` (stdout when None) through the command line's one writer.

    Never a temporary file renamed over ``output``: as root, that replaced /dev/full, a
    device, with a regular file; a device or a full disk is now a failure to write.
    """
    from workbench.cli_support import PROG as MAIN_PROG
    from workbench.cli_support import Failure, write_text

    try:
        write_text(output, text)
    except Failure as problem:
        return _fail(str(problem).removeprefix(f"{MAIN_PROG}: "), problem.status)
    return 0


# --- reading input ------------------------------------------------------------------------

def _tree(text: str, variables: tuple[str, ...] = ()) -> Any:
    from workbench.protocol.syntax import parse_tree

    return parse_tree(text, variables)


def _number_tree(text: str, what: str) -> Any:
    from workbench.protocol.syntax import symbols_of

    tree = _tree(text)
    if symbols_of(tree):
        raise _BadInput(f"{what} must be a number, not {text!r:.40}")
    return tree


def _number(text: str, what: str, finite: bool = True) -> float:
    import math

    from workbench.protocol.syntax import EvaluationError, evaluate

    try:
        value = float(evaluate(_number_tree(text, what), {}))
    except EvaluationError as problem:  # 1e400: beyond floating point
        raise _BadInput(f"{what}: {problem}") from None
    if math.isnan(value) or (finite and math.isinf(value)):
        raise _BadInput(f"{what} must be a finite number, not {text!r:.40}")
    return value


def _numbers(text: str, what: str) -> list[float]:
    parts = [part for part in text.split(",")]
    if not all(part.strip() for part in parts):
        raise _BadInput(f"{what}: give numbers separated by commas, like 1,2")
    return [_number(part, what) for part in parts]


def _name(text: str) -> str:
    from workbench.protocol.syntax import symbols_of

    tree = _tree(text, (text.strip(),))
    if tree[0] != "sym" or not symbols_of(tree):
        raise _BadInput(f"{text!r:.30} is not a variable name")
    return tree[1]


# --- the commands --------------------------------------------------------------------------

def _derive(args: argparse.Namespace) -> tuple[str, Any]:
    from workbench.codegen.calculus import derivative_script
    from workbench.codegen.notebook import Section

    var = _name(args.var)
    tree = _tree(args.expression, (var,))
    at = None if args.at is None else _number(args.at, "--at")
    script = derivative_script(tree, var, at, args.order)
    result = run_engine("derivative", args.expression, var, args.order) \
        if args.format == "ipynb" else None
    title = "The derivative"
    return title, Section(title, script, getattr(result, "steps", ()),
                          getattr(result, "latex", ""))


def _integrate(args: argparse.Namespace) -> tuple[str, Any]:
    from workbench.codegen.calculus import integral_script
    from workbench.codegen.notebook import Section

    var = _name(args.var)
    tree = _tree(args.expression, (var,))
    if (args.lower is None) != (args.upper is None):
        raise _BadInput("give both --from and --to, or neither")
    definite = args.lower is not None
    a = _number_tree(args.lower, "--from") if definite else None
    b = _number_tree(args.upper, "--to") if definite else None
    finite = definite and all(abs(_number(t, w, finite=False)) != float("inf")
                              for t, w in ((args.lower, "--from"), (args.upper, "--to")))
    if args.pieces < 1 or (args.rule == "simpson" and args.pieces % 2):
        raise _BadInput("--pieces must be a whole number >= 1 (even for simpson)")
    script = integral_script(tree, var, a, b, args.rule if finite else None,
                             args.pieces if finite else None)
    result = None
    if args.format == "ipynb":
        result = run_engine("definite_integral", args.expression, var, args.lower,
                            args.upper) if definite else run_engine("antiderivative",
                                                                    args.expression, var)
    title = "The integral"
    return title, Section(title, script, getattr(result, "steps", ()),
                          getattr(result, "latex", ""))


def _descent(args: argparse.Namespace) -> tuple[str, Any]:
    from workbench.codegen.descent import Run, descent_script
    from workbench.codegen.notebook import Section
    from workbench.protocol.syntax import symbols_of

    declared = tuple(_name(v) for v in args.vars.split(",")) if args.vars else ()
    tree = _tree(args.expression, declared)
    variables = declared or tuple(sorted(symbols_of(tree)))
    start = _numbers(args.start, "--start")
    if len(start) != len(variables):
        raise _BadInput(f"--start needs {len(variables)} number(s), one for each of "
                        f"{', '.join(variables) or 'the variables'}")
    runs = []
    for method in args.method.split(","):
        method = method.strip()
        if method not in _METHODS:
            raise _BadInput(f"unknown method {method!r:.20}: choose from {', '.join(_METHODS)}")
        runs.append(Run("momentum", args.lr, {"nesterov": True}) if method == "nesterov"
                    else Run(method, args.lr))
    script = descent_script(tree, variables, start, runs, args.steps)
    result = run_engine("optimize", args.expression, list(variables), start, runs[0].method,
                        args.lr, args.steps, **runs[0].hyper) if args.format == "ipynb" \
        else None
    title = "Gradient descent"
    return title, Section(title, script, getattr(result, "steps", ()),
                          getattr(result, "latex", ""))


def _layer(args: argparse.Namespace) -> tuple[str, Any]:
    from workbench.codegen.layer import layer_script
    from workbench.codegen.notebook import Section

    rows = [_numbers(row, "--W") for row in args.weights.split(";")]
    bias, inputs, target = (_numbers(args.bias, "--b"), _numbers(args.inputs, "--x"),
                            _numbers(args.target, "--t"))
    script = layer_script(rows, bias, inputs, target, args.activation, args.loss)
    result = run_engine("dense_layer", rows, bias, inputs, target, args.activation,
                        args.loss) if args.format == "ipynb" else None
    title = "One dense layer"
    return title, Section(title, script, getattr(result, "steps", ()),
                          getattr(result, "latex", ""))
