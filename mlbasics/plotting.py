"""Figures of the series: the data, the activation functions and the regions a network carves.

Every function draws on a matplotlib Axes that it is given (or creates) and returns it, so a
notebook can combine them in one figure and show it with `show(fig)`. Points are the rows of X,
(n_samples, 2); class 0 is drawn red ("cat") and class 1 blue ("dog"), as in the posts. A
region is drawn as an image of a boolean grid: light red where it is False (the network
predicts 0, or a hidden unit is off) and light blue where it is True.
"""

import io
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from .activations import ACTIVATION_TITLES, ACTIVATIONS
from .checks import check_choice, check_features, check_labels, check_positive_int

# (label value, colour, legend name) for each class.
CLASSES = ((0, "red", "cat"), (1, "blue", "dog"))
POINT_SIZE = 25

# Light shades from the two ends of RdBu: red for 0, blue for 1, pale enough that red and
# blue points with black edges stay visible on top of them.
REGION_CMAP = ListedColormap([plt.cm.RdBu(0.3), plt.cm.RdBu(0.7)], name="regions")

# Enough pixels per inch for a crisp figure in a notebook, few enough to keep outputs light.
SHOW_DPI = 80

# Region images are sampled on a square grid of this many points per side.
GRID_RESOLUTION = 120


def plot_points(X, y, ax=None, alpha=None, s=POINT_SIZE, linewidths=None, labels=True):
    """Scatter the samples in the posts' style: red cats (0) and blue dogs (1), black edges.

    X : (n_samples, 2); y : (n_samples,) or (n_samples, 1) of 0 and 1
    ax : the Axes to draw on; the current Axes by default
    alpha : opacity of the points, None for opaque
    s, linewidths : marker area in points^2 and edge width in points
    labels : whether to name the axes and add the legend
    returns the Axes
    """
    X = check_features(X, "X", n_features=2)
    y = check_labels(y, X.shape[0])[:, 0]
    ax = plt.gca() if ax is None else ax

    for label, colour, name in CLASSES:
        rows = X[y == label]
        ax.scatter(
            rows[:, 0], rows[:, 1], s=s, color=colour, edgecolor="k", linewidths=linewidths,
            label=name, alpha=alpha,
        )
    if labels:
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.legend()
    return ax


def show(fig, dpi=SHOW_DPI):
    """Display `fig` in a notebook as a PNG image and close it.

    The output holds only the image/png data, with no text/plain `<Figure size ...>` line,
    and closing the figure keeps the notebook from drawing it a second time. Meant for
    notebooks; in a plain Python session use `fig.savefig` instead.
    """
    from IPython.display import display

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    display({"image/png": buffer.getvalue()}, raw=True)


def plot_activations(names=tuple(ACTIVATIONS)):
    """Activation functions side by side over [-10, 10], with the axes drawn and a grid.

    names : keys of `mlbasics.activations.ACTIVATIONS`, one panel each
    returns the Figure
    """
    names = [check_choice(name, "names", tuple(ACTIVATIONS)) for name in _as_names(names)]
    fig, axes = plt.subplots(1, len(names), figsize=(3 * len(names), 3), layout="constrained",
                             squeeze=False)
    x = np.linspace(-10, 10, 201)

    for ax, name in zip(axes[0], names):
        function, title = ACTIVATIONS[name], ACTIVATION_TITLES[name]
        ax.axhline(0, color="k", linewidth=1)
        ax.axvline(0, color="k", linewidth=1)
        ax.grid(True)
        ax.plot(x, function(x))
        ax.set_xlim(-10, 10)
        ax.set_title(title)
        ax.set_xlabel("$z$")
    return fig


def _as_names(names):
    return (names,) if isinstance(names, str) else names


# Regions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A square grid of points covering the data, for drawing regions as images.

    points : (resolution**2, 2) the grid's points, in the order that `reshape(shape)` turns
        into an image whose row 0 is the bottom of the plot
    shape : (resolution, resolution)
    extent : (x1_min, x1_max, x2_min, x2_max), the area the image covers, for `imshow`
    """

    points: np.ndarray
    shape: tuple
    extent: tuple


def data_limits(X, margin=0.5):
    """The area to plot: the data's range widened by `margin` on every side.

    X : (n_samples, 2)
    returns ((x1_min, x1_max), (x2_min, x2_max))
    """
    X = check_features(X, "X", n_features=2)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (low[0], high[0]), (low[1], high[1])


def make_grid(limits, resolution=GRID_RESOLUTION):
    """A Grid of resolution x resolution points over `limits`, one point per pixel centre.

    limits : ((x1_min, x1_max), (x2_min, x2_max)), as returned by `data_limits`
    """
    resolution = check_positive_int(resolution, "resolution")
    (x1_min, x1_max), (x2_min, x2_max) = limits

    # Pixel centres sit half a pixel inside the edges, so the image covers exactly `limits`.
    x1 = x1_min + (np.arange(resolution) + 0.5) * (x1_max - x1_min) / resolution
    x2 = x2_min + (np.arange(resolution) + 0.5) * (x2_max - x2_min) / resolution
    x1_grid, x2_grid = np.meshgrid(x1, x2)

    points = np.column_stack([x1_grid.ravel(), x2_grid.ravel()])
    return Grid(points, (resolution, resolution), (x1_min, x1_max, x2_min, x2_max))


def hidden_units(network):
    """(layer, neuron) for every hidden unit, both counted from 1, layer by layer."""
    return [
        (layer, neuron)
        for layer, size in enumerate(network.hidden_sizes, start=1)
        for neuron in range(1, size + 1)
    ]


def unit_title(layer, neuron):
    """The title of a hidden unit's panel: "Hidden layer 1, neuron 2"."""
    return f"Hidden layer {layer}, neuron {neuron}"


def regions(network, grid):
    """Where the network predicts 1 and where each of its hidden units is active.

    A hidden unit is active where its pre-activation z is positive. The rule suits sigmoid
    and ReLU units alike: ReLU(z) > 0 exactly when z > 0, and sigmoid(z) > 0.5 when z > 0
    (in exact arithmetic; in floating point a z within about 1e-16 of 0 rounds to 0.5).
    returns (output, hidden): output is a boolean image of `grid.shape`; hidden maps each
    (layer, neuron) of `hidden_units(network)` to a boolean image of `grid.shape`
    """
    if network.n_networks is not None:
        raise ValueError("network must be a single network, not an ensemble")
    pre_activations, activations = network.forward(grid.points)

    output = (activations[-1][:, 0] > 0.5).reshape(grid.shape)
    hidden = {
        (layer, neuron): (pre_activations[layer - 1][:, neuron - 1] > 0).reshape(grid.shape)
        for layer, neuron in hidden_units(network)
    }
    return output, hidden


def draw_region(ax, region, extent):
    """Draw a boolean image on ax: light red where False, light blue where True.

    returns the AxesImage
    """
    return ax.imshow(
        region, cmap=REGION_CMAP, vmin=0, vmax=1, origin="lower", extent=extent,
        interpolation="nearest", aspect="auto", zorder=0,
    )


def plot_regions(ax, network, X, y=None, layer=None, neuron=None, margin=0.5,
                 resolution=GRID_RESOLUTION, alpha=0.6):
    """Draw where `network` predicts 1, or where one hidden unit is active, over the data.

    ax : the Axes to draw on
    X : (n_samples, 2) the data, which sets the area drawn; y : its labels, to draw the points
        on top (None draws none)
    layer, neuron : the hidden unit to draw, both counted from 1 as in the panel titles
        ("Hidden layer 1, neuron 2" is layer=1, neuron=2); None draws the output, and for a
        network with no hidden layer also its decision line
    returns the Axes
    """
    limits = data_limits(X, margin)
    output, hidden = regions(network, make_grid(limits, resolution))
    if layer is None and neuron is None:
        region = output
    elif (layer, neuron) in hidden:
        region = hidden[layer, neuron]
    else:
        sizes = network.hidden_sizes
        raise ValueError(
            f"layer and neuron must name a hidden unit of a network with hidden sizes {sizes}; "
            f"got layer={layer}, neuron={neuron}"
        )

    draw_region(ax, region, limits[0] + limits[1])
    ax.set_xlim(limits[0])
    ax.set_ylim(limits[1])
    if layer is None and not network.hidden_sizes:
        plot_decision_line(ax, network)
    if y is not None:
        plot_points(X, y, ax=ax, alpha=alpha)
    return ax


def plot_decision_line(ax, network, fmt="g--", linewidth=2.0):
    """Draw the straight line where a single neuron's prediction changes from 0 to 1.

    A network with no hidden layer predicts 1 where w1 x1 + w2 x2 + b > 0, so its boundary is
    the line x2 = -(w1 / w2) x1 - b / w2, or the vertical line x1 = -b / w1 when w2 is 0. The
    line spans the Axes' current limits, which it leaves unchanged.
    returns the Line2D, or None when w1 = w2 = 0 and the neuron predicts one class everywhere
    """
    if network.hidden_sizes or network.n_networks is not None:
        raise ValueError("network must be a single neuron, with no hidden layer")
    (w1, w2), bias = network.weights[0][:, 0], network.biases[0][0]
    x1_limits, x2_limits = ax.get_xlim(), ax.get_ylim()

    if w2 != 0:
        x1 = np.array(x1_limits)
        x2 = -(w1 * x1 + bias) / w2
    elif w1 != 0:
        x1 = np.full(2, -bias / w1)
        x2 = np.array(x2_limits)
    else:
        return None

    (line,) = ax.plot(x1, x2, fmt, linewidth=linewidth)
    ax.set_xlim(x1_limits)
    ax.set_ylim(x2_limits)
    return line
