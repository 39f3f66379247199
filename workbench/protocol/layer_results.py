"""Typed results of the Layers lab's jobs (see :mod:`workbench.protocol.jobs.layers`).

Sympy-free and picklable like every result: LaTeX, floats and ``Step`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.protocol.layer_outcome import LayerOutcome
from workbench.protocol.results import Result
from workbench.protocol.steps import Step

Rows = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class LayerResult(Result):
    """A worked dense layer: everything the lab draws is in ``outcome``."""

    outcome: LayerOutcome | None = None


@dataclass(frozen=True)
class JacobianResult(Result):
    """J[i][j] = ∂f_i/∂v_j: the matrix's LaTeX (entries in ``entries``), one step per
    component, and with a point its value there (``value``) and f's (``function_value``)."""

    latex: str = ""
    entries: tuple[tuple[str, ...], ...] = ()
    components: tuple[str, ...] = ()
    shape: tuple[int, int] = (0, 0)
    value: Rows | None = None
    function_value: tuple[float, ...] | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class IdentityResult(Result):
    """One identity expanded at size ``n``: its statement, the expansion (``latex``),
    whether the entry-by-entry derivative matched the formula, and the steps."""

    title: str = ""
    statement: str = ""
    n: int = 0
    verified: bool = False
    latex: str = ""
    steps: tuple[Step, ...] = ()
