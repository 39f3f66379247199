"""Legends list what is drawn and sit where they hide the least of the data."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.ui.legends import quiet_corner

VIEW = ((0.0, 10.0), (0.0, 10.0))
BOX = (3.0, 2.0)


@pytest.mark.parametrize("x, y, corner", [
    (np.linspace(0, 10, 50), np.full(50, 9.5), "bottom-right"),  # a line along the top
    (np.linspace(0, 10, 50), np.linspace(0, 10, 50), "top-left"),  # a rising diagonal
    (np.linspace(0, 10, 50), np.linspace(10, 0, 50), "top-right"),  # a falling one
    (np.linspace(0, 10, 50), np.full(50, 0.5), "top-left"),  # along the bottom: ties, first
])
def test_the_quiet_corner_is_the_one_with_fewest_points_under_the_legend(x, y, corner):
    assert quiet_corner(x, y, VIEW, BOX) == corner
