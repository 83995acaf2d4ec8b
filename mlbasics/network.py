"""A fully connected binary classifier written out in NumPy: the network of the whole series.

Rows are samples everywhere: an input batch is (n_samples, n_inputs) and the prediction is
(n_samples, 1), the probability that each sample's label is 1. Layer l maps (.., fan_in) to
(.., fan_out) with weights[l] of shape (fan_in, fan_out) and biases[l] of shape (fan_out,).
With no hidden layers the network is a single sigmoid neuron; the ReLU post's networks have
two hidden layers.

An ensemble (`Network.ensemble`) holds many independently initialised networks of one shape
with a leading axis on every array: weights[l] is (n_networks, fan_in, fan_out), biases[l] is
(n_networks, fan_out) and predictions are (n_networks, n_samples, 1). The same code serves
both, because `@`, `.mT` (the transpose of the last two axes) and broadcasting treat the
leading axis as a stack of separate networks.

What it leaves out, on purpose: momentum, regularisation, mini-batches other than the per-sample
SGD of the posts, and outputs other than one sigmoid unit.
"""

import copy
import numbers

import numpy as np

from .activations import ACTIVATIONS, relu_derivative, sigmoid, sigmoid_derivative
from .checks import (
    check_choice,
    check_features,
    check_labels,
    check_positive_number,
    check_positive_int,
    check_seed,
)
from .initialisation import DEFAULT_SCHEME, SCALES, init_biases, init_weights
from .loss import mean_binary_cross_entropy


class Network:
    """A multilayer perceptron: hidden layers of sigmoid or ReLU units, one sigmoid output.

    n_inputs : number of features per sample
    hidden_sizes : units per hidden layer, e.g. (4, 3); () for a single neuron
    activation : "sigmoid" or "relu", used by every hidden unit
    init : a scheme of `mlbasics.initialisation.SCALES`; by default the ReLU post's choice,
        "he_fan_out" for ReLU and "lecun_fan_out" for sigmoid
    seed : seeds the numpy.random.Generator that draws the weights; 0 is a seed like any other
    """

    def __init__(self, n_inputs, hidden_sizes=(), activation="sigmoid", init=None, seed=0):
        n_inputs = check_positive_int(n_inputs, "n_inputs")
        sizes = _as_sequence(hidden_sizes, "hidden_sizes")
        hidden_sizes = tuple(check_positive_int(size, "hidden_sizes") for size in sizes)
        self.activation = check_choice(activation, "activation", tuple(ACTIVATIONS))
        init = DEFAULT_SCHEME[activation] if init is None else init
        self.init = check_choice(init, "init", tuple(SCALES))
        self.seed = check_seed(seed)

        self.layer_sizes = (n_inputs, *hidden_sizes, 1)
        rng = np.random.default_rng(self.seed)
        self.weights = init_weights(rng, self.layer_sizes, self.init)
        self.biases = init_biases(self.layer_sizes)

    @classmethod
    def ensemble(cls, n_inputs, hidden_sizes=(), activation="sigmoid", init=None, seeds=(0,)):
        """Many networks of one shape, member k initialised exactly as `Network(..., seeds[k])`.

        Training the ensemble trains every member as if it were trained alone.
        """
        seeds = list(_as_sequence(seeds, "seeds"))
        if not seeds:
            raise ValueError("seeds must name at least one seed; got none")
        members = [cls(n_inputs, hidden_sizes, activation, init, seed) for seed in seeds]

        network = copy.deepcopy(members[0])
        network.seed = tuple(member.seed for member in members)
        network.weights = [np.stack(layer) for layer in zip(*(m.weights for m in members))]
        network.biases = [np.stack(layer) for layer in zip(*(m.biases for m in members))]
        return network

    @property
    def hidden_sizes(self):
        """Units per hidden layer, as a tuple."""
        return self.layer_sizes[1:-1]

    @property
    def n_networks(self):
        """How many networks the arrays hold: None for a single network, else the ensemble size."""
        return self.weights[0].shape[0] if self.weights[0].ndim == 3 else None

    def __repr__(self):
        sizes = "-".join(str(size) for size in self.layer_sizes)
        ensemble = f", n_networks={self.n_networks}" if self.n_networks else ""
        return f"Network({sizes}, activation={self.activation!r}, init={self.init!r}{ensemble})"

    def member(self, index):
        """Network `index` of an ensemble as a network of its own, for drawing or training alone.

        returns a copy: weights[l] is (fan_in, fan_out) and biases[l] is (fan_out,)
        """
        if self.n_networks is None:
            raise ValueError("member needs an ensemble; this is a single network")
        if not isinstance(index, numbers.Integral) or not 0 <= index < self.n_networks:
            raise ValueError(f"index must be from 0 to {self.n_networks - 1}; got {index!r}")

        network = copy.deepcopy(self)
        network.seed = self.seed[int(index)]
        network.weights = [weights[index].copy() for weights in self.weights]
        network.biases = [biases[index].copy() for biases in self.biases]
        return network

    def copy(self):
        """An independent copy: training it leaves this network untouched."""
        return copy.deepcopy(self)

    # Forward pass -------------------------------------------------------------------------

    def forward(self, X):
        """Run X through every layer and keep what backprop needs.

        X : (n_samples, n_inputs)
        returns (pre_activations, activations): pre_activations[l] is the input to layer l's
        units, (.., n_samples, fan_out); activations[0] is X and activations[l + 1] is layer
        l's output, so activations[-1] is the prediction, (.., n_samples, 1)
        """
        return self._forward(self._check_X(X))

    def _forward(self, X):
        pre_activations, activations = [], [X]
        hidden = ACTIVATIONS[self.activation]
        last = len(self.weights) - 1

        for layer, (weights, biases) in enumerate(zip(self.weights, self.biases)):
            pre_activation = activations[-1] @ weights + biases[..., None, :]
            unit = sigmoid if layer == last else hidden
            pre_activations.append(pre_activation)
            activations.append(unit(pre_activation))
        return pre_activations, activations

    def predict_proba(self, X):
        """The probability that each sample's label is 1: (.., n_samples, 1)."""
        return self.forward(X)[1][-1]

    def predict(self, X):
        """The predicted label of each sample, 0 or 1: (.., n_samples, 1) ints."""
        return (self.predict_proba(X) > 0.5).astype(int)

    def hidden_pre_activations(self, X):
        """The input to every hidden layer's units, for drawing where each unit is active.

        returns one (.., n_samples, n_units) array per hidden layer
        """
        return self.forward(X)[0][:-1]

    def loss(self, X, y):
        """Mean binary cross-entropy over the samples: a float, or (n_networks,)."""
        X = self._check_X(X)
        y = check_labels(y, X.shape[0])
        return mean_binary_cross_entropy(self._forward(X)[1][-1], y)

    def accuracy(self, X, y):
        """The share of samples classified correctly: a float, or (n_networks,)."""
        X = self._check_X(X)
        y = check_labels(y, X.shape[0])
        return _accuracy(self._forward(X)[1][-1], y)

    # Backward pass ------------------------------------------------------------------------

    def gradients(self, X, y):
        """The gradient of the mean loss over (X, y) with respect to every weight and bias.

        X : (n_samples, n_inputs); y : (n_samples,) or (n_samples, 1) of 0 and 1
        returns (weight_grads, bias_grads), shaped like `weights` and `biases`
        """
        X = self._check_X(X)
        y = check_labels(y, X.shape[0])
        return self._backward(*self._forward(X), y)

    def _backward(self, pre_activations, activations, y, scale=1.0):
        """The gradients of the mean loss, each multiplied by `scale`.

        SGD passes its learning rate as `scale`: the products then cost one multiplication at
        the output instead of one per weight array.
        """
        weight_grads = [None] * len(self.weights)
        bias_grads = [None] * len(self.biases)

        # For a sigmoid output p with cross-entropy loss, dL/dp = (p - y) / (p (1 - p)) and
        # dp/dz = p (1 - p), so their product, the gradient at the output unit's input z, is
        # simply p - y: no division by p, and no blow-up when p reaches 0 or 1. Dividing by
        # the number of samples here turns every sum over samples below into a mean.
        n_samples = y.shape[0]
        del_in = (activations[-1] - y) * (scale / n_samples)

        for layer in reversed(range(len(self.weights))):
            weight_grads[layer] = activations[layer].mT @ del_in
            # The sum over samples; per-sample SGD has one, and taking its row is cheaper.
            bias_grads[layer] = del_in[..., 0, :] if n_samples == 1 else del_in.sum(axis=-2)
            if layer == 0:
                break

            # del_out is the gradient at the outputs of the layer below (del_h_k in the
            # notebooks); the unit's slope turns it into the gradient at that layer's inputs.
            del_out = del_in @ self.weights[layer].mT
            del_in = del_out * self._hidden_slope(pre_activations[layer - 1], activations[layer])
        return weight_grads, bias_grads

    def _hidden_slope(self, pre_activation, activation):
        if self.activation == "relu":
            return relu_derivative(pre_activation)
        return sigmoid_derivative(activation)

    # Learning -----------------------------------------------------------------------------

    def sgd_step(self, X, y, learning_rate):
        """One step of gradient descent on the mean loss over (X, y), in place.

        Called with one sample at a time, as the posts do, this is per-sample SGD.
        """
        X = self._check_X(X)
        y = check_labels(y, X.shape[0])
        self._sgd_step(X, y, check_positive_number(learning_rate, "learning_rate"))

    def _sgd_step(self, X, y, learning_rate):
        weight_steps, bias_steps = self._backward(*self._forward(X), y, scale=learning_rate)

        for weights, step in zip(self.weights, weight_steps):
            weights -= step
        for biases, step in zip(self.biases, bias_steps):
            biases -= step

    def _check_X(self, X):
        return check_features(X, "X", n_features=self.layer_sizes[0])


def check_network(network, name="network"):
    """Return `network` if it is a Network, else raise a TypeError naming the argument."""
    if not isinstance(network, Network):
        raise TypeError(f"{name} must be an mlbasics.Network; got {type(network).__name__}")
    return network


def _accuracy(prediction, y):
    return ((prediction > 0.5) == (y > 0.5)).mean(axis=(-2, -1))


def _as_sequence(value, name):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a sequence of whole numbers; got {value!r}")
    return value
