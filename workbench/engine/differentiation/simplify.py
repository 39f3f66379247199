"""The final tidy-up of a derivative: cheap rewrites, the shortest one wins.

``sympy.simplify`` often takes 100 ms or more; a handful of cheap forms compared by
``count_ops`` gives the same answers for the functions students type, fast. The raw
form (the one the rules produced, which matches the textbook's layout) is kept
unless a rewrite is clearly shorter.
"""

from __future__ import annotations

import sympy

# rewrites costlier than linear time only run on expressions up to this many operations
_MAX_OPS_FOR_CANCEL = 40
_MAX_OPS = 80
# a rewrite must save at least this many operations to replace the textbook form
_MARGIN = 2


def tidy(expr: sympy.Expr) -> sympy.Expr:
    """A short equivalent form of ``expr`` (the expression itself if nothing is shorter)."""
    ops = sympy.count_ops(expr)
    if ops > _MAX_OPS:
        return expr
    candidates = [sympy.factor_terms(expr)]
    if ops <= _MAX_OPS_FOR_CANCEL and not expr.has(sympy.Heaviside, sympy.DiracDelta):
        candidates.append(sympy.cancel(sympy.together(expr)))
        candidates.append(sympy.factor_terms(sympy.together(expr)))
    best, best_ops = expr, ops
    for candidate in candidates:
        cand_ops = sympy.count_ops(candidate)
        if cand_ops <= best_ops - _MARGIN if best is expr else cand_ops < best_ops:
            best, best_ops = candidate, cand_ops
    return best
