"""The pinned environment: requirements.txt and environment.yml agree, and cover every import.

environment.yml is read line by line rather than with a YAML parser, which would itself be an
import to pin; the file is simple enough: one `- name==version` entry per line under `- pip:`.
"""

import ast
import importlib.metadata
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITABLE_SELF = "-e ."


def entries(lines):
    """The lines that are not blank or comments, stripped."""
    stripped = (line.strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("#")]


def requirements_entries():
    return entries((ROOT / "requirements.txt").read_text().splitlines())


def environment_pip_entries():
    """The items of the `- pip:` list in environment.yml: the lines indented below it."""
    lines = [line for line in (ROOT / "environment.yml").read_text().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    indent = len(lines[start]) - len(lines[start].lstrip())

    items = []
    for line in lines[start + 1 :]:
        if len(line) - len(line.lstrip()) <= indent:
            break
        items.append(line.strip().removeprefix("- ").strip())
    return entries(items)


def canonical(name):
    """A distribution's name as pip compares them: lower case, runs of -_. as one '-'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirement_entries):
    """{canonical name: version} for the `name==version` entries; fails on any other form."""
    pinned = {}
    for entry in requirement_entries:
        if entry == EDITABLE_SELF:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9.]*)", entry)
        assert match, f"{entry!r} is not pinned to one version (name==version)"
        pinned[canonical(match[1])] = match[2]
    return pinned


def test_both_files_pin_every_package_to_one_version():
    assert pins(requirements_entries())
    assert pins(environment_pip_entries())


def test_both_files_name_the_same_packages_at_the_same_versions():
    assert pins(requirements_entries()) == pins(environment_pip_entries())


def test_both_files_install_mlbasics_itself():
    assert EDITABLE_SELF in requirements_entries()
    assert EDITABLE_SELF in environment_pip_entries()


def test_the_pinned_versions_are_the_installed_ones():
    # The committed notebook outputs were produced with these versions; a run under others
    # could print different numbers.
    for name, version in pins(requirements_entries()).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{name} is pinned but not installed")
        assert installed == version, f"{name} is pinned at {version} but {installed} is installed"


def version_tuple(version):
    return tuple(int(part) for part in re.findall(r"\d+", version))


def test_the_pins_satisfy_the_package_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = pins(requirements_entries())

    for dependency in project["dependencies"]:
        name, minimum = re.fullmatch(r"([A-Za-z0-9._-]+)>=([0-9.]+)", dependency).groups()
        assert canonical(name) in pinned, f"{name} is a dependency but not pinned"
        assert version_tuple(pinned[canonical(name)]) >= version_tuple(minimum), dependency


def notebook_sources():
    """The code cells of every notebook, with IPython's %magic and !shell lines left out."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                kept = [line for line in lines if not line.lstrip().startswith(("%", "!"))]
                yield path, "\n".join(kept)


def python_sources():
    """Every module of the package and every test file."""
    for path in sorted([*(ROOT / "mlbasics").glob("*.py"), *(ROOT / "tests").glob("*.py")]):
        yield path, path.read_text()


def imported_top_level_modules(source):
    """The top-level names of the absolute imports in `source`: 'sklearn' for sklearn.datasets."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def test_every_imported_module_is_pinned():
    pinned = set(pins(requirements_entries()))
    distributions = importlib.metadata.packages_distributions()
    # The package itself comes from `-e .`, and a test file may import another.
    own = {"mlbasics", *(path.stem for path in (ROOT / "tests").glob("*.py"))}

    unpinned = set()
    for path, source in [*python_sources(), *notebook_sources()]:
        for module in imported_top_level_modules(source) - own - set(sys.stdlib_module_names):
            providers = {canonical(name) for name in distributions.get(module, [])}
            if not providers & pinned:
                unpinned.add(f"{module} (imported by {path.relative_to(ROOT)})")

    assert not unpinned, f"imported but not pinned: {', '.join(sorted(unpinned))}"
