"""Animations of training: how the output and every hidden unit carve up the plane, epoch by epoch.

`animate` turns the snapshots of one or more training runs into an ArtistAnimation with one
column per network. `save_gif` writes it as an animated GIF with Pillow, and `show_animation`
displays it in a notebook: as matplotlib's JavaScript player where scripts run, and as the same
GIF where they do not (a notebook viewed on a code host, which strips scripts).

Only the regions, a single neuron's line and the epoch counter change from frame to frame; the
data points, titles and panel borders are drawn once, outside the frames. Rendering keeps the
two apart: it draws the unchanging parts once, as a transparent overlay, and each frame without
them. Frames of flat coloured regions are cheap to draw and compress to a few kilobytes, where
frames repeating hundreds of scattered points would not. The GIF lays the overlay on every
frame; the player stacks it over its frames in the browser.
"""

import base64
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from celluloid import Camera
from matplotlib.animation import AbstractMovieWriter, HTMLWriter
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from .activations import ACTIVATION_TITLES
from .checks import check_features, check_labels, check_positive_int
from .plotting import (
    data_limits,
    draw_region,
    hidden_units,
    make_grid,
    plot_decision_line,
    plot_points,
    regions,
    unit_title,
)
from .training import History


# The figure's geometry in inches. Panels of 1.3 inches drawn at 100 dots per inch keep
# 7.5-point titles readable at 100% zoom and a 25-frame, 2-column, 8-row animation under
# 400 KB as GIF plus player. A figure is at least MIN_WIDTH wide, so that a single column
# has room for its row titles.
PANEL = 1.3
GAP = 0.12
MARGIN = 0.1
MIN_WIDTH = 1.8
HEADER = 0.45
ROW_TITLE = 0.22
DPI = 100
INTERVAL_MS = 200

POINT_SIZE = 8
POINT_ALPHA = 0.6

# Images are stored with a palette of this many colours: enough for the regions, the point
# colours and their blends with the regions, black edges and text, and the shades of grey
# that anti-aliasing adds at their edges.
PALETTE_COLOURS = 32


def animate(histories, X, y, titles=None, resolution=round(PANEL * DPI), interval=INTERVAL_MS):
    """Animate training runs side by side, one column per network, one frame per snapshot.

    histories : a list of History, one per network, each from `train(..., snapshot_every=k)`;
        all must hold snapshots at the same epochs
    X : (n_samples, 2), y : (n_samples,) the training data, drawn on every panel
    titles : one column title per network; by default its activation, "Sigmoid" or "ReLU"
    resolution : grid points per side of each region image; by default one per pixel
    interval : milliseconds per frame
    returns a matplotlib.animation.ArtistAnimation. Row 0 shows where each network predicts 1
    (and a single neuron's decision line) under the epoch and training accuracy; then one row
    per hidden unit, layer by layer, shows where that unit is active. A network with fewer
    units than another leaves those panels blank.
    """
    histories = _check_histories(histories)
    X = check_features(X, "X", n_features=2)
    y = check_labels(y, X.shape[0])
    titles = _check_titles(titles, histories)
    interval = check_positive_int(interval, "interval")
    epochs = [epoch for epoch, _ in histories[0].snapshots]

    rows = [None, *sorted({unit for h in histories for unit in hidden_units(_network(h))})]
    fig = _figure(len(histories), rows)
    limits = data_limits(X)
    grid = make_grid(limits, resolution)
    columns = [
        _add_panels(fig, column, len(histories), rows, _network(history), limits)
        for column, history in enumerate(histories)
    ]

    camera = Camera(fig)
    for frame, epoch in enumerate(epochs):
        for history, panels in zip(histories, columns):
            _draw_frame(panels, *history.snapshots[frame], _accuracy_at(history, epoch), grid)
        camera.snap()

    # Artists drawn after the last snap belong to no frame, so the animation leaves them
    # visible in every frame, and they need not be copied into each one.
    for panels, title in zip(columns, titles):
        _decorate_column(panels, title, X, y)
    return camera.animate(interval=interval, repeat=True)


def save_gif(animation, path, progress=False):
    """Write `animation` to `path` as a looping animated GIF.

    progress : print the frame being drawn to stderr
    The frames are drawn and encoded first, then written to a temporary file in the target's
    folder and renamed over it, so a failed save leaves no partial file behind. A link is
    followed to the file it names; anything that is not a regular file, or a file that may not
    be written, is refused. Raises OSError naming the path if it cannot be written.
    """
    path = Path(path)
    gif = _gif_bytes(render(animation, progress))
    target = _writable_target(path)

    try:
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    except OSError as error:
        raise OSError(f"cannot write GIF to {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(gif)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(f"cannot write GIF to {path}: {error.strerror or error}") from None


def _writable_target(path):
    """The regular file that writing to `path` should replace, or raise OSError."""
    try:
        target = path.resolve()
        exists, is_file, is_dir = target.exists(), target.is_file(), target.is_dir()
    except OSError as error:
        raise OSError(f"cannot write GIF to {path}: {error.strerror or error}") from None

    if exists and not is_file:
        kind = "a directory" if is_dir else "not a regular file"
        raise OSError(f"cannot write GIF to {path}: it is {kind}")
    if exists and not os.access(target, os.W_OK):
        raise OSError(f"cannot write GIF to {path}: Permission denied")
    return target


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def animation_html(animation):
    """An HTML block that plays `animation`: an animated GIF, replaced by a player where JS runs.

    Without JavaScript the block is an <img> of the GIF. With it, a script hides the GIF and
    inserts matplotlib's JavaScript player, the one `to_jshtml` makes (play, pause, step frame
    by frame, a slider), with the unchanging overlay stacked over its frames. Element ids
    come from a hash of the GIF, so the same animation gives the same HTML.
    """
    rendering = render(animation)
    gif = _gif_bytes(rendering)
    key = hashlib.sha1(gif).hexdigest()[:16]

    # The player goes into the page as a JSON string, so that it exists only where scripts
    # run; "</" is escaped so that the player's own </script> tags cannot end this script.
    player = json.dumps(_player_html(rendering, key)).replace("</", "<\\/")
    overlay = json.dumps(_data_uri(_overlay_png(rendering.overlay), "image/png"))
    return f"""<div id="mlbasics-animation-{key}">
<img id="mlbasics-gif-{key}" src="{_data_uri(gif, "image/gif")}" alt="Training, frame by frame">
<script>
(function () {{
  var root = document.getElementById("mlbasics-animation-{key}");
  var player = document.createElement("div");
  player.innerHTML = {player};
  root.appendChild(player);

  // Scripts inserted through innerHTML do not run; copies made with createElement do.
  player.querySelectorAll("script").forEach(function (inert) {{
    var script = document.createElement("script");
    script.text = inert.text;
    inert.replaceWith(script);
  }});

  // Stack the unchanging points and titles over the player's frames.
  var frame = document.getElementById("_anim_img{key}");
  var stack = document.createElement("div");
  stack.style.cssText = "position: relative; display: inline-block; line-height: 0";
  frame.parentNode.insertBefore(stack, frame);
  stack.appendChild(frame);
  var overlay = document.createElement("img");
  overlay.src = {overlay};
  overlay.alt = "";
  overlay.style.cssText =
    "position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none";
  stack.appendChild(overlay);

  document.getElementById("mlbasics-gif-{key}").style.display = "none";
}})();
</script>
</div>"""


def show_animation(animation):
    """Display `animation` in a notebook as the HTML of `animation_html`, with no text repr."""
    from IPython.display import display

    display({"text/html": animation_html(animation)}, raw=True)


# Layout ---------------------------------------------------------------------------------------


def _check_histories(histories):
    if isinstance(histories, History):
        histories = [histories]
    histories = list(histories)
    if not histories:
        raise ValueError("histories must hold at least one History; got none")

    for index, history in enumerate(histories):
        if not isinstance(history, History):
            raise TypeError(f"histories[{index}] must be a History; got {type(history).__name__}")
        if not history.snapshots:
            raise ValueError(f"histories[{index}] has no snapshots; train with snapshot_every")
        if _network(history).n_networks is not None:
            raise ValueError(f"histories[{index}] must come from one network, not an ensemble")

    epochs = [[epoch for epoch, _ in history.snapshots] for history in histories]
    for index, these in enumerate(epochs[1:], start=1):
        if these != epochs[0]:
            raise ValueError(
                f"histories must have snapshots at the same epochs; histories[0] has "
                f"{len(epochs[0])} up to epoch {epochs[0][-1]}, histories[{index}] has "
                f"{len(these)} up to epoch {these[-1]}"
            )
    return histories


def _network(history):
    return history.snapshots[0][1]


def _check_titles(titles, histories):
    if titles is None:
        return [ACTIVATION_TITLES[_network(h).activation] for h in histories]
    if isinstance(titles, str):
        raise TypeError(f"titles must be a sequence of titles, one per network; got {titles!r}")
    titles = [str(title) for title in titles]
    if len(titles) != len(histories):
        raise ValueError(
            f"titles must name each of the {len(histories)} networks; got {len(titles)} titles"
        )
    return titles


def _figure(n_columns, rows):
    """A figure sized for the panels, with a title over each row.

    Rows are placed by hand rather than by a layout engine, which would run again for every
    frame drawn.
    """
    width = max(MIN_WIDTH, 2 * MARGIN + n_columns * PANEL + (n_columns - 1) * GAP)
    height = HEADER + len(rows) * (ROW_TITLE + PANEL) + MARGIN
    fig = Figure(figsize=(width, height), dpi=DPI)

    for row, unit in enumerate(rows):
        top = height - HEADER - row * (ROW_TITLE + PANEL) - ROW_TITLE
        title = "Output: blue where it predicts 1" if unit is None else unit_title(*unit)
        fig.text(0.5, (top + 0.05) / height, title, ha="center", va="bottom", fontsize=7.5)
    return fig


def _add_panels(fig, column, n_columns, rows, network, limits):
    """Add one network's panels to its column, none for units the network lacks.

    returns the column's panels as (unit, Axes) pairs, unit None for the output
    """
    width, height = fig.get_size_inches()
    span = n_columns * PANEL + (n_columns - 1) * GAP
    left = (width - span) / 2 + column * (PANEL + GAP)
    own_units = set(hidden_units(network))

    panels = []
    for row, unit in enumerate(rows):
        if unit is not None and unit not in own_units:
            continue
        bottom = height - HEADER - (row + 1) * (ROW_TITLE + PANEL)
        ax = fig.add_axes((left / width, bottom / height, PANEL / width, PANEL / height))
        ax.set(xlim=limits[0], ylim=limits[1], xticks=[], yticks=[])
        ax.set_autoscale_on(False)
        panels.append((unit, ax))
    return panels


def _decorate_column(panels, title, X, y):
    """The parts that stay the same in every frame: the data and the column's title."""
    for _, ax in panels:
        plot_points(X, y, ax=ax, alpha=POINT_ALPHA, s=POINT_SIZE, linewidths=0.3, labels=False)
    panels[0][1].annotate(
        title, xy=(0.5, 1), xycoords="axes fraction", xytext=(0, ROW_TITLE * 72 + 14),
        textcoords="offset points", ha="center", va="bottom", fontsize=10, fontweight="bold",
    )


# Frames ---------------------------------------------------------------------------------------


def _accuracy_at(history, epoch):
    return history.accuracy[np.searchsorted(history.epochs, epoch)]


def _draw_frame(panels, epoch, network, accuracy, grid):
    """Draw one network's regions at one snapshot, with the epoch and accuracy above them."""
    output, hidden = regions(network, grid)
    for unit, ax in panels:
        draw_region(ax, output if unit is None else hidden[unit], grid.extent)

    output_ax = panels[0][1]
    if not network.hidden_sizes:
        plot_decision_line(output_ax, network)
    output_ax.annotate(
        f"Epoch {epoch}, accuracy {accuracy:.1%}", xy=(0.5, 1), xycoords="axes fraction",
        xytext=(0, ROW_TITLE * 72 + 2), textcoords="offset points", ha="center", va="bottom",
        fontsize=7,
    )


# Rendering ------------------------------------------------------------------------------------


@dataclass
class Rendering:
    """An animation drawn once, in two layers.

    frames : one RGB image per frame, drawn without the unchanging parts
    overlay : an RGBA image of the unchanging parts on a transparent background
    interval : milliseconds per frame
    """

    frames: list
    overlay: Image.Image
    interval: int

    def composites(self):
        """Each frame with the overlay laid over it, as RGB images."""
        return [
            Image.alpha_composite(frame.convert("RGBA"), self.overlay).convert("RGB")
            for frame in self.frames
        ]


def render(animation, progress=False):
    """Draw `animation` once, as a Rendering.

    progress : print the frame being drawn to stderr
    """
    frame_artists = list(animation.new_frame_seq())
    fig = frame_artists[0][0].figure
    changing = {artist for frame in frame_artists for artist in frame}
    unchanging = [artist for artist in _drawn_parts(fig) if artist not in changing]
    visible = {artist: artist.get_visible() for artist in (*changing, *unchanging)}

    try:
        for artist in changing:
            artist.set_visible(False)
        overlay = _draw(fig, transparent=True)

        for artist in unchanging:
            artist.set_visible(False)
        collector = _FrameCollector()
        callback = _progress_printer(len(frame_artists)) if progress else None
        # The collector keeps the frames in memory; `save` requires a file name it never uses.
        animation.save("frames", writer=collector, progress_callback=callback)
    finally:
        for artist, was_visible in visible.items():
            artist.set_visible(was_visible)

    return Rendering(collector.frames, overlay, _interval(animation))


def _drawn_parts(fig):
    """Every artist of the figure, and of each of its Axes, except their backgrounds."""
    parts = []
    for child in fig.get_children():
        if isinstance(child, Axes):
            parts += [part for part in child.get_children() if part is not child.patch]
        elif child is not fig.patch:
            parts.append(child)
    return parts


def _draw(fig, transparent=False):
    """The figure drawn as an RGBA image."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=fig.dpi, transparent=transparent)
    size = _pixel_size(fig)
    return Image.frombuffer("RGBA", size, buffer.getbuffer(), "raw", "RGBA", 0, 1).copy()


def _pixel_size(fig):
    # The size of matplotlib's Agg canvas, which truncates the figure's size in pixels.
    return int(fig.bbox.width), int(fig.bbox.height)


class _FrameCollector(AbstractMovieWriter):
    """A movie writer that keeps each frame as an RGB image instead of writing a file."""

    def setup(self, fig, outfile, dpi=None):
        super().setup(fig, outfile, dpi=dpi)
        self.frames = []

    def grab_frame(self, **savefig_kwargs):
        self.frames.append(_draw(self.fig).convert("RGB"))

    def finish(self):
        pass


def _progress_printer(n_frames):
    """A progress callback that prints "Drawing frame k/n" to stderr.

    On a terminal each line overwrites the last; in a log, each frame gets a line of its own.
    """
    overwrite = sys.stderr.isatty()

    def report(frame, _):
        start = "\r" if overwrite else ""
        end = "\n" if frame + 1 == n_frames or not overwrite else ""
        print(f"{start}Drawing frame {frame + 1}/{n_frames}", end=end, file=sys.stderr, flush=True)

    return report


def _interval(animation):
    # matplotlib keeps the frame interval only in this attribute; its own to_jshtml reads it.
    return getattr(animation, "_interval", INTERVAL_MS)


# Encoding -------------------------------------------------------------------------------------


def _paletted(frames, n_colours):
    """The frames in one shared palette of at most n_colours colours, without dithering.

    The palette is fitted to a few frames spread over the run, so that colours which appear
    only late in training are in it.
    """
    sample = frames[:: max(1, len(frames) // 4)] + frames[-1:]
    width, height = frames[0].size
    strip = Image.new("RGB", (width, height * len(sample)))
    for index, frame in enumerate(sample):
        strip.paste(frame, (0, index * height))
    palette = strip.quantize(n_colours, method=Image.Quantize.MEDIANCUT)
    return [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]


def _gif_bytes(rendering):
    """The rendering as a looping GIF.

    With one palette for every frame, Pillow stores after the first frame only the rectangle
    that changed.
    """
    frames = _paletted(rendering.composites(), PALETTE_COLOURS)
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:],
                   duration=rendering.interval, loop=0)
    return buffer.getvalue()


def _png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _overlay_png(overlay):
    """The overlay as a paletted PNG with transparency, a fraction of the size of RGBA."""
    return _png_bytes(overlay.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE))


def _data_uri(data, mime_type):
    return f"data:{mime_type};base64," + base64.b64encode(data).decode("ascii")


class _PlayerWriter(HTMLWriter):
    """matplotlib's JavaScript player, the one `to_jshtml` makes, for frames already drawn.

    HTMLWriter would draw each frame again and store it as an RGBA PNG; this one takes PNG
    files as they are, paletted ones a quarter of that size. It relies on HTMLWriter keeping
    its base64 frames in `_saved_frames`, as it has since matplotlib 3.0.
    """

    def add_png(self, png):
        self._saved_frames.append(base64.encodebytes(png).decode("ascii"))


def _player_html(rendering, key):
    """The player's HTML for the rendering's frames, its element ids derived from key."""
    width, height = rendering.frames[0].size
    # Half a pixel of slack keeps float rounding from cutting the figure a pixel short.
    fig = Figure(figsize=((width + 0.5) / DPI, (height + 0.5) / DPI), dpi=DPI)
    writer = _PlayerWriter(fps=1000 / rendering.interval, embed_frames=True, default_mode="loop")

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "player.html")
        writer.setup(fig, path)
        for frame in _paletted(rendering.frames, PALETTE_COLOURS):
            writer.add_png(_png_bytes(frame))
        writer.finish()
        html = path.read_text(encoding="utf-8")

    # The player names its elements with a random id; a fixed one keeps the HTML reproducible.
    random_id = re.search(r'id="_anim_img(\w+)"', html)
    return html.replace(random_id.group(1), key) if random_id else html
