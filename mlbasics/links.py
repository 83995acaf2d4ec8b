"""The series' public address, and every link, badge and install line built from it.

The repository lives at https://github.com/mlbasics/mlbasics, branch main. Binder and Colab read
the notebooks from there, so the README's badges, the badges at the top of every notebook and the
Colab setup cell (the first code cell of every notebook) are all built here and nowhere else.
"""

from pathlib import PurePosixPath
from urllib.parse import quote

OWNER = "mlbasics"
NAME = "mlbasics"
BRANCH = "main"
REPOSITORY = f"{OWNER}/{NAME}"
REPOSITORY_URL = f"https://github.com/{REPOSITORY}"
CLONE_URL = f"{REPOSITORY_URL}.git"
NOTEBOOK_DIR = "notebooks"

BINDER_BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

# Where the setup cell puts the repository on Colab: /content is Colab's working folder.
COLAB_CHECKOUT = "/content/mlbasics"

SETUP_CELL_TEMPLATE = '''\
# On Colab, fetch mlbasics and its data and install what Colab lacks; elsewhere, do nothing.
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    checkout = "{checkout}"
    if not os.path.isdir(checkout):
        subprocess.run(["git", "clone", "--quiet", "--depth=1", "--branch={branch}",
                        "{clone_url}", checkout], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", checkout], check=True)
    sys.path.insert(0, checkout)'''


def notebook_path(notebook):
    """The path of a notebook inside the repository, from its file name or any path to it.

    >>> notebook_path("01_a_single_neuron.ipynb")
    'notebooks/01_a_single_neuron.ipynb'
    """
    name = PurePosixPath(str(notebook).replace("\\", "/")).name
    if not name.endswith(".ipynb"):
        raise ValueError(f"notebook must name an .ipynb file; got {notebook!r}")
    return f"{NOTEBOOK_DIR}/{name}"


def view_url(notebook=None):
    """The code host's page for a notebook, or for the notebooks folder if None: the committed
    notebook with its outputs, shown without a kernel."""
    if notebook is None:
        return f"{REPOSITORY_URL}/tree/{BRANCH}/{NOTEBOOK_DIR}"
    return f"{REPOSITORY_URL}/blob/{BRANCH}/{notebook_path(notebook)}"


def binder_url(notebook=None):
    """The Binder link that opens JupyterLab at a notebook, or at the notebooks folder if None."""
    target = NOTEBOOK_DIR if notebook is None else notebook_path(notebook)
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?labpath={quote(target, safe='')}"


def colab_url(notebook):
    """The link that opens a notebook, as committed on the main branch, in Colab."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/" + (
        notebook_path(notebook)
    )


def binder_badge(notebook=None):
    """The Markdown "launch binder" badge for a notebook, or for the notebooks folder if None."""
    return f"[![Launch on Binder]({BINDER_BADGE_IMAGE})]({binder_url(notebook)})"


def colab_badge(notebook):
    """The Markdown "Open In Colab" badge for a notebook."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(notebook)})"


def notebook_badges(notebook):
    """The first line of a notebook's first cell: its Binder and Colab badges."""
    return f"{binder_badge(notebook)} {colab_badge(notebook)}"


def readme_badges():
    """The badges under the README's title: Binder, opened at the notebooks folder."""
    return binder_badge()


def colab_setup_cell(clone_url=CLONE_URL, checkout=COLAB_CHECKOUT):
    """The source of every notebook's first code cell.

    On Colab it clones the repository (the data in data/ comes with it), installs it editable
    with the dependency ranges of pyproject.toml, not the pins of requirements.txt, so that
    Colab keeps its own NumPy and Matplotlib and gains only what it lacks (celluloid), and puts
    the checkout on sys.path, since an editable install reaches only kernels started after it.
    Anywhere else it does nothing and prints nothing.

    clone_url, checkout : where to clone from and to; the defaults are the public repository
        and Colab's working folder, and the tests pass a local repository and a temporary folder
    """
    return SETUP_CELL_TEMPLATE.format(clone_url=clone_url, checkout=checkout, branch=BRANCH)
