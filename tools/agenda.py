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
    python3 tools/agenda.py --lang zh  # the same agendas in Chinese
    python3 tools/agenda.py --write    # rewrite them in docs/trainer-guide.md and
                                       # docs/zh/trainer-guide.md

The Chinese agenda has the same numbers and structure (every number is computed
from the English course files); only its labels are Chinese and its notebook
paths point to the Chinese edition (``notebooks/zh/``, ``exercises/zh/``).
``tests/test_agenda.py`` fails when either guide's agenda differs from what this
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
#: The guide of each language the agenda is written into.
GUIDES = {"en": GUIDE, "zh": ROOT / "docs" / "zh" / "trainer-guide.md"}
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

#: The lesson titles of the Chinese edition (stage names as in docs/glossary.md).
TITLES_ZH = {"00": "欢迎：为什么要分级、灵魂四问、第一个交互控件和检查",
             "01": "现状分析", "02": "目标设定与差距", "03": "策略制定",
             "04": "行动计划", "05": "效果评估", "06": "综合练习：在新种子上走完整个闭环"}

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
#: The Chinese names of the agenda days, the cases and the fixed blocks.
DAYS_ZH = {"Day 1 — 在哪里, 去哪里, 差哪里": "第一天：在哪里、去哪里、差哪里",
           "Day 2 — 怎么去, and closing the loop": "第二天：怎么去，以及形成闭环",
           "One day, manager track (no code)": "一天经理版（不写代码）"}
CASES_ZH = {"pharma": "医药", "retail": "零售"}
_WHAT_ZH = {"recap": "回顾：每组用两分钟介绍自己的分级和差距",
            "wrap-up": "小结：每组用一句话说明自己的分级选择",
            "presentations": f"小组汇报（{TEAMS} 组 × {PRESENT_MINUTES} 分钟：五张图、五个决策）",
            "close": "成绩榜点评（`tierlab grade`：最难的题先讲）、布置课后任务；结束"}
LANGS = ("en", "zh")

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


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}.")


def _what(kind: str, arg, case: str, lang: str = "en") -> tuple[str, str]:
    if lang == "zh":
        return _what_zh(kind, arg, case)
    if kind in ("break", "lunch"):
        return f"{kind} ({arg} min)", ""
    if not isinstance(arg, str):
        return _WHAT[kind], ""
    nb = _notebook(arg, case)
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


def _notebook(nn: str, case: str) -> str:
    """The lesson notebook's name (``00_welcome`` or ``01_current_state_pharma``)."""
    shared = lesson_path(nn, case).stem == f"{nn}_{STEMS[nn]}"
    return f"{nn}_{STEMS[nn]}" + ("" if shared else f"_{case}")


def _what_zh(kind: str, arg, case: str) -> tuple[str, str]:
    """``_what`` in Chinese, pointing to the Chinese edition's notebooks."""
    if kind in ("break", "lunch"):
        return f"{'茶歇' if kind == 'break' else '午餐'}（{arg} 分钟）", ""
    if not isinstance(arg, str):
        return _WHAT_ZH[kind], ""
    if kind == "lesson":
        return (f"{arg} {TITLES_ZH[arg]}——培训师演示，各组跟着运行",
                f"`notebooks/zh/{_notebook(arg, case)}`")
    ex = f"`exercises/zh/{arg}_{STEMS[arg]}_{case}`"
    if kind == "exercise":
        return f"练习 {arg}（各组用自己的种子；代码题和判断题）", ex
    if kind == "judgement":
        return f"练习 {arg}，经理版：其中 {choice_questions(arg, case)} 道不写代码的题目", ex
    return f"点评 {arg}：{prompts(arg, case)} 道 💬 讨论题", "讨论题见下文"


def day_table(blocks, case: str, start: int = 9 * 60,
              lang: str = "en") -> tuple[list[str], int]:
    """Markdown rows of one day and its teaching minutes (labels in ``lang``, en or zh)."""
    _check_lang(lang)
    head = ("| time | min | block | notebook / material |" if lang == "en"
            else "| 时间 | 分钟 | 环节 | notebook / 材料 |")
    rows = [head, "|---|---|---|---|"]
    t, teaching = start, 0
    for kind, arg in blocks:
        m = minutes(kind, arg, case)
        what, where = _what(kind, arg, case, lang)
        shown = "—" if kind in ("break", "lunch") else str(m)
        rows.append(f"| {t // 60:02d}:{t % 60:02d} | {shown} | {what} | {where} |")
        if kind not in ("break", "lunch"):
            teaching += m
        t += m
    rows.append(f"| {t // 60:02d}:{t % 60:02d} | | {'end' if lang == 'en' else '当天结束'} | |")
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


def render(lang: str = "en") -> str:
    """The agenda section of the trainer guide in ``lang`` (``"en"`` or ``"zh"``)."""
    _check_lang(lang)
    if lang == "zh":
        return _render_zh()
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


def _render_zh() -> str:
    """The agenda section of the Chinese trainer guide: same numbers, Chinese labels."""
    lines = [START, ""]
    for plan in (TWO_DAY, ONE_DAY):
        for day, blocks in plan.items():
            for case in CASES:
                if day not in DAYS_ZH:
                    raise ValueError(f"DAYS_ZH has no Chinese name for the agenda day {day!r}.")
                rows, teaching = day_table(blocks, case, lang="zh")
                lines += [f"#### {DAYS_ZH[day]} · {CASES_ZH[case]}", "", *rows, "",
                          f"教学时间：{teaching} 分钟（每天上限 {DAY_MINUTES} 分钟）。", ""]
    t = totals()
    half = {case: day_table(HALF_DAY, case)[1] for case in CASES}
    lines += [
        "**这些数字从哪里来**（`python3 tools/agenda.py --lang zh`）：讲课环节用各讲课 "
        "notebook 自己的估计时间（培训师演示的节奏）；练习环节用练习 notebook 的估计时间，"
        f"再加上每道判断题 {JUDGEMENT_MINUTES} 分钟；点评环节按讲课 notebook 中每道 💬 讨论题 "
        f"{PROMPT_MINUTES} 分钟计算；小组汇报每组 {PRESENT_MINUTES} 分钟，共 {TEAMS} 组。"
        f"只演示一个案例需要 {t['one case demo']['pharma']} 分钟（医药）或 "
        f"{t['one case demo']['retail']} 分钟（零售）的讲课时间；两个案例都演示要用掉 "
        f"{2 * DAY_MINUTES} 分钟教学时间中的 {t['both cases demo']} 分钟，练习就没有时间了，"
        "所以每次工作坊只演示一个案例。半天（00 和 01 加各自的练习，再加点评 01）需要 "
        f"{half['pharma']} 分钟（医药）或 {half['retail']} 分钟（零售）的教学时间。", "", END]
    return "\n".join(lines)


def guide_section(text: str, guide: Path = GUIDE) -> str:
    """The agenda section currently in the text of ``guide`` (named in the error)."""
    i, j = text.find(START), text.find(END)
    if i < 0 or j < i:
        raise ValueError(f"{guide} has no agenda markers {START!r} ... {END!r} (in that order).")
    return text[i:j + len(END)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="rewrite docs/trainer-guide.md and docs/zh/trainer-guide.md")
    parser.add_argument("--lang", choices=LANGS, default="en",
                        help="language of the printed agenda (without --write)")
    args = parser.parse_args(argv)
    over = {k: v for k, v in totals().items() if isinstance(k, tuple) and v > DAY_MINUTES}
    if args.write:
        for lang, guide in GUIDES.items():
            text = guide.read_text(encoding="utf-8")
            guide.write_text(text.replace(guide_section(text, guide), render(lang)),
                             encoding="utf-8")
            print(f"wrote the agenda into {guide.relative_to(ROOT)}")
    else:
        print(render(args.lang))
    for (day, case), v in over.items():
        print(f"OVER: {day} ({case}) has {v} teaching minutes > {DAY_MINUTES}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
