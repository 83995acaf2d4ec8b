"""The notebooks on Colab: the setup cell that opens every notebook, run as Colab would run it.

Colab has its own Python, NumPy and Matplotlib, but neither celluloid nor mlbasics, and none of
the data in data/. The first code cell of every notebook is `links.colab_setup_cell()`: on Colab
it clones the repository, installs it with its dependency ranges and puts it on sys.path.

Here Colab is simulated: a fresh virtual environment sees the packages of the current one,
except celluloid and mlbasics, as Colab's preinstalled ones; a stand-in `google.colab` module
is imported first, as Colab's kernel does; and the cell, built with a local repository in
place of the public one, clones a snapshot of this working tree. Only celluloid, and the build
tools of the editable install, come from the package index. Afterwards every import of the
notebooks and `mlbasics.datasets.load("xor")` must work. Outside Colab the same cell must do
nothing and print nothing.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

from mlbasics import links

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# What Colab lacks, and what a snapshot of the working tree leaves out.
NOT_ON_COLAB = ("celluloid", "mlbasics", "__editable__", "_mlbasics")
NOT_IN_SNAPSHOT = (".git", ".venv", "venv", "__pycache__", "*.egg-info", "build",
                   "test-artifacts", ".ipynb_checkpoints")
BASE_IMPORTS = ["import mlbasics", "import mlbasics.datasets", "import celluloid"]
INSTALL_SECONDS = 600


def notebook_cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def cell_source(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def code_cells(path):
    return [cell_source(cell) for cell in notebook_cells(path) if cell["cell_type"] == "code"]


def notebook_imports():
    """Every top-level import statement of the notebooks' code cells, but the setup cell's."""
    statements = list(BASE_IMPORTS)
    for path in NOTEBOOKS:
        for source in code_cells(path):
            if "google.colab" in source:
                continue
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue  # IPython syntax (magics); such a cell imports nothing here
            for node in tree.body:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    statements.append(ast.unparse(node))
    return list(dict.fromkeys(statements))


def run(command, **options):
    result = subprocess.run(command, capture_output=True, text=True, **options)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))[:200]} failed with code {result.returncode}:\n"
        f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result


# The setup cell in the notebooks ---------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_first_code_cell_is_the_setup_cell(notebook):
    cells = code_cells(notebook)
    assert cells, f"{notebook.name} has no code cell"
    assert cells[0] == links.colab_setup_cell(), (
        f"{notebook.name}: the first code cell must be exactly links.colab_setup_cell()")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_colab_badge_opens_this_notebook(notebook):
    markdown = [cell_source(cell) for cell in notebook_cells(notebook)
                if cell["cell_type"] == "markdown"]
    assert markdown and links.colab_badge(notebook.name) in markdown[0].splitlines()[0], (
        f"{notebook.name}: the first line of its first markdown cell has no Colab badge for it")
    mentions = sum(text.count("colab.research.google.com") for text in markdown)
    assert mentions == links.notebook_badges(notebook.name).count("colab.research.google.com"), (
        f"{notebook.name} links to Colab somewhere besides its badge")


def test_setup_cell_does_nothing_outside_colab(tmp_path):
    """The cell, run in a plain Python with a `git` on PATH that would leave a trace if called,
    prints nothing, calls nothing and leaves sys.path and the folder as they were."""
    trace = tmp_path / "git-was-called"
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "git").write_text(f"#!/bin/sh\ntouch {trace}\n")
    (fake_bin / "git").chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()

    script = textwrap.dedent(f"""\
        import sys
        before = list(sys.path), set(sys.modules)
        exec(compile({links.colab_setup_cell()!r}, "<setup cell>", "exec"), {{}})
        assert sys.path == before[0], "the cell changed sys.path"
        assert "google.colab" not in sys.modules
        assert "subprocess" in before[1] or "subprocess" not in sys.modules, "it ran a command"
        """)
    env = dict(os.environ, PATH=f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([sys.executable, "-c", script], cwd=work, env=env,
                            capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert not trace.exists(), "the cell ran git outside Colab"
    assert list(work.iterdir()) == []


# The setup cell on a simulated Colab -----------------------------------------------------------


def snapshot_repository(destination):
    """A git repository with one commit of this working tree, as the public one would hold it.

    The clone in the setup cell sees what `git add` of the working tree would commit, so the
    test checks the files as they are, committed or not; .gitignore decides what goes in.
    """
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(*NOT_IN_SNAPSHOT))
    git = ["git", "-c", "user.name=mlbasics tests", "-c", "user.email=tests@localhost",
           "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false"]
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    run([*git, "init", "--quiet", f"--initial-branch={links.BRANCH}"], cwd=destination, env=env)
    run([*git, "add", "--all"], cwd=destination, env=env)
    run([*git, "commit", "--quiet", "--message", "snapshot"], cwd=destination, env=env)
    return destination.as_uri()


def colab_like_environment(destination):
    """A new virtual environment whose preinstalled packages are the current environment's,
    less celluloid and mlbasics; returns its python.

    The packages are linked, not copied, into a folder that a .pth file puts on the new
    environment's path, so that pip sees them as installed and adds only what is missing, into
    the new environment itself.
    """
    preinstalled = destination / "preinstalled"
    preinstalled.mkdir(parents=True)
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for entry in site_packages.iterdir():
        if entry.name.endswith(".pth") or entry.name.startswith(NOT_ON_COLAB):
            continue
        (preinstalled / entry.name).symlink_to(entry)

    environment = destination / "venv"
    venv.EnvBuilder(symlinks=True, with_pip=False).create(environment)
    python = environment / "bin" / "python"
    own_site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    Path(own_site.stdout.strip(), "colab-preinstalled.pth").write_text(f"{preinstalled}\n")
    return python


COLAB_SESSION = '''\
import importlib.util
import json
import sys
import types

# Colab's kernel imports google.colab before the first cell runs.
sys.modules["google.colab"] = types.ModuleType("google.colab")
missing_before = [name for name in ("mlbasics", "celluloid")
                  if importlib.util.find_spec(name) is None]

setup_cell = {setup_cell!r}
for attempt in range(2):  # a reader runs the first cell again after restarting the runtime
    exec(compile(setup_cell, "<setup cell>", "exec"), {{"__name__": "__main__"}})

{imports}
import mlbasics.datasets
X, y = mlbasics.datasets.load("xor")
print(json.dumps({{
    "missing_before": missing_before,
    "mlbasics": mlbasics.__file__,
    "xor_path": str(mlbasics.datasets.XOR_PATH),
    "X": list(X.shape), "y": list(y.shape), "labels": sorted(set(y.tolist())),
}}))
'''


@pytest.mark.skipif(shutil.which("git") is None, reason="the setup cell needs git to clone")
def test_setup_cell_installs_mlbasics_on_simulated_colab(tmp_path):
    clone_url = snapshot_repository(tmp_path / "origin")
    python = colab_like_environment(tmp_path / "colab")
    checkout = tmp_path / "content" / "mlbasics"
    imports = notebook_imports()
    session = COLAB_SESSION.format(
        setup_cell=links.colab_setup_cell(clone_url=clone_url, checkout=str(checkout)),
        imports="\n".join(imports),
    )

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_"))}
    env.update(MPLBACKEND="Agg", PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = run([python, "-c", session], cwd=tmp_path, env=env, timeout=INSTALL_SECONDS)
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["missing_before"] == ["mlbasics", "celluloid"], (
        "the simulated Colab must start without mlbasics and celluloid")
    assert Path(report["mlbasics"]).is_relative_to(checkout), report["mlbasics"]
    assert Path(report["xor_path"]).is_relative_to(checkout), report["xor_path"]
    assert report["X"] == [400, 2] and report["y"] == [400] and report["labels"] == [0, 1]

    installed = run([python, "-m", "pip", "list", "--format=json", "--path",
                     run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                                        "['purelib'])"]).stdout.strip()], env=env)
    added = sorted(package["name"].lower() for package in json.loads(installed.stdout))
    assert added == ["celluloid", "mlbasics"], (
        f"on Colab the cell must add only celluloid and mlbasics; it added {added}")
