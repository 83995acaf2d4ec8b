"""Tests of the measurements over many seeds and of the plots drawn from them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlbasics import Network, curves, experiments, train
from mlbasics.datasets import load

INF = np.inf


def network_with_dead_unit():
    """A 2-2-1 ReLU network whose second hidden unit gets -1 whatever the input."""
    network = Network(2, (2,), "relu", seed=0)
    network.weights[0][:, 1] = 0.0
    network.biases[0][1] = -1.0
    return network


# Epochs to a target --------------------------------------------------------------------------


def test_epochs_to_target_is_the_first_epoch_at_or_above_the_target():
    # One column per seed: the first reaches 0.9 after epoch 3, the second after epoch 1 (and
    # dips below later, which does not matter), the third never.
    accuracy = np.array([
        [0.50, 0.95, 0.5],
        [0.80, 0.85, 0.6],
        [0.90, 0.99, 0.7],
    ])
    np.testing.assert_array_equal(experiments.epochs_to_target(accuracy, 0.9), [3, 1, INF])


def test_epochs_to_target_counts_an_exact_hit_despite_rounding():
    # 3 correct out of 10 is exactly the target 0.1 + 0.2, but in floating point the sum is
    # 0.30000000000000004, a hair above 3 / 10.
    accuracy = np.array([[2 / 10], [3 / 10]])
    target = 0.1 + 0.2
    assert 3 / 10 < target
    np.testing.assert_array_equal(experiments.epochs_to_target(accuracy, target), [2])


def test_quartiles_are_values_of_the_sample_and_keep_inf():
    values = np.array([4.0, 1.0, INF, 2.0, INF, 3.0, 5.0, 6.0])
    assert tuple(experiments.quartiles(values)) == (2.0, 4.0, 6.0)

    assert tuple(experiments.quartiles(np.array([1.0, 2.0, INF, INF]))) == (1.0, 2.0, INF)


def test_quartiles_of_a_run_table_are_taken_over_seeds():
    accuracy = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]])
    expected = [[0.1, 0.5], [0.2, 0.6], [0.3, 0.7]]
    np.testing.assert_allclose(experiments.quartiles(accuracy), expected)


def test_target_is_the_best_median_of_any_setting_less_the_margin():
    slow = np.array([[0.5, 0.5, 0.6], [0.7, 0.8, 0.9]])  # medians 0.5, 0.8
    fast = np.array([[0.9, 0.9, 0.7], [0.8, 0.8, 0.9]])  # medians 0.9, 0.8
    assert experiments.target_accuracy([slow, fast]) == pytest.approx(0.89)
    assert experiments.target_accuracy([slow], margin=0.05) == pytest.approx(0.75)


def test_never_share_and_reached_by_epoch():
    epochs = np.array([1.0, 3.0, INF, 3.0])
    assert experiments.never_share(epochs) == 0.25
    np.testing.assert_allclose(experiments.reached_by_epoch(epochs, 4), [0.25, 0.25, 0.75, 0.75])


def test_summary_row_writes_whole_epochs_and_never():
    row = experiments.summary_row(np.array([2.0, 5.0, 7.0, INF, INF, INF, 9.0, 3.0]))
    assert row == {
        "lower quartile": "3", "median": "7", "upper quartile": "never", "never (%)": "37.5",
    }


# Dead ReLU units -----------------------------------------------------------------------------


def test_dead_units_finds_a_unit_that_is_off_on_every_sample():
    X, _ = load("xor")
    network = network_with_dead_unit()
    np.testing.assert_array_equal(experiments.dead_units(network, X), [False, True])
    assert experiments.dead_share(network, X) == 0.5


def test_a_unit_off_on_only_some_samples_is_not_dead():
    network = Network(2, (1,), "relu", seed=0)
    network.weights[0][:] = [[1.0], [0.0]]
    X = np.array([[-1.0, 0.0], [2.0, 0.0]])
    np.testing.assert_array_equal(experiments.dead_units(network, X), [False])
    np.testing.assert_array_equal(experiments.dead_units(network, X[:1]), [True])


def test_a_unit_exactly_at_zero_everywhere_is_dead():
    # relu_derivative(0) is 0, so a unit whose input is 0 on every sample learns nothing.
    X, _ = load("xor")
    network = Network(2, (2,), "relu", seed=0)
    network.weights[0][:, 0] = 0.0
    np.testing.assert_array_equal(experiments.dead_units(network, X), [True, False])


def test_dead_units_of_an_ensemble_has_one_row_per_network():
    X, _ = load("xor")
    ensemble = Network.ensemble(2, (4, 3), "relu", seeds=range(5))
    dead = experiments.dead_units(ensemble, X)
    assert dead.shape == (5, 7)
    for seed in range(5):
        alone = Network(2, (4, 3), "relu", seed=seed)
        np.testing.assert_array_equal(dead[seed], experiments.dead_units(alone, X))


def test_a_dead_first_layer_unit_stays_dead_and_its_weights_stay_put():
    X, y = load("xor")
    network = network_with_dead_unit()
    train(network, X, y, epochs=2, learning_rate=0.1)

    assert experiments.dead_units(network, X)[1]
    np.testing.assert_array_equal(network.weights[0][:, 1], [0.0, 0.0])
    assert network.biases[0][1] == -1.0


def test_dead_units_needs_relu_units():
    X, _ = load("xor")
    with pytest.raises(ValueError, match="network must use ReLU units"):
        experiments.dead_units(Network(2, (4,), "sigmoid"), X)


def test_dead_share_by_epoch_starts_before_training():
    X, y = load("xor")
    runs = experiments.train_seeds(X, y, (4, 3), "relu", 3, seeds=range(4), snapshot_every=1)
    epochs, shares = experiments.dead_share_by_epoch(runs, X)

    np.testing.assert_array_equal(epochs, [0, 1, 2, 3])
    assert shares.shape == (4, 4)
    np.testing.assert_array_equal(shares[0], experiments.dead_share(runs.initial, X))
    np.testing.assert_array_equal(shares[-1], experiments.dead_share(runs.trained, X))


# Training many seeds -------------------------------------------------------------------------


def test_train_seeds_trains_every_seed_as_if_alone():
    X, y = load("xor")
    runs = experiments.train_seeds(X, y, (4, 3), "sigmoid", 2, 0.05, seeds=[3, 0, 7])
    assert runs.history.accuracy.shape == (2, 3)

    alone = Network(2, (4, 3), "sigmoid", seed=7)
    history = train(alone, X, y, 2, 0.05)
    np.testing.assert_allclose(runs.history.accuracy[:, 2], history.accuracy)
    np.testing.assert_allclose(runs.trained.weights[0][2], alone.weights[0])
    untrained = Network(2, (4, 3), seed=7)
    np.testing.assert_array_equal(runs.initial.weights[0][2], untrained.weights[0])


def test_member_is_the_network_of_its_seed():
    ensemble = Network.ensemble(2, (4, 3), "relu", seeds=[5, 9])
    network = ensemble.member(1)
    alone = Network(2, (4, 3), "relu", seed=9)

    assert network.n_networks is None and network.seed == 9
    for got, expected in zip(network.weights + network.biases, alone.weights + alone.biases):
        np.testing.assert_array_equal(got, expected)
    network.weights[0] += 1.0
    np.testing.assert_array_equal(ensemble.weights[0][1], alone.weights[0])


def test_sweeps_key_their_runs_by_setting():
    X, y = load("xor")
    by_rate = experiments.learning_rate_sweep(X, y, (2,), "relu", 1, [0.001, 0.1], seeds=[0])
    by_scheme = experiments.init_sweep(X, y, (2,), "relu", 1, ["glorot", "he_fan_in"], seeds=[0])

    assert list(by_rate) == [0.001, 0.1]
    assert list(by_scheme) == ["glorot", "he_fan_in"]
    assert by_scheme["glorot"].trained.init == "glorot"
    assert not np.allclose(by_rate[0.001].trained.weights[0], by_rate[0.1].trained.weights[0])


# Initialisation ------------------------------------------------------------------------------


def test_scaled_weights_scales_a_copy():
    network = Network(2, (4, 3), "relu", seed=1)
    scaled = experiments.scaled_weights(network, 3.0)
    np.testing.assert_allclose(scaled.weights[1], 3.0 * network.weights[1])
    assert scaled.weights[1] is not network.weights[1]
    untouched = Network(2, (4, 3), "relu", seed=1)
    np.testing.assert_array_equal(untouched.weights[1], network.weights[1])


def test_pre_activation_spread_of_a_known_layer():
    network = Network(1, (2,), "relu", seed=0)
    network.weights[0][:] = [[1.0, 3.0]]
    X = np.array([[-1.0], [1.0]])
    # Pre-activations -1, 1, -3, 3: mean 0, mean square 5.
    np.testing.assert_allclose(experiments.pre_activation_spread(network, X), [np.sqrt(5.0)])


def test_he_keeps_the_spread_of_a_deep_relu_network_and_lecun_halves_its_variance():
    X = np.random.default_rng(0).standard_normal((500, 50))
    he = experiments.pre_activation_spread(Network(50, (50,) * 10, "relu", "he_fan_in"), X)
    lecun = experiments.pre_activation_spread(Network(50, (50,) * 10, "relu", "lecun_fan_in"), X)

    assert 0.5 < he[-1] / he[0] < 2.0
    # Each layer halves the variance: nine layers shrink the spread by 2 ** 4.5, about 23.
    assert 10 < lecun[0] / lecun[-1] < 50


def test_gradient_spread_is_the_root_mean_square_of_each_layer():
    X, y = load("xor")
    network = Network(2, (4, 3), "relu", seed=0)
    spread = experiments.gradient_spread(network, X, y)
    weight_grads, _ = network.gradients(X, y)
    np.testing.assert_allclose(spread, [np.sqrt(np.mean(grads**2)) for grads in weight_grads])


def test_gradient_spread_does_not_subtract_the_mean():
    X, y = load("xor")
    network = Network(2, (4, 3), "sigmoid", seed=0)
    output_grads = network.gradients(X, y)[0][-1]
    assert np.all(output_grads > 0) or np.all(output_grads < 0)
    assert experiments.gradient_spread(network, X, y)[-1] > output_grads.std()


def test_gradient_spread_gives_one_row_per_network_of_an_ensemble():
    X, y = load("xor")
    ensemble = Network.ensemble(2, (4, 3), "sigmoid", seeds=range(3))
    spread = experiments.gradient_spread(ensemble, X, y)
    single = experiments.gradient_spread(Network(2, (4, 3), "sigmoid", seed=2), X, y)
    assert spread.shape == (3, 3)
    np.testing.assert_allclose(spread[2], single)


# Plots ---------------------------------------------------------------------------------------


def test_median_band_draws_the_median_and_fills_between_the_quartiles():
    fig, ax = plt.subplots()
    values = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    curves.plot_median_band(ax, np.array([1, 2]), values)

    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [2.0, 6.0])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == 1.0 and band.max() == 7.0
    plt.close(fig)


def test_reached_by_epoch_plot_ends_at_the_share_that_got_there():
    fig, ax = plt.subplots()
    curves.plot_reached_by_epoch(ax, {"relu": np.array([1.0, 2.0, INF, INF])}, n_epochs=3)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [25.0, 50.0, 50.0])
    plt.close(fig)


def test_learning_curves_draw_one_median_per_setting_and_the_target_in_percent():
    fig, ax = plt.subplots()
    accuracies = {"sigmoid": np.full((3, 4), 0.5), "relu": np.full((3, 4), 0.9)}
    curves.plot_learning_curves(ax, np.arange(1, 4), accuracies, target=0.8)

    medians = [line.get_ydata() for line in ax.lines[:2]]
    np.testing.assert_allclose(medians, [[50.0] * 3, [90.0] * 3])
    assert ax.lines[0].get_color() == curves.ACTIVATION_COLOURS["sigmoid"]
    assert ax.lines[2].get_ydata()[0] == 80.0
    plt.close(fig)


def test_group_means_average_each_group_of_seeds():
    fig, ax = plt.subplots()
    values = np.array([[0.0, 0.5, 1.0], [0.5, 0.5, 1.0]])
    groups = {"a": np.array([True, True, False]), "b": np.array([False, False, True])}
    curves.plot_group_means(ax, np.arange(2), values, groups)

    np.testing.assert_allclose(ax.lines[0].get_ydata(), [25.0, 50.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [100.0, 100.0])
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["a (2)", "b (1)"]
    plt.close(fig)
