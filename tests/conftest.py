"""Fixtures shared by the tests: strict floating point, and small random problems."""

import warnings

import numpy as np
import pytest

from mlbasics import Network


@pytest.fixture
def strict_floats():
    """Every warning, and every overflow, division by zero or invalid operation, is an error."""
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        yield


def _random_biases(rng, network):
    """Biases of either sign and magnitude 0.2 to 1, shaped like `network.biases`.

    Non-zero biases move the hidden pre-activations off 0, where ReLU has its kink, and make
    the bias gradients part of what a test compares.
    """
    return [
        rng.choice([-1.0, 1.0], size=b.shape) * rng.uniform(0.2, 1.0, size=b.shape)
        for b in network.biases
    ]


def _random_problem(hidden_sizes, activation, seed, n_samples=8, n_inputs=3):
    """A network with random biases, and random data that holds both labels.

    returns network, X : (n_samples, n_inputs), y : (n_samples,) of 0 and 1
    """
    rng = np.random.default_rng(1000 + seed)
    network = Network(n_inputs, hidden_sizes, activation, seed=seed)
    network.biases = _random_biases(rng, network)

    X = rng.standard_normal((n_samples, n_inputs))
    y = rng.permutation(np.arange(n_samples) % 2)
    return network, X, y


@pytest.fixture
def random_problem():
    """The function `_random_problem(hidden_sizes, activation, seed)`."""
    return _random_problem


@pytest.fixture
def random_biases():
    """The function `_random_biases(rng, network)`."""
    return _random_biases
