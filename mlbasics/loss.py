"""Binary cross-entropy, the loss that every network in the series minimises."""

import numpy as np

# Predictions are clipped this far from 0 and 1 before the logarithm, so that a confident
# and wrong prediction costs a large but finite loss (-log(1e-15) is about 34.5) instead
# of infinity with a divide-by-zero warning.
PROBABILITY_FLOOR = 1e-15


def binary_cross_entropy(prediction, y):
    """The cross-entropy of each prediction against its 0/1 label.

    prediction : (..., n_samples, 1) probabilities that the label is 1
    y : (n_samples, 1) labels, 0 or 1
    returns an array of the broadcast shape: -[y log p + (1 - y) log(1 - p)]
    """
    p = np.clip(prediction, PROBABILITY_FLOOR, 1.0 - PROBABILITY_FLOOR)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def mean_binary_cross_entropy(prediction, y):
    """The loss over a data set: the mean cross-entropy over the sample axis.

    prediction : (n_samples, 1), or (n_networks, n_samples, 1) for an ensemble
    returns a float, or (n_networks,) for an ensemble
    """
    return binary_cross_entropy(prediction, y).mean(axis=(-2, -1))
