"""Both trainer guides' agendas (en, zh) are the ones tools/agenda.py computes from the notebooks."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from tests.zh_words import english_words

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("agenda", ROOT / "tools" / "agenda.py")
agenda = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(agenda)


@pytest.mark.parametrize("lang", agenda.LANGS)
def test_guide_agenda_matches_the_notebooks_estimates(lang):
    guide = agenda.GUIDES[lang]
    text = guide.read_text(encoding="utf-8")
    assert agenda.guide_section(text, guide) == agenda.render(lang), (
        f"{guide.relative_to(ROOT)}'s agenda is stale: run python3 tools/agenda.py --write")


def _tables(section: str) -> list[list[list[str]]]:
    """The agenda tables of a rendered section, as rows of stripped cells (headers dropped)."""
    tables, rows = [], None
    for line in section.splitlines():
        if line.startswith("#### "):
            rows = []
            tables.append(rows)
        elif line.startswith("| ") and rows is not None and not line.startswith("|---"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
    return [t[1:] for t in tables]


def test_zh_agenda_has_the_same_numbers_and_structure():
    en, zh = _tables(agenda.render("en")), _tables(agenda.render("zh"))
    assert len(zh) == len(en) == 2 * (len(agenda.TWO_DAY) + len(agenda.ONE_DAY))
    for t_en, t_zh in zip(en, zh, strict=True):
        assert len(t_en) == len(t_zh) > 5
        for r_en, r_zh in zip(t_en, t_zh, strict=True):
            assert r_zh[:2] == r_en[:2]  # start time and minutes
            # same notebook, in the Chinese edition's folder
            assert r_zh[3].replace("/zh/", "/") == r_en[3] or (
                r_en[3], r_zh[3]) == ("prompts below", "讨论题见下文")
    # every number of the text below the tables is the English one's
    number = re.compile(r"\d+")
    foot = {lang: agenda.render(lang).split("**")[-2:] for lang in agenda.LANGS}
    assert sorted(number.findall(foot["zh"][1])) == sorted(number.findall(foot["en"][1]))
    for line_en, line_zh in zip(agenda.render("en").splitlines(),
                                agenda.render("zh").splitlines(), strict=True):
        if line_en.startswith("Teaching time:"):
            assert number.findall(line_zh) == number.findall(line_en)


def test_zh_agenda_has_no_english_words():
    """Only file names, ids, code spans and the words a Chinese text keeps (notebook)."""
    def inside(lang):  # the markers are the same HTML comment in both guides
        return agenda.render(lang).replace(agenda.START, "").replace(agenda.END, "")
    assert english_words(inside("zh")) == []
    # the check can fail: the English agenda is full of English words
    assert {"Exercise", "Debrief", "break", "lunch"} <= set(english_words(inside("en")))


def test_zh_edition_states_the_same_times_and_prompts(tmp_path, monkeypatch):
    """The zh notebooks give every block the length the agenda shows (computed from en)."""
    blocks = {(kind, arg) for plan in (agenda.TWO_DAY, agenda.ONE_DAY)
              for day in plan.values() for kind, arg in day if isinstance(arg, str)}
    en = {(b, case): agenda.minutes(*b, case) for b in blocks for case in agenda.CASES}
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).symlink_to(ROOT / folder / "zh")
    monkeypatch.setattr(agenda, "ROOT", tmp_path)
    monkeypatch.setattr(agenda, "_TIME_RE", re.compile(r"\*\*预计用时：\*\*\s*(\d+)\s*分钟"))
    zh = {(b, case): agenda.minutes(*b, case) for b in blocks for case in agenda.CASES}
    assert zh == en
    assert agenda.minutes("judgement", "03", "retail") > 0


def test_write_updates_both_guides_and_nothing_else(tmp_path, monkeypatch):
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    guides = {}
    for lang in agenda.LANGS:
        guides[lang] = tmp_path / "docs" / lang / "trainer-guide.md"
        guides[lang].parent.mkdir(parents=True)
        guides[lang].write_text(f"before {lang}\n{agenda.START}\nstale\n{agenda.END}\nafter\n",
                                encoding="utf-8")
    monkeypatch.setattr(agenda, "GUIDES", guides)
    monkeypatch.setattr(agenda, "ROOT", tmp_path)
    assert agenda.main(["--write"]) == 0
    for lang, guide in guides.items():
        assert guide.read_text(encoding="utf-8") == (
            f"before {lang}\n{agenda.render(lang)}\nafter\n")
    assert agenda.render("zh") != agenda.render("en")


def test_bad_language_and_missing_markers_are_named():
    with pytest.raises(ValueError, match="lang must be one of .*'fr'"):
        agenda.render("fr")
    with pytest.raises(ValueError, match="zh/trainer-guide.md has no agenda markers"):
        agenda.guide_section("no markers", agenda.GUIDES["zh"])
    with pytest.raises(ValueError, match="in that order"):
        agenda.guide_section(f"{agenda.END} {agenda.START}", agenda.GUIDES["zh"])


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
