"""The activation functions, at ordinary and at extreme inputs."""

import numpy as np
import pytest
from scipy.special import expit

from mlbasics.activations import (
    ACTIVATIONS,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
)


def test_sigmoid_saturates_exactly_and_silently(strict_floats):
    x = np.array([-1e308, -1000.0, 0.0, 1000.0, 1e308])

    np.testing.assert_array_equal(sigmoid(x), [0.0, 0.0, 0.5, 1.0, 1.0])
    assert sigmoid(-1000) == 0.0 and sigmoid(1000) == 1.0


def test_sigmoid_matches_scipy_over_a_wide_range(strict_floats):
    x = np.linspace(-700, 700, 100_001)

    np.testing.assert_allclose(sigmoid(x), expit(x), rtol=1e-14, atol=0)


def test_sigmoid_of_integers_is_float():
    s = sigmoid(np.array([-2, 0, 3]))

    assert s.dtype == np.float64
    np.testing.assert_allclose(s, 1 / (1 + np.exp([2.0, 0.0, -3.0])), rtol=1e-15)


def test_sigmoid_derivative_is_the_slope_of_the_sigmoid():
    x = np.linspace(-8, 8, 33)
    step = 1e-6
    slope = (sigmoid(x + step) - sigmoid(x - step)) / (2 * step)

    np.testing.assert_allclose(sigmoid_derivative(sigmoid(x)), slope, rtol=1e-7)
    assert sigmoid_derivative(sigmoid(0.0)) == 0.25


def test_relu_replaces_negatives_with_zeros_as_floats(strict_floats):
    # The post's test tensor, integers in and floats out.
    out = relu(np.array([[3, 0, -4], [-4, 4, 1]]))

    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[3.0, 0.0, 0.0], [0.0, 4.0, 1.0]])
    np.testing.assert_array_equal(relu(np.array([-1e308, 1e308])), [0.0, 1e308])


def test_relu_derivative_is_zero_at_the_kink():
    slope = relu_derivative(np.array([-2.0, -1e-300, -0.0, 0.0, 1e-300, 3.0]))

    assert slope.dtype == np.float64
    np.testing.assert_array_equal(slope, [0.0, 0.0, 0.0, 0.0, 1.0, 1.0])
    assert relu_derivative(np.array(0)) == 0.0


def test_activations_by_name():
    assert ACTIVATIONS == {"sigmoid": sigmoid, "relu": relu}
