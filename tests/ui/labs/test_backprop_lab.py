"""The Backprop lab: the graph, the frames and the gradients agree with the mathematics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.fresh_interpreter import packages_loaded_by
from tests.ui.labs.lab_helpers import lesson_try_its, open_lab, saved, wait_computed
from workbench.protocol.graph_nodes import GraphNode
from workbench.protocol.results import BackpropResult
from workbench.protocol.syntax import evaluate, parse_tree
from workbench.ui.labs.backprop import BackpropLab, model


@pytest.fixture
def lab(qtbot):
    return open_lab(qtbot, BackpropLab)


def _numeric_gradient(text: str, values: dict[str, float]) -> dict[str, float]:
    """Central differences of the plain tree: an independent check of the engine."""
    tree = parse_tree(text)
    out = {}
    for name in values:
        h = 1e-6
        up = float(evaluate(tree, {**values, name: values[name] + h}))
        down = float(evaluate(tree, {**values, name: values[name] - h}))
        out[name] = (up - down) / (2 * h)
    return out


def _table(table) -> dict[str, str]:
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_default_network_gradients_match_finite_differences(lab):
    values = {"w": 0.5, "x": 2.0, "b": -1.0, "y": 1.0}
    assert _table(lab.inputs) == {"w": "0.5", "x": "2", "b": "-1", "y": "1"}
    expected = _numeric_gradient("(y - sigmoid(w x + b))^2", values)
    shown = _table(lab.gradients)
    for name, grad in expected.items():
        assert float(shown[f"\u2202f/\u2202{name}"].replace("\u2212", "-")) == \
            pytest.approx(grad, abs=1e-6)
    assert lab.model.output.value == pytest.approx(0.25)
    assert "0.25" in lab.output_label.text()


def test_every_gradient_is_the_sum_of_child_grad_times_local(lab):
    model = lab.model
    assert model.output.grad == 1.0
    for node in model.nodes[:-1]:
        flowing = sum(child.grad * local for child, local in model.children[node.name])
        assert node.grad == pytest.approx(flowing)


def test_frames_reveal_values_forward_then_gradients_backward(lab):
    model, count = lab.model, len(lab.model.nodes)
    assert lab.player.count() == 2 * count + 1
    assert lab.player.frame() == 2 * count  # the finished pass is shown first
    lab.player.set_frame(0)
    assert lab.graph.node_text("u1") == ("value ?", "grad ?")
    assert lab.graph.node_text("w")[0] == "value 0.5"  # inputs are known from the start
    lab.player.set_frame(count)  # forward pass done
    assert all(lab.graph.node_text(n.name)[1] == "grad ?" for n in model.nodes)
    assert all(v.startswith("?") for v in _table(lab.gradients).values())
    assert lab.graph.node_text(model.output.name)[0] == "value 0.25"
    # one step into the backward pass: u5 (y - sigma) gets 1 x 1 from the square... its grad shows
    lab.player.set_frame(count + 2)
    lit = model.nodes[count - 2]
    assert lab.graph.current.lit == lit.name and lab.graph.current.phase == "backward"
    assert lab.step_label.text().endswith(f"= {lab.graph.node_text(lit.name)[1][5:]}")
    # the sigmoid node's frame spells the chain rule out in numbers: 1 x (-1) = -1
    sigmoid = next(n for n in model.nodes if n.op == "sigmoid")
    lab.player.set_frame(2 * count + 1 - model.nodes.index(sigmoid) - 1)
    assert lab.graph.current.lit == sigmoid.name
    assert "1 \u00d7 (\u22121) = \u22121" in lab.step_label.text()
    # the inputs come last backwards (reverse topological order); y before w
    assert all(v.startswith("?") for v in _table(lab.gradients).values())
    lab.player.set_frame(2 * count - model.nodes.index(model.by_name["y"]))
    assert lab.graph.current.lit == "y"
    grads = _table(lab.gradients)
    assert grads["\u2202f/\u2202y"] == "1" and grads["\u2202f/\u2202w"].startswith("?")
    lab.player.set_frame(2 * count)
    assert _table(lab.gradients)["\u2202f/\u2202w"] == "\u22120.5"


def test_forward_frame_shows_the_arithmetic(lab):
    model = lab.model
    product = next(n for n in model.nodes if n.op == "mul")
    lab.player.set_frame(model.nodes.index(product) + 1)
    assert lab.step_label.text() == "Forward: u1 = w \u00b7 x = 0.5 \u00b7 2 = 1"
    assert lab.node_math.latex().startswith("u_{1} = ")


@pytest.mark.parametrize("text, words", [("abc", "is not a number"), ("", "give a number"),
                                          ("inf", "finite"), ("nan", "finite")])
def test_bad_input_values_are_explained_and_not_sent(lab, text, words):
    sent = len(lab.client.submitted)
    lab.inputs.item(0, 1).setText(text)
    assert words in lab.problem.text() and lab.problem.text().startswith("w:")
    assert len(lab.client.submitted) == sent


def test_new_expression_asks_for_its_variables(lab, qtbot):
    lab.editor.set_text("relu(v h) + h")
    qtbot.waitUntil(lambda: lab.variables() == ["h", "v"] or lab.variables() == ["v", "h"],
                    timeout=3000)
    assert set(lab.variables()) == {"v", "h"}
    lab.compute()
    wait_computed(qtbot, lab)
    grads = _table(lab.gradients)
    assert set(grads) == {"\u2202f/\u2202v", "\u2202f/\u2202h"}


def test_space_plays_arrows_step_and_hiding_the_tab_pauses(lab, qtbot):
    lab.show()
    with qtbot.waitActive(lab):
        lab.activateWindow()
    count = len(lab.model.nodes)
    lab.player.set_frame(count)  # the forward pass done
    lab.graph.setFocus()
    qtbot.waitUntil(lab.graph.hasFocus)
    qtbot.keyClick(lab.graph, Qt.Key.Key_Right)  # the first backward step: the output's grad
    assert lab.player.frame() == count + 1
    assert lab.graph.current.phase == "backward"
    qtbot.keyClick(lab.graph, Qt.Key.Key_Left)
    qtbot.keyClick(lab.graph, Qt.Key.Key_Left)  # back into the forward pass
    assert lab.player.frame() == count - 1 and lab.graph.current.phase == "forward"
    qtbot.keyClick(lab.graph, Qt.Key.Key_Space)
    assert lab.player.is_playing()
    qtbot.waitUntil(lambda: lab.player.frame() > count - 1, timeout=3000)
    qtbot.keyClick(lab.graph, Qt.Key.Key_Space)
    assert not lab.player.is_playing()
    qtbot.keyClick(lab.graph, Qt.Key.Key_Space)
    lab.deactivate()
    assert not lab.player.is_playing()


def test_state_round_trips_through_the_session_fields(lab, qtbot):
    lab.set_values({"w": 1.5})
    lab.compute()
    wait_computed(qtbot, lab)
    lab.player.set_frame(3)
    state = saved("backprop", lab.state())
    assert state["inputs"] == {"w": 1.5, "x": 2.0, "b": -1.0, "y": 1.0}
    other = open_lab(qtbot, BackpropLab, state=state)
    assert other.state()["expression"] == state["expression"]
    assert other.state()["inputs"] == state["inputs"]


@pytest.mark.parametrize("action", lesson_try_its("backprop"), ids=lambda a: a.label)
def test_every_lesson_try_it_shows_its_network(qtbot, lab, action):
    lab.apply_try_it(action.params)
    qtbot.waitUntil(lambda: lab.model is not None and lab.editor.text() ==
                    action.params["expression"] and not lab.is_waiting("graph"), timeout=10000)
    values = {k: float(v) for k, v in action.params["inputs"].items()}
    assert lab.variables() == list(values)
    expected = float(evaluate(parse_tree(action.params["expression"]), values))
    assert lab.model.output.value == pytest.approx(expected)
    numeric = _numeric_gradient(action.params["expression"], values)
    for name, grad in numeric.items():
        assert lab.model.by_name[name].grad == pytest.approx(grad, abs=1e-6)
    assert lab.derivation().steps and lab.animation().frame_count() == 2 * len(lab.model.nodes) + 1
    image = lab.animation().render_frame(1)
    assert not image.isNull() and image.width() > 100


def test_graph_rows_put_every_node_just_above_its_nearest_child(lab):
    model = lab.model
    rows = {name: r for r, names in enumerate(model.rows()) for name in names}
    assert sorted(rows) == sorted(n.name for n in model.nodes)
    assert rows[model.output.name] == len(model.rows()) - 1
    for node in model.nodes[:-1]:
        below = [rows[c.name] for c, _ in model.children[node.name]]
        assert min(below) == rows[node.name] + 1  # no edge needs to pass a row to start
    assert rows["y"] > rows["w"]  # the target joins late, next to where it is used


def test_the_graph_exports_like_any_plot(lab, tmp_path):
    from workbench.export.plots import export_plot_png

    (name, figure), = lab.figures()
    image = export_plot_png(figure, tmp_path / "graph.png", width=800, height=600)
    assert (image.width(), image.height()) == (800, 600)
    assert (tmp_path / "graph.png").stat().st_size > 5000  # boxes and text, not a blank page


def test_a_half_typed_expression_is_not_saved(lab):
    lab.editor.set_text("(w x +")
    assert lab.editor.tree() is None
    assert saved("backprop", lab.state())["expression"] == "(y - sigmoid(w x + b))^2"


def test_the_lab_loads_the_engine_node_type_without_sympy():
    """The lab's nodes are the engine's GraphNode, imported without the symbolic engine."""
    assert model.GraphNode is GraphNode
    loaded = packages_loaded_by("import workbench.ui.labs.backprop")
    assert "PySide6" in loaded  # the probe did import the lab
    assert not loaded & {"sympy", "scipy", "mpmath"}


def test_model_nodes_are_the_payload_nodes_as_graph_nodes(lab):
    assert lab.model is not None  # open_lab waited for the engine's answer
    assert all(type(n) is GraphNode for n in lab.model.nodes)
    result = lab.shown_results()["graph"]
    assert isinstance(result, BackpropResult)
    assert [n.to_dict() for n in lab.model.nodes] == [n.to_dict() for n in result.nodes]
