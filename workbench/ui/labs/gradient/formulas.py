"""The gradient lab's formula line: ∇f and the Hessian (or f and f') as one LaTeX line."""

from __future__ import annotations

#: Longer LaTeX than this is not typeset: ziamath needs ~1 s for a 300-character Hessian
#: full of fractions, and the window must not freeze (the values at the point are always
#: in "At a point").
MAX_TYPESET = 110


def formulas_latex(latex: dict[str, str], dimension: int) -> str:
    """∇f and H_f (or f and f') as one line, leaving out what is too long to typeset."""
    if dimension == 1:
        parts = [("f(x)", latex["f"]), ("f'(x)", latex["gradient"])]
    else:
        parts = [(r"\nabla f", latex["gradient"]), ("H_f", latex["hessian"])]
    shown = [rf"{name} = {body}" for name, body in parts if len(body) <= MAX_TYPESET]
    hidden = [name for name, body in parts if len(body) > MAX_TYPESET]
    if hidden:
        shown.append(rf"{', '.join(hidden)}\ \text{{too long to typeset (values: At a point)}}")
    return r",\quad ".join(shown)
