"""The notebooks as a reader sees them in a browser: in JupyterLab, and as a code host shows them.

JupyterLab: a server on a free localhost port, with every Jupyter folder it would write to in a
temporary directory, serves a copy of the notebooks and the data. Headless Chromium opens each
notebook, clears its outputs and runs it from the Run menu, as a reader would. No cell may show
an error, a warning or anything on stderr, and every animation must show its player, which must
move to another picture when its "Next frame" button is pressed.

Static view: a code host shows a committed notebook without a kernel and without JavaScript.
`jupyter nbconvert --to html` renders each committed notebook, and Chromium opens the page with
JavaScript off: every animation must be on screen as an animated GIF of more than one frame, no
player button may be left on the page without the script that drives it, and no output may be
an object repr or a warning.

A screenshot of each notebook's first animation, in both views, goes to test-artifacts/browser/,
with the time each notebook took in JupyterLab. With MLBASICS_REFRESH_SCREENSHOTS=1 the tests
also write smaller copies of them to docs/screenshots/; otherwise they change
nothing in the repository. Without Chromium, the tests skip and say how to install it.
"""

import base64
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SCREENSHOTS = ROOT / "docs" / "screenshots"
REFRESH_SCREENSHOTS = os.environ.get("MLBASICS_REFRESH_SCREENSHOTS") == "1"
SCREENSHOT_WIDTH = 480

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
# Playwright starts Chromium without its sandbox, as root needs; these flags keep it from
# reaching for a network that is not there when it starts.
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

SERVER_START_SECONDS = 120
NOTEBOOK_RUN_SECONDS = 1200
ANIMATION_CALL = re.compile(r"\bshow_animation\(")
OBJECT_REPR = re.compile(r"<Figure size|<\w[\w.]* object at 0x|\bat 0x[0-9a-fA-F]{6,}")
WARNING_TEXT = re.compile(r"\b\w*Warning\b:")

# The JupyterLab settings of a reader who wants no distractions: every cell kept in the page
# (JupyterLab otherwise leaves cells out of the page while they are scrolled out of view), and
# no news, update or extension-manager requests to a network that is not there.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def notebook_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def cell_source(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def code_sources(path):
    cells = notebook_json(path)["cells"]
    return [cell_source(cell) for cell in cells if cell["cell_type"] == "code"]


def animation_count(path):
    """How many animations the notebook displays: one per `show_animation(...)` call."""
    return sum(len(ANIMATION_CALL.findall(source)) for source in code_sources(path))


def gif_frame_count(data_uri):
    data = base64.b64decode(data_uri.split(",", 1)[1])
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "GIF", f"the image is {image.format}, not a GIF"
        return getattr(image, "n_frames", 1)


def save_screenshot(element, page, name):
    """Screenshot `element` whole into test-artifacts/browser/name; returns the path.

    The viewport grows to the element's height first, so that a tall animation is not cut.
    """
    viewport = page.viewport_size
    height = int(element.bounding_box()["height"]) + 120
    page.set_viewport_size({"width": viewport["width"],
                            "height": min(4000, max(viewport["height"], height))})
    element.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    element.screenshot(path=path)
    page.set_viewport_size(viewport)
    return path


def refresh_docs_screenshot(path, name):
    """Write a smaller copy of a screenshot to docs/screenshots/ (only when asked)."""
    if not REFRESH_SCREENSHOTS:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as image:
        image = image.convert("RGB")
        scale = min(1.0, SCREENSHOT_WIDTH / image.width)
        small = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.Resampling.LANCZOS)
        small.quantize(64, method=Image.Quantize.MEDIANCUT).save(SCREENSHOTS / name,
                                                                 optimize=True)


@pytest.fixture(scope="module")
def run_times():
    """Seconds each notebook took to open and run in JupyterLab, written out at the end."""
    times = {}
    yield times
    if times:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        lines = [f"{name}\t{seconds:.1f} s\n" for name, seconds in times.items()]
        (ARTIFACTS / "jupyterlab-times.txt").write_text("".join(lines), encoding="utf-8")


# Browser ---------------------------------------------------------------------------------------


def find_chromium():
    configured = os.environ.get("MLBASICS_CHROMIUM")
    for candidate in ([configured] if configured else []) + list(CHROMIUM_CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, driven by Playwright; closed whatever happens."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found: install it (apt-get install chromium) or set "
                    "MLBASICS_CHROMIUM to its path to run the browser tests")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page_errors():
    """Uncaught script errors of the pages a test opens, as text."""
    return []


def new_page(browser, page_errors, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.set_default_timeout(60_000)
    return context, page


# JupyterLab ------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_lab_settings(settings_dir):
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.rsplit(":", 1)
        path = settings_dir / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def wait_for_server(process, url, log_path):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"JupyterLab exited with code {process.returncode}:\n{log[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer at {url} within {SERVER_START_SECONDS} s")


def stop_server(process):
    """Stop the server and the kernels it started: they share its process group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server serving a copy of notebooks/ and data/; returns (url, token, root).

    Its configuration, data, runtime, settings and workspace folders, and IPython's, are all in
    a temporary directory, so nothing is written to the reader's own Jupyter folders; the kernel
    is the current environment's, found through JUPYTER_PATH.
    """
    base = tmp_path_factory.mktemp("jupyterlab")
    served = base / "served"
    shutil.copytree(ROOT / "notebooks", served / "notebooks")
    shutil.copytree(ROOT / "data", served / "data")
    settings = base / "lab-settings"
    write_lab_settings(settings)

    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
        IPYTHONDIR=str(base / "ipython"),
    )
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
        "--ServerApp.allow_root=True", f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log_path = base / "server.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, env=env, cwd=served, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_server(process, f"{url}/api/status?token={token}", log_path)
        yield url, token, served
    finally:
        stop_server(process)


NOTEBOOK_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
PROMPTS_JS = f"""() => [...document.querySelectorAll(
    '{NOTEBOOK_PANEL} .jp-CodeCell .jp-InputArea-prompt')].map(p => p.innerText.trim())"""
KERNEL_IDLE_JS = """() => /\\| Idle\\b/.test(
    document.querySelector('#jp-main-statusbar')?.innerText || '')"""


def choose_from_menu(page, menu, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


def wait_for_prompts(page, pattern, indices, timeout):
    """Wait until the input prompt of every code cell in `indices` matches `pattern`, or until
    a cell shows an error, after which Run All Cells runs no further cell."""
    page.wait_for_function(
        f"""([indices, pattern]) => {{
            const prompts = ({PROMPTS_JS})();
            const failed = document.querySelector(
                '{NOTEBOOK_PANEL} [data-mime-type="application/vnd.jupyter.error"]');
            return failed !== null || (prompts.length > Math.max(-1, ...indices)
                && indices.every(i => new RegExp(pattern).test(prompts[i])));
        }}""",
        arg=[indices, pattern], timeout=timeout * 1000, polling=500,
    )


def open_and_run(page, url, token, notebook):
    """Open a notebook in JupyterLab, clear its outputs and run all cells from the Run menu."""
    cells = notebook_json(notebook)["cells"]
    sources = code_sources(notebook)
    # JupyterLab does not send a cell with no code to the kernel, so it gets no count.
    runnable = [index for index, source in enumerate(sources) if source.strip()]

    page.goto(f"{url}/lab/tree/notebooks/{notebook.name}?token={token}")
    page.wait_for_function(
        f"n => document.querySelectorAll('{NOTEBOOK_PANEL} .jp-Cell').length === n",
        arg=len(cells))
    page.wait_for_function(KERNEL_IDLE_JS)

    choose_from_menu(page, "Edit", "Clear Outputs of All Cells")
    wait_for_prompts(page, r"^\[ \]:$", runnable, 60)
    choose_from_menu(page, "Run", "Run All Cells")
    wait_for_prompts(page, r"^\[\d+\]:$", runnable, NOTEBOOK_RUN_SECONDS)
    page.wait_for_function(KERNEL_IDLE_JS)
    return [page.evaluate(PROMPTS_JS)[index] for index in runnable]


def output_problems(page, scope):
    """Every stderr or error output in `scope`, and every output that is a repr or a warning."""
    outputs = page.evaluate(
        f"""() => [...document.querySelectorAll('{scope} .jp-OutputArea-output')].map(o => [
            o.getAttribute('data-mime-type') || '', o.innerText])""")
    problems = []
    for mime_type, text in outputs:
        if mime_type in ("application/vnd.jupyter.stderr", "application/vnd.jupyter.error"):
            problems.append(f"{mime_type}: {text[:500]}")
        elif OBJECT_REPR.search(text) or WARNING_TEXT.search(text):
            problems.append(f"{mime_type} output: {text[:500]}")
    return problems


def check_players(page, expected):
    """Each animation shows its player in place of the GIF, and Next frame changes the picture.

    returns the first animation's element, or None when the notebook has none
    """
    animations = page.locator(f"{NOTEBOOK_PANEL} [id^='mlbasics-animation-']")
    assert animations.count() == expected, (
        f"{expected} animations displayed in the code, {animations.count()} on the page")

    for index in range(expected):
        animation = animations.nth(index)
        animation.scroll_into_view_if_needed()
        assert not animation.locator("img[id^='mlbasics-gif-']").is_visible(), (
            f"animation {index + 1}: the GIF is still shown beside the player")
        picture = animation.locator(".animation img[id^='_anim_img']")
        assert picture.is_visible(), f"animation {index + 1}: the player is not on screen"

        before = picture.get_attribute("src")
        assert before and before.startswith("data:image/"), f"animation {index + 1}: no frame"
        animation.get_by_role("button", name="Next frame").click()
        after = picture.get_attribute("src")
        assert after != before, f"animation {index + 1}: Next frame left the picture as it was"
    return animations.first if expected else None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs_cleanly_in_jupyterlab(browser, jupyterlab, page_errors, run_times,
                                             notebook):
    url, token, served = jupyterlab
    # The served copy is what the page shows, even if the notebook is edited meanwhile.
    notebook = served / "notebooks" / notebook.name
    context, page = new_page(browser, page_errors)
    try:
        start = time.monotonic()
        prompts = open_and_run(page, url, token, notebook)
        seconds = time.monotonic() - start
        run_times[notebook.name] = seconds
        print(f"{notebook.name}: opened and ran in JupyterLab in {seconds:.1f} s")

        problems = output_problems(page, NOTEBOOK_PANEL)
        assert not problems, "\n".join(problems)
        assert prompts == [f"[{count}]:" for count in range(1, len(prompts) + 1)], prompts
        first = check_players(page, animation_count(notebook))
        if first is not None:
            first.get_by_role("button", name="First frame").click()
            player = first.locator(".animation")
            shot = save_screenshot(player, page, f"{notebook.stem}-jupyterlab.png")
            refresh_docs_screenshot(shot, shot.name)
        assert not page_errors, "script errors on the page:\n" + "\n".join(page_errors)
    finally:
        context.close()


# Static view -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_pages(tmp_path_factory):
    """A copy of the committed notebooks, each beside its HTML from one nbconvert run."""
    out = tmp_path_factory.mktemp("static")
    copies = [Path(shutil.copy(path, out)) for path in NOTEBOOKS]
    if copies:
        result = subprocess.run(
            [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", *map(str, copies)],
            capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_static_view_shows_every_animation(browser, static_pages, page_errors, notebook):
    notebook = static_pages / notebook.name
    html = notebook.with_suffix(".html")
    context, page = new_page(browser, page_errors, java_script_enabled=False)
    try:
        page.goto(html.as_uri())
        gifs = page.locator(".jp-OutputArea-output img[src^='data:image/gif']")
        if gifs.count():
            # Taken at once, while the GIF still shows its first frame.
            shot = save_screenshot(gifs.first, page, f"{notebook.stem}-static.png")
            refresh_docs_screenshot(shot, shot.name)

        problems = output_problems(page, "")
        assert not problems, "\n".join(problems)
        assert page.locator(".jp-OutputArea-output button").count() == 0, (
            "a player's buttons are on the page, but without JavaScript they do nothing")

        assert gifs.count() == animation_count(notebook), (
            f"{animation_count(notebook)} animations displayed in the code, {gifs.count()} GIFs")
        for index in range(gifs.count()):
            gif = gifs.nth(index)
            box = gif.bounding_box()
            assert gif.is_visible() and box and box["width"] > 0 and box["height"] > 0, (
                f"animation {index + 1} is not on screen without JavaScript")
            frames = gif_frame_count(gif.get_attribute("src"))
            assert frames > 1, f"animation {index + 1} is a GIF of {frames} frame"
    finally:
        context.close()
