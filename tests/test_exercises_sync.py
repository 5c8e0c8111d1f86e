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


# helpers that have one public home in the library; setup cells must not take them from
# the question modules (tl.doctor_profile, tl.member_profile, tl.retail_value_tiers,
# tl.RETAIL_SERVICE_MODELS, ...)
_LIBRARY_CONCEPTS = {"doctor_table", "tiered_doctors", "last_months", "member_profit",
                     "main_store", "net_spend", "member_clv", "MODELS", "value_tiers",
                     "decile_plan", "next_month", "baseline", "DUE_DAYS", "MONTHS", "SIM_SEED"}


def _setup_cell(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.stem)
def test_setup_cells_use_the_library_and_agree_with_the_question_constants(path):
    """Learner-facing helpers come from public tierlab modules; the settings the setup cell
    spells out (e.g. ``DUE_DAYS = {...}``, ``MONTHS, SIM_SEED = 3, 0``) are the ones the
    checker uses (the question module's constants of the same name)."""
    import ast
    import importlib

    tree = ast.parse(_setup_cell(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "tierlab.exercises.questions"):
            taken = {a.name for a in node.names} & _LIBRARY_CONCEPTS
            assert not taken, f"{path.name}: import {sorted(taken)} from the library instead"
    module = importlib.import_module(f"tierlab.exercises.questions.ex{path.stem}")
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        names = [target] if isinstance(target, ast.Name) else list(getattr(target, "elts", []))
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        values = [value] if isinstance(target, ast.Name) else list(value)
        for name, v in zip(names, values, strict=True):
            if isinstance(name, ast.Name) and name.id.isupper() and hasattr(module, name.id):
                assert getattr(module, name.id) == v, (path.name, name.id)
