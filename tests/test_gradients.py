"""Backprop against central finite differences, for every depth and both activations."""

import numpy as np
import pytest

from mlbasics import Network
from mlbasics.gradcheck import max_relative_error, numerical_gradients

# One architecture per depth, from a single neuron to three hidden layers.
DEPTHS = [(), (4,), (4, 3), (5, 4, 3)]

# Central differences err by about step**2 (truncation) plus 1e-16 / step (rounding in the
# loss). A step of 1e-5 keeps both near 1e-10, small enough for a relative error below
# TOLERANCE even on the smallest gradient entries (a few 1e-6, in the first layer of the
# deepest sigmoid network).
STEP = 1e-5
TOLERANCE = 1e-6

# No hidden pre-activation may lie this close to ReLU's kink at 0, a hundred times STEP: a
# nudge then never switches a unit on or off, and the loss is smooth where it is differentiated.
KINK_MARGIN = 1e-3


def distance_from_kink(network, X):
    """The smallest |pre-activation| of any hidden unit on any sample; inf with no hidden layer."""
    return min((np.abs(z).min() for z in network.hidden_pre_activations(X)), default=np.inf)


def flat(gradients):
    """(weight_grads, bias_grads) as one list of arrays."""
    weight_grads, bias_grads = gradients
    return [*weight_grads, *bias_grads]


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
@pytest.mark.parametrize("hidden_sizes", DEPTHS)
def test_backprop_matches_central_differences(random_problem, hidden_sizes, activation):
    network, X, y = random_problem(hidden_sizes, activation, seed=len(hidden_sizes))
    if activation == "relu":
        assert distance_from_kink(network, X) > KINK_MARGIN

    analytic = flat(network.gradients(X, y))
    numerical = flat(numerical_gradients(network, X, y, STEP))

    assert all(np.abs(grad).max() > 1e-4 for grad in analytic)
    assert max_relative_error(analytic, numerical) < TOLERANCE


def test_the_tolerance_sees_a_mistake_in_one_entry(random_problem):
    network, X, y = random_problem((4, 3), "relu", seed=2)
    analytic = flat(network.gradients(X, y))
    numerical = flat(numerical_gradients(network, X, y, STEP))

    # A backward pass that got one entry wrong by a hundredth of a percent.
    analytic[0].flat[np.argmax(np.abs(analytic[0]))] *= 1 + 1e-4

    assert max_relative_error(analytic, numerical) > TOLERANCE


def test_relu_passes_no_gradient_at_exactly_zero():
    # Zero inputs and zero biases put every first-layer unit exactly at the kink. The slope
    # there is taken as 0, so no gradient reaches the first layer's biases; central
    # differences would see the average of the two one-sided slopes instead.
    network = Network(2, (4,), "relu", seed=0)
    X, y = np.zeros((1, 2)), np.array([1])

    bias_grads = network.gradients(X, y)[1]

    assert np.all(network.hidden_pre_activations(X)[0] == 0)
    np.testing.assert_array_equal(bias_grads[0], np.zeros(4))


def ensemble_with_random_biases(random_biases, hidden_sizes, activation, seeds):
    """Members Network(seed=s) with random biases, and the ensemble that holds them all."""
    rng = np.random.default_rng(7)
    members = [Network(3, hidden_sizes, activation, seed=seed) for seed in seeds]
    for member in members:
        member.biases = random_biases(rng, member)

    ensemble = Network.ensemble(3, hidden_sizes, activation, seeds=seeds)
    ensemble.biases = [np.stack(layer) for layer in zip(*(m.biases for m in members))]
    return members, ensemble


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_each_ensemble_members_gradient_is_its_own_networks(random_biases, activation):
    seeds = (0, 1, 2)
    members, ensemble = ensemble_with_random_biases(random_biases, (4, 3), activation, seeds)
    X = np.random.default_rng(8).standard_normal((8, 3))
    y = np.arange(8) % 2
    if activation == "relu":
        assert distance_from_kink(ensemble, X) > KINK_MARGIN

    ensemble_grads = flat(ensemble.gradients(X, y))

    for k, member in enumerate(members):
        member_grads = flat(member.gradients(X, y))
        for ensemble_grad, member_grad in zip(ensemble_grads, member_grads):
            np.testing.assert_allclose(ensemble_grad[k], member_grad, rtol=1e-13, atol=1e-16)

    numerical = flat(numerical_gradients(ensemble, X, y, STEP))
    assert max_relative_error(ensemble_grads, numerical) < TOLERANCE
