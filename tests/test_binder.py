"""The notebooks on Binder: what repo2docker, which builds Binder's image, needs to find.

repo2docker picks one way to build from the files at the repository's root. An environment.yml
makes it install that conda environment and ignore requirements.txt, which is why the two name
the same pins (tests/test_environment.py compares them). From environment.yml it takes the
Python version only when written `python=X.Y`; a pip section with a local requirement such as
`-e .` makes it install the environment after the repository is copied in, from the root, so
that `.` is this repository and mlbasics, with the data beside it, is importable in every
kernel. A Dockerfile, a binder/ or .binder/ folder, a runtime.txt or a Pipfile would each change
or replace that build, so none may be there.

environment.yml is read line by line, in the same simple form that tests/test_environment.py
reads, rather than with a YAML parser, which would be one more package to pin.
"""

import json
import re
import sys
import tomllib
from itertools import takewhile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from mlbasics import links

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ENVIRONMENT = ROOT / "environment.yml"
# Addresses of the repository, Binder and Colab: the README may link to them only as built.
PUBLIC_HOSTS = (f"github.com/{links.OWNER}", "mybinder.org", "colab.research.google.com")

# repo2docker's own pattern for the Python version in environment.yml, and the versions for
# which it has a base environment.
REPO2DOCKER_PYTHON = re.compile(r"python\s*=+\s*([\d\.]*)")
REPO2DOCKER_PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
# Files that make repo2docker build another way, or that it would read instead.
OTHER_BUILD_FILES = ("Dockerfile", "binder", ".binder", "runtime.txt", "Pipfile",
                     "Pipfile.lock", "environment.yaml", "install.R", "Project.toml",
                     "default.nix")


def indent(line):
    return len(line) - len(line.lstrip())


def environment():
    """(conda dependencies, pip section) of environment.yml, each a list of strings."""
    lines = [line.rstrip() for line in ENVIRONMENT.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "dependencies:" in lines, "environment.yml has no top-level dependencies: list"
    body = list(takewhile(lambda line: line[0].isspace(),
                          lines[lines.index("dependencies:") + 1:]))
    assert body, "environment.yml lists no dependencies"

    conda, pip, in_pip = [], [], False
    for line in body:
        entry = line.strip().removeprefix("- ").strip()
        if indent(line) == indent(body[0]):
            in_pip = entry == "pip:"
            if not in_pip:
                conda.append(entry)
        else:
            assert in_pip, f"environment.yml: {line.strip()!r} is nested under no pip section"
            pip.append(entry)
    return conda, pip


def test_nothing_makes_binder_build_another_way():
    present = [name for name in OTHER_BUILD_FILES if (ROOT / name).exists()]
    assert not present, f"these would change or replace Binder's build: {', '.join(present)}"
    assert ENVIRONMENT.is_file()


def test_binder_gets_the_python_of_the_pinned_environment():
    conda, _ = environment()
    versions = [match[1] for item in conda if (match := REPO2DOCKER_PYTHON.fullmatch(item))]
    assert len(versions) == 1, f"environment.yml must pin python=X.Y exactly once; got {conda}"
    version = versions[0]
    assert re.fullmatch(r"3\.\d+", version), f"python={version}: give major.minor, as 3.11"
    assert version in REPO2DOCKER_PYTHONS, f"repo2docker has no base environment for {version}"

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = re.fullmatch(r">=\s*3\.(\d+)", requires)
    assert minimum and int(version.split(".")[1]) >= int(minimum[1]), (version, requires)
    # The pins, and the committed outputs, come from the Python the tests run under.
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert version == running, (
        f"environment.yml gives Binder Python {version}, but the pinned environment is Python "
        f"{running}")


def test_binder_installs_mlbasics_with_pip_from_the_repository():
    conda, pip = environment()
    assert "pip" in conda, "list pip among the conda dependencies, so that conda provides it"
    assert pip, "environment.yml has no pip section"
    # A local requirement makes repo2docker install the environment after copying the
    # repository, from its root: so `-e .` is this repository, with data/ beside the package.
    assert "-e ." in pip, "the pip section must install mlbasics itself with `-e .`"
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[\w.]+|-e \.", entry) for entry in pip), pip
    assert not [item for item in conda if re.match(r"(numpy|matplotlib|mlbasics)\b", item)], (
        "the pinned packages come from pip only, as in requirements.txt")


def test_readme_carries_the_binder_badge():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert links.readme_badges() in readme


def built_urls():
    """Every public address that links.py builds, for the folder and for each notebook."""
    urls = {links.REPOSITORY_URL, links.CLONE_URL, links.BINDER_BADGE_IMAGE,
            links.COLAB_BADGE_IMAGE, links.view_url(), links.binder_url()}
    for path in NOTEBOOKS:
        urls |= {links.view_url(path.name), links.binder_url(path.name),
                 links.colab_url(path.name)}
    return urls


def test_readme_links_come_from_links_py():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    urls = re.findall(r"https?://[^\s)\]>\"'`]+", readme)
    public = [url for url in urls if any(host in url for host in PUBLIC_HOSTS)]
    stray = sorted(set(public) - built_urls())
    assert not stray, f"README links that links.py does not build: {', '.join(stray)}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_opens_with_its_badges(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert cells and cells[0]["cell_type"] == "markdown", f"{notebook.name}: no markdown first"
    source = "".join(cells[0]["source"])
    assert source.splitlines()[0] == links.notebook_badges(notebook.name), (
        f"{notebook.name}: the first line must be links.notebook_badges({notebook.name!r})")
    assert links.binder_badge(notebook.name) in source
    everywhere = json.dumps([cell["source"] for cell in cells if cell["cell_type"] == "markdown"])
    assert everywhere.count("mybinder.org") == links.notebook_badges(notebook.name).count(
        "mybinder.org"), f"{notebook.name} links to Binder somewhere besides its badge"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_binder_link_opens_this_notebook(notebook):
    url = urlparse(links.binder_url(notebook.name))
    assert url.path == f"/v2/gh/{links.REPOSITORY}/{links.BRANCH}"
    (labpath,) = parse_qs(url.query)["labpath"]
    assert (ROOT / labpath).resolve() == notebook.resolve()
