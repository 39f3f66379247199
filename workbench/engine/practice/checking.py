"""Check a student's answer, diagnose a wrong one, and hand out hints one at a time.

Convention for antiderivatives: any antiderivative is right, whatever its constant
(we compare derivatives). An answer written without a constant is still right, and
the feedback adds a gentle reminder of the "+ C"; a constant may be written as C, c
or K.
"""

from __future__ import annotations

import re

import sympy

from workbench.engine.parsing import parse
from workbench.engine.practice.compare import constant_ratio, equivalent, first_difference
from workbench.engine.practice.mistakes import plain
from workbench.engine.practice.model import Exercise, Feedback
from workbench.protocol.syntax import ParseError

CONSTANT_NAMES = ("C", "c", "K")
_DECIMAL = re.compile(r"\.(\d+)")  # the digits after a decimal point
# "f'(x) =", "F(x) =", "y'' =", "dy/dx =", "∂f/∂x =", "E[X] =", "P(X ≤ 1/2) =", "x_2 =" ...
_NAMED_ANSWER = re.compile(
    r"^\s*(?:[A-Za-z]\w*'*(?:\([^()=]*\))?|d\w*/d\w+|∂\w*/∂\w+|E\[[^\]=]*\]|"
    r"P\([^()=]*\))\s*=(?!=)")


def answer_part(text: str) -> tuple[str, int]:
    """The part of ``text`` after a name such as ``f'(x) =`` or ``dy/dx =``, and its offset.

    Students often write the answer as an equation; only its right side is the answer.
    """
    match = _NAMED_ANSWER.match(text)
    return (text[match.end():], match.end()) if match else (text, 0)


def _read(exercise: Exercise, text: str) -> sympy.Expr | Feedback:
    if not text or not text.strip():
        return Feedback(False, "Type an answer first.")
    body, offset = answer_part(text)
    try:
        return parse(body, exercise.variables)
    except ParseError as exc:
        position = None if exc.position is None else exc.position + offset
        where = "" if position is None else f" (column {position + 1})"
        return Feedback(False, f"I can't read that{where}: {exc.message}", position=position)


def _comparable(exercise: Exercise, expr: sympy.Expr) -> sympy.Expr:
    """What is compared: the derivative for antiderivatives (so constants drop out)."""
    if exercise.kind == "antiderivative":
        return sympy.diff(expr, sympy.Symbol(exercise.var))
    return expr


def _matches(exercise: Exercise, student: sympy.Expr, reference: sympy.Expr,
             rounded: bool) -> bool:
    names = exercise.variables
    if student.free_symbols - reference.free_symbols - _constants(exercise):
        return False
    return equivalent(_comparable(exercise, student), _comparable(exercise, reference), names,
                      rounded)


def _constants(exercise: Exercise) -> set[sympy.Symbol]:
    if exercise.kind != "antiderivative":
        return set()
    return {sympy.Symbol(name) for name in CONSTANT_NAMES if name not in exercise.variables}


def check_answer(exercise: Exercise, text: str) -> Feedback:
    """The verdict on ``text`` as an answer to ``exercise``, with a diagnosis when wrong."""
    student = _read(exercise, text)
    if isinstance(student, Feedback):
        return student
    decimals = [len(match) for match in _DECIMAL.findall(text)]
    rounded = bool(decimals)  # a typed decimal may be rounded
    if rounded and exercise.answer.is_number and student.is_number:
        return _rounded_number(exercise, student, max(decimals))
    if _matches(exercise, student, exercise.answer, rounded):
        return Feedback(True, _praise(exercise, student, rounded))
    hints = list(exercise.hints[:-1])
    for diagnosis, wrong in exercise.mistakes:
        if _matches(exercise, student, wrong, rounded):
            return Feedback(False, "Not quite. " + diagnosis, diagnosis, hints)
    return Feedback(False, _unmatched(exercise, student), None, hints)


def _rounded_number(exercise: Exercise, student: sympy.Expr, decimals: int) -> Feedback:
    """A typed decimal: right if it is the answer rounded to the digits typed.

    When a known mistake lies closer to the typed number than the answer does (a
    forward difference 6.01 against the exact slope 6, typed as 6.0), the mistake wins.
    """
    tolerance = 0.5 * 10.0 ** -decimals * (1 + 1e-9)
    value = float(student)
    candidates = [(None, exercise.answer)] + [
        (message, wrong) for message, wrong in exercise.mistakes if wrong.is_number]
    # the nearest candidate wins; on a tie the earlier one (the right answer first)
    distance, _, diagnosis = min((abs(value - float(ref)), index, message)
                                 for index, (message, ref) in enumerate(candidates))
    if distance > tolerance:
        return Feedback(False, _unmatched(exercise, student), None, list(exercise.hints[:-1]))
    if diagnosis is None:
        return Feedback(True, _praise(exercise, student, True))
    return Feedback(False, "Not quite. " + diagnosis, diagnosis, list(exercise.hints[:-1]))


def _praise(exercise: Exercise, student: sympy.Expr, rounded: bool) -> str:
    message = "Correct."
    if rounded and exercise.answer.is_number and not exercise.answer.is_Float:
        message += f" The exact value is {plain(exercise.answer)}."
    if exercise.kind == "antiderivative" and not student.free_symbols & _constants(exercise):
        message += (" Remember the + C: every antiderivative differs from this one by a "
                    "constant.")
    return message


def _unmatched(exercise: Exercise, student: sympy.Expr) -> str:
    allowed = exercise.answer.free_symbols | _constants(exercise)
    extra = sorted(s.name for s in student.free_symbols - allowed)
    if extra:
        want = ", ".join(sorted(s.name for s in exercise.answer.free_symbols)) or "no variables"
        return (f"Not quite: your answer uses {', '.join(extra)}, but the answer should use "
                f"{want}.")
    if exercise.answer.is_number:
        return f"Not quite: {plain(student)} is not the value asked for."
    ref = _comparable(exercise, exercise.answer)
    mine = _comparable(exercise, student)
    ratio = constant_ratio(mine, ref, exercise.variables)
    if ratio is not None:
        return f"Not quite: your answer is {ratio} times the right one. Check the factors."
    detail = first_difference(mine, ref, exercise.variables)
    what = "Its derivative" if exercise.kind == "antiderivative" else "It"
    return "Not quite. " + (f"{what} differs from the right answer. {detail}" if detail else
                            "It is not equivalent to the right answer.")


def hint(exercise: Exercise, n: int) -> str:
    """The ``n``-th hint (1-based), one step at a time; the last one gives the answer."""
    if n < 1:
        raise ValueError("hints are numbered from 1")
    return exercise.hints[min(n, len(exercise.hints)) - 1]
