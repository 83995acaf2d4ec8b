"""The main job, `python -m mlbasics`: what it prints and writes, and how it refuses bad input."""

import gc
import os
import re
import subprocess
import sys
import tempfile

import pytest
from PIL import Image

from mlbasics import Network, train
from mlbasics import cli
from mlbasics.datasets import load, make_xor, xor_csv_text

# Small runs: a 2-2-1 network and few epochs keep the animation to a few small frames.
SMALL = ["--hidden-sizes", "2", "--epochs", "3"]


def run(argv, capsys):
    """main(argv) in this process: returns (status, stdout, stderr)."""
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table_rows(stdout):
    """The rows of the printed table that follow its header, split into cells."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["epoch"])
    return [cells for cells in map(str.split, lines[header + 1:]) if cells and cells[0].isdigit()]


def n_frames(path):
    with Image.open(path) as image:
        return image.n_frames


@pytest.fixture
def small_csv(tmp_path):
    """A 40-point XOR set in the shipped file's format."""
    path = tmp_path / "corners.csv"
    path.write_text(xor_csv_text(*make_xor(samples_per_corner=10)))
    return path


# Runs that succeed ---------------------------------------------------------------------------


def test_small_run_prints_each_epoch_and_writes_one_frame_per_snapshot(tmp_path, capsys):
    out = tmp_path / "small.gif"

    status, stdout, stderr = run([*SMALL, "--out", str(out)], capsys)

    assert status == 0
    assert "Traceback" not in stderr
    X, y = load("xor")
    expected = [train(Network(2, (2,), activation, seed=30), X, y, 3, 0.01)
                for activation in ("sigmoid", "relu")]
    rows = table_rows(stdout)
    assert [row[0] for row in rows] == ["1", "2", "3"]
    for epoch, row in enumerate(rows):
        assert row[1:] == [
            f"{expected[0].loss[epoch]:.4f}", f"{100 * expected[0].accuracy[epoch]:.1f}%",
            f"{expected[1].loss[epoch]:.4f}", f"{100 * expected[1].accuracy[epoch]:.1f}%",
        ]
    assert n_frames(out) == 3
    assert stdout.splitlines()[-1] == f"Wrote {out} (3 frames)"


def test_csv_data_with_xor_settings_and_a_frame_every_two_epochs(small_csv, tmp_path, capsys,
                                                                  monkeypatch):
    monkeypatch.chdir(tmp_path)

    status, stdout, _ = run(
        ["--dataset", str(small_csv), "--epochs", "5", "--frame-every", "2",
         "--hidden-sizes", "3,2"],
        capsys,
    )

    assert status == 0
    assert stdout.splitlines()[0] == (
        "Training a sigmoid and a ReLU network 2-3-2-1 from seed 30 on corners (40 samples): "
        "5 epochs, learning rate 0.01, a frame every 2 epochs."
    )
    assert len(table_rows(stdout)) == 5
    # Snapshots at epochs 2 and 4, and after the last one, 5.
    assert n_frames(tmp_path / "sigmoid_vs_relu_corners.gif") == 3


@pytest.mark.parametrize(
    "argv, described",
    [
        ([], "network 2-4-3-1 from seed 30 on xor (400 samples): 1 epoch, learning rate 0.01, "
             "a frame every epoch."),
        (["--dataset", "classification"], "network 2-4-3-1 from seed 10 on classification "
         "(1000 samples): 1 epoch, learning rate 0.01, a frame every epoch."),
        (["--dataset", "moons"], "network 2-4-3-1 from seed 10 on moons (500 samples): 1 epoch, "
         "learning rate 0.01, a frame every 2 epochs."),
        (["--dataset", "classification-2"], "network 2-3-2-1 from seed 10 on classification-2 "
         "(1000 samples): 1 epoch, learning rate 0.01, a frame every 2 epochs."),
        (["--hidden-sizes", "5,4", "3", "--seed", "0", "--learning-rate", "0.5"],
         "network 2-5-4-3-1 from seed 0 on xor (400 samples): 1 epoch, learning rate 0.5, "
         "a frame every epoch."),
    ],
    ids=["xor", "classification", "moons", "classification-2", "options given"],
)
def test_settings_default_to_the_posts_for_the_data_set(argv, described, tmp_path, capsys):
    status, stdout, _ = run([*argv, "--epochs", "1", "--out", str(tmp_path / "a.gif")], capsys)

    assert status == 0
    assert stdout.splitlines()[0] == "Training a sigmoid and a ReLU " + described


def test_help_explains_every_option_with_its_default(capsys):
    status, stdout, stderr = run(["--help"], capsys)

    assert status == 0
    assert stderr == ""
    assert stdout.startswith("usage: mlbasics")
    options = ["--dataset", "--epochs", "--learning-rate", "--hidden-sizes", "--seed",
               "--frame-every", "--out"]
    for option in options:
        assert f"  {option} " in stdout
    assert stdout.count("(default:") == len(options)
    assert "classification-2    10           3 2           0.01      50            2" in stdout


def test_python_m_mlbasics_with_no_arguments_reproduces_the_xor_comparison(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mlbasics"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Drawing frame 20" in result.stderr
    assert [row[0] for row in table_rows(result.stdout)] == [str(e) for e in range(1, 21)]
    assert n_frames(tmp_path / "sigmoid_vs_relu_xor.gif") == 20
    assert os.listdir(tmp_path) == ["sigmoid_vs_relu_xor.gif"]


# Runs that are refused -----------------------------------------------------------------------


def assert_refused(status, stdout, stderr, argument, expected, folder, leaves=()):
    """Exit status 2, one line naming the argument, no training, nothing new in folder."""
    assert status == 2
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("mlbasics: error: ")
    assert argument in lines[0]
    assert expected in lines[0]
    assert stdout == ""
    assert sorted(path.name for path in folder.iterdir()) == sorted(leaves)


BAD_ARGUMENTS = [
    (["--epochs", "ten"], "--epochs", "expected a positive integer; got 'ten'"),
    (["--epochs", "2.5"], "--epochs", "expected a positive integer"),
    (["--epochs", "0"], "--epochs", "expected a positive integer; got '0'"),
    (["--epochs", "-3"], "--epochs", "expected a positive integer"),
    (["--epochs"], "--epochs", "expected one argument"),
    (["--hidden-sizes", "4", "0"], "--hidden-sizes", "expected positive integers"),
    (["--hidden-sizes", "4,-1"], "--hidden-sizes", "got '4,-1'"),
    (["--hidden-sizes", "4,,3"], "--hidden-sizes", "expected positive integers"),
    (["--hidden-sizes", "four"], "--hidden-sizes", "expected positive integers"),
    (["--hidden-sizes"], "--hidden-sizes", "expected at least one argument"),
    (["--frame-every", "0"], "--frame-every", "expected a positive integer"),
    (["--frame-every", "-2"], "--frame-every", "expected a positive integer"),
    (["--learning-rate", "0"], "--learning-rate", "expected a positive finite number"),
    (["--learning-rate", "-0.01"], "--learning-rate", "expected a positive finite number"),
    (["--learning-rate", "nan"], "--learning-rate", "expected a positive finite number"),
    (["--learning-rate", "inf"], "--learning-rate", "expected a positive finite number"),
    (["--learning-rate", "fast"], "--learning-rate", "expected a positive finite number"),
    (["--seed", "-1"], "--seed", "expected a non-negative integer; got '-1'"),
    (["--seed", "1.5"], "--seed", "expected a non-negative integer"),
    (["--dataset", "spirals"], "--dataset", "expected one of xor, classification, moons"),
    (["--colour", "red"], "unrecognized arguments", "--colour"),
]


@pytest.mark.parametrize("argv, argument, expected", BAD_ARGUMENTS,
                         ids=[" ".join(argv) for argv, _, _ in BAD_ARGUMENTS])
def test_a_bad_argument_is_refused_on_one_line(argv, argument, expected, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run([*argv, "--out", str(folder / "a.gif")], capsys)

    assert_refused(status, stdout, stderr, argument, expected, folder)


MALFORMED_CSVS = {
    "two columns": ("0.1,0.2\n0.3,0.4\n", "must have 3 columns"),
    "a label of 2": ("0.1,0.2,0\n0.3,0.4,2\n", "must contain only 0 and 1; got 2"),
    "a word for a number": ("0.1,0.2,0\nhigh,0.4,1\n", "must be an array of real numbers"),
    "a missing value": ("0.1,0.2,0\n0.3,,1\n", "must be finite"),
    "an empty file": ("", "is not a CSV"),
}


@pytest.mark.parametrize("contents, expected", MALFORMED_CSVS.values(), ids=MALFORMED_CSVS)
def test_a_malformed_csv_is_refused(contents, expected, tmp_path, capsys):
    data = tmp_path / "data.csv"
    data.write_text(contents)
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run(["--dataset", str(data), "--out", str(folder / "a.gif")], capsys)

    assert_refused(status, stdout, stderr, "--dataset", expected, folder)
    assert str(data) in stderr


@pytest.mark.parametrize("name, expected", [("missing.csv", "does not exist"),
                                            ("folder.csv", "Is a directory")])
def test_a_missing_or_unreadable_csv_is_refused(name, expected, tmp_path, capsys):
    (tmp_path / "folder.csv").mkdir()
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run(
        ["--dataset", str(tmp_path / name), "--out", str(folder / "a.gif")], capsys
    )

    assert_refused(status, stdout, stderr, "--dataset", expected, folder)


def test_an_output_in_a_missing_folder_is_refused(tmp_path, capsys):
    status, stdout, stderr = run(["--out", str(tmp_path / "nowhere" / "a.gif")], capsys)

    assert_refused(status, stdout, stderr, "--out", "does not exist", tmp_path)


@pytest.mark.parametrize("name, expected", [("taken.gif", "is a directory"),
                                            ("a.png", "expected a file name ending in .gif"),
                                            ("plain/a.gif", "is not a folder")])
def test_an_output_that_cannot_be_a_gif_file_is_refused(name, expected, tmp_path, capsys):
    folder = tmp_path / "out"
    (folder / "taken.gif").mkdir(parents=True)
    (folder / "plain").write_text("")

    status, stdout, stderr = run(["--out", str(folder / name)], capsys)

    assert_refused(status, stdout, stderr, "--out", expected, folder, ["plain", "taken.gif"])
    assert list((folder / "taken.gif").iterdir()) == []


def test_an_output_in_a_read_only_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user may write in a read-only folder (root)")
        status, stdout, stderr = run(["--out", str(folder / "a.gif")], capsys)
    finally:
        folder.chmod(0o755)

    assert_refused(status, stdout, stderr, "--out", "Permission denied", folder)


def test_an_output_the_system_refuses_is_refused_before_training(tmp_path, capsys,
                                                                 monkeypatch):
    # Stands in for a folder that this user may not write in, which root cannot make.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)

    status, stdout, stderr = run([*SMALL, "--out", str(tmp_path / "a.gif")], capsys)

    assert_refused(status, stdout, stderr, "--out", "Permission denied", tmp_path)


def test_a_failure_while_writing_is_reported_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()

    # The folder exists when the output is checked and is gone by the time the GIF is saved.
    def animate_then_remove_folder(*args, **kwargs):
        animation = animate(*args, **kwargs)
        folder.rmdir()
        return animation

    animate = cli.animate
    monkeypatch.setattr(cli, "animate", animate_then_remove_folder)

    status, _, stderr = run([*SMALL, "--out", str(folder / "a.gif")], capsys)
    # Anything that complains when the unsaved animation is freed complains in this test.
    gc.collect()

    assert status == 2
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1].startswith("mlbasics: error: argument --out: cannot write")
    assert str(folder / "a.gif") in stderr.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


def test_python_m_mlbasics_refuses_a_bad_argument_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mlbasics", "--epochs", "0", "--out", str(tmp_path / "a.gif")],
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "mlbasics: error: argument --epochs: expected a positive integer; " \
                            "got '0'\n"
    assert list(tmp_path.iterdir()) == []


def test_the_table_lines_up_under_its_header(tmp_path, capsys):
    status, stdout, _ = run([*SMALL, "--out", str(tmp_path / "a.gif")], capsys)

    assert status == 0
    header, *rows = stdout.splitlines()[1:5]
    # Columns are two spaces apart and right-aligned, so every cell ends where its label ends.
    label_ends = [match.end() for match in re.finditer(r"\S+(?: \S+)*", header)]
    for row in rows:
        assert [match.end() for match in re.finditer(r"\S+", row)] == label_ends


def test_a_quoted_list_of_sizes_means_one_layer_each(tmp_path, capsys):
    status, stdout, _ = run(["--hidden-sizes", "3 2", "--epochs", "1",
                             "--out", str(tmp_path / "a.gif")], capsys)

    assert status == 0
    assert "network 2-3-2-1" in stdout


def test_a_csv_named_like_a_data_set_gets_the_xor_settings(tmp_path, capsys):
    path = tmp_path / "moons.csv"
    path.write_text(xor_csv_text(*make_xor(samples_per_corner=10)))

    status, stdout, _ = run(["--dataset", str(path), "--epochs", "1",
                             "--out", str(tmp_path / "a.gif")], capsys)

    assert status == 0
    assert "2-4-3-1 from seed 30" in stdout


def test_more_hidden_units_than_the_animation_holds_are_refused(tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run(["--hidden-sizes", "40", "30", "--out", str(folder / "a.gif")],
                                 capsys)

    assert_refused(status, stdout, stderr, "--hidden-sizes", "at most 64 hidden units", folder)


def test_a_diverging_run_is_reported_instead_of_printing_nan(tmp_path, capsys):
    status, stdout, stderr = run([*SMALL, "--learning-rate", "1e100",
                                  "--out", str(tmp_path / "a.gif")], capsys)

    assert status == 2
    assert "nan" not in stdout
    assert stderr.startswith("mlbasics: error: argument --learning-rate: training diverged")
    assert list(tmp_path.iterdir()) == []


def test_features_too_wide_to_draw_are_refused(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_text("-1e308,0,0\n1e308,1,1\n0,0,0\n1,1,1\n")
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run(["--dataset", str(path), "--out", str(folder / "a.gif")], capsys)

    assert_refused(status, stdout, stderr, "--dataset", "too wide a plane to draw", folder)


def test_an_output_name_too_long_for_the_system_is_refused(tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()

    status, stdout, stderr = run([*SMALL, "--out", str(folder / ("a" * 300 + ".gif"))], capsys)

    assert_refused(status, stdout, stderr, "--out", "File name too long", folder)
