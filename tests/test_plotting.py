"""Tests of mlbasics.plotting: the points, show(), the activation figure and region drawing."""

import IPython.display
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from mlbasics import Network, relu, sigmoid
from mlbasics import plotting
from mlbasics.datasets import load_xor

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def data():
    X, y = load_xor()
    return X[:60], y[:60]


def test_plot_points_draws_red_cats_and_blue_dogs_with_black_edges(data):
    X, y = data
    ax = plotting.plot_points(X, y, ax=plt.figure().add_subplot())

    cats, dogs = ax.collections
    assert [cats.get_label(), dogs.get_label()] == ["cat", "dog"]
    assert np.allclose(cats.get_facecolor(), to_rgba("red"))
    assert np.allclose(dogs.get_facecolor(), to_rgba("blue"))
    for points in (cats, dogs):
        assert np.allclose(points.get_edgecolor(), to_rgba("black"))
        assert np.allclose(points.get_sizes(), 25)
    assert np.allclose(cats.get_offsets(), X[y == 0])
    assert np.allclose(dogs.get_offsets(), X[y == 1])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$", "$x_2$")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["cat", "dog"]


def test_plot_points_passes_alpha_and_can_leave_out_labels(data):
    X, y = data
    ax = plotting.plot_points(X, y, ax=plt.figure().add_subplot(), alpha=0.6, labels=False)

    assert all(points.get_alpha() == 0.6 for points in ax.collections)
    assert ax.get_legend() is None
    assert ax.get_xlabel() == ""


def test_plot_points_rejects_labels_other_than_0_and_1(data):
    X, y = data
    with pytest.raises(ValueError, match="y must contain only 0 and 1; got 2"):
        plotting.plot_points(X, np.where(y == 1, 2, 0))


def test_show_displays_only_a_png_and_closes_the_figure(monkeypatch):
    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: calls.append((a, k)))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])

    plotting.show(fig)

    [(args, kwargs)] = calls
    [bundle] = args
    assert kwargs == {"raw": True}
    assert set(bundle) == {"image/png"}
    assert bundle["image/png"].startswith(PNG_SIGNATURE)
    assert not plt.fignum_exists(fig.number)


def test_plot_activations_draws_sigmoid_and_relu_over_minus_10_to_10():
    fig = plotting.plot_activations()

    sigmoid_ax, relu_ax = fig.axes
    assert (sigmoid_ax.get_title(), relu_ax.get_title()) == ("Sigmoid", "ReLU")
    for ax, function in ((sigmoid_ax, sigmoid), (relu_ax, relu)):
        curve = ax.lines[-1]
        x = curve.get_xdata()
        assert (x.min(), x.max()) == (-10, 10)
        assert np.allclose(curve.get_ydata(), function(x))
        assert ax.get_xlim() == (-10, 10)
        assert all(line.get_visible() for line in ax.get_xgridlines())


def test_data_limits_widen_the_range_of_the_data_by_the_margin():
    X = np.array([[0.0, -1.0], [2.0, 3.0], [1.0, 0.0]])

    assert plotting.data_limits(X) == ((-0.5, 2.5), (-1.5, 3.5))
    assert plotting.data_limits(X, margin=0) == ((0, 2), (-1, 3))


def test_make_grid_puts_one_point_at_each_pixel_centre_with_row_0_at_the_bottom():
    grid = plotting.make_grid(((0.0, 4.0), (10.0, 12.0)), resolution=4)

    assert grid.points.shape == (16, 2)
    assert grid.shape == (4, 4)
    assert grid.extent == (0.0, 4.0, 10.0, 12.0)
    image = grid.points.reshape(*grid.shape, 2)
    assert np.allclose(image[0, :, 0], [0.5, 1.5, 2.5, 3.5])
    assert np.allclose(image[:, 0, 1], [10.25, 10.75, 11.25, 11.75])


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_regions_are_the_prediction_and_the_positive_pre_activations(activation):
    network = Network(2, (3, 2), activation, seed=4)
    grid = plotting.make_grid(((-2, 2), (-2, 2)), resolution=30)

    output, hidden = plotting.regions(network, grid)

    assert output.shape == grid.shape
    assert np.array_equal(output.ravel(), network.predict(grid.points)[:, 0] == 1)
    assert list(hidden) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    pre_activations = network.hidden_pre_activations(grid.points)
    _, activations = network.forward(grid.points)
    for (layer, neuron), region in hidden.items():
        z = pre_activations[layer - 1][:, neuron - 1]
        assert np.array_equal(region.ravel(), z > 0)
        if activation == "sigmoid":
            assert np.array_equal(region.ravel(), activations[layer][:, neuron - 1] > 0.5)
    # Blank images would pass the comparisons above; first-layer regions are half-planes.
    assert all(0 < hidden[1, neuron].mean() < 1 for neuron in (1, 2, 3))


def test_regions_rejects_an_ensemble():
    ensemble = Network.ensemble(2, (3,), "relu", seeds=range(2))
    with pytest.raises(ValueError, match="single network"):
        plotting.regions(ensemble, plotting.make_grid(((0, 1), (0, 1)), 5))


def test_plot_regions_draws_the_region_as_an_image_over_the_data(data):
    X, y = data
    network = Network(2, (3,), "relu", seed=1)
    ax = plt.figure().add_subplot()

    plotting.plot_regions(ax, network, X, y, layer=1, neuron=2, resolution=40)

    limits = plotting.data_limits(X)
    _, hidden = plotting.regions(network, plotting.make_grid(limits, 40))
    [image] = ax.images
    assert np.array_equal(image.get_array(), hidden[1, 2])
    assert image.get_extent() == [*limits[0], *limits[1]]
    assert (ax.get_xlim(), ax.get_ylim()) == limits
    assert image.cmap(0)[0] > image.cmap(0)[2]  # reddish for 0
    assert image.cmap(1.0)[2] > image.cmap(1.0)[0]  # bluish for 1
    assert len(ax.collections) == 2


def test_plot_regions_rejects_a_unit_the_network_lacks(data):
    X, _ = data
    network = Network(2, (3,), "relu", seed=1)
    with pytest.raises(ValueError, match=r"hidden sizes \(3,\); got layer=2, neuron=1"):
        plotting.plot_regions(plt.figure().add_subplot(), network, X, layer=2, neuron=1)


def _single_neuron(w1, w2, bias):
    network = Network(2, (), seed=0)
    network.weights[0][:] = [[w1], [w2]]
    network.biases[0][:] = bias
    return network


def test_decision_line_runs_where_the_neuron_changes_its_prediction():
    network = _single_neuron(1.0, 2.0, -1.0)
    ax = plt.figure().add_subplot(xlim=(-3, 3), ylim=(-3, 3))

    line = plotting.plot_decision_line(ax, network)

    x1, x2 = line.get_xdata(), line.get_ydata()
    assert np.allclose(x1, [-3, 3])
    assert np.allclose(1.0 * x1 + 2.0 * x2 - 1.0, 0)
    assert (ax.get_xlim(), ax.get_ylim()) == ((-3, 3), (-3, 3))
    # Just above the line the neuron predicts 1, just below it 0.
    offset = np.array([0.0, 1e-3])
    points = np.column_stack([x1, x2])
    assert network.predict(points + offset).ravel().tolist() == [1, 1]
    assert network.predict(points - offset).ravel().tolist() == [0, 0]


def test_decision_line_is_vertical_when_w2_is_0_and_absent_when_both_are():
    ax = plt.figure().add_subplot(xlim=(-3, 3), ylim=(-2, 2))

    line = plotting.plot_decision_line(ax, _single_neuron(2.0, 0.0, -1.0))

    assert np.allclose(line.get_xdata(), [0.5, 0.5])
    assert np.allclose(line.get_ydata(), [-2, 2])
    assert plotting.plot_decision_line(ax, _single_neuron(0.0, 0.0, 1.0)) is None


def test_decision_line_needs_a_single_neuron():
    with pytest.raises(ValueError, match="single neuron"):
        plotting.plot_decision_line(plt.figure().add_subplot(), Network(2, (2,)))


def test_plot_regions_of_a_single_neuron_adds_its_decision_line(data):
    X, y = data
    ax = plt.figure().add_subplot()

    plotting.plot_regions(ax, _single_neuron(1.0, 1.0, 0.0), X, y)

    assert len(ax.lines) == 1


def test_plot_activations_draws_the_panels_asked_for():
    fig = plotting.plot_activations(names=("sigmoid",))

    assert [ax.get_title() for ax in fig.axes] == ["Sigmoid"]
    plt.close(fig)
    with pytest.raises(ValueError, match="names must be one of"):
        plotting.plot_activations(names=("tanh",))
