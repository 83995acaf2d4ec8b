"""Tests of mlbasics.animation: frames, panels, GIF files and the notebook HTML.

Every animation made here is also drawn, since matplotlib warns about an animation that is
deleted before anything was drawn.
"""

import base64
import io
import json
import os
import re

import IPython.display
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

from mlbasics import Network, train
from mlbasics import animation as anim
from mlbasics.datasets import load_xor


@pytest.fixture(scope="module")
def data():
    X, y = load_xor()
    return X[:40], y[:40]


def _history(data, hidden_sizes=(2,), activation="relu", epochs=3, snapshot_every=1):
    X, y = data
    network = Network(2, hidden_sizes, activation, seed=1)
    return train(network, X, y, epochs, learning_rate=0.05, snapshot_every=snapshot_every)


@pytest.fixture(scope="module")
def pair(data):
    """A sigmoid and a ReLU network of one shape, each with 3 snapshots."""
    return [_history(data, (2, 1), "sigmoid"), _history(data, (2, 1), "relu")]


@pytest.fixture(scope="module")
def pair_animation(pair, data):
    animation = anim.animate(pair, *data)
    rendering = anim.render(animation)
    return animation, rendering


def _frames(animation):
    return list(animation.new_frame_seq())


def _figure(animation):
    return _frames(animation)[0][0].figure


def _drawn(animation):
    """Make and draw an animation, so that matplotlib does not warn when it is deleted."""
    anim.render(animation)
    return animation


def _texts(artists):
    return [artist.get_text() for artist in artists if isinstance(artist, Text)]


def test_animate_has_one_frame_per_snapshot(pair_animation, pair):
    animation, rendering = pair_animation

    assert len(_frames(animation)) == len(pair[0].snapshots) == 3
    assert len(rendering.frames) == 3
    assert rendering.overlay.size == rendering.frames[0].size
    assert rendering.overlay.mode == "RGBA"


def test_every_frame_shows_each_networks_epoch_and_training_accuracy(pair_animation, pair):
    animation, _ = pair_animation

    for frame, artists in enumerate(_frames(animation)):
        expected = []
        for history in pair:
            epoch = history.snapshots[frame][0]
            expected.append(f"Epoch {epoch}, accuracy {history.accuracy[epoch - 1]:.1%}")
        assert _texts(artists) == expected


def test_epochs_follow_the_snapshots_when_they_are_taken_every_few_epochs(data):
    history = _history(data, (2,), epochs=5, snapshot_every=2)

    animation = _drawn(anim.animate([history], *data))

    texts = [_texts(artists)[0] for artists in _frames(animation)]
    assert [text.split(",")[0] for text in texts] == ["Epoch 2", "Epoch 4", "Epoch 5"]


@pytest.mark.parametrize(
    "hidden_sizes, rows",
    [((), ["Output"]), ((3,), ["Output", "1, 1", "1, 2", "1, 3"]),
     ((2, 2), ["Output", "1, 1", "1, 2", "2, 1", "2, 2"])],
)
def test_there_is_a_panel_and_a_row_title_for_the_output_and_each_hidden_unit(
    data, hidden_sizes, rows
):
    history = _history(data, hidden_sizes)

    animation = _drawn(anim.animate([history], *data))

    fig = _figure(animation)
    assert len(fig.axes) == len(rows)
    row_titles = [text.get_text() for text in fig.texts]
    assert row_titles[0] == "Output: blue where it predicts 1"
    assert row_titles[1:] == [f"Hidden layer {unit}, neuron {n}"
                              for unit, n in (row.split(", ") for row in rows[1:])]
    # Every panel has its region image in every frame.
    for artists in _frames(animation):
        assert sum(isinstance(artist, AxesImage) for artist in artists) == len(rows)


def test_networks_of_different_shapes_share_a_figure_with_blank_panels(data):
    histories = [_history(data, ()), _history(data, (3,)), _history(data, (2, 2))]

    animation = _drawn(anim.animate(histories, *data, titles=["A", "B", "C"]))

    fig = _figure(animation)
    # Rows: output, layer 1 neurons 1 to 3, layer 2 neurons 1 and 2.
    assert len(fig.texts) == 6
    assert len(fig.axes) == 1 + (1 + 3) + (1 + 2 + 2)
    column_titles = [text.get_text() for ax in fig.axes for text in ax.texts
                     if text.get_text() in {"A", "B", "C"}]
    assert column_titles == ["A", "B", "C"]


def test_a_single_neuron_has_its_decision_line_in_every_frame(data):
    animation = _drawn(anim.animate([_history(data, ())], *data))

    for artists in _frames(animation):
        assert sum(isinstance(artist, Line2D) for artist in artists) == 1


def test_the_data_is_drawn_once_on_every_panel_outside_the_frames(pair_animation, data):
    animation, _ = pair_animation
    in_frames = {artist for artists in _frames(animation) for artist in artists}

    for ax in _figure(animation).axes:
        points = [artist for artist in ax.collections if isinstance(artist, PathCollection)]
        assert len(points) == 2
        assert not in_frames.intersection(points)
        assert all(p.get_visible() for p in points)  # rendering puts back what it hid
        assert sum(len(p.get_offsets()) for p in points) == len(data[0])


def test_column_titles_name_the_activation_by_default(pair_animation):
    animation, _ = pair_animation
    top_panels = [ax for ax in _figure(animation).axes if ax.texts]

    titles = {text.get_text() for ax in top_panels for text in ax.texts}
    assert {"Sigmoid", "ReLU"} <= titles


def test_animate_rejects_histories_with_different_frames(data):
    histories = [_history(data, epochs=3), _history(data, epochs=4)]

    with pytest.raises(ValueError, match="same epochs") as error:
        anim.animate(histories, *data)
    assert "\n" not in str(error.value)


def test_animate_rejects_a_history_without_snapshots(data):
    X, y = data
    history = train(Network(2, (2,)), X, y, 2, 0.05)

    with pytest.raises(ValueError, match=r"histories\[0\] has no snapshots"):
        anim.animate([history], X, y)


def test_animate_needs_one_title_per_network(pair, data):
    with pytest.raises(ValueError, match="titles must name each of the 2 networks; got 1"):
        anim.animate(pair, *data, titles=["only one"])


def test_save_gif_writes_one_gif_frame_per_snapshot(pair_animation, tmp_path):
    animation, rendering = pair_animation
    path = tmp_path / "training.gif"

    anim.save_gif(animation, path)

    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 3
        assert gif.size == rendering.frames[0].size
        assert gif.info["duration"] == 200
        assert gif.info["loop"] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["training.gif"]


def test_save_gif_prints_progress_to_stderr_when_asked(data, tmp_path, capsys):
    animation = anim.animate([_history(data)], *data)

    anim.save_gif(animation, tmp_path / "training.gif", progress=True)

    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Drawing frame 3/3" in captured.err
    assert captured.err.endswith("\n")


def test_save_gif_to_an_unwritable_path_raises_one_line_naming_it(pair_animation, tmp_path):
    animation, _ = pair_animation
    path = tmp_path / "missing" / "training.gif"

    with pytest.raises(OSError, match=re.escape(str(path))) as error:
        anim.save_gif(animation, path)

    assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_save_gif_to_a_directory_raises(pair_animation, tmp_path):
    with pytest.raises(OSError, match="is a directory"):
        anim.save_gif(pair_animation[0], tmp_path)


def test_a_save_that_fails_while_writing_leaves_no_file_behind(
    pair_animation, tmp_path, monkeypatch
):
    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(anim.os, "replace", refuse)
    path = tmp_path / "training.gif"

    with pytest.raises(OSError, match=f"cannot write GIF to {re.escape(str(path))}: Permission"):
        anim.save_gif(pair_animation[0], path)
    assert list(tmp_path.iterdir()) == []


def _gif_in(html):
    data = re.search(r'src="data:image/gif;base64,([A-Za-z0-9+/=]+)"', html).group(1)
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_animation_html_holds_the_gif_and_the_javascript_player(pair_animation):
    animation, _ = pair_animation

    html = anim.animation_html(animation)

    assert _gif_in(html).n_frames == 3
    player = json.loads(re.search(r"player\.innerHTML = (\".*?\");\n", html).group(1)
                        .replace("<\\/", "</"))
    assert "new Animation(frames" in player
    assert len(re.findall(r'frames\[\d+\] = "data:image/png;base64,', player)) == 3
    assert 'title="Pause"' in player and 'title="Next frame"' in player
    # Only the outer script's end tag is literal; the player's are escaped inside the string.
    assert html.count("</script>") == 1


def test_animation_html_is_the_same_every_time(pair_animation):
    animation, _ = pair_animation

    first, second = anim.animation_html(animation), anim.animation_html(animation)

    assert first == second
    key = re.search(r'id="mlbasics-animation-(\w+)"', first).group(1)
    assert f"_anim_img{key}" in first


def test_show_animation_displays_only_html(pair_animation, monkeypatch):
    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: calls.append((a, k)))

    anim.show_animation(pair_animation[0])

    [((bundle,), kwargs)] = calls
    assert kwargs == {"raw": True}
    assert set(bundle) == {"text/html"}
    assert bundle["text/html"] == anim.animation_html(pair_animation[0])


def test_the_gif_frames_are_the_frames_with_the_overlay_laid_over_them(pair_animation):
    _, rendering = pair_animation
    gif = Image.open(io.BytesIO(anim._gif_bytes(rendering)))

    for index, composite in enumerate(rendering.composites()):
        gif.seek(index)
        difference = np.abs(np.asarray(gif.convert("RGB"), float) - np.asarray(composite, float))
        # The GIF's palette approximates colours; it must not move or lose anything.
        assert difference.mean() < 3


def test_save_gif_writes_through_a_link_to_the_file_it_names(pair_animation, tmp_path):
    target = tmp_path / "target.gif"
    target.write_bytes(b"old")
    link = tmp_path / "link.gif"
    link.symlink_to(target)

    anim.save_gif(pair_animation[0], link)

    assert link.is_symlink()
    with Image.open(target) as gif:
        assert gif.n_frames == 3


def test_save_gif_refuses_what_is_not_a_regular_file(pair_animation, tmp_path):
    fifo = tmp_path / "pipe.gif"
    os.mkfifo(fifo)

    with pytest.raises(OSError, match="is not a regular file"):
        anim.save_gif(pair_animation[0], fifo)

    assert [path.name for path in tmp_path.iterdir()] == ["pipe.gif"]


def test_save_gif_keeps_the_usual_permissions(pair_animation, tmp_path):
    path = tmp_path / "training.gif"

    anim.save_gif(pair_animation[0], path)

    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
