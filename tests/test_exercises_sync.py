"""exercises/*.ipynb must be exactly what ``tierlab build-exercises`` makes of solutions/.

Fails (listing the notebooks) when someone edits an exercise by hand or forgets
to rebuild after changing a solution. Fix with ``tierlab build-exercises``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from tierlab.exercises._build import build, out_of_sync

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path(__file__).resolve().parent / "data" / "exercise_demo"


def test_course_exercises_are_in_sync_with_solutions():
    if not (ROOT / "solutions").is_dir():
        pytest.skip("no solutions/ folder in this checkout")
    stale = out_of_sync(ROOT / "solutions", ROOT / "exercises")
    assert stale == [], (
        f"exercise notebooks out of sync with solutions/: {stale}; "
        "run `tierlab build-exercises` and commit the result")


def test_demo_fixture_is_in_sync():
    assert out_of_sync(DEMO / "solutions", DEMO / "exercises") == []


def test_sync_check_detects_stale_missing_and_orphan_notebooks(tmp_path):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    shutil.copytree(DEMO / "solutions", sol)
    shutil.copytree(DEMO / "exercises", exe)
    assert out_of_sync(sol, exe) == []
    # an exercise edited by hand
    nb = nbformat.read(exe / "demo.ipynb", as_version=4)
    nb.cells[3].source = "answer = 'leaked'"
    nbformat.write(nb, exe / "demo.ipynb")
    assert out_of_sync(sol, exe) == ["demo.ipynb"]
    # a solution changed but not rebuilt
    build(sol, exe)
    nb = nbformat.read(sol / "demo.ipynb", as_version=4)
    nb.cells[0].source += "\nMore words."
    nbformat.write(nb, sol / "demo.ipynb")
    assert out_of_sync(sol, exe) == ["demo.ipynb"]
    # a missing exercise and an exercise without a source
    build(sol, exe)
    shutil.copy(sol / "demo.ipynb", sol / "second.ipynb")
    shutil.copy(exe / "demo.ipynb", exe / "orphan.ipynb")
    report = build(sol, exe, check=True)
    assert report.missing == ["second.ipynb"] and report.orphans == ["orphan.ipynb"]
    assert report.out_of_sync == ["orphan.ipynb", "second.ipynb"]
    assert not (exe / "second.ipynb").exists()  # --check writes nothing


def test_demo_exercise_has_no_solution_left():
    text = (DEMO / "exercises" / "demo.ipynb").read_text()
    assert "SOLUTION" not in text and "abc_table(data" not in text
    assert "For the trainer" not in text  # the solution-tagged cell is gone
    assert text.count("____") >= 8
