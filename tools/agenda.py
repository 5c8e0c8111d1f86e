"""The trainer guide's agendas, computed from the notebooks' own time estimates.

Every number comes from the course files, so the agenda follows the notebooks:

- a lesson block (trainer demo, teams run along) lasts the lesson notebook's
  ``**Estimated time:** N min`` (``notebooks/``);
- a manager-track exercise block lasts ``JUDGEMENT_MINUTES`` per question answered
  with a letter;
- an exercise block lasts the exercise's own ``**Estimated time:** N min``
  (``solutions/``, written for the code questions) plus ``JUDGEMENT_MINUTES``
  per question of its "判断题 / Judgement questions" section, which the stated
  time does not include yet;
- a debrief lasts ``PROMPT_MINUTES`` per ``💬 Discussion`` prompt of the lesson
  notebook;
- team presentations last ``PRESENT_MINUTES`` per team (``TEAMS`` teams).

Usage::

    python3 tools/agenda.py            # print the agendas (markdown) and the checks
    python3 tools/agenda.py --write    # rewrite them in docs/trainer-guide.md

``tests/test_agenda.py`` fails when the guide's agenda differs from what this
script computes (run ``--write`` after changing a notebook's estimate or prompts),
and when a day holds more than ``DAY_MINUTES`` of teaching.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "trainer-guide.md"
START, END = "<!-- agenda:start (tools/agenda.py --write) -->", "<!-- agenda:end -->"

#: Minutes per judgement question (read four options, decide, read the feedback).
JUDGEMENT_MINUTES = 2
#: Minutes of debrief per discussion prompt.
PROMPT_MINUTES = 5
#: Minutes per team presentation (talk and questions) and the number of teams.
PRESENT_MINUTES, TEAMS = 8, 6
#: Teaching minutes in a workshop day (breaks and lunch come on top).
DAY_MINUTES = 360
CASES = ("pharma", "retail")
STEMS = {"00": "welcome", "01": "current_state", "02": "goals_and_gaps", "03": "strategy",
         "04": "action_plan", "05": "evaluation", "06": "capstone"}
TITLES = {"00": "Welcome: why tier, the four questions, first widget and check",
          "01": "Current state (现状分析)", "02": "Goals and gaps (目标设定)",
          "03": "Strategy (策略制定)", "04": "Action plan (行动计划)",
          "05": "Evaluation (效果评估)", "06": "Capstone: the whole loop on a fresh seed"}

# (kind, notebook or minutes); "break"/"lunch" are not teaching time
TWO_DAY = {
    "Day 1 — 在哪里, 去哪里, 差哪里": [
        ("lesson", "00"), ("exercise", "00"), ("break", 15),
        ("lesson", "01"), ("exercise", "01"), ("debrief", "01"), ("lunch", 60),
        ("lesson", "02"), ("exercise", "02"), ("debrief", "02"), ("break", 15),
        ("lesson", "03"), ("wrap-up", 5)],
    "Day 2 — 怎么去, and closing the loop": [
        ("recap", 10), ("exercise", "03"), ("debrief", "03"), ("break", 15),
        ("lesson", "04"), ("exercise", "04"), ("debrief", "04"), ("lunch", 60),
        ("lesson", "05"), ("exercise", "05"), ("debrief", "05"), ("break", 15),
        ("exercise", "06"), ("presentations", PRESENT_MINUTES * TEAMS), ("close", 15)],
}
ONE_DAY = {
    "One day, manager track (no code)": [
        ("lesson", "00"), ("judgement", "00"), ("lesson", "01"), ("judgement", "01"),
        ("break", 15), ("debrief", "01"), ("lesson", "02"), ("judgement", "02"),
        ("debrief", "02"), ("lunch", 60), ("lesson", "03"), ("judgement", "03"),
        ("debrief", "03"), ("break", 15), ("lesson", "05"), ("judgement", "05"),
        ("debrief", "05"), ("close", 10)],
}
HALF_DAY = [("lesson", "00"), ("exercise", "00"), ("lesson", "01"), ("exercise", "01"),
            ("debrief", "01")]
_WHAT = {"recap": "Recap: each team's tiering and gap in two minutes",
         "wrap-up": "Wrap-up: each team states its tiering choice in one sentence",
         "presentations": f"Team presentations ({TEAMS} teams x {PRESENT_MINUTES} min: five "
                          "figures, five decisions)",
         "close": "Scoreboard debrief (`tierlab grade`: hardest questions first), take-home; "
                  "close"}

_TIME_RE = re.compile(r"\*\*Estimated time:\*\*\s*(\d+)\s*min")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def stated_minutes(path: Path) -> int:
    """The ``**Estimated time:** N min`` of a notebook's first cells."""
    for cell in _cells(path)[:3]:
        m = _TIME_RE.search(_text(cell))
        if m:
            return int(m[1])
    raise ValueError(f"{path}: no '**Estimated time:** N min' in the first cells.")


def lesson_path(nn: str, case: str) -> Path:
    """The lesson notebook of stage ``nn`` (00 and 06 are shared by both cases)."""
    shared = ROOT / "notebooks" / f"{nn}_{STEMS[nn]}.ipynb"
    return shared if shared.exists() else ROOT / "notebooks" / f"{nn}_{STEMS[nn]}_{case}.ipynb"


def prompts(nn: str, case: str) -> int:
    """The number of ``💬`` discussion prompts of the lesson notebook."""
    return sum(_text(c).count("💬") for c in _cells(lesson_path(nn, case)))


def judgement_questions(nn: str, case: str) -> int:
    """Questions checked in the exercise's "判断题" section."""
    cells = _cells(ROOT / "solutions" / f"{nn}_{STEMS[nn]}_{case}.ipynb")
    start = next((i for i, c in enumerate(cells) if _text(c).startswith("## 判断题")), None)
    if start is None:
        return 0
    return sum(bool(re.search(r"\bq\d+\w*\.check\(", _text(c))) for c in cells[start:]
               if c["cell_type"] == "code")


def choice_questions(nn: str, case: str) -> int:
    """Questions answered with a letter anywhere in the exercise (the manager track's)."""
    cells = _cells(ROOT / "solutions" / f"{nn}_{STEMS[nn]}_{case}.ipynb")
    return sum(bool(re.search(r"^choice = ", _text(c), re.M))
               and bool(re.search(r"\.check\(choice\)", _text(c)))
               for c in cells if c["cell_type"] == "code")


def minutes(kind: str, arg, case: str) -> int:
    """Length of one agenda block."""
    if not isinstance(arg, str):
        return int(arg)
    if kind == "lesson":
        return stated_minutes(lesson_path(arg, case))
    if kind == "exercise":
        stated = stated_minutes(ROOT / "solutions" / f"{arg}_{STEMS[arg]}_{case}.ipynb")
        return stated + JUDGEMENT_MINUTES * judgement_questions(arg, case)
    if kind == "judgement":
        return JUDGEMENT_MINUTES * choice_questions(arg, case)
    if kind == "debrief":
        return PROMPT_MINUTES * prompts(arg, case)
    raise ValueError(f"unknown block kind {kind!r}")


def _what(kind: str, arg, case: str) -> tuple[str, str]:
    if kind in ("break", "lunch"):
        return f"{kind} ({arg} min)", ""
    if not isinstance(arg, str):
        return _WHAT[kind], ""
    nb = f"{arg}_{STEMS[arg]}" + ("" if lesson_path(arg, case).stem == f"{arg}_{STEMS[arg]}"
                                  else f"_{case}")
    if kind == "lesson":
        return f"{TITLES[arg]} — demo, teams run along", f"`notebooks/{nb}`"
    ex = f"`exercises/{arg}_{STEMS[arg]}_{case}`"
    if kind == "exercise":
        return (f"Exercise {arg} (teams, own seed; code questions and 判断题)", ex)
    if kind == "judgement":
        return (f"Exercise {arg}, manager track: its {choice_questions(arg, case)} no-code "
                "questions", ex)
    n = prompts(arg, case)
    return f"Debrief {arg}: its {n} 💬 prompt{'s' if n != 1 else ''}", "prompts below"


def day_table(blocks, case: str, start: int = 9 * 60) -> tuple[list[str], int]:
    """Markdown rows of one day and its teaching minutes."""
    rows = ["| time | min | block | notebook / material |", "|---|---|---|---|"]
    t, teaching = start, 0
    for kind, arg in blocks:
        m = minutes(kind, arg, case)
        what, where = _what(kind, arg, case)
        shown = "—" if kind in ("break", "lunch") else str(m)
        rows.append(f"| {t // 60:02d}:{t % 60:02d} | {shown} | {what} | {where} |")
        if kind not in ("break", "lunch"):
            teaching += m
        t += m
    rows.append(f"| {t // 60:02d}:{t % 60:02d} | | end | |")
    return rows, teaching


def totals() -> dict:
    """Teaching minutes per agenda day and case, and the cost of demoing both cases."""
    out = {}
    for plan in (TWO_DAY, ONE_DAY):
        for day, blocks in plan.items():
            for case in CASES:
                out[(day, case)] = day_table(blocks, case)[1]
    lessons = {case: sum(stated_minutes(lesson_path(nn, case)) for nn in STEMS)
               for case in CASES}
    shared = sum(stated_minutes(lesson_path(nn, "pharma")) for nn in ("00", "06"))
    out["both cases demo"] = lessons["pharma"] + lessons["retail"] - shared
    out["one case demo"] = lessons
    return out


def render() -> str:
    """The agenda section of the trainer guide."""
    lines = [START, ""]
    for plan in (TWO_DAY, ONE_DAY):
        for day, blocks in plan.items():
            for case in CASES:
                rows, teaching = day_table(blocks, case)
                lines += [f"#### {day} · {case}", "", *rows, "",
                          f"Teaching time: {teaching} min of {DAY_MINUTES}.", ""]
    t = totals()
    lines += [
        "**Where the numbers come from** (`python3 tools/agenda.py`): lesson blocks are the "
        "lesson notebooks' own estimates (trainer demo pace); exercise blocks are the "
        "exercise notebooks' estimates plus "
        f"{JUDGEMENT_MINUTES} min per 判断题 question; a debrief is {PROMPT_MINUTES} min per "
        f"💬 prompt of the lesson; presentations {PRESENT_MINUTES} min per team for {TEAMS} "
        "teams. Demoing one case takes "
        f"{t['one case demo']['pharma']} (pharma) or {t['one case demo']['retail']} (retail) "
        f"lesson minutes; demoing both would take {t['both cases demo']} of the "
        f"{2 * DAY_MINUTES} teaching minutes and leave no time for exercises, so a workshop "
        "runs one case. A half day (00 and 01 with their exercises and the 01 debrief) takes "
        f"{day_table(HALF_DAY, 'pharma')[1]} (pharma) or {day_table(HALF_DAY, 'retail')[1]} "
        "(retail) teaching minutes.", "", END]
    return "\n".join(lines)


def guide_section(text: str) -> str:
    """The agenda section currently in the guide's ``text``."""
    i, j = text.find(START), text.find(END)
    if i < 0 or j < 0:
        raise ValueError(f"{GUIDE} has no agenda markers {START!r} ... {END!r}.")
    return text[i:j + len(END)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite docs/trainer-guide.md")
    args = parser.parse_args(argv)
    new = render()
    over = {k: v for k, v in totals().items() if isinstance(k, tuple) and v > DAY_MINUTES}
    if args.write:
        text = GUIDE.read_text(encoding="utf-8")
        GUIDE.write_text(text.replace(guide_section(text), new), encoding="utf-8")
        print(f"wrote the agenda into {GUIDE.relative_to(ROOT)}")
    else:
        print(new)
    for (day, case), v in over.items():
        print(f"OVER: {day} ({case}) has {v} teaching minutes > {DAY_MINUTES}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
