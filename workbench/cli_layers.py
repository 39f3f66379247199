"""The ``layer`` and ``jacobian`` commands of the command line.

    calculus-workbench layer --W "[[1,2],[3,4],[5,6]]" --b "[0,0,0]" --x "[1,2]" \\
        --t "[0,1,0]" --activation sigmoid --loss mse --format md
    calculus-workbench jacobian "[x*y, x+y^2]" --vars x,y --at 1,2

``workbench.cli`` registers them with :func:`add_commands`; the output options and
formats are the same as ``derive``'s. Input is checked with the sympy-free grammar
before the engine is loaded; bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from workbench.protocol.layers import ACTIVATIONS, LOSSES

COMMANDS = ("layer", "jacobian")


def add_commands(subparsers: Any, output_options: Callable[[argparse.ArgumentParser], None]
                 ) -> None:
    """Add ``layer`` and ``jacobian`` to ``subparsers``; ``output_options`` adds --format/-o."""
    layer = subparsers.add_parser(
        "layer", help="one dense layer, forward and backward, with shapes",
        description="y = activation(W·x + b) and its loss against t: every gradient as a "
        "matrix product with its shapes, and each weight's chain rule. Entries are numbers, "
        "text such as 1/2, or ? for a symbol (w₁₂, …).")
    layer.add_argument("--W", required=True, metavar="MATRIX",
                       help='the m×n weights, e.g. "[[1,2],[3,4],[5,6]]"')
    layer.add_argument("--b", metavar="VECTOR", help='the m biases, e.g. "[0,0,0]" (default 0)')
    layer.add_argument("--x", required=True, metavar="VECTOR", help='the n inputs, e.g. "[1,2]"')
    layer.add_argument("--t", required=True, metavar="VECTOR",
                       help='the m targets, e.g. "[0,1,0]"')
    layer.add_argument("--activation", choices=ACTIVATIONS, default="sigmoid",
                       help="applied to z = W·x + b (default sigmoid)")
    layer.add_argument("--loss", choices=LOSSES, default="mse",
                       help="mse = (1/m)·Σ(y − t)², cross_entropy = −Σ t·ln y, bce = binary "
                       "cross-entropy (default mse)")
    output_options(layer)
    layer.set_defaults(handler=_layer)

    jacobian = subparsers.add_parser(
        "jacobian", help="the Jacobian of a vector function, row by row",
        description="The Jacobian matrix of f: Rⁿ -> Rᵐ, one row per component with its "
        "steps, and its value at a point (--at).")
    jacobian.add_argument("functions", help='the components, e.g. "[x*y, x+y^2]"')
    jacobian.add_argument("--vars", default="x,y", help="the variables, e.g. x,y (default x,y)")
    jacobian.add_argument("--at", metavar="POINT",
                          help="a point, one number per variable, e.g. 1,2")
    output_options(jacobian)
    jacobian.set_defaults(handler=_jacobian)


def _cli() -> Any:
    from workbench import cli  # here, not at the top: cli imports this module

    return cli


def _entries(flag: str, text: str, command: str) -> list[Any]:
    """The entries of a vector or matrix argument as text (None for ?), rows kept."""
    from workbench.protocol.matrices import parse_matrix_literal
    from workbench.protocol.syntax import ParseError

    cli = _cli()
    try:
        literal = parse_matrix_literal(text)
    except ParseError as problem:
        raise cli.UsageError(f"{cli.PROG} {command}: {flag}: {problem} in {text!r}") from problem
    if flag == "--W":
        return [list(row) for row in literal.texts]
    if 1 not in literal.shape:
        raise cli.UsageError(f"{cli.PROG} {command}: {flag} must be a vector, not a "
                             f"{literal.shape[0]}×{literal.shape[1]} matrix")
    return literal.flat_texts()


def engine_bad_input_call(name: str, *args: Any, **kwargs: Any) -> Any:
    """``workbench.engine.<name>(*args, **kwargs)``, run in the command line's limited child
    (:mod:`workbench.cli_engine`), with a ValueError reported as bad input (a ParseError)."""
    from workbench import engine
    from workbench.protocol.syntax import ParseError

    try:
        return getattr(engine, name)(*args, **kwargs)
    except ParseError:
        raise
    except ValueError as problem:
        raise ParseError(str(problem), None) from None


def _layer(args: argparse.Namespace) -> int:
    cli = _cli()
    fmt = cli._format(args)  # noqa: SLF001 - cli.py's helper for its sub-commands
    weights = _entries("--W", args.W, "layer")
    x = _entries("--x", args.x, "layer")
    t = _entries("--t", args.t, "layer")
    b = _entries("--b", args.b, "layer") if args.b else ["0"] * len(weights)
    from workbench.protocol.layers import LayerProblem, LayerProblemError

    try:
        problem = LayerProblem(weights, b, x, t, args.activation, args.loss)
    except LayerProblemError as problem_error:
        raise cli.UsageError(f"{cli.PROG} layer: {problem_error}") from problem_error
    cli._engine("dense_layer")  # noqa: SLF001 - says so at once if this build lacks it
    # a loss undefined at these outputs, or bad text, is a ValueError: bad input
    result = cli._engine_call(args.W, engine_bad_input_call, "dense_layer",  # noqa: SLF001
                              **problem.engine_arguments())
    title = (f"Dense layer {problem.m}×{problem.n}: y = {args.activation}(W·x + b), "
             f"loss {args.loss}")
    return cli._emit(args, fmt, title, result)  # noqa: SLF001 - cli.py's helper for its sub-commands


def _jacobian(args: argparse.Namespace) -> int:
    from workbench.protocol.matrices import vector_texts
    from workbench.protocol.syntax import ParseError, parse_tree

    cli = _cli()
    fmt = cli._format(args)  # noqa: SLF001 - cli.py's helper for its sub-commands
    names = [v for v in args.vars.replace(",", " ").split() if v]
    text = args.functions if args.functions.lstrip().startswith("[") else f"[{args.functions}]"
    try:
        components = vector_texts(text, names)
        for name in names:
            if parse_tree(name, names) != ("sym", name):
                raise ParseError(f"{name!r} can't be a variable name", None)
        point = list(vector_texts(args.at)) if args.at else None
    except ParseError as problem:
        raise cli.UsageError(f"{cli.PROG} jacobian: {problem}") from problem
    if not names:
        raise cli.UsageError(f"{cli.PROG} jacobian: --vars names no variable")
    cli._engine("jacobian")  # noqa: SLF001 - says so at once if this build lacks it
    result = cli._engine_call(text, engine_bad_input_call, "jacobian",  # noqa: SLF001
                              components, names, at=point)
    title = f"Jacobian of {text} with respect to {', '.join(names)}"
    if point is not None:
        title += f" at ({', '.join(point)})"
    return cli._emit(args, fmt, title, result)  # noqa: SLF001 - cli.py's helper for its sub-commands
