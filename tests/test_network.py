"""The network against scikit-learn's MLPClassifier, and the shapes of what it returns."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mlbasics import Network, mean_binary_cross_entropy

# One architecture per depth, from a single neuron to three hidden layers.
DEPTHS = [(), (4,), (4, 3), (5, 4, 3)]

SKLEARN_ACTIVATION = {"sigmoid": "logistic", "relu": "relu"}


def sklearn_twin(network, X, y):
    """An MLPClassifier of the same shape and activation, holding copies of our parameters.

    A fit of one iteration creates the attributes that predicting needs; its parameters are
    then replaced by ours. alpha=0 leaves out the L2 penalty, which our loss does not have.
    """
    twin = MLPClassifier(
        hidden_layer_sizes=network.hidden_sizes,
        activation=SKLEARN_ACTIVATION[network.activation],
        alpha=0.0,
        max_iter=1,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=ConvergenceWarning)
        twin.fit(X, y)

    twin.coefs_ = [weights.copy() for weights in network.weights]
    twin.intercepts_ = [biases.copy() for biases in network.biases]
    return twin


def sklearn_backprop(twin, X, y):
    """The loss and gradients of scikit-learn's own backward pass (a private method).

    returns loss, coef_grads, intercept_grads, shaped like `weights` and `biases`
    """
    n_layers = len(twin.coefs_) + 1
    activations = [X] + [None] * (n_layers - 1)
    deltas = [None] * (n_layers - 1)
    coef_grads = [np.empty_like(weights) for weights in twin.coefs_]
    intercept_grads = [np.empty_like(biases) for biases in twin.intercepts_]
    return twin._backprop(
        X, y.reshape(-1, 1).astype(float), None, activations, deltas, coef_grads, intercept_grads
    )


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("hidden_sizes", DEPTHS)
def test_forward_pass_matches_sklearn(random_problem, hidden_sizes, activation):
    network, X, y = random_problem(hidden_sizes, activation, seed=3)
    twin = sklearn_twin(network, X, y)

    ours = network.predict_proba(X)[:, 0]
    theirs = twin.predict_proba(X)[:, 1]

    assert twin.out_activation_ == "logistic"
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("hidden_sizes", DEPTHS)
def test_gradients_match_sklearn_backprop(random_problem, hidden_sizes, activation):
    network, X, y = random_problem(hidden_sizes, activation, seed=4)
    twin = sklearn_twin(network, X, y)

    loss, coef_grads, intercept_grads = sklearn_backprop(twin, X, y)
    weight_grads, bias_grads = network.gradients(X, y)

    np.testing.assert_allclose(network.loss(X, y), loss, rtol=1e-12)
    for ours, theirs in zip(weight_grads + bias_grads, coef_grads + intercept_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-16)


@pytest.mark.parametrize("hidden_sizes", DEPTHS)
def test_forward_returns_every_layer(random_problem, hidden_sizes):
    network, X, y = random_problem(hidden_sizes, "relu", seed=5)

    pre_activations, activations = network.forward(X)

    assert network.layer_sizes == (3, *hidden_sizes, 1)
    assert network.hidden_sizes == hidden_sizes
    assert len(pre_activations) == len(hidden_sizes) + 1
    assert len(activations) == len(hidden_sizes) + 2
    np.testing.assert_array_equal(activations[0], X)
    for z, a, fan_out in zip(pre_activations, activations[1:], network.layer_sizes[1:]):
        assert z.shape == a.shape == (8, fan_out)
    np.testing.assert_array_equal(activations[-1], network.predict_proba(X))
    for ours, forward in zip(network.hidden_pre_activations(X), pre_activations[:-1]):
        np.testing.assert_array_equal(ours, forward)


def test_one_neuron_is_logistic_regression(random_problem):
    network, X, y = random_problem((), "sigmoid", seed=6)
    z = X @ network.weights[0][:, 0] + network.biases[0][0]

    np.testing.assert_allclose(network.predict_proba(X)[:, 0], 1 / (1 + np.exp(-z)), rtol=1e-14)


def test_predict_loss_and_accuracy_follow_the_probabilities(random_problem):
    network, X, y = random_problem((4, 3), "sigmoid", seed=7)
    p = network.predict_proba(X)[:, 0]

    labels = network.predict(X)
    expected_loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    assert labels.shape == (8, 1) and labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels[:, 0], (p > 0.5).astype(int))
    assert network.accuracy(X, y) == np.mean(labels[:, 0] == y)
    np.testing.assert_allclose(network.loss(X, y), expected_loss, rtol=1e-13)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_ensemble_member_k_is_network_with_seed_k(activation):
    seeds = [0, 1, 2, 10]
    ensemble = Network.ensemble(2, (4, 3), activation, seeds=seeds)
    X = np.random.default_rng(0).standard_normal((6, 2))
    y = np.array([0, 1, 1, 0, 1, 0])

    assert ensemble.n_networks == len(seeds)
    assert ensemble.predict_proba(X).shape == (len(seeds), 6, 1)
    assert ensemble.loss(X, y).shape == ensemble.accuracy(X, y).shape == (len(seeds),)
    assert [w.shape for w in ensemble.weights] == [(4, 2, 4), (4, 4, 3), (4, 3, 1)]
    assert [b.shape for b in ensemble.biases] == [(4, 4), (4, 3), (4, 1)]
    predictions, losses = ensemble.predict_proba(X), ensemble.loss(X, y)

    for k, seed in enumerate(seeds):
        member = Network(2, (4, 3), activation, seed=seed)
        for stacked, own in zip(ensemble.weights, member.weights):
            np.testing.assert_array_equal(stacked[k], own)
        for stacked, own in zip(ensemble.biases, member.biases):
            np.testing.assert_array_equal(stacked[k], own)
        np.testing.assert_allclose(predictions[k], member.predict_proba(X), rtol=1e-14)
        np.testing.assert_allclose(losses[k], member.loss(X, y), rtol=1e-14)


def test_ensemble_loss_is_the_mean_loss_of_each_member():
    ensemble = Network.ensemble(2, (3,), "relu", seeds=range(3))
    X = np.random.default_rng(1).standard_normal((5, 2))
    y = np.array([1, 0, 1, 1, 0])

    expected = mean_binary_cross_entropy(ensemble.predict_proba(X), y.reshape(-1, 1))

    np.testing.assert_array_equal(ensemble.loss(X, y), expected)


def test_copy_is_independent(random_problem):
    network, X, y = random_problem((4, 3), "relu", seed=8)
    original = [array.copy() for array in network.weights + network.biases]

    twin = network.copy()
    twin.sgd_step(X, y, 0.1)

    for kept, now in zip(original, network.weights + network.biases):
        np.testing.assert_array_equal(kept, now)
    assert any(
        not np.array_equal(ours, theirs) for ours, theirs in zip(twin.weights, network.weights)
    )


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_sgd_step_moves_every_parameter_against_its_gradient(random_problem, activation):
    network, X, y = random_problem((4, 3), activation, seed=9)
    weight_grads, bias_grads = network.gradients(X, y)
    expected = [
        parameters - 0.05 * grads
        for parameters, grads in zip(network.weights + network.biases, weight_grads + bias_grads)
    ]

    network.sgd_step(X, y, 0.05)

    for ours, theirs in zip(network.weights + network.biases, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


def test_an_ensemble_member_is_the_network_of_its_seed():
    ensemble = Network.ensemble(2, (3,), "relu", seeds=[4, 0, 9])

    member = ensemble.member(np.int64(1))

    alone = Network(2, (3,), "relu", seed=0)
    assert member.n_networks is None and member.seed == 0
    for ours, theirs in zip(member.weights + member.biases, alone.weights + alone.biases):
        assert np.array_equal(ours, theirs)


@pytest.mark.parametrize("index", [3, -1, 1.0])
def test_a_member_index_out_of_range_is_refused(index):
    ensemble = Network.ensemble(2, (3,), seeds=[4, 0, 9])

    with pytest.raises(ValueError, match="index must be from 0 to 2"):
        ensemble.member(index)
