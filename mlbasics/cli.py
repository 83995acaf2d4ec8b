"""The main job: train a sigmoid and a ReLU network from one seed and animate them side by side.

`python -m mlbasics` (or the `mlbasics` command) reproduces the ReLU post's XOR comparison: it
prints the loss and accuracy of both networks after every epoch and writes the animation of
their decision boundaries and hidden units as a GIF. `--help` lists the options.

Every mistake on the command line, and every failure to read the data or to write the GIF,
ends the run with one line on stderr, `mlbasics: error: ...`, and exit status 2. All of them
that can be found before training (a bad option, unreadable data, a folder that cannot be
written in) are found before it.
"""

import argparse
import math
import os
import sys
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

import numpy as np

from .animation import animate, save_gif
from .activations import ACTIVATION_TITLES, ACTIVATIONS as ACTIVATION_FUNCTIONS
from .datasets import POST_SETTINGS, load, load_csv
from .training import compare_activations

PROG = "mlbasics"
ACTIVATIONS = tuple(ACTIVATION_FUNCTIONS)
TITLES = tuple(ACTIVATION_TITLES[activation] for activation in ACTIVATIONS)
DEFAULT_DATASET = "xor"
HELP_WIDTH = 79
USAGE_ERROR = 2
INTERRUPTED = 130  # 128 + SIGINT, as shells report it

# Every hidden unit adds a row of panels about 150 pixels high, and a GIF can be at most 65535
# pixels high; far fewer rows than that are already more than a person can follow.
MAX_HIDDEN_UNITS = 64
# The animation samples the plane of the data on a grid, whose span must stay a finite float.
MAX_FEATURE = 1e300


class UsageError(Exception):
    """A bad command line or an unusable file: one line for the person who typed it."""


def main(argv=None):
    """Run the main job on `argv` (sys.argv[1:] by default) and return the exit status."""
    try:
        _run(argv)
    except UsageError as error:
        print(f"{PROG}: error: {_one_line(error)}", file=sys.stderr)
        return USAGE_ERROR
    except SystemExit as stop:
        # Only the parser stops this way: --help prints its text and stops with status 0.
        return stop.code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout has gone (`python -m mlbasics | head`): stop quietly, and send
        # what Python still flushes at exit nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _run(argv):
    options = _parse(argv)
    X, y, name, post_settings = _load_dataset(options.dataset)
    settings = _settings(options, post_settings)
    _check_panels(settings.hidden_sizes)
    out = _check_output(options.out or Path(f"sigmoid_vs_relu_{name}.gif"))

    print(_describe_run(name, X, settings))
    try:
        histories = train_comparison(X, y, settings)
    except FloatingPointError as error:
        raise UsageError(f"argument --learning-rate: {_one_line(error)}") from None
    print(_format_table(histories))

    try:
        save_gif(animate(histories, X, y, titles=TITLES), out, progress=True)
    except (OSError, ValueError) as error:
        raise UsageError(f"argument --out: {_os_message(error, 'cannot write', out)}") from None
    print(f"Wrote {out} ({_count(len(histories[0].snapshots), 'frame')})")


def _one_line(error):
    return " ".join(str(error).split())


def _os_message(error, action, path):
    """A raw OSError as "cannot read 'x.csv': Permission denied"; other errors as they are."""
    if isinstance(error, OSError) and error.strerror:
        return f"{action} '{path}': {error.strerror}"
    return _one_line(error)


# The command line ------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that hands its errors to main() instead of printing usage and exiting."""

    def error(self, message):
        raise UsageError(message)


def build_parser():
    """The argument parser of the main job; every option defaults to None, meaning "the post's"."""
    description = (
        "Train a sigmoid and a ReLU network from the same seed, print their loss and accuracy "
        "after every epoch, and save an animation of their decision boundaries and hidden "
        "units side by side as a GIF."
    )
    parser = _Parser(
        prog=PROG,
        description=textwrap.fill(description, HELP_WIDTH),
        epilog=_settings_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    xor = POST_SETTINGS[DEFAULT_DATASET]
    parser.add_argument(
        "--dataset", metavar="NAME_OR_CSV",
        help=f"The data: one of {', '.join(POST_SETTINGS)}, or the path of a CSV file of "
        f"x1,x2,label rows with no header, like data/exor_dataset.csv (default: "
        f"{DEFAULT_DATASET}).",
    )
    parser.add_argument(
        "--epochs", type=_positive_int, metavar="N",
        help="How many passes of per-sample SGD to make over the data "
        f"(default: the post's for the data set, below; {xor.epochs} for xor).",
    )
    parser.add_argument(
        "--learning-rate", type=_positive_float, metavar="RATE",
        help="The step size of SGD, a positive number "
        f"(default: the post's for the data set, below; {xor.learning_rate} for xor).",
    )
    parser.add_argument(
        "--hidden-sizes", type=_sizes, nargs="+", metavar="SIZE",
        help="Units in each hidden layer, one number per layer, as '4 3' or '4,3'; each unit "
        "adds a row of panels to the animation (default: the post's for the data set, below; "
        f"{_words(xor.hidden_sizes)} for xor).",
    )
    parser.add_argument(
        "--seed", type=_non_negative_int, metavar="SEED",
        help="Seeds the weights of both networks, so that they start from the same draw; 0 is "
        f"a seed (default: the post's for the data set, below; {xor.seed} for xor).",
    )
    parser.add_argument(
        "--frame-every", type=_positive_int, metavar="N",
        help="Take a frame of the animation every N epochs, and after the last epoch "
        f"(default: the post's for the data set, below; {xor.frame_every} for xor).",
    )
    parser.add_argument(
        "--out", type=Path, metavar="PATH",
        help="Where to write the GIF, a file name ending in .gif (default: "
        "sigmoid_vs_relu_<dataset>.gif in the current folder).",
    )
    return parser


def _settings_table():
    rows = [("dataset", "seed", "hidden sizes", "learning rate", "epochs", "frame every")]
    for name, post in POST_SETTINGS.items():
        rows.append((name, post.seed, _words(post.hidden_sizes), post.learning_rate,
                     post.epochs, post.frame_every))
    heading = "Defaults, the ReLU post's settings for each data set (a CSV file gets xor's):"
    return heading + "\n" + format_rows(rows, indent="  ", left_columns=1)


def _words(sizes):
    return " ".join(str(size) for size in sizes)


def _parse(argv):
    options = build_parser().parse_args(argv)
    if options.hidden_sizes is not None:
        # Each word may hold several sizes ("4,3"), so the words' lists are joined.
        options.hidden_sizes = tuple(size for word in options.hidden_sizes for size in word)
    return options


def _integer(text, expected):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}; got {text!r}") from None


def _positive_int(text):
    value = _integer(text, "a positive integer")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer; got {text!r}")
    return value


def _non_negative_int(text):
    value = _integer(text, "a non-negative integer")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer; got {text!r}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive finite number; got {text!r}")
    return value


def _sizes(text):
    expected = "positive integers, one per hidden layer, as '4 3' or '4,3'"
    try:
        # "4,3", "4, 3" and a quoted "4 3" all mean two layers; an empty piece, as in "4,,3",
        # is a mistake rather than nothing.
        words = [word for piece in text.split(",") for word in piece.split() or [""]]
        return [_positive_int(word) for word in words]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected {expected}; got {text!r}") from None


# The data, the settings and the output ---------------------------------------------------


def _load_dataset(dataset):
    """(X, y, name, settings) for a data set name or a CSV path.

    name labels the run and the GIF; settings are the post's for a named set, XOR's for a file
    """
    dataset = DEFAULT_DATASET if dataset is None else dataset
    if dataset in POST_SETTINGS:
        return (*load(dataset), dataset, POST_SETTINGS[dataset])

    path = Path(dataset)
    if path.suffix.lower() != ".csv" and not path.exists():
        names = ", ".join(POST_SETTINGS)
        raise UsageError(
            f"argument --dataset: expected one of {names} or the path of a CSV file; "
            f"got {dataset!r}"
        )
    try:
        X, y = load_csv(path)
    except (OSError, ValueError) as error:
        message = _os_message(error, "cannot read", path)
        raise UsageError(f"argument --dataset: {message}") from None
    if np.abs(X).max() > MAX_FEATURE:
        raise UsageError(
            f"argument --dataset: the features of '{path}' reach beyond {MAX_FEATURE:g}, "
            "too wide a plane to draw"
        )
    return X, y, path.stem, POST_SETTINGS[DEFAULT_DATASET]


def _settings(options, settings):
    """`settings`, the post's for the data, overridden by the options given."""
    given = {
        field: getattr(options, field)
        for field in ("seed", "hidden_sizes", "learning_rate", "epochs", "frame_every")
        if getattr(options, field) is not None
    }
    return replace(settings, **given)


def _check_panels(hidden_sizes):
    """Refuse more hidden units than the animation has room for: each adds a row of panels."""
    if sum(hidden_sizes) > MAX_HIDDEN_UNITS:
        raise UsageError(
            f"argument --hidden-sizes: expected at most {MAX_HIDDEN_UNITS} hidden units in all, "
            f"one row of the animation each; got {sum(hidden_sizes)}"
        )


def _check_output(out):
    """Return `out` if a GIF can be written there, else raise: found before any training."""
    try:
        return _checked_output(out)
    except OSError as error:
        raise UsageError(f"argument --out: {_os_message(error, 'cannot write', out)}") from None


def _checked_output(out):
    if out.is_dir():
        raise UsageError(f"argument --out: expected a file name, but '{out}' is a directory")
    if out.suffix.lower() != ".gif":
        raise UsageError(f"argument --out: expected a file name ending in .gif; got '{out}'")
    folder = out.parent
    if not folder.exists():
        raise UsageError(f"argument --out: the folder '{folder}' does not exist")
    if not folder.is_dir():
        raise UsageError(f"argument --out: '{folder}' is not a folder")

    # Permissions, read-only disks and the like are only certain once a file is created.
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".gif"):
            pass
    except OSError as error:
        message = _os_message(error, "cannot write in", folder)
        raise UsageError(f"argument --out: {message}") from None
    return out


# Training and the table ------------------------------------------------------------------


def _describe_run(name, X, settings):
    sizes = "-".join(str(size) for size in (X.shape[1], *settings.hidden_sizes, 1))
    return (
        f"Training a sigmoid and a ReLU network {sizes} from seed {settings.seed} on {name} "
        f"({X.shape[0]} samples): {_count(settings.epochs, 'epoch')}, learning rate "
        f"{settings.learning_rate}, a frame every {_count(settings.frame_every, 'epoch', one='')}."
    )


def _count(n, noun, one="1 "):
    """'3 epochs', '1 epoch', or with one='' just 'epoch' for 1."""
    return f"{one}{noun}" if n == 1 else f"{n} {noun}s"


def train_comparison(X, y, settings):
    """Train one network per activation of ACTIVATIONS from `settings`, all from one seed.

    returns one History per activation, with a snapshot every `settings.frame_every` epochs
    """
    _, histories = compare_activations(
        X, y, settings.hidden_sizes, settings.seed, settings.epochs, settings.learning_rate,
        snapshot_every=settings.frame_every, activations=ACTIVATIONS,
    )
    return histories


def _format_table(histories):
    """One row per epoch: the epoch, then the loss and accuracy of each network in turn.

    histories : one History per activation of ACTIVATIONS, all over the same epochs
    returns the table as text, a header line and right-aligned columns
    """
    header = ["epoch"]
    for activation in ACTIVATIONS:
        header += [f"{activation} loss", f"{activation} accuracy"]

    rows = [header]
    for row, epoch in enumerate(histories[0].epochs):
        cells = [epoch]
        for history in histories:
            cells += [f"{history.loss[row]:.4f}", f"{100 * history.accuracy[row]:.1f}%"]
        rows.append(cells)
    return format_rows(rows)


def format_rows(rows, indent="", left_columns=0):
    """Rows of cells as lines of text, with two spaces between columns.

    rows : a sequence of rows, each a sequence of cells (anything with a str)
    left_columns : how many leading columns to left-align, for names; the others are
        right-aligned, for numbers
    """
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(*rows)]
    lines = [
        "  ".join(
            cell.ljust(width) if column < left_columns else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        )
        for row in rows
    ]
    return "\n".join(indent + line.rstrip() for line in lines)
