"""Central finite differences: an independent check of the backward pass."""

import numpy as np

from .checks import check_features, check_labels, check_positive_number
from .network import check_network


def numerical_gradients(network, X, y, step=1e-5):
    """The gradient of `network.loss(X, y)` estimated by central differences.

    Each weight and bias in turn is nudged by +step and -step, and the slope of the loss
    between the two is its estimated gradient, with an error that shrinks like step**2. For an
    ensemble, each network's parameters get the gradient of that network's own loss.
    returns (weight_grads, bias_grads), shaped like `network.weights` and `network.biases`
    """
    network = check_network(network)
    X = check_features(X, "X", n_features=network.layer_sizes[0])
    y = check_labels(y, X.shape[0])
    step = check_positive_number(step, "step")
    probe = network.copy()
    weight_grads = [_central_differences(probe, w, X, y, step) for w in probe.weights]
    bias_grads = [_central_differences(probe, b, X, y, step) for b in probe.biases]
    return weight_grads, bias_grads


def _central_differences(probe, parameters, X, y, step):
    grads = np.zeros_like(parameters)
    for index in np.ndindex(parameters.shape):
        original = parameters[index]

        parameters[index] = original + step
        loss_up = probe.loss(X, y)
        parameters[index] = original - step
        loss_down = probe.loss(X, y)
        parameters[index] = original

        # An ensemble's loss has one entry per network, and a nudge moves only the entry of
        # the network it belongs to, so the sum of the entries changes by exactly that much.
        grads[index] = np.sum(loss_up - loss_down) / (2 * step)
    return grads


def max_relative_error(analytic, numerical):
    """The largest |a - n| / max(|a| + |n|, 1e-8) over every entry of two gradient lists."""
    if len(analytic) != len(numerical):
        raise ValueError(
            f"analytic and numerical must hold as many arrays; got {len(analytic)} and "
            f"{len(numerical)}"
        )
    return max(
        np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-8))
        for a, n in zip(analytic, numerical)
    )
