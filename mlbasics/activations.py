"""Activation functions and the derivatives that backprop needs.

Every function takes an array of any shape and returns a float array of the same shape.
"""

import numpy as np


def sigmoid(x):
    """The logistic function 1 / (1 + e^-x), computed without overflow at any input.

    The textbook form evaluates e^-x, which overflows for x below about -709. Writing the
    sigmoid as exp(-log(1 + e^-x)) lets np.logaddexp(0, -x) compute the logarithm for any x
    without forming e^-x, so sigmoid(-1000) is 0.0 and sigmoid(1000) is 1.0, silently.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))


def sigmoid_derivative(sigmoid_out):
    """The slope of the sigmoid, given its output s: s * (1 - s)."""
    return sigmoid_out * (1.0 - sigmoid_out)


def relu(x):
    """Replace negatives with zeros: max(0, x), always as floats."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def relu_derivative(relu_in):
    """The slope of ReLU, given its input: 1 where the input is positive, else 0.

    ReLU has no derivative at exactly 0. Taking it as 0 there means that a unit which is
    exactly off passes no gradient, as for any negative input; this one convention
    (``> 0``) is used everywhere in the package.
    """
    return (relu_in > 0).astype(float)


ACTIVATIONS = {
    "sigmoid": sigmoid,
    "relu": relu,
}

# How figures and tables name each activation.
ACTIVATION_TITLES = {"sigmoid": "Sigmoid", "relu": "ReLU"}
