"""Training: per-sample SGD, what History records, and the ensemble's equivalence."""

import numpy as np
import pytest

from mlbasics import Network, train
from mlbasics.datasets import load

# The post's runs: data set -> (hidden sizes, seed). All use a learning rate of 0.01.
POST_RUNS = {
    "xor": ((4, 3), 30),
    "classification": ((4, 3), 10),
    "moons": ((4, 3), 10),
    "classification-2": ((3, 2), 10),
}
LEARNING_RATE = 0.01


@pytest.fixture(scope="module")
def xor():
    return load("xor")


def parameters(network):
    return network.weights + network.biases


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_training_lowers_the_loss_on_xor(xor, activation):
    X, y = xor
    network = Network(2, (4, 3), activation, seed=30)
    loss_before = network.loss(X, y)

    history = train(network, X, y, epochs=20, learning_rate=LEARNING_RATE)

    assert history.loss[-1] < history.loss[0] < loss_before
    assert history.loss[-1] == network.loss(X, y)


@pytest.mark.parametrize(
    # With the post's learning rate the sigmoid network's accuracy is still where it started
    # after 20 epochs (its loss falls, slowly); a larger step shows that it does learn.
    "activation, learning_rate",
    [("relu", LEARNING_RATE), ("sigmoid", 0.2)],
)
def test_training_raises_the_accuracy_on_xor(xor, activation, learning_rate):
    X, y = xor
    network = Network(2, (4, 3), activation, seed=30)
    accuracy_before = network.accuracy(X, y)

    history = train(network, X, y, epochs=20, learning_rate=learning_rate)

    assert accuracy_before < 0.6
    assert history.accuracy[-1] > 0.95
    assert history.accuracy[-1] == network.accuracy(X, y)


def test_train_is_per_sample_sgd_in_data_order(xor):
    X, y = xor[0][:30], xor[1][:30]
    trained, by_hand = Network(2, (4, 3), "relu", seed=1), Network(2, (4, 3), "relu", seed=1)

    train(trained, X, y, epochs=2, learning_rate=0.1)
    for _ in range(2):
        for i in range(len(y)):
            by_hand.sgd_step(X[i : i + 1], y[i : i + 1], 0.1)

    for ours, theirs in zip(parameters(trained), parameters(by_hand)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


def test_history_is_measured_after_every_epoch(xor):
    X, y = xor
    network = Network(2, (4, 3), "relu", seed=2)

    history = train(network, X, y, epochs=3, learning_rate=LEARNING_RATE, snapshot_every=1)

    np.testing.assert_array_equal(history.epochs, [1, 2, 3])
    assert [epoch for epoch, _ in history.snapshots] == [1, 2, 3]
    for (_, snapshot), loss, accuracy in zip(history.snapshots, history.loss, history.accuracy):
        assert snapshot.loss(X, y) == loss
        assert snapshot.accuracy(X, y) == accuracy


def test_snapshots_are_frozen_copies_every_k_epochs_and_after_the_last(xor):
    X, y = xor
    network = Network(2, (4, 3), "relu", seed=3)

    history = train(network, X, y, epochs=5, learning_rate=LEARNING_RATE, snapshot_every=2)
    (_, second), (_, fourth), (_, fifth) = history.snapshots

    assert [epoch for epoch, _ in history.snapshots] == [2, 4, 5]
    assert fifth is not network
    for final, kept in zip(parameters(network), parameters(fifth)):
        np.testing.assert_array_equal(final, kept)
    assert not np.array_equal(second.weights[0], network.weights[0])
    assert second.loss(X, y) == history.loss[1]
    assert train(network, X, y, epochs=1, learning_rate=LEARNING_RATE).snapshots == []


def test_history_shapes_for_a_network_and_an_ensemble(xor):
    X, y = xor
    single = train(Network(2, (3,), seed=0), X, y, epochs=4, learning_rate=LEARNING_RATE)
    ensemble = Network.ensemble(2, (3,), seeds=range(5))
    several = train(ensemble, X, y, epochs=4, learning_rate=LEARNING_RATE, snapshot_every=2)

    assert single.epochs.shape == single.loss.shape == single.accuracy.shape == (4,)
    assert several.epochs.shape == (4,)
    assert several.loss.shape == several.accuracy.shape == (4, 5)
    assert [snapshot.n_networks for _, snapshot in several.snapshots] == [5, 5]


def test_the_same_run_twice_gives_the_same_history(xor):
    X, y = xor
    first = train(Network(2, (4, 3), "relu", seed=0), X, y, 3, LEARNING_RATE, snapshot_every=3)
    again = train(Network(2, (4, 3), "relu", seed=0), X, y, 3, LEARNING_RATE, snapshot_every=3)

    np.testing.assert_array_equal(first.loss, again.loss)
    np.testing.assert_array_equal(first.accuracy, again.accuracy)
    (_, first_network), (_, second_network) = first.snapshots[-1], again.snapshots[-1]
    for ours, theirs in zip(parameters(first_network), parameters(second_network)):
        np.testing.assert_array_equal(ours, theirs)


# Each data set once, alternating the activations, to keep the run short.
@pytest.mark.parametrize(
    "dataset, activation",
    [("xor", "relu"), ("classification", "sigmoid"), ("moons", "relu"),
     ("classification-2", "sigmoid")],
)
def test_ensemble_trains_each_member_as_if_alone(dataset, activation):
    X, y = load(dataset)
    hidden_sizes, seed = POST_RUNS[dataset]
    seeds = (0, seed, seed + 1, seed + 2)

    ensemble = Network.ensemble(2, hidden_sizes, activation, seeds=seeds)
    history = train(ensemble, X, y, epochs=20, learning_rate=LEARNING_RATE)

    for k, member_seed in enumerate(seeds):
        alone = Network(2, hidden_sizes, activation, seed=member_seed)
        alone_history = train(alone, X, y, epochs=20, learning_rate=LEARNING_RATE)
        for stacked, own in zip(parameters(ensemble), parameters(alone)):
            np.testing.assert_allclose(stacked[k], own, rtol=0, atol=1e-10)
        np.testing.assert_allclose(history.loss[:, k], alone_history.loss, rtol=1e-10)


@pytest.mark.parametrize("scale, learning_rate", [(1e30, 0.01), (1.0, 1e100)])
def test_a_diverging_run_raises_instead_of_warning_or_returning_nan(scale, learning_rate,
                                                                    strict_floats):
    X, y = load("xor")
    network = Network(2, (4, 3), "relu", seed=30)

    with pytest.raises(FloatingPointError, match="training diverged in epoch 1"):
        train(network, X * scale, y, epochs=2, learning_rate=learning_rate)
