"""The matrix grammar (workbench.protocol.matrices): literals, expressions with shapes,
shape errors that name the sizes and what would fit, numpy values, answer checking."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from workbench.protocol.matrices import (
    ShapeError,
    check_matrix_answer,
    evaluate_matrix,
    parse_matrix_expression,
    parse_matrix_literal,
)
from workbench.protocol.syntax import ParseError, evaluate

SHAPES = {"W": (3, 2), "x": (2, 1), "b": (3, 1), "delta": (3, 1), "m": ()}
RNG = np.random.default_rng(5)
VALUES = {"W": RNG.normal(size=(3, 2)), "x": RNG.normal(size=2), "b": RNG.normal(size=3),
          "delta": RNG.normal(size=3), "m": 3.0}
W, X, B, D = VALUES["W"], VALUES["x"][:, None], VALUES["b"][:, None], VALUES["delta"][:, None]


@pytest.mark.parametrize(("text", "shape", "vector", "values"), [
    ("[1, 2, 3]", (3, 1), True, [[1], [2], [3]]),
    ("[[1, 2], [3, 4]]", (2, 2), False, [[1, 2], [3, 4]]),
    ("[[1], [2]]", (2, 1), False, [[1], [2]]),
    ("[[1, 2]]", (1, 2), False, [[1, 2]]),
    ("[1, 2; 3, 4]", (2, 2), False, [[1, 2], [3, 4]]),
    ("1/2, -3", (2, 1), True, [[0.5], [-3]]),
    ("[log(8, 2), sqrt(4), 2^(1/2)]", (3, 1), True, [[3], [2], [2 ** 0.5]]),
])
def test_literals(text, shape, vector, values):
    literal = parse_matrix_literal(text)
    assert literal.shape == shape and literal.vector is vector
    got = [[float(evaluate(tree, {})) for tree in row] for row in literal.trees]
    np.testing.assert_allclose(got, values)


def test_literal_entries_keep_their_text_and_open_entries():
    literal = parse_matrix_literal("[x*y, x+y^2, ?]", ("x", "y"))
    assert literal.flat_texts() == ["x*y", "x+y^2", None]
    assert literal.trees[2] == (None,)
    assert evaluate(literal.trees[0][0], {"x": 2.0, "y": 3.0}) == 6.0


@pytest.mark.parametrize(("text", "words", "column"), [
    ("[[1, 2], [3]]", "Row 2 has 1 entries but row 1 has 2", 11),
    ("[1,, 2]", "empty", 4),
    ("[1, 2", "never closed", 1),
    ("[[1, 2], 3]", "every row in brackets", 9),
    ("[1, 2x+]", "missing", 7),
    ("[1, 2] 3", "after the closing bracket", 7),
    ("[1, foo(2)]", None, 5),
    ("", "empty", 1),
])
def test_literal_errors_name_the_column(text, words, column):
    with pytest.raises(ParseError) as caught:
        parse_matrix_literal(text)
    if words:
        assert words in caught.value.message
    assert caught.value.position + 1 == column


@pytest.mark.parametrize(("text", "shape", "value"), [
    ("W x + b", (3, 1), W @ X + B),
    ("Wx+b", (3, 1), W @ X + B),
    ("delta x^T", (3, 2), D @ X.T),
    ("δxᵀ", (3, 2), D @ X.T),
    ("\\delta x^{T}", (3, 2), D @ X.T),
    ("W^T delta", (2, 1), W.T @ D),
    ("Wᵀδ", (2, 1), W.T @ D),
    ("W.T @ delta", (2, 1), W.T @ D),
    ("W' delta", (2, 1), W.T @ D),
    ("W^\\top \\cdot delta", (2, 1), W.T @ D),
    ("delta^T W", (1, 2), D.T @ W),
    ("2 (W x + b) / m", (3, 1), 2 * (W @ X + B) / 3),
    ("-(W x)ᵀ + bᵀ", (1, 3), -(W @ X).T + B.T),
    ("(x^T)^T", (2, 1), X),
    ("delta ⊙ b", (3, 1), D * B),
    ("W x - b", (3, 1), W @ X - B),
    ("xᵀ x", (1, 1), X.T @ X),
])
def test_expressions_have_the_right_shape_and_value(text, shape, value):
    expr = parse_matrix_expression(text, SHAPES)
    assert expr.shape == shape
    np.testing.assert_allclose(evaluate_matrix(expr, VALUES), value, rtol=1e-12)
    again = parse_matrix_expression(expr.display, SHAPES)  # the display text reads back
    assert again.tree == expr.tree


def test_the_issue_example_names_sizes_and_what_fits():
    with pytest.raises(ShapeError) as caught:
        parse_matrix_expression("δ·W", SHAPES)
    problem = caught.value
    assert problem.message.startswith("(3×1)·(3×2) does not fit: inner sizes 1 and 3 differ")
    assert problem.suggestions == ("δᵀ·W", "Wᵀ·δ")
    assert "did you mean δᵀ·W or Wᵀ·δ?" in problem.message
    for suggestion in problem.suggestions:  # every suggestion fits
        parse_matrix_expression(suggestion, SHAPES)
    assert pickle.loads(pickle.dumps(problem)).suggestions == problem.suggestions


@pytest.mark.parametrize(("text", "words", "suggestions"), [
    ("x W", "(2×1)·(3×2) does not fit: inner sizes 1 and 3 differ", ("xᵀ·Wᵀ", "W·x")),
    ("W x + x", "(3×1) + (2×1) does not fit: a sum needs equal sizes", ()),
    ("b + x^T W^T", "(3×1) + (1×3) does not fit", ("bᵀ + xᵀ·Wᵀ", "b + (xᵀ·Wᵀ)ᵀ")),
    ("x ⊙ b", "entry-by-entry product needs equal sizes", ()),
    ("W / x", "divide only by a number", ()),
    ("W + 1", "A number and a (3×2) matrix can't be added", ()),
    ("x x", "inner sizes 1 and 2 differ", ("x·xᵀ", "xᵀ·x")),
])
def test_shape_errors(text, words, suggestions):
    with pytest.raises(ShapeError) as caught:
        parse_matrix_expression(text, SHAPES)
    assert words in caught.value.message
    assert caught.value.suggestions == suggestions


def test_a_product_nothing_can_fix_says_so():
    with pytest.raises(ShapeError, match="no order or transpose of W and A fits"):
        parse_matrix_expression("W A", {"W": (3, 2), "A": (4, 5)})


@pytest.mark.parametrize(("text", "words"), [
    ("q", "'q' is not one of the quantities here"),
    ("W^2", "Only a transpose"),
    ("(W x", "never closed"),
    ("W x +", "ends too soon"),
    ("[1, 2] x", "their own fields"),
    ("W $ x", "can't be used"),
    ("\\frac{W}{m}", "can't be used"),
    ("", "empty"),
    ("(" * 150 + "x" + ")" * 150, "nested"),
])
def test_text_errors(text, words):
    with pytest.raises(ParseError, match=words.replace("(", r"\(").replace("$", r"\$")):
        parse_matrix_expression(text, SHAPES)


def test_words_split_into_declared_names_and_a_name_may_start_with_t():
    shapes = {"T1": (2, 2), "x": (2, 1), "dL_dy": (2, 1)}
    expr = parse_matrix_expression("T1^T x + dL_dy", shapes)
    assert expr.operands == ("T1", "x", "dL_dy")
    assert expr.latex == r"\mathrm{T1}^{T}\,x + \mathrm{dL}_{dy}"


def test_answers_are_checked_and_wrong_orders_explained():
    want = D @ X.T
    right = check_matrix_answer("delta x^T", SHAPES, VALUES, want)
    assert right.correct and right.shape == (3, 2)
    np.testing.assert_allclose(right.value, want)

    swapped = check_matrix_answer("x delta^T", SHAPES, VALUES, want)
    assert not swapped.correct
    assert swapped.message == "x·δᵀ is (2×3), but ∂L/∂W is (3×2); did you mean δ·xᵀ?"

    misfit = check_matrix_answer("x^T delta", SHAPES, VALUES, want)
    assert not misfit.correct and misfit.suggestions == ("δ·xᵀ",)
    assert "inner sizes 2 and 3 differ" in misfit.message and "δ·xᵀ gives ∂L/∂W" in misfit.message

    numbers = check_matrix_answer("W", SHAPES, VALUES, want)
    assert not numbers.correct and "right shape (3×2), but not the right numbers" in numbers.message

    bad = check_matrix_answer("W +", SHAPES, VALUES, want)
    assert not bad.correct and bad.position is not None


def test_grad_x_answer():
    want = W.T @ D
    assert check_matrix_answer("W^T delta", SHAPES, VALUES, want, "∂L/∂x").correct
    wrong = check_matrix_answer("delta^T W", SHAPES, VALUES, want, "∂L/∂x")
    assert wrong.message == "δᵀ·W is (1×2), but ∂L/∂x is (2×1); did you mean Wᵀ·δ?"


def test_missing_values_are_named():
    with pytest.raises(ValueError, match="No value for δ"):
        evaluate_matrix(parse_matrix_expression("delta", SHAPES), {})


def test_vector_texts():
    from workbench.protocol.matrices import vector_texts

    assert vector_texts("[x*y, x + y^2]") == ("x*y", "x + y^2")
    assert vector_texts("[[1, 2, 3]]") == ("1", "2", "3")
    with pytest.raises(ParseError, match="2×2 matrix"):
        vector_texts("[[1, 2], [3, 4]]")
    with pytest.raises(ParseError, match="Entry 2 is open"):
        vector_texts("[1, ?]")


@pytest.mark.parametrize("seed", range(4))
def test_random_text_is_read_or_refused_with_a_parse_error(seed):
    import random

    rng = random.Random(seed)
    alphabet = list("Wxbδ()[]{},;+-*/^T'ᵀ⊙·@ .0123456789?\\") + ["delta", "^T", "\\top", "x^{T}"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        for parse in (lambda t: parse_matrix_expression(t, SHAPES), parse_matrix_literal):
            try:
                result = parse(text)
            except ParseError as problem:
                assert problem.message
                assert problem.position is None or 0 <= problem.position <= len(text)
            else:
                assert result.shape is not None


def test_huge_and_deep_input_is_refused():
    with pytest.raises(ParseError, match="too long"):
        parse_matrix_literal("[" + "1, " * 1000 + "1]")
    with pytest.raises(ParseError, match="nested"):
        parse_matrix_literal("[" * 200 + "]" * 200)
    with pytest.raises(ParseError, match="too long"):
        parse_matrix_expression("x + " * 600 + "x", SHAPES)


@pytest.mark.parametrize("text", ["x" + " x" * 990, "x" + " + x" * 400])
def test_long_chains_are_refused_not_crashed(text):
    with pytest.raises(ParseError, match="nested more than"):
        parse_matrix_expression(text, {"x": (2, 2)})


def test_signs_in_a_row_cancel_in_pairs():
    shapes = {"x": (2, 2)}
    assert parse_matrix_expression("-" * 1990 + "x", shapes).tree == ("operand", "x")
    assert parse_matrix_expression("- + - - x", shapes).tree == ("neg", ("operand", "x"))


def test_dividing_by_zero_gives_infinities_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = evaluate_matrix(parse_matrix_expression("W / 0", SHAPES), VALUES)
        assert np.isinf(value).all()
        check = check_matrix_answer("delta x^T / 0", SHAPES, VALUES, D @ X.T)
    assert not check.correct and "not the right numbers" in check.message


def test_infinities_on_both_sides_are_compared_without_a_warning():
    import warnings

    want = np.full((3, 2), np.inf)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check = check_matrix_answer("delta x^T / 0", SHAPES, VALUES, want)
    assert not check.correct
