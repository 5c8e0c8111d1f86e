"""``tierlab grade SUBMISSIONS_DIR``: run submitted notebooks, write a scoreboard.

Submissions are found in two layouts (they may be mixed):

- ``SUBMISSIONS/alice__01_current_state_pharma.ipynb`` -- learner ``alice``,
  exercise ``01_current_state_pharma`` (learner, two underscores, exercise name);
- ``SUBMISSIONS/alice/01_current_state_pharma.ipynb`` -- one folder per learner.

A file without ``__`` directly in the folder counts as learner = file stem, and
its exercise is read from the checks it ran.

Each notebook runs in its own Python subprocess (``_runner.py``), which executes it with
nbclient (``allow_errors``: a crashing cell does not stop the later ones; a cell
that runs longer than ``--timeout`` seconds stops the notebook and its kernel is
killed). A whole-notebook deadline kills the subprocess and the kernel process
group as a last resort, so nothing a learner writes can stall the run. The
subprocess sets ``TIERLAB_PROGRESS_LOG`` to a file of its own; every
``check()`` appends its outcome there and the grader reads it back. Questions
that were never checked count as *not attempted*.

Written to ``--out`` (default ``SUBMISSIONS/_graded``): ``scoreboard.csv``
(learner x question, plus totals), ``scoreboard.html`` (coloured),
``outcomes.csv`` (one row per learner, exercise and question), the executed
notebooks in ``executed/`` and the raw logs in ``logs/``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tierlab.exercises._feedback import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from tierlab.exercises._progress import ENV_VAR, latest_outcomes, read_log

#: Scoreboard outcome of a question whose exercise notebook the learner did not hand in.
NOT_SUBMITTED = "not_submitted"

__all__ = ["NOT_SUBMITTED", "Submission", "find_submissions", "run_notebook", "grade",
           "scoreboard_html", "configure", "run"]

_SKIP_DIRS = {".ipynb_checkpoints", "_graded", "__pycache__"}
# run as a plain script so the subprocess does not pay for ``import tierlab``
_RUNNER = Path(__file__).with_name("_runner.py")


@dataclass
class Submission:
    """One submitted notebook."""

    path: Path
    learner: str
    exercise: str | None
    status: str = "not run"
    detail: str = ""
    outcomes: dict = field(default_factory=dict)  # (exercise, qid) -> outcome

    @property
    def slug(self) -> str:
        return f"{self.learner}__{self.exercise or self.path.stem}"


def find_submissions(folder, *, exclude=None) -> list[Submission]:
    """The submissions in ``folder`` (both layouts; see the module docstring)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"submissions={str(folder)!r} is not a folder.")
    exclude = Path(exclude).resolve() if exclude is not None else None
    subs = []
    for p in sorted(folder.glob("*.ipynb")):
        stem = p.stem
        if "__" in stem:
            learner, exercise = stem.split("__", 1)
            subs.append(Submission(p, learner, exercise or None))
        else:
            subs.append(Submission(p, stem, None))
    for d in sorted(x for x in folder.iterdir() if x.is_dir()):
        if d.name in _SKIP_DIRS or d.name.startswith(".") or (
                exclude is not None and d.resolve() == exclude):
            continue
        for p in sorted(d.glob("*.ipynb")):
            subs.append(Submission(p, d.name, p.stem))
    return subs


def _kill_group(pid: int) -> None:
    """Kill process group ``pid`` (a session leader we started) at once."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError, OSError):
        return


def run_notebook(sub: Submission, out: Path, *, timeout: int = 60,
                 notebook_timeout: float | None = None) -> Submission:
    """Execute one submission in a subprocess and read its outcomes back."""
    import nbformat

    logs, executed = out / "logs", out / "executed"
    logs.mkdir(parents=True, exist_ok=True)
    executed.mkdir(parents=True, exist_ok=True)
    log = logs / f"{sub.slug}.jsonl"
    status_path, pid_path = logs / f"{sub.slug}.status.json", logs / f"{sub.slug}.kernel.pid"
    for p in (log, status_path, pid_path):
        p.unlink(missing_ok=True)
    try:
        n_cells = sum(c.cell_type == "code" for c in nbformat.read(sub.path, 4).cells)
    except Exception as exc:  # noqa: BLE001
        sub.status, sub.detail = "unreadable", f"{type(exc).__name__}: {exc}"[:200]
        return _collect(sub, log)
    deadline = notebook_timeout or (timeout * max(1, n_cells) + 120)
    env = dict(os.environ, **{ENV_VAR: str(log.resolve()), "TIERLAB_LEARNER": sub.learner,
                              "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"})
    cmd = [sys.executable, str(_RUNNER), str(sub.path.resolve()),
           str((executed / f"{sub.slug}.ipynb").resolve()), str(status_path.resolve()),
           str(pid_path.resolve()), str(int(timeout)), str(sub.path.parent.resolve())]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        err = b""
        proc.wait()
        sub.status, sub.detail = "timeout", f"notebook ran longer than {deadline:.0f} s"
    if pid_path.exists():  # make sure the kernel is gone whatever happened
        try:
            _kill_group(int(pid_path.read_text().strip()))
        except ValueError:
            pass
    if sub.status == "timeout":
        pass  # killed at the deadline: whatever the runner wrote last does not count
    elif status_path.exists():
        st = json.loads(status_path.read_text())
        sub.status = st["status"]
        details = [st.get("detail", "")] + st.get("errors", [])
        sub.detail = "; ".join(d for d in details if d)
    elif sub.status == "not run":
        lines = (err or b"").decode(errors="replace").strip().splitlines()
        sub.status = "failed"
        sub.detail = lines[-1][:300] if lines else "the runner stopped unexpectedly"
    return _collect(sub, log)


def _questions_of(exercise: str) -> list[str]:
    from tierlab.exercises._core import _find

    try:
        return [q.qid for q in _find(exercise).questions]
    except Exception:  # noqa: BLE001 - an unknown exercise: use what was logged
        return []


def _collect(sub: Submission, log: Path) -> Submission:
    logged = latest_outcomes(read_log(log))
    seen = sorted({e for e, _ in logged})
    named = sub.exercise
    if named and (named in seen or _questions_of(named) or not seen):
        exercises = [named]
    else:  # no name in the file, or a name that is not an exercise: trust the checks
        exercises = seen
    outcomes = {}
    for ex in exercises:
        for qid in _questions_of(ex):
            outcomes[(ex, qid)] = NOT_ATTEMPTED
    for (ex, qid), outcome in logged.items():
        if ex in exercises:
            outcomes[(ex, qid)] = outcome
    sub.outcomes = outcomes
    return sub


# ---------------------------------------------------------------------------------------
# scoreboard
# ---------------------------------------------------------------------------------------
def _tables(subs: list[Submission]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for s in subs:
        for (ex, qid), outcome in s.outcomes.items():
            rows.append({"learner": s.learner, "notebook": s.path.name, "exercise": ex,
                         "question": qid, "outcome": outcome})
    long = pd.DataFrame(rows, columns=["learner", "notebook", "exercise", "question", "outcome"])
    learners = sorted({s.learner for s in subs})
    if len(long):
        long["column"] = long["exercise"] + ":" + long["question"]
        order = list(dict.fromkeys(long.sort_values(["exercise"], kind="mergesort")["column"]))
        wide = long.pivot_table(index="learner", columns="column", values="outcome",
                                aggfunc="last").reindex(index=learners, columns=order)
        wide = wide.fillna(NOT_SUBMITTED)  # that learner handed in no such notebook
    else:
        wide = pd.DataFrame(index=pd.Index(learners, name="learner"))
    wide.columns.name = None
    q = wide.to_numpy()
    for name in (CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR, NOT_SUBMITTED):
        wide[name] = (q == name).sum(axis=1) if q.size else 0
    wide["total"] = q.shape[1]
    wide["score"] = (wide[CORRECT] / wide["total"]).where(wide["total"] > 0, 0.0).round(3)
    notes = {}
    for s in subs:
        text = f"{s.path.name}: {s.status}" + (f" ({s.detail})" if s.detail else "")
        notes.setdefault(s.learner, []).append(text)
    wide["runs"] = [" | ".join(notes.get(name, [])) for name in wide.index]
    return wide.reset_index(), long.drop(columns="column", errors="ignore")


_COLOURS = {CORRECT: "#c8e6c9", INCORRECT: "#ffcdd2", NOT_ATTEMPTED: "#eceff1",
            ERROR: "#ffe0b2", NOT_SUBMITTED: "#ffffff"}
_LABEL = {CORRECT: "✓", INCORRECT: "✗", NOT_ATTEMPTED: "–", ERROR: "!", NOT_SUBMITTED: "·"}


def scoreboard_html(board: pd.DataFrame, title: str = "tierlab scoreboard") -> str:
    """The scoreboard as a standalone coloured HTML page.

    One row per learner: the score and counts first, then one narrow column per
    question grouped under its exercise (two header rows), then the run notes.
    """
    qcols = [c for c in board.columns if ":" in str(c)]
    summary = [c for c in ("score", CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR, NOT_SUBMITTED,
                           "total")
               if c in board.columns]
    rest = [c for c in board.columns if c not in qcols and c not in summary
            and c not in ("learner", "runs")]
    lead = ["learner", *summary, *rest]
    groups = list(dict.fromkeys(str(c).split(":", 1)[0] for c in qcols))
    top = "".join(f"<th rowspan='2'>{html.escape(str(c).replace('_', ' '))}</th>" for c in lead)
    top += "".join(
        f"<th colspan='{sum(str(c).startswith(g + ':') for c in qcols)}'>{html.escape(g)}</th>"
        for g in groups)
    top += "<th rowspan='2'>runs</th>" if "runs" in board.columns else ""
    second = "".join(f"<th>{html.escape(str(c).split(':', 1)[1])}</th>" for c in qcols)
    body = []
    for _, row in board.iterrows():
        cells = []
        for c in lead:
            v = row[c]
            if c == "score":
                cells.append(f"<td style='text-align:right'><b>{float(v):.0%}</b></td>")
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        for c in qcols:
            v = row[c]
            cells.append(f"<td style='background:{_COLOURS.get(v, '#fff')};"
                         f"text-align:center' title='{html.escape(str(c))}: "
                         f"{html.escape(str(v))}'>{_LABEL.get(v, html.escape(str(v)))}</td>")
        if "runs" in board.columns:
            cells.append(f"<td style='font-size:11px'>{html.escape(str(row['runs']))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    legend = " ".join(f"<span style='background:{_COLOURS[k]};padding:2px 6px'>"
                      f"{_LABEL[k]} {k.replace('_', ' ')}</span>" for k in _COLOURS)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;margin:20px}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:4px 6px;font-size:13px}"
        "th{background:#f5f5f5}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{legend}</p>"
        f"<table><thead><tr>{top}</tr><tr>{second}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></body></html>"
    )


def grade(submissions, out=None, *, timeout: int = 60, jobs: int = 1,
          notebook_timeout: float | None = None, progress: bool = True) -> pd.DataFrame:
    """Run every submission and write the scoreboard; return it as a DataFrame.

    Parameters
    ----------
    submissions : path-like
        Folder of submitted notebooks (layouts in the module docstring).
    out : path-like, optional
        Output folder; default ``SUBMISSIONS/_graded``.
    timeout : int
        Seconds one cell may run before the notebook is stopped and its kernel killed.
    jobs : int
        Notebooks run at the same time.
    notebook_timeout : float, optional
        Hard limit for a whole notebook; default ``timeout x code cells + 120`` s.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    pandas.DataFrame
        One row per learner: a column per ``exercise:question`` with ``correct``,
        ``incorrect``, ``not_attempted`` or ``error``, then the counts, ``total``,
        ``score`` (share correct) and ``runs`` (how each notebook ran).
    """
    from tqdm.auto import tqdm

    from tierlab._validation import check_int

    check_int(timeout, "timeout", minimum=1)
    check_int(jobs, "jobs", minimum=1)
    folder = Path(submissions)
    out = Path(out) if out is not None else folder / "_graded"
    subs = find_submissions(folder, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    with tqdm(total=len(subs), desc="grading", unit="notebook", disable=not progress) as bar:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(run_notebook, s, out, timeout=timeout,
                                   notebook_timeout=notebook_timeout) for s in subs]
            for fut in as_completed(futures):
                fut.result()
                bar.update(1)
    board, long = _tables(subs)
    board.to_csv(out / "scoreboard.csv", index=False)
    long.to_csv(out / "outcomes.csv", index=False)
    (out / "scoreboard.html").write_text(scoreboard_html(board), encoding="utf-8")
    return board


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``grade`` options to ``parser``."""
    parser.add_argument("submissions", help="folder of submitted notebooks "
                        "(learner__exercise.ipynb, or one folder per learner)")
    parser.add_argument("--out", default=None,
                        help="output folder (default: SUBMISSIONS/_graded)")
    parser.add_argument("--timeout", type=int, default=60,
                        help="seconds one cell may run (default: 60)")
    parser.add_argument("--notebook-timeout", type=float, default=None,
                        help="hard limit in seconds for a whole notebook "
                             "(default: timeout x cells + 120)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="notebooks to run at the same time (default: 1)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab grade``; 0 on success, 2 on bad arguments."""
    try:
        board = grade(args.submissions, args.out, timeout=args.timeout, jobs=args.jobs,
                      notebook_timeout=args.notebook_timeout, progress=not args.no_progress)
    except (FileNotFoundError, TypeError, ValueError) as exc:
        print(f"tierlab grade: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(args.submissions) / "_graded"
    print(f"graded {len(board)} learner(s); scoreboard: {out / 'scoreboard.csv'} and "
          f"{out / 'scoreboard.html'}")
    return 0


if __name__ == "__main__":
    from tierlab.cli import main

    sys.exit(main(["grade", *sys.argv[1:]]))
