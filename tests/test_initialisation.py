"""The initialisation schemes, the post's defaults, and seeding."""

import numpy as np
import pytest

from mlbasics import Network
from mlbasics.initialisation import SCALES, init_biases, init_weights

FAN_IN, FAN_OUT = 400, 100

# The standard deviation each scheme should give a (FAN_IN, FAN_OUT) layer, written out.
EXPECTED_STD = {
    "he_fan_out": np.sqrt(2 / FAN_OUT),
    "lecun_fan_out": np.sqrt(1 / FAN_OUT),
    "he_fan_in": np.sqrt(2 / FAN_IN),
    "lecun_fan_in": np.sqrt(1 / FAN_IN),
    "glorot": np.sqrt(2 / (FAN_IN + FAN_OUT)),
}


def test_every_scheme_is_tested():
    assert set(SCALES) == set(EXPECTED_STD)


@pytest.mark.parametrize("scheme", EXPECTED_STD)
def test_scheme_scales_a_standard_normal_draw(scheme):
    weights = init_weights(np.random.default_rng(0), (FAN_IN, FAN_OUT, 1), scheme)[0]

    # 40,000 draws pin the sample std to within about 0.4% (one standard error); 2% still
    # tells every scheme from the others, the closest pair (he_fan_in, glorot) being 12% apart.
    assert weights.shape == (FAN_IN, FAN_OUT)
    assert abs(weights.std() / EXPECTED_STD[scheme] - 1) < 0.02
    assert abs(weights.mean()) < 0.02 * EXPECTED_STD[scheme]


def test_he_is_lecun_times_root_two_draw_for_draw():
    he = Network(2, (4, 3), "relu", init="he_fan_out", seed=5)
    lecun = Network(2, (4, 3), "relu", init="lecun_fan_out", seed=5)

    for he_weights, lecun_weights in zip(he.weights, lecun.weights):
        np.testing.assert_allclose(he_weights, np.sqrt(2) * lecun_weights, rtol=1e-15)


@pytest.mark.parametrize("scheme", EXPECTED_STD)
def test_biases_start_at_zero(scheme):
    network = Network(2, (4, 3), "sigmoid", init=scheme, seed=1)

    assert [b.shape for b in network.biases] == [(4,), (3,), (1,)]
    assert all(np.all(b == 0) for b in network.biases)
    assert [b.shape for b in init_biases((2, 5, 1))] == [(5,), (1,)]


@pytest.mark.parametrize(
    "activation, scheme, gain", [("relu", "he_fan_out", 2), ("sigmoid", "lecun_fan_out", 1)]
)
def test_default_scheme_is_the_posts(activation, scheme, gain):
    # The post draws each layer in turn from a standard normal and scales it by
    # sqrt(gain / fan_out): 2 for its ReLU network, 1 for its sigmoid one.
    network = Network(2, (4, 3), activation, seed=30)
    rng = np.random.default_rng(30)
    expected = [
        rng.standard_normal((fan_in, fan_out)) * np.sqrt(gain / fan_out)
        for fan_in, fan_out in [(2, 4), (4, 3), (3, 1)]
    ]

    assert network.init == scheme
    for ours, posts in zip(network.weights, expected):
        np.testing.assert_array_equal(ours, posts)


def test_same_seed_same_weights_and_other_seed_other_weights():
    first, again = Network(2, (4, 3), seed=0), Network(2, (4, 3), seed=0)
    other = Network(2, (4, 3), seed=1)

    for w_first, w_again, w_other in zip(first.weights, again.weights, other.weights):
        np.testing.assert_array_equal(w_first, w_again)
        assert not np.any(w_first == w_other)
