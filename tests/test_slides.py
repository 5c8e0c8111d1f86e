"""Slide metadata: the rules of tierlab.slides, and every course notebook carries them."""

from __future__ import annotations

from pathlib import Path

import nbformat
import nbformat.v4 as v4
import pytest

from tierlab.cli import main
from tierlab.slides import HIDE_INPUT, apply_slides, notebook_paths, slide_plan, slide_problems

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _nb():
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# 01 · Title\n\nYou are here"),
        v4.new_code_cell("# Setup — run this cell first\nimport tierlab as tl"),
        v4.new_markdown_cell("## 1. First section\n\nSome text."),
        v4.new_code_cell("table = tl.something()"),
        v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2])", metadata={
            "tags": ["raises-exception"]}),
        v4.new_markdown_cell("**What to notice:** the line goes up."),
        v4.new_markdown_cell("> 💬 **Discussion:** why?"),
        v4.new_markdown_cell("### A sub-topic"),
        v4.new_code_cell("tl.widgets.abc_explorer(doctors)"),
        v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(30))),  # too long to fit
        v4.new_markdown_cell("## Key points\n\n- one"),
    ])


def test_slide_plan_rules():
    plan = slide_plan(_nb())
    kinds = [k for k, _ in plan]
    # heading 3 + table 10 + figure 16 + notice 1 fill the slide (30 units): the prompt
    # moves to a sub-slide; the 30-line cell does not fit under the widget
    assert kinds == ["slide", "skip", "slide", "-", "-", "fragment", "subslide",
                     "subslide", "-", "subslide", "slide"]
    tags = [sorted(t) for _, t in plan]
    assert tags[1] == [HIDE_INPUT] and tags[4] == [HIDE_INPUT]  # setup and figure plumbing
    assert tags[3] == [] and tags[8] == []  # a table and a widget keep their code


def test_apply_is_idempotent_keeps_other_tags_and_copies():
    nb = _nb()
    assert slide_problems(nb)  # nothing applied yet
    out = apply_slides(nb)
    assert "slideshow" not in nb.cells[0].metadata  # input not changed
    assert slide_problems(out) == []
    assert apply_slides(out) == out
    assert out.cells[4].metadata["tags"] == ["raises-exception", HIDE_INPUT]
    assert "tags" not in out.cells[3].metadata
    assert out.metadata["rise"]["scroll"] is True
    assert "jupyter" not in out.cells[1].metadata  # code stays visible by default
    shown = apply_slides(nb, collapse=True)
    assert shown.cells[1].metadata["jupyter"]["source_hidden"] is True
    assert "jupyter" not in shown.cells[3].metadata


def test_drift_is_reported():
    out = apply_slides(_nb())
    out.cells.insert(3, v4.new_markdown_cell("## A new section"))  # an author adds a section
    problems = slide_problems(out)
    assert any("cell 3" in p and "expected 'slide'" in p for p in problems)
    out.cells[1].metadata["tags"] = []
    assert any("cell 1" in p and "hide-input" in p for p in slide_problems(out))
    assert slide_problems(apply_slides(out)) == []


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        slide_plan({"cells": []})
    with pytest.raises(FileNotFoundError, match="does not exist"):
        notebook_paths(["no/such/place"])


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_course_notebook_has_slide_metadata(path):
    nb = nbformat.read(path, as_version=4)
    problems = slide_problems(nb)
    assert not problems, (f"{path.name}: slide metadata out of date; run "
                          f"`tierlab slides --apply notebooks/`:\n" + "\n".join(problems[:10]))
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    assert kinds[0] == "slide" and kinds.count("slide") >= 4  # title and sections


def test_cli_check_apply_collapse(tmp_path, capsys):
    path = tmp_path / "n.ipynb"
    nbformat.write(_nb(), path)
    assert main(["slides", "--check", str(path)]) == 1
    assert "difference" in capsys.readouterr().out
    assert main(["slides", "--apply", str(tmp_path)]) == 0
    assert main(["slides", "--check", str(path)]) == 0
    assert main(["slides", "--collapse", str(path)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["slides", "--collapse", "--out", str(tmp_path / "talk"), str(path)]) == 0
    talk = nbformat.read(tmp_path / "talk" / "n.ipynb", as_version=4)
    assert talk.cells[1].metadata["jupyter"]["source_hidden"] is True
    assert main(["slides", str(tmp_path / "missing.ipynb")]) == 2
