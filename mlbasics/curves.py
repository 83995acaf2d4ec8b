"""Plots of many training runs at once: medians with bands, shares over epochs, spreads.

Every function draws on an Axes it is given and returns it, so a notebook lays out the figure
and shows it with `mlbasics.plotting.show(fig)`. Values measured over runs come as
(n_epochs, n_seeds), one column per seed, as in `History` for an ensemble; a band always
spans the lower to the upper quartile over seeds, so half of the runs lie inside it.
"""

import numpy as np

from .experiments import quartiles, reached_by_epoch

# One colour per activation, the same in every figure drawn with these functions.
ACTIVATION_COLOURS = {"sigmoid": "tab:orange", "relu": "tab:blue"}

BAND_ALPHA = 0.25


def colour_of(label, colours=None):
    """The colour to draw `label` in.

    From `colours` if it has the label, else the activation's colour, else None, which lets
    matplotlib take the next colour of its cycle.
    """
    return (colours or {}).get(label, ACTIVATION_COLOURS.get(label))


def plot_median_band(ax, x, values, label=None, colour=None):
    """Draw the median over seeds as a line and the quartiles around it as a shaded band.

    x : (n_points,) e.g. epochs; values : (n_points, n_seeds)
    returns the Axes
    """
    lower, median, upper = quartiles(values)
    (line,) = ax.plot(x, median, color=colour, label=label)
    ax.fill_between(x, lower, upper, color=line.get_color(), alpha=BAND_ALPHA, linewidth=0)
    return ax


def plot_learning_curves(ax, epochs, accuracies, target=None, title=None, colours=None):
    """Training accuracy in percent by epoch, median and quartile band, one per setting.

    epochs : (n_epochs,); accuracies : dict from a label (e.g. "relu") to (n_epochs, n_seeds)
    target : an accuracy in [0, 1] drawn as a dashed line, or None
    colours : dict from a label to a colour; activations have theirs by default
    returns the Axes
    """
    for label, accuracy in accuracies.items():
        plot_median_band(ax, epochs, 100 * accuracy, label, colour_of(label, colours))
    if target is not None:
        ax.axhline(100 * target, color="k", linestyle="--", linewidth=1, label="target")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training accuracy (%)")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_reached_by_epoch(ax, epochs_to_target, n_epochs, title=None, colours=None):
    """The share of seeds (in percent) that have reached the target by each epoch.

    epochs_to_target : dict from a label to (n_seeds,), as returned by `epochs_to_target`
    n_epochs : the last epoch to draw; the gap above a curve at its end is the share of runs
        that never got there
    colours : dict from a label to a colour; activations have theirs by default
    returns the Axes
    """
    epochs = np.arange(1, n_epochs + 1)
    for label, run_epochs in epochs_to_target.items():
        share = 100 * reached_by_epoch(run_epochs, n_epochs)
        ax.step(epochs, share, where="post", label=label, color=colour_of(label, colours))
    ax.set_ylim(0, 100)
    ax.set_xlabel("epoch")
    ax.set_ylabel("seeds at the target (%)")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_group_means(ax, x, values, groups, ylabel=None, title=None, colours=None):
    """The mean over the seeds of each group, as one line per group, in percent.

    x : (n_points,); values : (n_points, n_seeds), shares in [0, 1]
    groups : dict from a label to a boolean mask over seeds, (n_seeds,); the legend gives
        each group's number of seeds
    colours : dict from a label to a colour
    returns the Axes
    """
    for label, members in groups.items():
        mean = 100 * values[:, members].mean(axis=1)
        ax.plot(x, mean, label=f"{label} ({members.sum()})", color=colour_of(label, colours))
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def plot_spread_by_layer(ax, spreads, title=None, xlabel="hidden layer",
                         ylabel="std of pre-activations", colours=None):
    """A spread per layer, such as `pre_activation_spread`, one line per setting, log scale.

    spreads : dict from a label to (n_layers,), the first layer first, drawn at 1, 2, ...
    colours : dict from a label to a colour
    returns the Axes
    """
    for label, spread in spreads.items():
        layers = np.arange(1, len(spread) + 1)
        ax.plot(layers, spread, marker="o", label=label, color=colour_of(label, colours))
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax
