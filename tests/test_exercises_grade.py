"""``tierlab grade``: isolated runs, scores the learner cannot write, the trainer's view."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tierlab.cli import main
from tierlab.exercises._grade import (
    NOT_GRADED,
    NOT_SUBMITTED,
    Submission,
    find_submissions,
    grade,
    scoreboard_html,
    tables,
    watch,
)
from tierlab.exercises._record import REFERENCE_USED, FrozenWidget, freeze

DEMO = Path(__file__).resolve().parent / "data" / "exercise_demo"
COURSE = Path(__file__).resolve().parents[1] / "datasets"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
QCOLS = [f"demo:q{i}" for i in range(1, 6)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        return "\nState:\tZ" not in status.read_text()  # a zombie is dead
    return True


def _solution():
    return nbformat.read(DEMO / "solutions" / "demo.ipynb", as_version=4)


def _insert_after(nb, needle: str, source: str):
    """A copy of ``nb`` with a code cell ``source`` after the first cell containing ``needle``."""
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    i = next(i for i, c in enumerate(nb.cells) if needle in c.source)
    nb.cells.insert(i + 1, new_code_cell(source))
    return nb


def _replace(nb, needle: str, source: str):
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    cell = next(c for c in nb.cells if needle in c.source)
    cell.source = source
    return nb


def test_find_submissions_layouts(tmp_path):
    for p in ["alice__01_x.ipynb", "bob.ipynb", "carol/01_x.ipynb", "carol/02_y.ipynb",
              ".ipynb_checkpoints/z.ipynb", "_graded/executed/a.ipynb"]:
        (tmp_path / p).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / p).write_text("{}")
    got = sorted((s.learner, s.exercise) for s in find_submissions(tmp_path))
    assert got == [("alice", "01_x"), ("bob", None), ("carol", "01_x"), ("carol", "02_y")]
    with pytest.raises(FileNotFoundError, match="not a folder"):
        find_submissions(tmp_path / "missing")
    assert main(["grade", str(tmp_path / "missing")]) == 2
    with pytest.raises(ValueError, match="memory must be"):
        grade(tmp_path, memory_mb=-1)
    with pytest.raises(ValueError, match="jobs must be >= 1"):
        grade(tmp_path, jobs=0)


def test_a_frozen_widget_keeps_the_slider_where_it_was_checked():
    class Slider:
        def __init__(self, value):
            self.value = value

    class Explorer:
        def __init__(self):
            self.controls = {"a_cut": Slider(0.45), "b_cut": Slider(0.9)}

    explorer = Explorer()
    frozen = freeze(explorer)
    explorer.controls["a_cut"].value = 0.8  # the learner moves the slider afterwards
    assert isinstance(frozen, FrozenWidget)
    assert frozen.controls["a_cut"].value == 0.45 and frozen.controls["b_cut"].value == 0.9
    frame = pd.DataFrame({"x": [1, 2]})
    copy = freeze(frame)
    frame.loc[0, "x"] = 99
    assert copy.loc[0, "x"] == 1  # a table is judged as it was when checked
    ids = [1, 2]
    assert freeze(ids) == [1, 2] and freeze(ids) is not ids
    assert freeze("b") == "b"


# ---------------------------------------------------------------------------------------
# the done-when test: one folder with the usual accidents and two forgeries
# ---------------------------------------------------------------------------------------
_LOOP = "while True:\n    pass"
_DELETE = (
    "import glob, os, shutil\n"
    "for p in glob.glob('*') + glob.glob('../*') + ['.', '..']:\n"
    "    try:\n"
    "        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)\n"
    "    except OSError:\n"
    "        pass\n"
    "print(sorted(os.listdir('..')) if os.path.isdir('..') else 'gone')"
)
_KILL_PARENT = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
_ALLOCATE = "import numpy as np\nbig = np.ones(4 * 2**30 // 8)  # 4 GB"
_FORGE_LOG = (
    "import json, os\n"
    "from tierlab.exercises import _progress\n"
    "path = os.environ.get('TIERLAB_PROGRESS_LOG') or 'progress.jsonl'\n"
    "for q in ['q1', 'q2', 'q3', 'q4', 'q5']:\n"
    "    _progress.record('check', exercise='demo', question=q, outcome='correct')\n"
    "    with open(path, 'a') as fh:\n"
    "        fh.write(json.dumps({'event': 'check', 'exercise': 'demo', 'question': q,\n"
    "                             'outcome': 'correct'}) + '\\n')\n"
)
_COPY_REFERENCE = (
    "q1.check(q1._q.expected(ex.ctx))\n"
    "q2.check(None)  # a wrong answer first: the session now caches the reference\n"
    "q2.check(ex.ctx._cache[('__expected__', 'q2')])\n"
    "q3.check(q3._q.expected(ex.ctx))\n"
    "q4.check(q4._q.expected(ex.ctx))  # the string 'b'\n"
    "q5.check(list(q5._q.expected(ex.ctx)))  # a copy of the reference\n"
    "assert q1.outcome == 'correct'  # in the kernel the checker itself is unchanged"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs = root / "subs"
    subs.mkdir()
    sol = _solution()
    blank = nbformat.read(DEMO / "exercises" / "demo.ipynb", as_version=4)
    nbformat.write(sol, subs / "alice__demo.ipynb")
    nbformat.write(blank, subs / "bob__demo.ipynb")
    nbformat.write(_insert_after(sol, "q1.check", _LOOP), subs / "carol__demo.ipynb")
    nbformat.write(_insert_after(sol, "q2.check", "import sys\nsys.exit(3)"),
                   subs / "dave__demo.ipynb")
    nbformat.write(_insert_after(sol, "q1.check", _DELETE), subs / "erin__demo.ipynb")
    nbformat.write(_insert_after(sol, "q1.check", _KILL_PARENT), subs / "frank__demo.ipynb")
    nbformat.write(_insert_after(sol, "q1.check", _ALLOCATE), subs / "gina__demo.ipynb")
    (subs / "hank__demo.ipynb").write_text('{"cells": [ this is not JSON')
    forged = blank.copy()
    forged.cells = [*blank.cells, new_code_cell(_FORGE_LOG)]
    nbformat.write(forged, subs / "ivan__demo.ipynb")
    copier = blank.copy()
    copier.cells = [*blank.cells, new_code_cell(_COPY_REFERENCE)]
    nbformat.write(copier, subs / "judy__demo.ipynb")
    before = {p.name: p.read_bytes() for p in subs.iterdir()}
    out = root / "out"
    start = time.monotonic()
    rc = main(["grade", str(subs), "--out", str(out), "--timeout", "20",
               "--notebook-timeout", "150", "--memory", "1500", "-j", "2", "--no-progress"])
    elapsed = time.monotonic() - start
    return {"rc": rc, "subs": subs, "out": out, "before": before, "elapsed": elapsed,
            "board": pd.read_csv(out / "scoreboard.csv", keep_default_na=False)
                       .set_index("learner")}


def test_the_run_completes_and_no_submission_is_touched(graded):
    assert graded["rc"] == 0
    subs = graded["subs"]
    assert {p.name: p.read_bytes() for p in subs.iterdir()} == graded["before"]
    b = graded["board"]
    assert sorted(b.index) == ["alice", "bob", "carol", "dave", "erin", "frank", "gina",
                               "hank", "ivan", "judy"]


def test_a_solution_scores_full_marks_and_a_blank_exercise_nothing(graded):
    b = graded["board"]
    assert list(b.loc["alice", QCOLS]) == ["correct"] * 5
    assert b.loc["alice", "score"] == 1.0 and b.loc["alice", "problems"] == ""
    assert list(b.loc["bob", QCOLS]) == ["not_attempted"] * 5
    assert b.loc["bob", "score"] == 0.0 and b.loc["bob", "problems"] == ""
    assert list(b.index[:1]) == ["alice"]  # sorted by score


def test_each_accident_is_named_and_keeps_what_ran_before(graded):
    b = graded["board"]
    # the loop is interrupted: q1 (before it) counts, the later cells never ran
    assert "timeout (cell 4 ran longer than 20 s" in b.loc["carol", "problems"]
    assert b.loc["carol", "demo:q1"] == "correct"
    assert list(b.loc["carol", QCOLS[1:]]) == ["not_attempted"] * 4
    # sys.exit does not stop the later cells
    assert "sys.exit" in b.loc["dave", "problems"] and "SystemExit" in b.loc["dave", "problems"]
    assert list(b.loc["dave", QCOLS]) == ["correct"] * 5
    # deleting files only hurts the sandbox copy: the answers were already in the kernel
    assert list(b.loc["erin", QCOLS]) == ["correct"] * 5
    # killing the process that runs it: named, nothing graded, the run goes on
    assert "grader killed" in b.loc["frank", "problems"]
    assert "killed by signal 9" in b.loc["frank", "problems"]
    assert list(b.loc["frank", QCOLS]) == [NOT_GRADED] * 5
    # 4 GB above a 1.5 GB limit: a MemoryError in that cell, the rest still runs
    assert "memory limit" in b.loc["gina", "problems"]
    assert "MemoryError" in b.loc["gina", "problems"]
    assert list(b.loc["gina", QCOLS]) == ["correct"] * 5
    assert "invalid notebook (not valid JSON" in b.loc["hank", "problems"]
    assert list(b.loc["hank", QCOLS]) == [NOT_GRADED] * 5


def test_forged_attempts_do_not_score(graded):
    b = graded["board"]
    assert list(b.loc["ivan", QCOLS]) == ["not_attempted"] * 5  # the log does not count
    assert b.loc["ivan", "score"] == 0.0
    assert list(b.loc["judy", QCOLS]) == [REFERENCE_USED] * 5
    assert b.loc["judy", "score"] == 0.0 and b.loc["judy", REFERENCE_USED] == 5
    long = pd.read_csv(graded["out"] / "outcomes.csv", keep_default_na=False)
    judy = long[long["learner"] == "judy"]
    assert judy["diagnosis"].str.contains("reference").all()


def test_outputs_are_written_after_the_run_and_kernels_are_gone(graded):
    out = graded["out"]
    assert (out / "executed" / "alice__demo.ipynb").exists()
    executed = nbformat.read(out / "executed" / "erin__demo.ipynb", as_version=4)
    printed = "".join(str(c.get("outputs")) for c in executed.cells)
    assert "alice" not in printed and "bob" not in printed  # no neighbour was visible
    html = (out / "scoreboard.html").read_text()
    assert "course version" in html and "tierlab " in html and "graded" in html
    assert "Class view per question" in html
    board = pd.read_csv(out / "scoreboard.csv")
    assert {"graded", "course_version", "seeds", "case", "score"} <= set(board.columns)
    # no kernel of this run is still alive (their launcher sets RLIMIT_AS)
    import subprocess

    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "RLIMIT_AS" not in ps


def test_hard_deadline_kills_a_kernel_that_ignores_interrupts(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    stubborn = ("import time\nwhile True:\n    try:\n        time.sleep(1)\n"
                "    except KeyboardInterrupt:\n        pass")
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1"), new_code_cell(stubborn)],
                                metadata=KERNEL), subs / "erin__sleep.ipynb")
    start = time.monotonic()
    board = grade(subs, tmp_path / "out", timeout=600, notebook_timeout=25, jobs=1,
                  progress=False)
    assert time.monotonic() - start < 120
    assert "timeout (notebook ran longer than 25 s)" in board.loc[0, "problems"]


# ---------------------------------------------------------------------------------------
# the trainer's view, from results (no kernels)
# ---------------------------------------------------------------------------------------
def _sub(learner, exercise, outcomes, *, seed=None, status="ok", diag=None, hints=None,
         kind=None):
    s = Submission(Path(f"{learner}__{exercise}.ipynb"), learner, exercise, status)
    s.outcomes = {(exercise, q): o for q, o in outcomes.items()}
    s.details = {(exercise, q): {"diagnosis": (diag or {}).get(q, ""),
                                 "kind": (kind or {}).get(q, ""),
                                 "hints": (hints or {}).get(q, 0), "solution": 0}
                 for q in outcomes}
    if seed is not None:
        s.seeds = {exercise: seed}
    return s


def test_scores_count_only_the_case_a_team_took():
    subs = [_sub("retail_team", "01_x_retail", {"q1": "correct", "q2": "correct"}, seed=11),
            _sub("pharma_team", "01_x_pharma", {"q1": "correct", "q2": "incorrect"}, seed=12)]
    board, _, _ = tables(subs)
    b = board.set_index("learner")
    assert b.loc["retail_team", "score"] == 1.0 and b.loc["pharma_team", "score"] == 0.5
    assert b.loc["retail_team", "01_x_pharma:q1"] == ""  # not diluted by the other case
    assert b.loc["retail_team", "total"] == 2 and b.loc["retail_team", "case"] == "retail"
    assert b.loc["pharma_team", "seeds"] == "12"
    assert list(board["learner"]) == ["retail_team", "pharma_team"]
    assert b.loc["retail_team", "score_retail"] == 1.0
    assert pd.isna(b.loc["retail_team", "score_pharma"])


def test_manager_track_score_counts_the_questions_without_code():
    """score_no_code: a manager who answered only the 判断题 is scored on those."""
    from tierlab.exercises._core import _find

    name = "01_current_state_retail"
    qs = _find(name).questions
    answers = {q.qid: ("correct" if q.no_code else "not_attempted") for q in qs}
    coder = {q.qid: ("incorrect" if q.no_code else "correct") for q in qs}
    board, _, summary = tables([_sub("manager", name, answers), _sub("coder", name, coder)])
    b = board.set_index("learner")
    n_nc = sum(q.no_code for q in qs)
    assert 3 <= n_nc < len(qs)
    assert b.loc["manager", "score_no_code"] == 1.0
    assert b.loc["manager", "score"] == round(n_nc / len(qs), 3)
    assert b.loc["coder", "score_no_code"] == 0.0
    nc = summary.set_index("question")["no_code"]
    assert nc[[q.qid for q in qs if q.no_code]].all() and not nc[qs[0].qid]


def test_a_notebook_not_handed_in_is_not_submitted_not_unattempted():
    alice = [_sub("alice", "a", {"q1": "correct"}), _sub("alice", "b", {"q1": "not_attempted"})]
    bob = [_sub("bob", "a", {"q1": "correct"})]
    board, _, _ = tables(alice + bob)
    b = board.set_index("learner")
    assert b.loc["bob", "b:q1"] == NOT_SUBMITTED
    assert b.loc["alice", "b:q1"] == "not_attempted"
    assert b.loc["bob", NOT_SUBMITTED] == 1 and b.loc["bob", "not_attempted"] == 0
    assert b.loc["bob", "score"] == 0.5  # a missing notebook scores nothing


def test_class_view_sorts_by_difficulty_and_collects_diagnoses():
    tiers = "Your A tier uses raw share, not cumulative share."
    subs = [
        _sub("a", "ex_pharma", {"q1": "correct", "q2": "incorrect"}, diag={"q2": tiers},
             hints={"q2": 2}),
        _sub("b", "ex_pharma", {"q1": "correct", "q2": "incorrect"}, diag={"q2": tiers}),
        _sub("c", "ex_pharma", {"q1": "incorrect", "q2": "incorrect"},
             diag={"q1": "off by one", "q2": "1 row missing"}),
        _sub("d", "ex_pharma", {"q1": "correct", "q2": "correct"}),
    ]
    _, _, summary = tables(subs)
    assert list(summary["question"]) == ["q2", "q1"]  # hardest first
    q2 = summary.set_index("question").loc["q2"]
    assert q2["share_correct"] == 0.25 and q2["learners"] == 4
    assert q2["top_diagnosis"] == tiers and q2["top_diagnosis_learners"] == 2
    assert q2["used_hints"] == 1 and q2["used_solution"] == 0
    page = scoreboard_html(*tables(subs)[:1], summary=summary, meta={"seeds": "7"})
    assert "raw share" in page and "<b>seeds</b>: 7" in page


def test_wrong_answers_are_grouped_by_kind_not_by_their_numbers():
    subs = [_sub(n, "ex", {"q1": "incorrect"}, diag={"q1": f"column 'tier': {k} rows differ"},
                 kind={"q1": "frame_values_differ"}) for n, k in (("a", 3), ("b", 7), ("c", 3))]
    subs.append(_sub("d", "ex", {"q1": "incorrect"}, diag={"q1": "raw share, not cumulative"},
                     kind={"q1": "near miss: raw share, not cumulative"}))
    _, _, summary = tables(subs)
    row = summary.iloc[0]
    assert row["top_diagnosis_learners"] == 3
    assert row["top_diagnosis"] == "column 'tier': 3 rows differ"  # the commonest text of it


def test_scoreboard_html_groups_questions_and_escapes_names():
    subs = [_sub("alice", "01_x", {"q1": "correct", "q2": "not_attempted"}),
            _sub("<bob>", "01_x", {"q1": "incorrect", "q2": "error"}),
            _sub("alice", "02_y", {"q1": "correct"}), _sub("<bob>", "02_y", {"q1": "correct"})]
    board, _, _ = tables(subs)
    page = scoreboard_html(board, refresh=15)
    assert "<th colspan='2'>01_x</th>" in page and "<th colspan='1'>02_y</th>" in page
    assert page.index(">score<") < page.index(">01_x<")  # totals come before questions
    assert "<b>67%</b>" in page and "&lt;bob&gt;" in page and "<bob>" not in page
    assert page.count("background:#c8e6c9;text-align:center") == 3  # three correct cells
    assert "http-equiv='refresh' content='15'" in page


def test_watch_grades_only_new_or_changed_notebooks(tmp_path, monkeypatch):
    import tierlab.exercises._grade as g

    subs = tmp_path / "subs"
    subs.mkdir()
    ran = []

    def fake_run(sub, out, **_):
        ran.append(sub.slug)
        sub.status, sub.digest = "ok", g._digest(sub.path)
        sub.outcomes = {("demo", "q1"): "correct" if b"right" in sub.path.read_bytes()
                        else "incorrect"}
        return sub

    monkeypatch.setattr(g, "run_notebook", fake_run)
    (subs / "alice__demo.ipynb").write_text("{}")
    board = watch(subs, tmp_path / "out", interval=0, rounds=2, log=lambda *_: None)
    assert ran == ["alice__demo"] and board.loc[0, "demo:q1"] == "incorrect"
    (subs / "alice__demo.ipynb").write_text('{"right": 1}')
    (subs / "bob__demo.ipynb").write_text("{}")
    board = watch(subs, tmp_path / "out", interval=0, rounds=1, log=lambda *_: None)
    assert ran == ["alice__demo", "alice__demo", "bob__demo"]
    b = board.set_index("learner")
    assert b.loc["alice", "demo:q1"] == "correct" and b.loc["bob", "demo:q1"] == "incorrect"
    page = (tmp_path / "out" / "scoreboard.html").read_text()
    assert "http-equiv='refresh'" in page


def test_sandbox_folders_cannot_be_listed_and_are_removed():
    from tierlab.exercises._grade import _Sandbox

    box = _Sandbox()
    work, stage, _ = box.box()
    assert work.is_dir() and stage.is_dir()
    if os.geteuid() == 0:  # root ignores permissions: only the clean-up can be checked
        box.close()
        assert not box.root.exists()
        return
    with pytest.raises(PermissionError):
        os.listdir(work.parent.parent)  # the neighbours' folders
    with pytest.raises(PermissionError):
        os.listdir(stage.parent)  # the runners' outputs
    (work / "x.txt").write_text("mine")
    with pytest.raises(PermissionError):
        shutil.rmtree(work)  # a notebook cannot remove its own folder
    box.close()
    assert not box.root.exists()


_WIDGET_SETUP = """
from types import SimpleNamespace
import tierlab.exercises as tx

def _cut(got):
    return got.controls["a_cut"].value if hasattr(got, "controls") else got

question = tx.Question("q1", prompt="Set the A slider to 0.45.", expected=lambda ctx: 0.45,
                       answer=tx.CustomAnswer(lambda got, exp: None if abs(_cut(got) - exp) < 1e-9
                                              else "move the slider"))
tx.register(tx.Exercise("widgetdemo", [question]))
ex = tx.load("widgetdemo", data={"x": 1})
explorer = SimpleNamespace(controls={"a_cut": SimpleNamespace(value=0.8)})
"""


def test_a_widget_answer_is_graded_as_it_was_when_checked(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    cells = [_WIDGET_SETUP,
             "explorer.controls['a_cut'].value = 0.45\nassert ex.q1.check(explorer).correct",
             "explorer.controls['a_cut'].value = 0.8  # a re-run resets the slider",
             # the kernel reads its own copy of the course data, not the checkout's
             "from tierlab.datasets import _load\n"
             f"assert str(_load.default_dataset_dir()) != {str(COURSE)!r}\n"
             "assert (_load.default_dataset_dir() / 'pharma' / 'world.json').exists()"]
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells], metadata=KERNEL),
                   subs / "kim__widgetdemo.ipynb")
    board = grade(subs, tmp_path / "out", timeout=60, jobs=1, progress=False)
    assert board.loc[0, "problems"] == ""
    assert board.loc[0, "widgetdemo:q1"] == "correct"


_RECORDER_SCRIPT = """
import json
from tierlab.exercises import _record
_record.install()
import tierlab.exercises as tx
from tierlab.exercises.questions.demo import abc_table, make_demo_data

data = make_demo_data(random_state=3)
ex = tx.load("demo", data=data, lang="en")
ex.q1.check(abc_table(data["sales"]))                 # the learner's own, right
ex.q2.hint(); ex.q2.hint(); ex.q2.solution()
ex.q3.check(0.5)                                      # wrong
ex.q4.check(ex.q4._q.expected(ex.ctx))                # the reference, a string
ex.q5.check(sorted(ex.ctx.cached(("x",), lambda: ex.q5._q.expected(ex.ctx))))
print(json.dumps(json.loads(_record.report("n0"))))
"""


def test_the_recorder_rejudges_and_flags_references_without_a_kernel(tmp_path):
    import subprocess
    import sys

    env = dict(os.environ, TIERLAB_PROGRESS_LOG="off")
    proc = subprocess.run([sys.executable, "-c", _RECORDER_SCRIPT], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["nonce"] == "n0"
    qs = report["exercises"]["demo"]["questions"]
    assert qs["q1"]["outcome"] == "correct" and qs["q1"]["kernel_outcome"] == "correct"
    assert qs["q2"]["outcome"] == "not_attempted"
    assert qs["q2"]["hints"] == 2 and qs["q2"]["solution"] == 1
    assert qs["q3"]["outcome"] == "incorrect" and qs["q3"]["diagnosis"] and qs["q3"]["kind"]
    assert qs["q4"]["kernel_outcome"] == "correct"  # the learner saw a green box ...
    assert qs["q4"]["outcome"] == REFERENCE_USED  # ... but it does not score
    assert qs["q5"]["outcome"] == REFERENCE_USED


def test_course_data_changed_by_a_notebook_is_restored(tmp_path, monkeypatch):
    from tierlab.datasets import _load
    from tierlab.exercises._grade import _Sandbox

    course = tmp_path / "datasets"
    (course / "pharma").mkdir(parents=True)
    (course / "pharma" / "doctors.csv").write_text("doctor_id\nD1\n")
    monkeypatch.setattr(_load, "default_dataset_dir", lambda: course)
    box = _Sandbox()
    try:
        work, stage, data = box.box()
        assert (data / "pharma" / "doctors.csv").read_text() == "doctor_id\nD1\n"
        assert not box.course_changed()
        (course / "pharma" / "doctors.csv").write_text("broken")
        (course / "pharma" / "extra.csv").write_text("x")
        assert box.course_changed()
        assert (course / "pharma" / "doctors.csv").read_text() == "doctor_id\nD1\n"
        assert not box.course_changed()
        box.release(work, stage)
        assert not work.exists() and not stage.exists()
    finally:
        box.close()
