"""The new results of the ML labs pickle and write JSON-safe dicts."""

from __future__ import annotations

import json
import pickle

from workbench.engine.networks import gradient_by_depth, network
from workbench.engine.optimizer_race import default_learning_rates, race_verdict
from workbench.engine.optimizers import optimize


def test_network_depth_rates_and_verdict_pickle_and_serialise():
    runs = [optimize("x^2 + y^2", ["x", "y"], [1, 1], method=m, lr=0.1, steps=5)
            for m in ("gd", "adam")]
    for result in (network(), gradient_by_depth(5),
                   default_learning_rates("x^2 + 3y^2", ["x", "y"], [1, 1]),
                   race_verdict(runs)):
        again = pickle.loads(pickle.dumps(result))
        assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())
