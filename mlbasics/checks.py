"""Input checks for the public functions.

Each check runs before any arithmetic and raises a one-line ValueError or TypeError that names
the argument and says what was expected, so that a mistake never surfaces as a NaN or as a
traceback from deep inside NumPy.
"""

import numbers

import numpy as np


def check_features(X, name="X", n_features=None):
    """Return X as a float array of shape (n_samples, n_features), or raise.

    X must be 2-D with at least one row, numeric (not boolean) and finite everywhere.
    """
    array = _as_array(X, name)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers; got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[0] == 0:
        raise ValueError(
            f"{name} must be a 2-D array with one row per sample; got shape {array.shape}"
        )
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} columns, one per input; got {array.shape[1]}"
        )
    array = array.astype(float)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return array


def check_labels(y, n_samples, name="y"):
    """Return y as a float column of shape (n_samples, 1), or raise.

    y may come as (n_samples,) or (n_samples, 1) and must hold only 0 and 1.
    """
    array = _as_array(y, name)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of 0s and 1s; got dtype {array.dtype}")
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or array.shape[0] != n_samples:
        raise ValueError(
            f"{name} must hold one label per sample, shape ({n_samples},); got {array.shape}"
        )
    unexpected = array[(array != 0) & (array != 1)]
    if unexpected.size:
        raise ValueError(f"{name} must contain only 0 and 1; got {unexpected[0]}")
    return array.astype(float).reshape(-1, 1)


def check_positive_int(value, name):
    """Return value as an int if it is a whole number of at least 1, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value}")
    return int(value)


def check_seed(value, name="seed"):
    """Return value as an int if it is a whole number of at least 0 (0 is a seed), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer; got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {value}")
    return int(value)


def check_positive_number(value, name):
    """Return value as a float if it is a positive finite number, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number; got {value!r}")
    # A huge integer or Fraction would overflow np.isfinite; anything beyond float range is
    # as infinite as a learning rate can be.
    number = float(value) if abs(value) <= np.finfo(float).max else np.inf
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value}")
    return number


def check_choice(value, name, choices):
    """Return value if it is one of the strings `choices`, else raise an error listing them."""
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def _as_array(value, name):
    """np.asarray, with a ragged nested list reported under the argument's own name."""
    try:
        return np.asarray(value)
    except ValueError:
        message = f"{name} must be a rectangular array; its rows differ in length"
        raise ValueError(message) from None
