"""Step trees shared by the export tests (plain data, no sympy)."""

from __future__ import annotations

from workbench.protocol.steps import Step

TITLE = "Derivative of x^2 sin(x)"
LATEX = (r"\frac{d}{dx}\left(x^{2} \sin{\left(x \right)}\right)"
         r" = x^{2} \cos{\left(x \right)} + 2 x \sin{\left(x \right)}")


def sample_steps() -> list[Step]:
    """A product rule with nested power and trig steps, and a step with a long formula."""
    power = Step("power", "Power rule: bring the exponent down", r"\frac{d}{dx} x^{2}", "2 x")
    trig = Step("trig", "The derivative of sine is cosine", r"\frac{d}{dx} \sin{\left(x \right)}",
                r"\cos{\left(x \right)}")
    inner = Step("constant", "A constant's derivative is 0", r"\frac{d}{dx} 3", "0")
    chain = Step("chain", "Chain rule with an inner step", r"\frac{d}{dx} e^{3}", "0",
                 substeps=[inner])
    product = Step("product", "Product rule: (fg)' = f'g + fg'",
                   r"\frac{d}{dx}\left(x^{2} \sin{\left(x \right)}\right)",
                   r"x^{2} \cos{\left(x \right)} + 2 x \sin{\left(x \right)}",
                   substeps=[power, trig, chain])
    long = Step("simplify", "Collect the terms (a long line, 50% & more_#)",
                " + ".join(f"x^{{{k}}}" for k in range(1, 40)), r"\sum_{k=1}^{39} x^{k}")
    return [product, long]


def all_titles(steps: list[Step]) -> list[str]:
    """Every step title, depth first."""
    return [s.title for top in steps for s in top.walk()]
