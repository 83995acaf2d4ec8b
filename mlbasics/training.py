"""Training by per-sample stochastic gradient descent, as in the posts."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .activations import ACTIVATIONS
from .checks import (
    check_features,
    check_labels,
    check_positive_int,
    check_positive_number,
)
from .loss import mean_binary_cross_entropy
from .network import Network, _accuracy, check_network


@dataclass
class History:
    """What happened in each epoch of a training run.

    epochs : (n_epochs,) the epoch numbers, 1 to n_epochs
    loss : (n_epochs,) mean cross-entropy on the training data at the end of each epoch;
        (n_epochs, n_networks) for an ensemble
    accuracy : shaped like loss, the share of training samples classified correctly
    snapshots : (epoch, network) pairs, a frozen copy of the network at each snapshot epoch
    """

    epochs: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    snapshots: list = field(default_factory=list)


def train(network, X, y, epochs, learning_rate, snapshot_every=None):
    """Train `network` in place, one sample at a time in the order of X, for `epochs` epochs.

    X : (n_samples, n_inputs); y : (n_samples,) or (n_samples, 1) of 0 and 1
    snapshot_every : keep a copy of the network every this many epochs (and after the last),
        for animations; None keeps none
    returns a History, measured on (X, y) after every epoch
    Raises FloatingPointError if the weights stop being finite (the learning rate is too large
    for the data).
    """
    network = check_network(network)
    X = check_features(X, "X", n_features=network.layer_sizes[0])
    y = check_labels(y, X.shape[0])
    epochs = check_positive_int(epochs, "epochs")
    learning_rate = check_positive_number(learning_rate, "learning_rate")
    if snapshot_every is not None:
        snapshot_every = check_positive_int(snapshot_every, "snapshot_every")

    # One (1, n_inputs) row and one (1, 1) label per step, as views rather than copies.
    samples = list(zip(X[:, None, :], y[:, None, :]))
    step = network._sgd_step
    losses, accuracies, snapshots = [], [], []

    for epoch in range(1, epochs + 1):
        # A step too large for the data can drive the weights to infinity within an epoch.
        # NumPy's warnings about it are held back, and the check below reports it instead.
        with np.errstate(over="ignore", invalid="ignore"):
            for x_row, y_row in samples:
                step(x_row, y_row, learning_rate)
            prediction = network._forward(X)[1][-1]
        _check_finite(network, prediction, epoch, learning_rate)

        losses.append(mean_binary_cross_entropy(prediction, y))
        accuracies.append(_accuracy(prediction, y))
        if snapshot_every and (epoch % snapshot_every == 0 or epoch == epochs):
            snapshots.append((epoch, network.copy()))

    return History(np.arange(1, epochs + 1), np.array(losses), np.array(accuracies), snapshots)


def _check_finite(network, prediction, epoch, learning_rate):
    """Raise FloatingPointError once training has diverged, before anything prints a NaN."""
    arrays = [*network.weights, *network.biases, prediction]
    if not all(np.isfinite(array).all() for array in arrays):
        raise FloatingPointError(
            f"training diverged in epoch {epoch}: the weights are no longer finite; try a "
            f"smaller learning_rate than {learning_rate:g}, or features of a smaller scale"
        )


def compare_activations(X, y, hidden_sizes, seed, epochs, learning_rate, snapshot_every=None,
                        activations=tuple(ACTIVATIONS)):
    """Train one network per activation, all of one shape and drawn from the same seed.

    Each network is initialised with the post's scheme for its activation, so with the same
    seed they start from the same standard normal draws, only scaled differently.
    X : (n_samples, n_inputs); y : (n_samples,) or (n_samples, 1) of 0 and 1
    activations : names of `mlbasics.activations.ACTIVATIONS`
    returns (networks, histories), one of each per activation, in the order given
    """
    X = check_features(X, "X")
    if isinstance(activations, str):
        raise TypeError(f"activations must be a sequence of names; got {activations!r}")
    networks = [Network(X.shape[1], hidden_sizes, activation, seed=seed)
                for activation in activations]
    histories = [train(network, X, y, epochs, learning_rate, snapshot_every)
                 for network in networks]
    return networks, histories


def accuracy_table(histories, titles):
    """Training accuracy in percent, one row per network and one column per epoch.

    histories : one History of a single network (not an ensemble) per title
    returns a pandas DataFrame of shape (len(histories), n_epochs), rounded to 0.1
    """
    if isinstance(titles, str) or len(titles) != len(histories):
        expected = f"{len(histories)} titles, one per history"
        raise ValueError(f"titles must be {expected}; got {titles!r}")
    if any(history.accuracy.ndim != 1 for history in histories):
        raise ValueError("histories must come from single networks, not ensembles")

    rows = {title: 100 * history.accuracy for title, history in zip(titles, histories)}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=histories[0].epochs)
    table.columns.name = "epoch"
    return table.round(1)
