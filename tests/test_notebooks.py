"""The committed notebooks: run top to bottom, light, and compared by nbval in full.

nbval compares every output of every cell, with one exception: a cell that displays an
animation (a cell whose code is a single `show_animation(...)` call) carries the cell tag
`nbval-ignore-output`, because the player's HTML holds random element ids. These tests keep that
rule honest: no other cell may be left out, and no animation cell may be forgotten.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
IGNORE_TAG = "nbval-ignore-output"
ANIMATION_CALL = re.compile(r"^show_animation\(.*\)$", re.DOTALL)
MAX_BYTES = 4_000_000


def code_cells(path):
    notebook = json.loads(path.read_text())
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"]).strip()


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def notebook(request):
    return request.param


def test_the_series_is_there():
    names = [path.name for path in NOTEBOOKS]
    assert names[:4] == [
        "01_a_single_neuron.ipynb",
        "02_a_hidden_layer.ipynb",
        "03_more_hidden_layers.ipynb",
        "04_replace_negatives_with_zeros.ipynb",
    ]


def test_only_animation_cells_are_left_out_of_the_comparison(notebook):
    for cell in code_cells(notebook):
        tags = cell.get("metadata", {}).get("tags", [])
        is_animation = bool(ANIMATION_CALL.match(source(cell)))
        assert (IGNORE_TAG in tags) == is_animation, source(cell)[:80]
        assert "NBVAL" not in source(cell), source(cell)[:80]
        assert not any(tag.startswith("nbval") and tag != IGNORE_TAG for tag in tags)


def test_every_animation_cell_shows_its_animation(notebook):
    for cell in code_cells(notebook):
        if ANIMATION_CALL.match(source(cell)):
            kinds = [output["output_type"] for output in cell["outputs"]]
            assert kinds == ["display_data"], source(cell)[:80]
            assert "image/gif" in json.dumps(cell["outputs"][0]["data"])


def test_ran_top_to_bottom(notebook):
    counts = [cell["execution_count"] for cell in code_cells(notebook) if source(cell)]
    assert counts == list(range(1, len(counts) + 1))


def test_outputs_are_clean(notebook):
    for cell in code_cells(notebook):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", source(cell)[:80]
            assert output.get("name") != "stderr", source(cell)[:80]
            text = json.dumps(output.get("data", {})) + "".join(output.get("text", ""))
            assert not re.search(r"<Figure size|at 0x[0-9a-f]{6,}", text), source(cell)[:80]


def test_is_light(notebook):
    assert notebook.stat().st_size <= MAX_BYTES
