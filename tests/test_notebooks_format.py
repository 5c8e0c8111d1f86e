"""Format rules of the course notebooks (docs/authoring.md), checked on every notebooks/*.ipynb.

Each notebook must have: no outputs and no execution counts; a title cell with the
"you are here" line (its own number in bold), learning objectives, estimated time;
exactly one setup cell, the first code cell (all imports live there); short code
cells without helper functions; at least two ``💬 Discussion`` prompts; "Key points"
in the last cell and a "Next:" pointer to the following notebook. The sequence
00..06 must be complete for each case present (pharma, retail).

The rules live in :func:`notebook_problems`, which returns a list of readable
problems; the checker itself is tested on small synthetic notebooks below, so
these tests can fail even while ``notebooks/`` is still empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _statements(source: str) -> int:
    """Logical lines of a code cell: its statements (physical lines if it does not parse)."""
    import ast

    try:
        return sum(isinstance(n, ast.stmt) for n in ast.walk(ast.parse(source)))
    except SyntaxError:
        return len([ln for ln in source.splitlines() if ln.strip()])

NAME_RE = re.compile(r"^(?P<num>\d\d[a-z]?)_(?P<topic>[a-z0-9_]+?)(?:_(?P<case>pharma|retail))?\.ipynb$")
CASE_TOPICS = {"01": "current_state", "02": "goals_and_gaps", "03": "strategy",
               "04": "action_plan", "05": "evaluation"}
SHARED = {"00": "00_welcome.ipynb", "00b": "00b_pandas_for_excel.ipynb",
          "06": "06_capstone.ipynb"}
#: The notebook(s) a "Next:" pointer may name, by number (default: the next number):
#: the welcome leads to the pandas primer (or straight to 01), the primer to 01.
NEXT = {"00": ("00b_", "01_"), "00b": ("01_",)}
MAX_CELL_LINES = 15  # "cells are short: 1-8 lines"; a generous limit catches helper code
# (counted in statements, so a call formatted over several lines counts once)
IMPORT_RE = re.compile(r"^\s*(import\s+\w|from\s+[\w.]+\s+import\s)", re.MULTILINE)
DEF_RE = re.compile(r"^\s*(def|class)\s+\w", re.MULTILINE)
DISCUSSION_RE = re.compile(r"^>\s*(\*\*)?💬\s*(\*\*)?\s*Discussion", re.MULTILINE)
YOU_ARE_HERE_RE = re.compile(r"00(\*\*)?\s*→.*06")
NEXT_FILE_RE = re.compile(r"(\d\d[a-z]?_[A-Za-z0-9_]+\.ipynb)")


def _paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []


def _is_setup(source: str) -> bool:
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    return first.lower().startswith("# setup")


def _after_next(text: str) -> str:
    """The text after the first "Next:" (empty if there is none)."""
    return text.split("Next:", 1)[1] if "Next:" in text else ""


def notebook_problems(nb, name: str) -> list[str]:
    """All format problems of notebook ``nb`` (an nbformat node) called ``name``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook.
    name : str
        Its file name, e.g. ``"01_current_state_pharma.ipynb"``.

    Returns
    -------
    list of str
        One readable sentence per problem; empty when the notebook is fine.
    """
    problems: list[str] = []
    m = NAME_RE.match(name)
    if not m:
        return [f"file name {name!r} does not follow NN_topic[_case].ipynb"]
    num = m["num"]
    cells = nb.cells
    if not cells:
        return ["notebook has no cells"]
    code = [(i, c) for i, c in enumerate(cells) if c.cell_type == "code"]
    markdown = [c for c in cells if c.cell_type == "markdown"]

    # outputs and execution counts
    dirty = [i for i, c in code if c.get("outputs") or c.get("execution_count") is not None]
    if dirty:
        problems.append(f"code cells {dirty} have outputs or execution counts; clear them "
                        "(jupyter nbconvert --clear-output --inplace)")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"kernelspec name must be 'python3', got {kernel!r}")

    # title cell
    title = cells[0]
    text = title.source if title.cell_type == "markdown" else ""
    if not text.lstrip().startswith(f"# {num}"):
        problems.append(f"the first cell must be a markdown title starting with '# {num}'")
    if not YOU_ARE_HERE_RE.search(text) or f"**{num}**" not in text:
        problems.append(f"the title cell needs the 'you are here' line 00 → … → 06 with "
                        f"**{num}** in bold")
    for phrase in ("Learning objectives", "Estimated time"):
        if phrase.lower() not in text.lower():
            problems.append(f"the title cell has no {phrase!r}")
    bullets = [ln for ln in text.splitlines() if re.match(r"^\s*([-*]|\d+\.)\s+\S", ln)]
    if len(bullets) < 3:
        problems.append(f"the title cell lists {len(bullets)} item(s); give 3-5 learning "
                        "objectives as bullets")

    # setup cell
    setups = [i for i, c in code if _is_setup(c.source)]
    if not code:
        problems.append("no code cells (the setup cell is missing)")
    elif len(setups) != 1:
        problems.append(f"expected exactly one setup cell ('# Setup ...'), found {len(setups)}")
    elif setups[0] != code[0][0]:
        problems.append("the setup cell must be the first code cell")
    else:
        setup = code[0][1].source
        for var in ("SEED", "LOCALE"):
            if not re.search(rf"^{var}\s*=", setup, re.MULTILINE):
                problems.append(f"the setup cell must define {var} = ...")
    for i, c in code:
        if i in setups:
            continue
        if IMPORT_RE.search(c.source):
            problems.append(f"code cell {i} imports something; imports belong in the setup cell")
        if DEF_RE.search(c.source):
            problems.append(f"code cell {i} defines a function or class; helper code lives "
                            "in tierlab")
        n_lines = _statements(c.source)
        if n_lines > MAX_CELL_LINES:
            problems.append(f"code cell {i} has {n_lines} lines (max {MAX_CELL_LINES}); "
                            "keep cells short")
        if "plt.show()" in c.source:
            problems.append(f"code cell {i} calls plt.show(); the inline backend draws figures")

    # discussion prompts
    n_disc = sum(len(DISCUSSION_RE.findall(c.source)) for c in markdown)
    if n_disc < 2:
        problems.append(f"found {n_disc} '> 💬 Discussion:' prompt(s); need at least 2")

    # key points and next
    last = cells[-1]
    if last.cell_type != "markdown" or "key points" not in last.source.lower():
        problems.append("the last cell must be markdown with the 'Key points'")
    elif num != "06":
        files = NEXT_FILE_RE.findall(_after_next(last.source))
        want = NEXT[num] if num in NEXT else (f"{int(num[:2]) + 1:02d}_",)
        if not files:
            problems.append("the last cell needs 'Next:' with the next notebook's file name")
        elif not all(f.startswith(want) for f in files):
            problems.append(f"'Next:' should point to a {' or '.join(want)}* notebook, "
                            f"got {files}")
    return problems


def sequence_problems(names) -> list[str]:
    """Missing notebooks: 00 and 06, and 01-05 for every case that has any notebook."""
    names = set(names)
    if not names:
        return []
    problems = [f"missing {f}" for f in SHARED.values() if f not in names]
    for case in ("pharma", "retail"):
        have = {n for n in names if n.endswith(f"_{case}.ipynb")}
        if not have:
            continue
        for num, topic in CASE_TOPICS.items():
            want = f"{num}_{topic}_{case}.ipynb"
            if want not in names:
                problems.append(f"missing {want}")
    unknown = [n for n in names if n not in SHARED.values() and not any(
        n == f"{num}_{topic}_{case}.ipynb" for num, topic in CASE_TOPICS.items()
        for case in ("pharma", "retail"))]
    problems += [f"unexpected notebook name {n}" for n in sorted(unknown)]
    return problems


# --------------------------------------------------------------------------- real notebooks
@pytest.mark.parametrize("path", _paths(), ids=lambda p: p.name)
def test_notebook_follows_the_authoring_rules(path):
    nb = nbformat.read(path, as_version=4)
    problems = notebook_problems(nb, path.name)
    assert not problems, f"{path.name}:\n- " + "\n- ".join(problems)


@pytest.mark.parametrize("path", _paths(), ids=lambda p: p.name)
def test_next_pointer_names_an_existing_notebook(path):
    nb = nbformat.read(path, as_version=4)
    last = nb.cells[-1].source if nb.cells else ""
    files = NEXT_FILE_RE.findall(_after_next(last))
    missing = [f for f in files if not (NOTEBOOKS / f).exists()]
    assert not missing, f"{path.name}: 'Next:' names {missing}, not in notebooks/"


def test_sequence_is_complete():
    names = [p.name for p in _paths()]
    if not names:
        pytest.skip("no notebooks yet")
    problems = sequence_problems(names)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the checker itself
def _good(num="01", case="pharma"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {num} · Topic — {case}\n\n00 → **{num}** → 06\n\n**Learning objectives**\n"
            "- one\n- two\n- three\n\n**Estimated time:** 30 min"),
        nbformat.v4.new_code_cell("# Setup — run this cell first\nimport tierlab as tl\n"
                                  "SEED = None\nLOCALE = \"en_US\""),
        nbformat.v4.new_markdown_cell("> 💬 Discussion: why?"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("> 💬 Discussion: why not?"),
        nbformat.v4.new_markdown_cell(f"## Key points\n- a\n\n**Next:** "
                                      f"`{int(num[:2]) + 1:02d}_goals_and_gaps_{case}.ipynb`"),
    ]
    return nb


def test_checker_accepts_a_good_notebook():
    assert notebook_problems(_good(), "01_current_state_pharma.ipynb") == []


@pytest.mark.parametrize("breakage, expected", [
    (lambda nb: nb.cells[3].update(execution_count=3), "outputs or execution counts"),
    (lambda nb: nb.cells[3].update(outputs=[nbformat.v4.new_output("stream", text="hi")]),
     "outputs or execution counts"),
    (lambda nb: nb.cells[0].update(source="# 01 · Topic\n- a\n- b\n- c"), "you are here"),
    (lambda nb: nb.cells[0].update(source=nb.cells[0].source.replace("Estimated", "Rough")),
     "Estimated time"),
    (lambda nb: nb.cells[0].update(source=nb.cells[0].source.replace("Learning objectives", "Aims")),
     "Learning objectives"),
    (lambda nb: nb.cells.insert(1, nbformat.v4.new_code_cell("y = 2")), "first code cell"),
    (lambda nb: nb.cells.insert(3, nbformat.v4.new_code_cell("# Setup again\nSEED = 1")),
     "exactly one setup cell"),
    (lambda nb: nb.cells[3].update(source="import numpy as np"), "imports something"),
    (lambda nb: nb.cells[3].update(source="def f(x):\n    return x"), "defines a function"),
    (lambda nb: nb.cells[3].update(source="\n".join(f"x{i} = {i}" for i in range(20))),
     "keep cells short"),
    (lambda nb: nb.cells[4].update(source="A remark."), "Discussion"),
    (lambda nb: nb.cells[-1].update(source="## Summary"), "Key points"),
    (lambda nb: nb.cells[-1].update(source="## Key points\n- a"), "Next:"),
    (lambda nb: nb.cells[-1].update(source="## Key points\n**Next:** `05_evaluation_pharma.ipynb`"),
     "02_"),
    (lambda nb: nb.cells[1].update(source="# Setup\nimport tierlab as tl"), "SEED"),
    (lambda nb: nb.metadata.update(kernelspec={"name": "ir"}), "kernelspec"),
])
def test_checker_reports_each_broken_rule(breakage, expected):
    nb = _good()
    breakage(nb)
    problems = notebook_problems(nb, "01_current_state_pharma.ipynb")
    assert any(expected in p for p in problems), problems


def test_checker_rejects_bad_file_names():
    assert notebook_problems(_good(), "Current State.ipynb")
    assert not NAME_RE.match("1_welcome.ipynb")


def test_sequence_rules():
    full = ["00_welcome.ipynb", "06_capstone.ipynb", "00b_pandas_for_excel.ipynb"] + [
        f"{n}_{t}_pharma.ipynb" for n, t in CASE_TOPICS.items()]
    assert sequence_problems(full) == []
    assert sequence_problems([]) == []
    assert "missing 03_strategy_pharma.ipynb" in sequence_problems(
        [f for f in full if not f.startswith("03")])
    assert "missing 06_capstone.ipynb" in sequence_problems(full[:1] + full[2:])
    assert "missing 01_current_state_retail.ipynb" in sequence_problems(
        [*full, "02_goals_and_gaps_retail.ipynb"])
    assert sequence_problems([*full, "07_extra.ipynb"]) == ["unexpected notebook name 07_extra.ipynb"]


@pytest.mark.parametrize("prompt", ["> 💬 Discussion: a?", "> **💬 Discussion:** a?",
                                    "> 💬 **Discussion:** a?"])
def test_checker_accepts_the_discussion_spellings(prompt):
    nb = _good()
    nb.cells[2].source = prompt
    nb.cells[4].source = prompt
    assert notebook_problems(nb, "01_current_state_pharma.ipynb") == []


def test_checker_accepts_the_welcome_line():
    nb = _good(num="00")
    nb.cells[-1].source = "## Key points\n- a\n\n**Next:** `01_current_state_pharma.ipynb`"
    nb.cells[0].source = nb.cells[0].source.replace("00 → **00** → 06", "**00** → 01 → 06")
    assert notebook_problems(nb, "00_welcome.ipynb") == []


def test_checker_knows_the_pandas_primer_between_00_and_01():
    nb = _good(num="00b")
    nb.cells[0].source = nb.cells[0].source.replace("00 → **00b** → 06", "00 → **00b** → 01 → 06")
    nb.cells[-1].source = "## Key points\n- a\n\n**Next:** `01_current_state_retail.ipynb`"
    assert notebook_problems(nb, "00b_pandas_for_excel.ipynb") == []
    nb.cells[-1].source = "## Key points\n- a\n\n**Next:** `02_goals_and_gaps_retail.ipynb`"
    assert any("01_" in p for p in notebook_problems(nb, "00b_pandas_for_excel.ipynb"))
    welcome = _good(num="00")
    welcome.cells[-1].source = "## Key points\n- a\n\n**Next:** `00b_pandas_for_excel.ipynb`"
    assert notebook_problems(welcome, "00_welcome.ipynb") == []


# --------------------------------------------------------------------------- code style
RUFF_RULES = ["--isolated", "--line-length", "100", "--select", "E,F,W,B",
              "--ignore", "E501,E703,E402"]  # E703: a trailing ';' hides a figure's repr


def _ruff(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "ruff", *args], capture_output=True,
                          text=True, cwd=NOTEBOOKS.parent)


def test_notebooks_are_linted_and_formatted():
    """ruff on the course notebooks (as for the library); the solutions keep the setup
    imports a learner may need (F401 off), and exercises are built from them."""
    lint = _ruff("check", *RUFF_RULES, "notebooks")
    assert lint.returncode == 0, lint.stdout
    lint = _ruff("check", *RUFF_RULES[:-1], RUFF_RULES[-1] + ",F401", "solutions")
    assert lint.returncode == 0, lint.stdout
    fmt = _ruff("format", "--isolated", "--line-length", "100", "--check", "notebooks")
    assert fmt.returncode == 0, f"run: ruff format --isolated --line-length 100 notebooks\n{fmt.stdout}"


def _code_lines(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                yield i, line


def test_code_lines_fit_the_limit():
    """Code lines within 100 characters; only a line that is one piece of text may be longer."""
    long = [(p.name, i, line) for p in sorted(NOTEBOOKS.glob("*.ipynb"))
            for i, line in _code_lines(p)
            if len(line) > 100 and not re.match(r"\s*f?[\"']", line)]
    assert not long, long[:5]


def test_no_helper_code_is_pasted_across_notebooks():
    """The same 4 statements in two notebooks are helper logic: they belong in tierlab,
    called from both (the setup cells repeat by design)."""
    import ast

    seen: dict[str, set] = {}
    for p in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in nbformat.read(p, as_version=4).cells:
            if cell.cell_type != "code" or cell.source.lstrip().startswith("# Setup"):
                continue
            body = [ast.dump(node) for node in ast.parse(cell.source).body]
            for k in range(len(body) - 3):
                seen.setdefault("\n".join(body[k:k + 4]), set()).add(p.name)
    pasted = [sorted(f) for f in seen.values() if len(f) > 1]
    assert not pasted, pasted[:3]


def test_the_paste_detector_finds_the_old_doctor_table_cell(tmp_path):
    """The 8-line doctor table once pasted into five notebooks would be caught."""
    import ast

    old = ('last = world.sales[world.sales["month"] > m]\nours = last.groupby("d").sum()\n'
           'market = last.groupby("d").sum()\ncalls = world.calls.groupby("d").sum()\n'
           'doctors = ours.merge(market).merge(calls)\n')
    runs = [ast.dump(n) for n in ast.parse(old).body]
    assert len(runs) >= 4
