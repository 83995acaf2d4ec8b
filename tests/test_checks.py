"""Bad inputs: each is refused before any arithmetic, with one line that names the argument."""

import numpy as np
import pytest

from mlbasics import Network, train
from mlbasics.datasets import load, make_xor
from mlbasics.gradcheck import numerical_gradients

X_GOOD = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y_GOOD = np.array([1, 1, 0, 0])


def assert_refused(call, error, name):
    """`call()` raises `error` with a one-line message that starts with the argument's name."""
    with pytest.raises(error) as raised:
        call()

    message = str(raised.value)
    assert message.startswith(f"{name} "), message
    assert "\n" not in message


@pytest.fixture
def network():
    return Network(2, (4, 3), "relu", seed=0)


def assert_untouched(network, call, error, name):
    """Like assert_refused, and the network's weights and biases are exactly as they were."""
    before = [array.copy() for array in network.weights + network.biases]

    assert_refused(call, error, name)

    for kept, now in zip(before, network.weights + network.biases):
        np.testing.assert_array_equal(kept, now)


BAD_X = {
    "one-dimensional": (np.zeros(2), ValueError),
    "three-dimensional": (np.zeros((4, 2, 1)), ValueError),
    "no rows": (np.zeros((0, 2)), ValueError),
    "three columns": (np.zeros((4, 3)), ValueError),
    "NaN": (np.array([[0.0, 1.0], [np.nan, 0.0], [1.0, 1.0], [0.0, 0.0]]), ValueError),
    "inf": (np.array([[0.0, 1.0], [1.0, 0.0], [1.0, -np.inf], [0.0, 0.0]]), ValueError),
    "strings": (np.array([["0", "1"], ["1", "0"], ["1", "1"], ["0", "0"]]), TypeError),
    "booleans": (X_GOOD.astype(bool), TypeError),
    "None": (None, TypeError),
}

# Every public function that takes X, called with a given X and the good labels.
TAKES_X = {
    "forward": lambda network, X: network.forward(X),
    "predict_proba": lambda network, X: network.predict_proba(X),
    "predict": lambda network, X: network.predict(X),
    "hidden_pre_activations": lambda network, X: network.hidden_pre_activations(X),
    "loss": lambda network, X: network.loss(X, Y_GOOD),
    "accuracy": lambda network, X: network.accuracy(X, Y_GOOD),
    "gradients": lambda network, X: network.gradients(X, Y_GOOD),
    "sgd_step": lambda network, X: network.sgd_step(X, Y_GOOD, 0.1),
    "train": lambda network, X: train(network, X, Y_GOOD, 1, 0.1),
    "numerical_gradients": lambda network, X: numerical_gradients(network, X, Y_GOOD),
}


@pytest.mark.parametrize("function", TAKES_X)
@pytest.mark.parametrize("case", BAD_X)
def test_bad_X_is_refused(network, function, case):
    X, error = BAD_X[case]
    assert_untouched(network, lambda: TAKES_X[function](network, X), error, "X")


BAD_Y = {
    "too short": (np.array([1, 1, 0]), ValueError),
    "two columns": (np.zeros((4, 2)), ValueError),
    "a 2": (np.array([1, 2, 0, 0]), ValueError),
    "a -1": (np.array([1, -1, 0, 0]), ValueError),
    "NaN": (np.array([1.0, np.nan, 0.0, 0.0]), ValueError),
    "strings": (np.array(["1", "1", "0", "0"]), TypeError),
}

TAKES_Y = {
    "loss": lambda network, y: network.loss(X_GOOD, y),
    "accuracy": lambda network, y: network.accuracy(X_GOOD, y),
    "gradients": lambda network, y: network.gradients(X_GOOD, y),
    "sgd_step": lambda network, y: network.sgd_step(X_GOOD, y, 0.1),
    "train": lambda network, y: train(network, X_GOOD, y, 1, 0.1),
    "numerical_gradients": lambda network, y: numerical_gradients(network, X_GOOD, y),
}


@pytest.mark.parametrize("function", TAKES_Y)
@pytest.mark.parametrize("case", BAD_Y)
def test_bad_y_is_refused(network, function, case):
    y, error = BAD_Y[case]
    assert_untouched(network, lambda: TAKES_Y[function](network, y), error, "y")


def test_good_inputs_pass(network):
    # The fixtures above are refused for their one flaw, not for something they all share.
    train(network, X_GOOD, Y_GOOD, 1, 0.1)
    train(network, X_GOOD.astype(int), Y_GOOD.astype(bool).reshape(-1, 1), 1, 0.1)


@pytest.mark.parametrize(
    "hidden_sizes, error",
    [((0,), ValueError), ((4, -1), ValueError), ((2.5,), TypeError), (("4",), TypeError),
     ((True,), TypeError), ("4", TypeError), (4, TypeError), (2.5, TypeError)],
)
def test_bad_hidden_sizes_are_refused(hidden_sizes, error):
    assert_refused(lambda: Network(2, hidden_sizes), error, "hidden_sizes")
    assert_refused(lambda: Network.ensemble(2, hidden_sizes, seeds=(0, 1)), error, "hidden_sizes")


@pytest.mark.parametrize(
    "n_inputs, error", [(0, ValueError), (-1, ValueError), (2.5, TypeError), ("2", TypeError)]
)
def test_bad_n_inputs_are_refused(n_inputs, error):
    assert_refused(lambda: Network(n_inputs, (4,)), error, "n_inputs")


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError), ("0", TypeError),
                                         (None, TypeError), (True, TypeError)])
def test_bad_seed_is_refused(seed, error):
    assert_refused(lambda: Network(2, (4,), seed=seed), error, "seed")
    assert_refused(lambda: Network.ensemble(2, (4,), seeds=(0, seed)), error, "seed")


def test_an_ensemble_needs_seeds():
    assert_refused(lambda: Network.ensemble(2, (4,), seeds=()), ValueError, "seeds")
    assert_refused(lambda: Network.ensemble(2, (4,), seeds=3), TypeError, "seeds")


def test_unknown_activation_and_init_are_refused():
    assert_refused(lambda: Network(2, (4,), activation="tanh"), ValueError, "activation")
    assert_refused(lambda: Network(2, (4,), init="xavier"), ValueError, "init")
    assert_refused(lambda: load("nope"), ValueError, "dataset")


@pytest.mark.parametrize(
    "epochs, error",
    [(0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError), ("20", TypeError)],
)
def test_bad_epochs_are_refused(network, epochs, error):
    assert_untouched(network, lambda: train(network, X_GOOD, Y_GOOD, epochs, 0.1), error, "epochs")


BAD_LEARNING_RATES = [
    (0, ValueError), (-0.1, ValueError), (np.nan, ValueError), (np.inf, ValueError),
    ("0.1", TypeError), (True, TypeError), (None, TypeError),
]


@pytest.mark.parametrize("learning_rate, error", BAD_LEARNING_RATES)
def test_bad_learning_rate_is_refused(network, learning_rate, error):
    def train_once():
        train(network, X_GOOD, Y_GOOD, 1, learning_rate)

    def step_once():
        network.sgd_step(X_GOOD, Y_GOOD, learning_rate)

    assert_untouched(network, train_once, error, "learning_rate")
    assert_untouched(network, step_once, error, "learning_rate")


@pytest.mark.parametrize("snapshot_every, error", [(0, ValueError), (1.5, TypeError)])
def test_bad_snapshot_every_is_refused(network, snapshot_every, error):
    def train_once():
        train(network, X_GOOD, Y_GOOD, 1, 0.1, snapshot_every=snapshot_every)

    assert_untouched(network, train_once, error, "snapshot_every")


def test_bad_xor_settings_are_refused():
    assert_refused(lambda: make_xor(samples_per_corner=0), ValueError, "samples_per_corner")
    assert_refused(lambda: make_xor(seed=-1), ValueError, "seed")
