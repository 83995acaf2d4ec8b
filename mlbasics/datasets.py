"""The data sets of the series: the XOR set shipped in data/, and scikit-learn's toy sets.

Every loader returns (X, y): X is (n_samples, 2) floats and y is (n_samples,) ints, 0 or 1.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs, make_circles, make_classification, make_moons

from .checks import check_choice, check_features, check_labels, check_positive_int, check_seed

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
XOR_PATH = DATA_DIR / "exor_dataset.csv"

# The XOR file: 4 clusters of 100 points around the corners (+-1, +-1), labelled 1 where the
# corner's coordinates differ in sign. The spread keeps the clusters apart but close enough
# that a straight line gets about half of them wrong.
XOR_SAMPLES_PER_CORNER = 100
XOR_SPREAD = 0.35
XOR_SEED = 0


def make_xor(samples_per_corner=XOR_SAMPLES_PER_CORNER, spread=XOR_SPREAD, seed=XOR_SEED):
    """XOR-labelled points in four Gaussian clusters around the corners of a square.

    returns X : (4 * samples_per_corner, 2), y : (4 * samples_per_corner,), in a shuffled
    order, since per-sample SGD visits the points in the order given
    """
    samples_per_corner = check_positive_int(samples_per_corner, "samples_per_corner")
    rng = np.random.default_rng(check_seed(seed))

    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    labels = np.array([0, 1, 1, 0])
    corner_of_sample = np.repeat(np.arange(4), samples_per_corner)
    X = corners[corner_of_sample] + spread * rng.standard_normal((corner_of_sample.size, 2))
    y = labels[corner_of_sample]

    order = rng.permutation(y.size)
    return X[order], y[order]


def xor_csv_text(X, y):
    """The text of the XOR file: two feature columns and the label, no header."""
    frame = pd.DataFrame({0: X[:, 0], 1: X[:, 1], 2: y})
    return frame.to_csv(header=False, index=False, float_format="%.6f", lineterminator="\n")


def load_csv(path):
    """Read a data set in the XOR file's format: x1, x2, label per line, no header.

    Raises ValueError naming the file if it is not in that format.
    """
    try:
        frame = pd.read_csv(path, header=None)
    except FileNotFoundError:
        raise ValueError(f"data file {path} does not exist") from None
    except OSError as error:
        raise ValueError(f"data file {path} cannot be read: {error.strerror}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise ValueError(f"data file {path} is not a CSV of x1,x2,label: {first_line}") from None

    if frame.shape[1] != 3:
        columns = frame.shape[1]
        raise ValueError(f"data file {path} must have 3 columns (x1, x2, label); got {columns}")
    if _is_header(frame):
        raise ValueError(f"data file {path} starts with a header line; the format has none")
    try:
        X = check_features(frame[[0, 1]].to_numpy(), f"the features in {path}")
        y = check_labels(frame[2].to_numpy(), X.shape[0], f"the labels in {path}")
    except (TypeError, ValueError) as error:
        raise ValueError(str(error)) from None
    return X, y[:, 0].astype(int)


def _is_header(frame):
    """Whether the first row alone is text in a file whose other rows are numbers."""
    as_numbers = frame.apply(pd.to_numeric, errors="coerce")
    first_is_text = as_numbers.iloc[0].isna().all()
    return len(frame) > 1 and first_is_text and as_numbers.iloc[1:].notna().all().all()


def load_xor():
    """The XOR set shipped with the series, data/exor_dataset.csv."""
    return load_csv(XOR_PATH)


def classification(class_sep=1.0, random_state=902):
    """The ReLU post's make_classification set: 1000 points, two clusters per class."""
    return make_classification(
        n_samples=1000, n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
        n_classes=2, n_clusters_per_class=2, class_sep=class_sep, flip_y=0,
        weights=[0.5, 0.5], random_state=random_state,
    )


def moons():
    """The ReLU post's make_moons set: 500 points, noise 0.2."""
    return make_moons(n_samples=500, shuffle=True, noise=0.2, random_state=0)


def blobs():
    """Two round clusters of 25 points, one per class: a set a single straight line separates."""
    return make_blobs(n_samples=50, centers=[[1, 2], [3, 4]], cluster_std=0.6, random_state=0)


def circles():
    """Two noisy concentric rings, 500 points: a set no single line or pair of lines fits."""
    return make_circles(n_samples=500, shuffle=True, noise=0.1, factor=0.5, random_state=0)


LOADERS = {
    "xor": load_xor,
    "classification": classification,
    "moons": moons,
    "classification-2": lambda: classification(class_sep=1.3, random_state=910),
    "circles": circles,
    "blobs": blobs,
}


def load(name):
    """A data set by name: one of LOADERS' keys. returns (X, y)."""
    X, y = LOADERS[check_choice(name, "dataset", tuple(LOADERS))]()
    return X.astype(float), y.astype(int)


@dataclass(frozen=True)
class Settings:
    """How the ReLU post trains and films one comparison."""

    seed: int
    hidden_sizes: tuple
    learning_rate: float
    epochs: int
    frame_every: int


# The ReLU post's settings for each of its data sets; a CSV file gets the XOR settings.
# Columns: seed, hidden sizes, learning rate, epochs, frame every.
POST_SETTINGS = {
    "xor": Settings(30, (4, 3), 0.01, 20, 1),
    "classification": Settings(10, (4, 3), 0.01, 15, 1),
    "moons": Settings(10, (4, 3), 0.01, 50, 2),
    "classification-2": Settings(10, (3, 2), 0.01, 50, 2),
}
