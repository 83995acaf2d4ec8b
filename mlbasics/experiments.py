"""Measurements over many seeds: how fast, how often and how reliably networks learn.

One training run says little: another seed can be twice as fast or never get there. These
functions train one network per seed at once (`Network.ensemble`, which trains every member
exactly as if it were trained alone) and summarise the spread. Arrays measured over a run
keep the layout of `History` for an ensemble: one row per epoch and one column per seed,
(n_epochs, n_seeds). Summaries over seeds use quartiles, not means, because a few seeds that
never learn would drag a mean anywhere.
"""

from dataclasses import dataclass

import numpy as np

from .checks import check_features, check_positive_int
from .initialisation import SCALES
from .network import Network
from .training import History, train

# Accuracies are exact shares of a data set, such as 3 / 10, while a target is computed in
# floating point and can land a hair above the share it stands for (0.1 + 0.2 is
# 0.30000000000000004); comparing with this much slack keeps a run that classifies exactly
# enough samples from missing the target by a rounding error.
ACCURACY_TOLERANCE = 1e-9


# Training many seeds ---------------------------------------------------------------------------


@dataclass
class SeedRuns:
    """One network per seed, trained together.

    initial : the ensemble before training, (n_seeds, ...) on every array
    trained : the same ensemble after training
    history : its History: accuracy and loss are (n_epochs, n_seeds)
    """

    initial: Network
    trained: Network
    history: History


def train_seeds(X, y, hidden_sizes, activation, epochs, learning_rate=0.01, init=None,
                seeds=range(200), snapshot_every=None):
    """Train one network per seed, all of one shape, on (X, y) by per-sample SGD.

    X : (n_samples, n_inputs); y : (n_samples,) of 0 and 1
    init : a scheme of `mlbasics.initialisation.SCALES`; None for the post's default
    snapshot_every : keep a copy of the ensemble every this many epochs, e.g. 1 to follow
        dead units epoch by epoch; None keeps none
    returns SeedRuns
    """
    X = check_features(X, "X")
    network = Network.ensemble(X.shape[1], hidden_sizes, activation, init, seeds)
    initial = network.copy()
    history = train(network, X, y, epochs, learning_rate, snapshot_every)
    return SeedRuns(initial, network, history)


def learning_rate_sweep(X, y, hidden_sizes, activation, epochs, learning_rates,
                        seeds=range(200), snapshot_every=None):
    """`train_seeds` once per learning rate: a dict from learning rate to SeedRuns."""
    return {
        learning_rate: train_seeds(X, y, hidden_sizes, activation, epochs, learning_rate,
                                   seeds=seeds, snapshot_every=snapshot_every)
        for learning_rate in learning_rates
    }


def init_sweep(X, y, hidden_sizes, activation, epochs, schemes=tuple(SCALES),
               learning_rate=0.01, seeds=range(200)):
    """`train_seeds` once per initialisation scheme: a dict from scheme to SeedRuns."""
    return {
        scheme: train_seeds(X, y, hidden_sizes, activation, epochs, learning_rate, scheme, seeds)
        for scheme in schemes
    }


# How fast and how often ------------------------------------------------------------------------


def quartiles(values, axis=-1):
    """The 25th, 50th and 75th percentiles of `values` along `axis`.

    Each quartile is one of the values themselves (NumPy's "inverted_cdf" method) rather
    than an interpolation between two, so quartiles of whole epochs are whole epochs and a
    quartile of runs that partly never finished is inf, not NaN.
    values : e.g. (n_epochs, n_seeds) accuracies or (n_seeds,) epochs to a target
    returns an array with a leading axis of 3: (lower quartile, median, upper quartile)
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("values must hold at least one value; got an empty array")
    return np.percentile(values, [25, 50, 75], axis=axis, method="inverted_cdf")


def target_accuracy(accuracies, margin=0.01):
    """The accuracy that counts as trained: `margin` below the best median of any setting.

    accuracies : a sequence of (n_epochs, n_seeds) arrays, one per setting compared (for
        example one per activation); the median is taken over seeds at each epoch
    returns a float: the highest median accuracy of any setting at any epoch, minus margin
    """
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be a share from 0 up to 1; got {margin}")
    best_median = max(quartiles(accuracy)[1].max() for accuracy in accuracies)
    return float(best_median - margin)


def epochs_to_target(accuracy, target):
    """The first epoch after which each network's accuracy is at least `target`.

    accuracy : (n_epochs, n_seeds), row e - 1 measured after epoch e
    returns (n_seeds,) floats: the epoch, counted from 1, or inf for a run that never got there
    """
    reached = np.asarray(accuracy) >= target - ACCURACY_TOLERANCE
    first_epoch = reached.argmax(axis=0) + 1.0
    return np.where(reached.any(axis=0), first_epoch, np.inf)


def never_share(epochs):
    """The share of runs that never reached the target, a float in [0, 1].

    epochs : (n_seeds,) from `epochs_to_target`
    """
    return float(np.isinf(_check_runs(epochs)).mean())


def reached_by_epoch(epochs, n_epochs):
    """The share of runs that have reached the target by each epoch.

    At the last epoch it is one minus `never_share`.

    epochs : (n_seeds,) from `epochs_to_target`
    returns (n_epochs,): entry e - 1 is the share of runs whose epoch to target is at most e
    """
    epochs = _check_runs(epochs)
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    return (epochs[None, :] <= np.arange(1, n_epochs + 1)[:, None]).mean(axis=1)


def _check_runs(epochs):
    epochs = np.asarray(epochs, dtype=float)
    if epochs.ndim != 1 or epochs.size == 0:
        raise ValueError(f"epochs must be (n_seeds,) with at least one run; got {epochs.shape}")
    return epochs


def format_epochs(epoch):
    """A number of epochs for a table: a whole number, or "never" for inf."""
    return "never" if np.isinf(epoch) else str(int(epoch))


def summary_row(epochs):
    """What a table says about one setting: quartiles of epochs to target and the share
    that never reach it.

    epochs : (n_seeds,) from `epochs_to_target`
    returns a dict of strings: "lower quartile", "median", "upper quartile" and "never (%)"
    """
    lower, median, upper = (format_epochs(value) for value in quartiles(epochs))
    return {
        "lower quartile": lower,
        "median": median,
        "upper quartile": upper,
        "never (%)": f"{100 * never_share(epochs):.1f}",
    }


# Dead ReLU units -------------------------------------------------------------------------------


def dead_units(network, X):
    """Which hidden ReLU units are off (pre-activation at most 0) on every sample of X.

    Such a unit outputs 0 and, since the ReLU's slope is 0 there, passes no gradient: its
    incoming weights and bias stop changing. A dead unit in the first hidden layer sees the
    fixed inputs and stays dead for good; one in a later layer can come back only if the
    layers below it change what it sees.
    network : a ReLU Network or ensemble
    X : (n_samples, n_inputs), usually the training data
    returns booleans, (n_hidden_units,) for a network or (n_networks, n_hidden_units) for an
    ensemble, the units of the first hidden layer first
    """
    if not network.hidden_sizes:
        raise ValueError("network must have a hidden layer to have dead units; it has none")
    if network.activation != "relu":
        raise ValueError(
            f"network must use ReLU units to have dead units; got {network.activation!r}"
        )
    pre_activations = network.hidden_pre_activations(X)
    return np.concatenate([(z <= 0).all(axis=-2) for z in pre_activations], axis=-1)


def dead_share(network, X):
    """The share of hidden units that are dead on X: a float, or (n_networks,)."""
    return dead_units(network, X).mean(axis=-1)


def dead_share_by_epoch(runs, X):
    """The share of dead units of every seed before training and at each snapshot.

    runs : SeedRuns trained with snapshots
    returns (epochs, shares): epochs is (n_snapshots + 1,), starting at 0, and shares is
    (n_snapshots + 1, n_seeds)
    """
    networks = [runs.initial] + [network for _, network in runs.history.snapshots]
    epochs = np.array([0] + [epoch for epoch, _ in runs.history.snapshots])
    return epochs, np.stack([dead_share(network, X) for network in networks])


# Initialisation --------------------------------------------------------------------------------


def scaled_weights(network, factor):
    """A copy of `network` with every weight multiplied by `factor`, biases left as they are.

    A factor below 1 makes a scheme too small on purpose, one above 1 too large.
    """
    scaled = network.copy()
    scaled.weights = [weights * factor for weights in network.weights]
    return scaled


def pre_activation_spread(network, X):
    """The standard deviation of every hidden layer's pre-activations over samples and units.

    X : (n_samples, n_inputs)
    returns (n_hidden_layers,) for a network, (n_networks, n_hidden_layers) for an ensemble
    """
    return np.stack([z.std(axis=(-2, -1)) for z in network.hidden_pre_activations(X)], axis=-1)


def gradient_spread(network, X, y):
    """The root-mean-square of each layer's weight-gradient entries on (X, y), layer 1 first.

    It says how large the gradient entries are, that is how far one step of gradient descent
    moves a layer's weights per unit of learning rate. The root-mean-square, unlike the
    standard deviation, does not subtract the entries' mean, so a layer whose entries share a
    sign is not understated.

    X : (n_samples, n_inputs); y : (n_samples,) of 0 and 1
    returns (n_layers,) for a network, (n_networks, n_layers) for an ensemble, one value per
    network
    """
    weight_grads, _ = network.gradients(X, y)
    return np.stack(
        [np.sqrt(np.mean(grads**2, axis=(-2, -1))) for grads in weight_grads], axis=-1
    )
