"""``tierlab grade``: run submissions in subprocesses, survive loops and crashes, scoreboard."""

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
from tierlab.exercises._grade import Submission, _collect, find_submissions, grade

DEMO = Path(__file__).resolve().parent / "data" / "exercise_demo"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}

# Writes one check outcome to the progress log with the standard library only (no tierlab
# import: keeps the kernel fast, so the short timeouts below measure the loop, not imports).
_LOG_LINE = (
    "import json, os\n"
    "with open(os.environ['TIERLAB_PROGRESS_LOG'], 'a') as fh:\n"
    "    fh.write(json.dumps({{'event': 'check', 'exercise': 'loop', 'question': '{q}', "
    "'outcome': 'correct'}}) + '\\n')"
)


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


def _wait_dead(pid: int, seconds: float = 15) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


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


def _log(path, *events):
    path.write_text("".join(
        json.dumps({"event": "check", "exercise": e, "question": q, "outcome": o}) + "\n"
        for e, q, o in events) + "not json\n")


def test_outcomes_are_read_back_from_the_log(tmp_path):
    log = tmp_path / "log.jsonl"
    _log(log, ("demo", "q1", "incorrect"), ("demo", "q1", "correct"), ("demo", "q3", "error"),
         ("other", "q1", "correct"))
    sub = _collect(Submission(tmp_path / "a__demo.ipynb", "a", "demo"), log)
    assert sub.outcomes == {("demo", "q1"): "correct", ("demo", "q2"): "not_attempted",
                            ("demo", "q3"): "error", ("demo", "q4"): "not_attempted",
                            ("demo", "q5"): "not_attempted"}  # the last check counts
    # a file name that is not an exercise: the exercises the notebook checked are used
    sub = _collect(Submission(tmp_path / "a__hw1.ipynb", "a", "hw1"), log)
    assert set(sub.outcomes) == {("demo", f"q{i}") for i in range(1, 6)} | {("other", "q1")}
    sub = _collect(Submission(tmp_path / "a.ipynb", "a", None), tmp_path / "missing.jsonl")
    assert sub.outcomes == {}


def test_grade_demo_submissions(tmp_path):
    subs = tmp_path / "subs"
    (subs / "carol").mkdir(parents=True)
    shutil.copy(DEMO / "solutions" / "demo.ipynb", subs / "alice__demo.ipynb")
    shutil.copy(DEMO / "exercises" / "demo.ipynb", subs / "bob__demo.ipynb")
    crash = nbformat.read(DEMO / "solutions" / "demo.ipynb", as_version=4)
    q1_cell = next(c for c in crash.cells if "q1.check" in c.source)
    q1_cell.source = "answer = 1 / 0\nq1.check(answer)"
    nbformat.write(crash, subs / "carol" / "demo.ipynb")

    board = grade(subs, tmp_path / "out", timeout=180, jobs=2, progress=False)

    b = board.set_index("learner")
    qcols = [f"demo:q{i}" for i in range(1, 6)]
    assert list(b.loc["alice", qcols]) == ["correct"] * 5
    assert b.loc["alice", "score"] == 1.0
    # the blank exercise runs top to bottom without an error: every question not attempted
    assert list(b.loc["bob", qcols]) == ["not_attempted"] * 5
    assert b.loc["bob", "runs"] == "bob__demo.ipynb: ok"
    # a crashing cell does not stop the later cells
    assert b.loc["carol", "demo:q1"] == "not_attempted"
    assert list(b.loc["carol", qcols[1:]]) == ["correct"] * 4
    assert "ZeroDivisionError" in b.loc["carol", "runs"]
    assert (b["total"] == 5).all() and b.loc["carol", "correct"] == 4

    out = tmp_path / "out"
    csv = pd.read_csv(out / "scoreboard.csv")
    assert list(csv["learner"]) == ["alice", "bob", "carol"]
    assert list(csv.columns[:6]) == ["learner", *qcols]
    html = (out / "scoreboard.html").read_text()
    assert "#c8e6c9" in html and "alice" in html and "<table>" in html
    long = pd.read_csv(out / "outcomes.csv")
    assert len(long) == 15 and set(long["outcome"]) == {"correct", "not_attempted"}
    executed = nbformat.read(out / "executed" / "alice__demo.ipynb", as_version=4)
    assert any("Correct" in str(c.get("outputs")) for c in executed.cells)


def test_grade_stops_a_notebook_that_loops_forever(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    loop = "while True:\n    try:\n        pass\n    except KeyboardInterrupt:\n        pass"
    nb = new_notebook(cells=[new_code_cell(_LOG_LINE.format(q="q1")), new_code_cell(loop),
                             new_code_cell(_LOG_LINE.format(q="q2"))], metadata=KERNEL)
    nbformat.write(nb, subs / "dave__loop.ipynb")
    out = tmp_path / "out"
    start = time.monotonic()
    rc = main(["grade", str(subs), "--out", str(out), "--timeout", "3", "--no-progress"])
    assert rc == 0
    assert time.monotonic() - start < 120
    board = pd.read_csv(out / "scoreboard.csv").set_index("learner")
    assert board.loc["dave", "loop:q1"] == "correct"  # written before the loop
    assert "loop:q2" not in board.columns  # never reached
    assert "timeout (cell 2 ran longer than 3 s)" in board.loc["dave", "runs"]
    pid = int((out / "logs" / "dave__loop.kernel.pid").read_text())
    assert _wait_dead(pid), "the looping kernel was not killed"


def test_grade_hard_deadline_kills_everything(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = new_notebook(cells=[new_code_cell("import time\ntime.sleep(600)")], metadata=KERNEL)
    nbformat.write(nb, subs / "erin__sleep.ipynb")
    start = time.monotonic()
    board = grade(subs, tmp_path / "out", timeout=600, notebook_timeout=10, progress=False)
    assert time.monotonic() - start < 90
    assert "timeout (notebook ran longer than 10 s)" in board.loc[0, "runs"]
    pid_file = tmp_path / "out" / "logs" / "erin__sleep.kernel.pid"
    if pid_file.exists():  # the kernel had started: it must be gone too
        assert _wait_dead(int(pid_file.read_text()))


def test_scoreboard_html_groups_questions_under_their_exercise():
    import pandas as pd

    from tierlab.exercises._grade import scoreboard_html

    board = pd.DataFrame({
        "learner": ["alice", "<bob>"],
        "01_x:q1": ["correct", "incorrect"], "01_x:q2": ["not_attempted", "error"],
        "02_y:q1": ["correct", "correct"],
        "correct": [2, 1], "incorrect": [0, 1], "not_attempted": [1, 0], "error": [0, 1],
        "total": [3, 3], "score": [0.667, 0.333], "runs": ["a.ipynb: ok", "b.ipynb: ok"],
    })
    page = scoreboard_html(board)
    assert "<th colspan='2'>01_x</th>" in page and "<th colspan='1'>02_y</th>" in page
    assert page.index(">score<") < page.index(">01_x<")  # totals come before questions
    assert "<b>67%</b>" in page and "&lt;bob&gt;" in page and "<bob>" not in page
    assert page.count("background:#c8e6c9;text-align:center") == 3  # three correct cells


def test_a_notebook_not_handed_in_is_not_submitted_not_unattempted():
    from pathlib import Path

    from tierlab.exercises._grade import NOT_SUBMITTED, Submission, _tables

    alice = [Submission(Path("alice__a.ipynb"), "alice", "a", "ok",
                        outcomes={("a", "q1"): "correct"}),
             Submission(Path("alice__b.ipynb"), "alice", "b", "ok",
                        outcomes={("b", "q1"): "not_attempted"})]
    bob = [Submission(Path("bob__a.ipynb"), "bob", "a", "ok", outcomes={("a", "q1"): "correct"})]
    board, _ = _tables(alice + bob)
    b = board.set_index("learner")
    assert b.loc["bob", "b:q1"] == NOT_SUBMITTED
    assert b.loc["alice", "b:q1"] == "not_attempted"
    assert b.loc["bob", NOT_SUBMITTED] == 1 and b.loc["bob", "not_attempted"] == 0
    assert b.loc["bob", "score"] == 0.5  # a missing notebook scores nothing
