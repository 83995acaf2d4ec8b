"""The data sets: the committed XOR file, scikit-learn's sets, and reading malformed files."""

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_moons

from mlbasics.datasets import XOR_PATH, load, load_csv, load_xor, make_xor, xor_csv_text


def test_committed_xor_file_is_what_make_xor_writes():
    assert XOR_PATH.read_bytes() == xor_csv_text(*make_xor()).encode()


def test_xor_set_has_four_clusters_of_100_labelled_by_xor():
    X, y = load_xor()
    corner = np.sign(X)

    assert X.shape == (400, 2) and X.dtype == np.float64
    assert y.shape == (400,) and y.dtype.kind == "i"
    assert np.bincount(y).tolist() == [200, 200]
    # A point that strayed across an axis sits in a neighbouring quadrant: a handful at most.
    in_own_quadrant = (corner[:, 0] != corner[:, 1]) == (y == 1)
    assert in_own_quadrant.mean() > 0.98
    for x1, x2 in [(-1, -1), (-1, 1), (1, -1), (1, 1)]:
        quadrant = (corner[:, 0] == x1) & (corner[:, 1] == x2)
        assert abs(quadrant.sum() - 100) <= 5
        np.testing.assert_allclose(X[quadrant].mean(axis=0), [x1, x2], atol=0.1)


def test_xor_file_holds_make_xor_to_six_decimals():
    X, y = load_xor()
    X_made, y_made = make_xor()

    np.testing.assert_allclose(X, X_made, rtol=0, atol=5e-7)
    np.testing.assert_array_equal(y, y_made)


def test_make_xor_depends_on_its_seed_only():
    X, y = make_xor()
    X_again, y_again = make_xor()
    X_other, _ = make_xor(seed=1)

    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert not np.allclose(X, X_other)


# The post's calls, spelled out.
POST_SETS = {
    "classification": lambda: make_classification(
        n_samples=1000, n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
        n_classes=2, n_clusters_per_class=2, class_sep=1.0, flip_y=0, weights=[0.5, 0.5],
        random_state=902,
    ),
    "moons": lambda: make_moons(n_samples=500, shuffle=True, noise=0.2, random_state=0),
    "classification-2": lambda: make_classification(
        n_samples=1000, n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
        n_classes=2, n_clusters_per_class=2, class_sep=1.3, flip_y=0, weights=[0.5, 0.5],
        random_state=910,
    ),
}


@pytest.mark.parametrize("name", POST_SETS)
def test_sklearn_sets_are_the_posts(name):
    X, y = load(name)
    X_post, y_post = POST_SETS[name]()

    np.testing.assert_array_equal(X, X_post)
    np.testing.assert_array_equal(y, y_post)


@pytest.mark.parametrize("name", ["xor", "classification", "moons", "classification-2", "circles"])
def test_every_set_is_float_features_and_int_labels(name):
    X, y = load(name)

    assert X.ndim == 2 and X.shape[1] == 2 and X.dtype == np.float64
    assert y.shape == (X.shape[0],) and y.dtype.kind == "i"
    assert set(np.unique(y)) == {0, 1}
    assert np.all(np.isfinite(X))


def test_load_csv_reads_what_xor_csv_text_writes(tmp_path):
    X = np.array([[0.5, -1.25], [2.0, 0.125]])
    y = np.array([1, 0])
    path = tmp_path / "two.csv"
    path.write_text(xor_csv_text(X, y), newline="")

    X_read, y_read = load_csv(path)

    np.testing.assert_array_equal(X_read, X)
    np.testing.assert_array_equal(y_read, y)


MALFORMED = {
    "a-row-too-long.csv": "0.1,0.2,1\n0.3,0.4,0,7\n",
    "two-columns.csv": "0.1,0.2\n0.3,0.4\n",
    "a-row-too-short.csv": "0.1,0.2,1\n0.3\n",
    "text.csv": "0.1,abc,1\n0.3,0.4,0\n",
    "header.csv": "x1,x2,label\n0.1,0.2,1\n",
    "label-2.csv": "0.1,0.2,2\n0.3,0.4,0\n",
    "missing-label.csv": "0.1,0.2,1\n0.3,0.4,\n",
    "empty.csv": "",
}


@pytest.mark.parametrize("name", MALFORMED)
def test_load_csv_rejects_a_malformed_file_naming_it(tmp_path, name):
    path = tmp_path / name
    path.write_text(MALFORMED[name])

    with pytest.raises(ValueError) as error:
        load_csv(path)

    message = str(error.value)
    assert str(path) in message and "\n" not in message


def test_load_csv_rejects_a_missing_file_naming_it(tmp_path):
    path = tmp_path / "nowhere.csv"

    with pytest.raises(ValueError, match="does not exist") as error:
        load_csv(path)

    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_load_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="dataset must be one of .*; got 'nope'"):
        load("nope")


def test_load_csv_says_when_a_file_starts_with_a_header(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("x1,x2,label\n0.1,0.2,1\n0.3,0.4,0\n")

    with pytest.raises(ValueError, match="starts with a header line; the format has none"):
        load_csv(path)
