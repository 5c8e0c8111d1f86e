"""The trainer guide's agendas are the ones tools/agenda.py computes from the notebooks."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("agenda", ROOT / "tools" / "agenda.py")
agenda = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(agenda)


def test_guide_agenda_matches_the_notebooks_estimates():
    text = agenda.GUIDE.read_text(encoding="utf-8")
    assert agenda.guide_section(text) == agenda.render(), (
        "docs/trainer-guide.md's agenda is stale: run python3 tools/agenda.py --write")


def test_every_day_fits_and_exercise_00_is_scheduled():
    t = agenda.totals()
    days = {k: v for k, v in t.items() if isinstance(k, tuple)}
    assert len(days) == 2 * (len(agenda.TWO_DAY) + len(agenda.ONE_DAY))
    assert all(0 < v <= agenda.DAY_MINUTES for v in days.values()), days
    scheduled = {arg for blocks in agenda.TWO_DAY.values() for kind, arg in blocks
                 if kind == "exercise"}
    assert scheduled == set(agenda.STEMS), scheduled  # every exercise, 00 to 06
    assert t["both cases demo"] > agenda.DAY_MINUTES  # why a workshop runs one case


def test_block_lengths_are_read_from_the_notebooks(tmp_path, monkeypatch):
    """Changing a notebook's stated estimate changes the agenda (no number is stored)."""
    sol = ROOT / "solutions" / "01_current_state_retail.ipynb"
    stated = agenda.stated_minutes(sol)
    n = agenda.judgement_questions("01", "retail")
    assert n >= 3
    assert agenda.minutes("exercise", "01", "retail") == stated + agenda.JUDGEMENT_MINUTES * n
    assert agenda.minutes("debrief", "01", "retail") == agenda.PROMPT_MINUTES * agenda.prompts(
        "01", "retail")
    fake = tmp_path / "solutions"
    fake.mkdir()
    nb = json.loads(sol.read_text(encoding="utf-8"))
    for cell in nb["cells"][:3]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = src.replace(f"**Estimated time:** {stated} min",
                                     f"**Estimated time:** {stated + 7} min")
    (fake / sol.name).write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(agenda, "ROOT", tmp_path)
    assert agenda.stated_minutes(fake / sol.name) == stated + 7
    with pytest.raises(ValueError, match="Estimated time"):
        bad = tmp_path / "bad.ipynb"
        bad.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": "x"}]}))
        agenda.stated_minutes(bad)
