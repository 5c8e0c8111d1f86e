"""Judgement questions (判断题) and the manager track.

Every exercise notebook has at least three questions answered without code, each
checked in the notebook; multiple-choice answers are spread over the letters; the
manager track counts only the no-code questions.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from tierlab.exercises import ChoiceAnswer, ____, load
from tierlab.exercises._core import _find, available, resolve_track
from tierlab.exercises.questions._judgement import judgement

ROOT = Path(__file__).resolve().parents[1]
COURSE = [n for n in available() if re.match(r"\d\d_", n)]
MIN_JUDGEMENT = 3
MAX_LETTER_SHARE = 0.40


def _letters() -> list[str]:
    out = []
    for name in COURSE:
        for q in _find(name).questions:
            if isinstance(q.answer, ChoiceAnswer):
                exp = q.expected(None)  # choice answers do not depend on the data
                if isinstance(exp, str):
                    out.append(exp)
    return out


def test_the_course_has_every_exercise_notebook():
    names = {p.stem for p in (ROOT / "exercises").glob("*.ipynb")}
    assert set(COURSE) == names


@pytest.mark.parametrize("name", COURSE)
def test_each_exercise_has_three_no_code_questions_checked_in_its_notebook(name):
    no_code = [q.qid for q in _find(name).questions if q.no_code]
    assert len(no_code) >= MIN_JUDGEMENT, (name, no_code)
    nb = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for qid in no_code:
        assert re.search(rf"\b{qid}\.check\(", code), (name, qid)
    titles = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert any(t.startswith("## 判断题 / Judgement questions") for t in titles), name


def test_answer_positions_are_balanced_across_the_course():
    letters = _letters()
    counts = Counter(letters)
    assert len(letters) >= 3 * len(COURSE)
    worst, n = counts.most_common(1)[0]
    assert n / len(letters) <= MAX_LETTER_SHARE, (worst, counts)
    assert set(counts) == {"a", "b", "c", "d"}, counts


def _options(q) -> dict[str, str]:
    """The options of a choice prompt, ``{"a": text, ...}`` (English)."""
    text = q.prompt["en"].split(". Answer with a letter in quotes")[0]
    parts = re.split(r"\(([a-d])\) ", text)[1:]
    return {k: v.rstrip(" ,.") for k, v in zip(parts[0::2], parts[1::2], strict=True)}


def test_the_right_option_is_not_given_away_by_its_length():
    """A test-wise learner picks the longest option; it must not be a reliable cue."""
    longest = total = 0
    for name in COURSE:
        for q in _find(name).questions:
            if not isinstance(q.answer, ChoiceAnswer):
                continue
            opts, right = _options(q), q.expected(None)
            if len(opts) != 4 or not isinstance(right, str):
                continue
            total += 1
            longest += max(opts, key=lambda k: len(opts[k])) == right
    assert total >= 3 * len(COURSE)
    assert longest / total <= MAX_LETTER_SHARE, (
        f"the right option is the longest in {longest} of {total}")


def test_balance_check_would_catch_the_old_skew():
    """The shape of the course before: 11 of 14 answers 'b' fails the bound."""
    old = ["b"] * 11 + ["d", "d", "a"]
    assert Counter(old)["b"] / len(old) > MAX_LETTER_SHARE


@pytest.mark.parametrize("name", COURSE)
def test_every_wrong_option_is_diagnosed_without_naming_the_answer(name):
    s = load(name, lang="en")
    for q in s.exercise.questions:
        if not isinstance(q.answer, ChoiceAnswer) or q.answer.explanations is None:
            continue
        right = q.expected(None)
        if not isinstance(right, str):
            continue
        for letter in "abcd":
            fb = s[q.qid].check(letter)
            if letter == right:
                assert fb.outcome == "correct", (name, q.qid)
                continue
            assert fb.outcome == "incorrect", (name, q.qid, letter)
            assert letter in q.answer.explanations, (name, q.qid, letter)
            assert f"'{right}'" not in fb.message and f'"{right}"' not in fb.message, (
                name, q.qid, letter, fb.message)


def test_judgement_helper_places_the_right_option_and_checks_its_input():
    opt = {"en": "x", "zh": "x"}
    wrong = [({"en": f"w{i}", "zh": f"w{i}"}, {"en": f"why {i}", "zh": f"why {i}"})
             for i in range(3)]
    q = judgement("q1", at="c", stem=opt, right={"en": "RIGHT", "zh": "RIGHT"}, wrong=wrong,
                  hint=opt, explanation=opt)
    assert "(c) RIGHT" in q.prompt["en"] and "(a) w0" in q.prompt["en"]
    assert set(q.answer.explanations) == {"a", "b", "d"}
    assert q.answer.explanations["d"]["en"] == "why 2"
    with pytest.raises(ValueError, match="at must be one of"):
        judgement("q1", at="e", stem=opt, right=opt, wrong=wrong, hint=opt, explanation=opt)
    with pytest.raises(ValueError, match="wrong must hold 3"):
        judgement("q1", at="a", stem=opt, right=opt, wrong=wrong[:2], hint=opt,
                  explanation=opt)


def test_manager_track_counts_only_no_code_questions_and_names_what_to_skip(monkeypatch):
    name = "01_current_state_retail"
    full = load(name, lang="en")
    s = load(name, lang="en", track="manager")
    no_code = [q for q in s if q._q.no_code]
    code = [q for q in s if not q._q.no_code]
    assert no_code and code
    for q in no_code:
        q.check(q._q.expected(None))
    code[0].check(____)
    summary = str(s.summary())
    assert f"{len(no_code)} of {len(no_code)} correct" in summary and "manager track" in summary
    assert f"Question {code[0].number}:" not in summary
    for q in no_code:
        full[q.qid].check(q._q.expected(None))
    assert f"{len(no_code)} of {len(full)} correct" in str(full.summary())
    note = str(s.track_note())
    assert ", ".join(q.number for q in code) in note
    assert "skip this question" in str(code[0].prompt())
    assert "skip this question" not in str(no_code[0].prompt())
    zh = load(name, lang="zh", track="manager")
    assert "管理者路线" in str(zh.summary())
    monkeypatch.setenv("TIERLAB_TRACK", "manager")
    assert load(name, lang="en").track == "manager"
    assert str(load(name, lang="en").set_track("full")) and resolve_track("Full") == "full"
    with pytest.raises(ValueError, match="track must be one of"):
        load(name, lang="en", track="boss")
