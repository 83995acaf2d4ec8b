"""Ways to draw a network's starting weights.

Each scheme draws a standard normal matrix and scales it so that the signal neither grows nor
shrinks as it passes through a layer. They differ in the gain (2 for ReLU, which zeroes half
its inputs on average; 1 for units that do not) and in which side of the layer they count:
its inputs (fan-in, which keeps the forward signal steady) or its outputs (fan-out, which
keeps the backward gradient steady). Biases always start at zero.

The ReLU post scales by sqrt(2 / fan_out) for its ReLU network and sqrt(1 / fan_out) for its
sigmoid network and calls this Xavier initialisation. It is He initialisation computed with the
fan-out, and the fan-out variant of LeCun's sqrt(1 / fan_in); Xavier/Glorot averages fan-in and
fan-out.
"""

import numpy as np

SCALES = {
    "he_fan_out": lambda fan_in, fan_out: np.sqrt(2.0 / fan_out),
    "lecun_fan_out": lambda fan_in, fan_out: np.sqrt(1.0 / fan_out),
    "he_fan_in": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),
    "lecun_fan_in": lambda fan_in, fan_out: np.sqrt(1.0 / fan_in),
    "glorot": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),
}

# The post's choice: He with fan-out for ReLU networks, LeCun's rule with fan-out for sigmoid ones.
DEFAULT_SCHEME = {"relu": "he_fan_out", "sigmoid": "lecun_fan_out"}


def init_weights(rng, layer_sizes, scheme):
    """One scaled standard normal weight matrix per layer, drawn in order from `rng`.

    rng : numpy.random.Generator
    layer_sizes : [n_inputs, n_hidden_1, ..., 1]
    scheme : a key of SCALES
    returns a list with one (fan_in, fan_out) array per layer
    """
    scale = SCALES[scheme]
    return [
        rng.standard_normal((fan_in, fan_out)) * scale(fan_in, fan_out)
        for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def init_biases(layer_sizes):
    """A zero bias vector per layer: a list of (fan_out,) arrays."""
    return [np.zeros(fan_out) for fan_out in layer_sizes[1:]]
