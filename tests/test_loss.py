"""Binary cross-entropy, including predictions of exactly 0 and 1 and huge inputs."""

import numpy as np
import pytest
from sklearn.metrics import log_loss

from mlbasics import Network, binary_cross_entropy, mean_binary_cross_entropy
from mlbasics.loss import PROBABILITY_FLOOR


def test_loss_matches_the_formula_and_sklearn():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.01, 0.99, size=(50, 1))
    y = rng.integers(0, 2, size=(50, 1))

    by_formula = -(y * np.log(p) + (1 - y) * np.log(1 - p))

    np.testing.assert_allclose(binary_cross_entropy(p, y), by_formula, rtol=1e-14)
    np.testing.assert_allclose(mean_binary_cross_entropy(p, y), log_loss(y, p), rtol=1e-13)
    assert binary_cross_entropy(np.array([[0.5]]), np.array([[1]]))[0, 0] == np.log(2)


def test_loss_is_finite_at_predictions_of_exactly_0_and_1(strict_floats):
    p = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([[0], [0], [1], [1]])

    loss = binary_cross_entropy(p, y)

    assert np.all(np.isfinite(loss))
    # Right and certain costs almost nothing; wrong and certain costs -log(PROBABILITY_FLOOR),
    # to four digits when p is 1, since 1 - PROBABILITY_FLOOR is rounded to the nearest float.
    np.testing.assert_allclose(loss[[0, 3], 0], 0.0, atol=1e-14)
    np.testing.assert_allclose(loss[2, 0], -np.log(PROBABILITY_FLOOR), rtol=1e-15)
    np.testing.assert_allclose(loss[1, 0], -np.log(PROBABILITY_FLOOR), rtol=1e-4)


def test_mean_loss_of_an_ensemble_has_one_entry_per_network():
    p = np.array([[[0.9], [0.2]], [[0.5], [0.5]], [[0.1], [0.8]]])
    y = np.array([[1], [0]])

    loss = mean_binary_cross_entropy(p, y)

    assert loss.shape == (3,)
    for k in range(3):
        np.testing.assert_allclose(loss[k], mean_binary_cross_entropy(p[k], y), rtol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("hidden_sizes", [(), (4, 3)])
@pytest.mark.parametrize("value", [1e6, -1e6])
def test_network_stays_finite_at_huge_inputs(strict_floats, activation, hidden_sizes, value):
    network = Network(2, hidden_sizes, activation, seed=0)
    X = np.full((4, 2), value)
    y = np.array([0, 1, 0, 1])

    loss = network.loss(X, y)
    weight_grads, bias_grads = network.gradients(X, y)

    assert np.isfinite(loss)
    assert all(np.all(np.isfinite(grads)) for grads in weight_grads + bias_grads)
