"""``tierlab grade SUBMISSIONS_DIR``: run submitted notebooks in isolation, write a scoreboard.

Submissions are found in two layouts (they may be mixed):

- ``SUBMISSIONS/alice__01_current_state_pharma.ipynb`` -- learner ``alice``,
  exercise ``01_current_state_pharma`` (learner, two underscores, exercise name);
- ``SUBMISSIONS/alice/01_current_state_pharma.ipynb`` -- one folder per learner.

A file without ``__`` directly in the folder counts as learner = file stem, and
its exercise is read from the exercise sets its notebook loaded.

Isolation
---------
Each submission runs in a fresh temporary folder holding only a copy of its own
notebook; the folders of all submissions sit in a parent folder that cannot be
listed, so a notebook that deletes ``.``, ``..`` or ``../*`` only hurts itself.
A runner subprocess (``_runner.py``, its own session) starts the kernel in
another session with a memory limit (``RLIMIT_AS``, ``--memory``), runs the
cells with a limit per cell (``--timeout``) and stops the whole notebook at a
hard deadline (``--notebook-timeout``) by killing both process groups. The
kernel's environment holds no path of the grader's: the runner reads its
configuration from stdin and the executed copies are written to ``--out`` only
after the run. A notebook that crashes, loops, exits, allocates too much, kills
its parent or is not JSON gets a named status; every other result is unaffected.

Scores
------
Scores never come from the progress log. The grader records every ``check``
inside the kernel and re-judges the recorded answers after the last cell
against references recomputed on a fresh context, reading the result through
the kernel's reply channel (see :mod:`tierlab.exercises._record`). An answer
that is the checker's own reference (``q._q.expected(ex.ctx)`` or the session's
cache) scores ``reference_used``, never ``correct``.

Output (``--out``, default ``SUBMISSIONS/_graded``)
---------------------------------------------------
``scoreboard.csv`` / ``scoreboard.html`` (one row per learner, sorted by score;
date, course version and seeds; scores over the case(s) a learner took, so a
pharma team is not diluted by the retail exercises), ``questions.csv`` (the class
view per question, hardest first: share correct, most common wrong-answer
diagnosis, hint and solution use), ``outcomes.csv`` (learner x exercise x
question), the executed notebooks in ``executed/`` and one result file per
submission in ``results/`` (``--watch`` re-grades only new or changed files).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import html
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tierlab.exercises._feedback import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from tierlab.exercises._record import REFERENCE_USED
from tierlab.i18n import tr

#: Scoreboard outcome of a question whose exercise notebook the learner did not hand in.
NOT_SUBMITTED = "not_submitted"
#: The notebook ran into a failure (kernel died, killed, not JSON) before it could be judged.
NOT_GRADED = "not_graded"
#: Outcomes in scoreboard order.
OUTCOMES = (CORRECT, INCORRECT, REFERENCE_USED, NOT_ATTEMPTED, ERROR, NOT_GRADED,
            NOT_SUBMITTED)

__all__ = ["NOT_SUBMITTED", "NOT_GRADED", "OUTCOMES", "Submission", "find_submissions",
           "run_notebook", "grade", "watch", "tables", "scoreboard_html", "configure", "run"]

_SKIP_DIRS = {".ipynb_checkpoints", "_graded", "__pycache__"}
# run as a plain script so the subprocess does not pay for ``import tierlab``
_RUNNER = Path(__file__).with_name("_runner.py")
_RESULT_VERSION = 2
# environment variables the kernel must not inherit (grader paths, logs)
_DROP_ENV = ("TIERLAB_PROGRESS_LOG", "JUPYTER_PATH", "JPY_", "TIERLAB_GRADE")


@dataclass
class Submission:
    """One submitted notebook and, once run, its results."""

    path: Path
    learner: str
    exercise: str | None
    status: str = "not run"
    detail: str = ""
    outcomes: dict = field(default_factory=dict)  # (exercise, qid) -> outcome
    details: dict = field(default_factory=dict)  # (exercise, qid) -> diagnosis/hints/solution
    seeds: dict = field(default_factory=dict)  # exercise -> seed the learner bound
    digest: str = ""

    @property
    def slug(self) -> str:
        return f"{self.learner}__{self.exercise or self.path.stem}"

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def find_submissions(folder: str | Path, *,
                     exclude: str | Path | None = None) -> list[Submission]:
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


def _kernel_env(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP_ENV)}
    env.update({"TIERLAB_PROGRESS_LOG": "off", "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1",
                "TMPDIR": str(work), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1", "NUMEXPR_MAX_THREADS": "1"})
    return env


def _fingerprint(folder: Path | None) -> dict:
    if folder is None or not folder.is_dir():
        return {}
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[str(p.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def _set_mode(folder: Path, file_mode: int, dir_mode: int) -> None:
    for p in folder.rglob("*"):
        try:
            p.chmod(dir_mode if p.is_dir() else file_mode)
        except OSError:
            pass
    try:
        folder.chmod(dir_mode)
    except OSError:
        pass


class _Sandbox:
    """Private folders of one grading run.

    ``boxes`` holds one folder per submission; it is write+search only for its
    owner (no read), so a notebook cannot list its neighbours. ``staging`` holds
    the runners' outputs (same protection) until the grader moves them to ``out``.
    Each box also gets a read-only copy of the course data (``datasets/``) that the
    kernel reads instead of the checkout's; the checkout's copy is fingerprinted
    and restored from a snapshot if a notebook changes it anyway.
    """

    def __init__(self):
        import threading

        from tierlab.datasets._load import default_dataset_dir

        self.root = Path(tempfile.mkdtemp(prefix="tierlab-grade-"))
        self.boxes, self.staging = self.root / "b", self.root / "s"
        for d in (self.boxes, self.staging):
            d.mkdir()
            d.chmod(0o300)
        self._lock = threading.Lock()
        course = default_dataset_dir()
        self.course = course if course.is_dir() else None
        self.snapshot = None
        if self.course is not None:
            self.snapshot = self.root / "course"
            shutil.copytree(self.course, self.snapshot)
        self._print = _fingerprint(self.course)

    def box(self) -> tuple[Path, Path, Path | None]:
        """A fresh ``(work folder, staging folder, course data copy)``."""
        box = Path(tempfile.mkdtemp(dir=self.boxes))
        work = box / "work"
        work.mkdir()
        data = None
        if self.snapshot is not None:
            data = box / "data"
            shutil.copytree(self.snapshot, data)
            _set_mode(data, 0o444, 0o555)
        box.chmod(0o500)  # the notebook cannot delete or rename its own folder
        stage = Path(tempfile.mkdtemp(dir=self.staging))
        return work, stage, data

    def release(self, *folders: Path) -> None:
        """Remove a finished submission's folders (its box and staging)."""
        for f in folders:
            target = f.parent if f.parent.parent == self.boxes else f
            _set_mode(target, 0o600, 0o700)
            shutil.rmtree(target, ignore_errors=True)

    def course_changed(self) -> bool:
        """Whether the checkout's course data changed; if so, restore it from the snapshot."""
        if self.course is None:
            return False
        with self._lock:
            now = _fingerprint(self.course)
            if now == self._print:
                return False
            for rel, sig in self._print.items():
                if now.get(rel) != sig:
                    target = self.course / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(self.snapshot / rel, target)
            self._print = _fingerprint(self.course)
            return True

    def close(self) -> None:
        for d in (self.boxes, self.staging):
            try:
                d.chmod(0o700)
                for sub in d.iterdir():
                    _set_mode(sub, 0o600, 0o700)
            except OSError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_notebook(path: Path) -> str | None:
    """None if ``path`` is a readable notebook, else why not (named on the scoreboard)."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable file: {type(exc).__name__}"
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
    try:
        nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001
        return f"not a notebook: {type(exc).__name__}: {str(exc)[:120]}"
    return None


def run_notebook(sub: Submission, out: str | Path, *, timeout: int = 60,
                 notebook_timeout: float | None = None, memory_mb: float = 2048,
                 sandbox: _Sandbox | None = None) -> Submission:
    """Execute one submission in its own sandbox and judge its answers.

    Parameters
    ----------
    sub : Submission
    out : path-like
        Where the executed notebook is copied (``out/executed/<slug>.ipynb``).
    timeout : int
        Seconds per cell.
    notebook_timeout : float, optional
        Seconds for the whole notebook (default ``timeout x code cells + 120``).
    memory_mb : float
        Address-space limit of the kernel in MiB (0: none).
    sandbox : _Sandbox, optional
        Shared by the submissions of one run; a private one is made otherwise.

    Returns
    -------
    Submission
        ``sub`` with ``status``, ``detail``, ``outcomes``, ``details`` and ``seeds`` set.
    """
    import nbformat

    out = Path(out)
    own = sandbox is None
    sandbox = _Sandbox() if own else sandbox
    try:
        sub.digest = _digest(sub.path)
        problem = _check_notebook(sub.path)
        if problem is not None:
            sub.status, sub.detail = "invalid notebook", problem
            return _collect(sub, None)
        n_cells = sum(c.cell_type == "code" for c in nbformat.read(sub.path, 4).cells)
        deadline = notebook_timeout or (timeout * max(1, n_cells) + 120)
        work, stage, data = sandbox.box()
        nb_copy = work / (sub.exercise or sub.path.stem).replace(os.sep, "_")
        nb_copy = nb_copy.with_name(nb_copy.name + ".ipynb")
        shutil.copyfile(sub.path, nb_copy)
        nonce = secrets.token_hex(16)
        cfg = {"notebook": str(nb_copy), "executed": str(stage / "executed.ipynb"),
               "kernel_log": str(stage / "kernel.log"), "timeout": int(timeout),
               "memory_mb": memory_mb, "nonce": nonce, "kernel_env": _kernel_env(work),
               "course_data": str(data) if data is not None else None}
        proc = subprocess.Popen([sys.executable, str(_RUNNER)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, cwd=str(stage))
        killed_at_deadline = False
        try:
            stdout, stderr = proc.communicate(json.dumps(cfg).encode(), timeout=deadline)
        except subprocess.TimeoutExpired:
            killed_at_deadline = True
            _kill_group(proc.pid)
            stdout, stderr = proc.communicate()
        lines = [ln.split(" ", 2)[1:] for ln in stdout.decode(errors="replace").splitlines()
                 if ln.startswith(nonce + " ")]
        for kind, payload in lines:
            if kind == "pid":  # the kernel's session: gone whatever happened
                _kill_group(int(payload))
        _kill_group(proc.pid)
        result = next((json.loads(p) for k, p in lines if k == "result"), None)
        if killed_at_deadline:
            sub.status, sub.detail = "timeout", f"notebook ran longer than {deadline:.0f} s"
            result = None  # whatever the runner had not finished does not count
        elif result is None:
            code = proc.returncode
            why = (f"killed by signal {-code}" if code is not None and code < 0
                   else f"exit code {code}")
            tail = stderr.decode(errors="replace").strip().splitlines()
            sub.status = "grader killed"
            sub.detail = (f"the process running the notebook stopped ({why}); the notebook "
                          "probably killed its parent process" +
                          (f"; {tail[-1][:160]}" if tail and code is not None and code > 0
                           else ""))
        else:
            sub.status, sub.detail = result["status"], result.get("detail", "")
            errors = result.get("errors", [])
            if sub.status == "ok" and any(": MemoryError:" in e for e in errors):
                sub.status = "memory limit"
                sub.detail = f"a cell needed more than the {memory_mb:g} MiB allowed"
            elif sub.status == "ok" and any(": SystemExit:" in e for e in errors):
                sub.status = "sys.exit"
                sub.detail = "the notebook called sys.exit(); later cells still ran"
            sub.detail = "; ".join(d for d in [sub.detail, *errors] if d)
        if sandbox.course_changed():
            if sub.status == "ok":
                sub.status = "changed course data"
            sub.detail = "; ".join(d for d in [sub.detail, "the course data in datasets/ "
                                               "changed while this notebook ran (restored)"]
                                   if d)
        executed = stage / "executed.ipynb"
        if executed.exists():
            (out / "executed").mkdir(parents=True, exist_ok=True)
            shutil.move(str(executed), out / "executed" / f"{sub.slug}.ipynb")
        sandbox.release(work, stage)
        return _collect(sub, (result or {}).get("report"))
    finally:
        if own:
            sandbox.close()


def _questions_of(exercise: str) -> list[str]:
    from tierlab.exercises._core import _find

    try:
        return [q.qid for q in _find(exercise).questions]
    except Exception:  # noqa: BLE001 - an unknown exercise: use what was reported
        return []


def _collect(sub: Submission, report: dict | None) -> Submission:
    """Fill ``sub.outcomes`` / ``details`` / ``seeds`` from the kernel's report."""
    report = report or {}
    named = sub.exercise
    if named and (named in report or _questions_of(named) or not report):
        exercises = [named]
    else:  # no name in the file, or a name that is not an exercise: trust the notebook
        exercises = sorted(report)
    default = NOT_ATTEMPTED if sub.ok or sub.status in (
        "timeout", "memory limit", "sys.exit", "changed course data") else NOT_GRADED
    if sub.status == "timeout" and not report:
        default = NOT_GRADED
    outcomes, details, seeds = {}, {}, {}
    for ex in exercises:
        rep = report.get(ex, {})
        qids = _questions_of(ex) or list(rep.get("questions", {}))
        if rep.get("seed") is not None:
            seeds[ex] = rep["seed"]
        for qid in qids:
            q = rep.get("questions", {}).get(qid)
            if q is None:
                outcomes[(ex, qid)] = default if not rep else NOT_ATTEMPTED
                details[(ex, qid)] = {"diagnosis": "", "hints": 0, "solution": 0}
            else:
                outcomes[(ex, qid)] = q["outcome"]
                details[(ex, qid)] = {"diagnosis": q.get("diagnosis", ""),
                                      "kind": q.get("kind", ""),
                                      "hints": int(q.get("hints", 0)),
                                      "solution": int(q.get("solution", 0))}
    sub.outcomes, sub.details, sub.seeds = outcomes, details, seeds
    return sub


# ---------------------------------------------------------------------------------------
# results on disk (for --watch)
# ---------------------------------------------------------------------------------------
def _result_path(out: Path, sub: Submission) -> Path:
    return out / "results" / f"{sub.slug}.json"


def _save_result(out: Path, sub: Submission) -> None:
    path = _result_path(out, sub)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "version": _RESULT_VERSION, "digest": sub.digest, "status": sub.status,
        "detail": sub.detail, "seeds": sub.seeds,
        "outcomes": [[e, q, o, sub.details.get((e, q), {})]
                     for (e, q), o in sub.outcomes.items()]}, default=str))


def _load_result(out: Path, sub: Submission) -> bool:
    """Fill ``sub`` from its saved result if the notebook has not changed since."""
    path = _result_path(out, sub)
    try:
        data = json.loads(path.read_text())
        if data.get("version") != _RESULT_VERSION or data.get("digest") != _digest(sub.path):
            return False
    except (OSError, ValueError):
        return False
    sub.digest, sub.status, sub.detail = data["digest"], data["status"], data["detail"]
    sub.seeds = data.get("seeds", {})
    sub.outcomes = {(e, q): o for e, q, o, _ in data["outcomes"]}
    sub.details = {(e, q): d for e, q, _, d in data["outcomes"]}
    return True


# ---------------------------------------------------------------------------------------
# scoreboard
# ---------------------------------------------------------------------------------------
def _case(exercise: str) -> str:
    for case in ("pharma", "retail"):
        if exercise.endswith("_" + case):
            return case
    return "general"


def _no_code(exercise: str, qid: str) -> bool:
    """Whether a question is answered without code (the manager track's questions)."""
    from tierlab.exercises._core import _find

    try:
        return _find(exercise).question(qid).no_code
    except Exception:  # noqa: BLE001 - an unknown exercise or question
        return False


def _qorder(exercise: str, qids) -> list[str]:
    known = _questions_of(exercise)
    return [q for q in known if q in qids] + sorted(q for q in qids if q not in known)


def tables(subs: list[Submission]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The scoreboard, the long outcomes table and the per-question class summary.

    A learner is scored over the questions of the case(s) they took (a case is
    taken when at least one of its notebooks was handed in); the questions of
    the other case are left empty, not counted as missing.
    """
    rows = []
    for s in subs:
        for (ex, qid), outcome in s.outcomes.items():
            d = s.details.get((ex, qid), {})
            rows.append({"learner": s.learner, "exercise": ex, "case": _case(ex),
                         "question": qid, "outcome": outcome,
                         "diagnosis": d.get("diagnosis", ""),
                         "kind": d.get("kind") or d.get("diagnosis", ""),
                         "hints": d.get("hints", 0),
                         "solution": d.get("solution", 0), "seed": s.seeds.get(ex)})
    cols = ["learner", "exercise", "case", "question", "outcome", "diagnosis", "kind", "hints",
            "solution", "seed"]
    long = pd.DataFrame(rows, columns=cols)
    learners = sorted({s.learner for s in subs})
    taken = {name: sorted({_case(s.exercise or ex) for s in subs if s.learner == name
                           for ex in ([s.exercise] if s.exercise else
                                      [e for e, _ in s.outcomes])})
             for name in learners}
    # every exercise of the class with its questions, in course order
    exq = {ex: _qorder(ex, set(g["question"])) for ex, g in long.groupby("exercise")}
    columns = [f"{ex}:{q}" for ex in sorted(exq) for q in exq[ex]]
    wide = pd.DataFrame("", index=pd.Index(learners, name="learner"), columns=columns,
                        dtype=object)
    for name in learners:
        for c in columns:
            if _case(c.split(":", 1)[0]) in taken[name]:
                wide.loc[name, c] = NOT_SUBMITTED
    if len(long):
        last = long.drop_duplicates(["learner", "exercise", "question"], keep="last")
        for r in last.itertuples(index=False):
            wide.loc[r.learner, f"{r.exercise}:{r.question}"] = r.outcome
    q = wide.to_numpy()
    counts = {name: (q == name).sum(axis=1) if q.size else [0] * len(wide)
              for name in OUTCOMES}
    head = pd.DataFrame(index=wide.index)
    head["case"] = ["+".join(taken[n]) for n in wide.index]
    head["seeds"] = [" ".join(str(x) for x in sorted({v for s in subs if s.learner == n
                                                      for v in s.seeds.values()}))
                     for n in wide.index]
    total = (q != "").sum(axis=1) if q.size else [0] * len(wide)
    head["score"] = [round(c / t, 3) if t else 0.0 for c, t in zip(counts[CORRECT], total,
                                                                   strict=True)]
    for case in sorted({_case(ex) for ex in exq}):
        cc = [c for c in columns if _case(c.split(":", 1)[0]) == case]
        sub_q = wide[cc].to_numpy()
        n = (sub_q != "").sum(axis=1)
        ok = (sub_q == CORRECT).sum(axis=1)
        head[f"score_{case}"] = [round(a / b, 3) if b else float("nan")
                                 for a, b in zip(ok, n, strict=True)]
    # the manager track's score: the questions answered without code (判断题, choices)
    nc = [c for c in columns if _no_code(*c.split(":", 1))]
    sub_q = wide[nc].to_numpy()
    n = (sub_q != "").sum(axis=1)
    ok = (sub_q == CORRECT).sum(axis=1)
    head["score_no_code"] = [round(a / b, 3) if b else float("nan")
                             for a, b in zip(ok, n, strict=True)]
    for name in OUTCOMES:
        head[name] = counts[name]
    head["total"] = total
    problems = {}
    for s in subs:
        if not s.ok:
            text = f"{s.exercise or s.path.name}: {s.status}" + (
                f" ({s.detail})" if s.detail else "")
            problems.setdefault(s.learner, []).append(text)
    head["problems"] = [" | ".join(problems.get(n, [])) for n in wide.index]
    board = pd.concat([head, wide], axis=1).reset_index()
    board = board.sort_values(["score", "learner"], ascending=[False, True], kind="mergesort")
    return board.reset_index(drop=True), long, _class_summary(long, exq, taken)


def _class_summary(long: pd.DataFrame, exq: dict, taken: dict) -> pd.DataFrame:
    rows = []
    for ex, qids in exq.items():
        case = _case(ex)
        learners = [n for n, cases in taken.items() if case in cases]
        for qid in qids:
            g = long[(long["exercise"] == ex) & (long["question"] == qid)]
            g = g.drop_duplicates("learner", keep="last").set_index("learner")
            g = g.reindex(learners)
            n = len(learners)
            outcome = g["outcome"].fillna(NOT_SUBMITTED)
            # group wrong answers by the kind of mistake (the text names each learner's
            # own numbers), show the most common text of the most common kind
            wrong = g.loc[outcome == INCORRECT, ["kind", "diagnosis"]].fillna("")
            kinds = Counter(k for k in wrong["kind"] if k)
            top, top_n = "", 0
            if kinds:
                kind, top_n = kinds.most_common(1)[0]
                top = Counter(wrong.loc[wrong["kind"] == kind, "diagnosis"]).most_common(1)[0][0]
            rows.append({
                "exercise": ex, "question": qid, "case": case,
                "no_code": _no_code(ex, qid), "learners": n,
                "share_correct": round(float((outcome == CORRECT).mean()), 3) if n else 0.0,
                CORRECT: int((outcome == CORRECT).sum()),
                INCORRECT: int((outcome == INCORRECT).sum()),
                NOT_ATTEMPTED: int((outcome == NOT_ATTEMPTED).sum()),
                REFERENCE_USED: int((outcome == REFERENCE_USED).sum()),
                "other": int(outcome.isin([ERROR, NOT_GRADED, NOT_SUBMITTED]).sum()),
                "top_diagnosis": top, "top_diagnosis_learners": top_n,
                "used_hints": int((g["hints"].fillna(0) > 0).sum()),
                "used_solution": int((g["solution"].fillna(0) > 0).sum()),
            })
    cols = ["exercise", "question", "case", "no_code", "learners", "share_correct", CORRECT,
            INCORRECT,
            NOT_ATTEMPTED, REFERENCE_USED, "other", "top_diagnosis", "top_diagnosis_learners",
            "used_hints", "used_solution"]
    summary = pd.DataFrame(rows, columns=cols)
    return summary.sort_values(["share_correct", "exercise", "question"],
                               kind="mergesort").reset_index(drop=True)


_COLOURS = {CORRECT: "#c8e6c9", INCORRECT: "#ffcdd2", REFERENCE_USED: "#e1bee7",
            NOT_ATTEMPTED: "#eceff1", ERROR: "#ffe0b2", NOT_GRADED: "#ffab91",
            NOT_SUBMITTED: "#ffffff"}
_LABEL = {CORRECT: "✓", INCORRECT: "✗", REFERENCE_USED: "R", NOT_ATTEMPTED: "–",
          ERROR: "!", NOT_GRADED: "×", NOT_SUBMITTED: "·"}
_CSS = ("body{font-family:sans-serif;margin:20px}table{border-collapse:collapse;"
        "margin-bottom:24px}th,td{border:1px solid #ccc;padding:4px 6px;font-size:13px}"
        "th{background:#f5f5f5}.meta{color:#444}.bad{color:#b71c1c}")


# Chinese next to the English headings of the HTML page (most trainers are Chinese teams)
_ZH = {"learner": "学员/小组", "case": "案例", "seeds": "种子", "score": "得分",
       "score_pharma": "医药得分", "score_retail": "零售得分",
       "score_no_code": "无代码题得分（管理者路线）", "no_code": "无需代码", CORRECT: "正确",
       INCORRECT: "错误", REFERENCE_USED: "直接用参考答案", NOT_ATTEMPTED: "未作答",
       ERROR: "检查出错", NOT_GRADED: "未能评分", NOT_SUBMITTED: "未提交", "total": "题数",
       "problems": "运行问题", "exercise": "练习", "question": "题目", "learners": "人数",
       "share_correct": "正确率", "other": "其他", "top_diagnosis": "最常见错误",
       "top_diagnosis_learners": "出现人数", "used_hints": "用过提示",
       "used_solution": "看过答案"}


def _head(name) -> str:
    """``score`` -> ``score<br>得分`` (escaped)."""
    name = str(name)
    zh = _ZH.get(name)
    text = html.escape(name.replace("_", " "))
    return f"{text}<br><span style='font-weight:normal'>{zh}</span>" if zh else text


def _fmt(v) -> str:
    if isinstance(v, float):
        return "" if v != v else f"{v:.0%}"
    return html.escape(str(v))


def scoreboard_html(board: pd.DataFrame, title: str = "tierlab scoreboard", *,
                    meta: dict | None = None, summary: pd.DataFrame | None = None,
                    refresh: int | None = None) -> str:
    """The scoreboard as a standalone coloured HTML page.

    Parameters
    ----------
    board : pandas.DataFrame
        From :func:`tables`: one row per learner.
    title : str
    meta : dict, optional
        Shown under the title (date, course version, seeds, ...).
    summary : pandas.DataFrame, optional
        The class view per question (hardest first).
    refresh : int, optional
        Seconds after which the browser reloads the page (``--watch``).
    """
    qcols = [c for c in board.columns if ":" in str(c)]
    lead = [c for c in board.columns if c not in qcols and c != "problems"]
    groups = list(dict.fromkeys(str(c).split(":", 1)[0] for c in qcols))
    top = "".join(f"<th rowspan='2'>{_head(c)}</th>" for c in lead)
    top += "".join(
        f"<th colspan='{sum(str(c).startswith(g + ':') for c in qcols)}'>{html.escape(g)}</th>"
        for g in groups)
    top += f"<th rowspan='2'>{_head('problems')}</th>" if "problems" in board.columns else ""
    second = "".join(f"<th>{html.escape(str(c).split(':', 1)[1])}</th>" for c in qcols)
    body = []
    for _, row in board.iterrows():
        cells = []
        for c in lead:
            v = row[c]
            if str(c).startswith("score"):
                cells.append(f"<td style='text-align:right'><b>{_fmt(float(v))}</b></td>")
            else:
                cells.append(f"<td>{html.escape(str(v))}</td>")
        for c in qcols:
            v = row[c]
            cells.append(f"<td style='background:{_COLOURS.get(v, '#fafafa')};"
                         f"text-align:center' title='{html.escape(str(c))}: "
                         f"{html.escape(str(v))}'>{_LABEL.get(v, html.escape(str(v)))}</td>")
        if "problems" in board.columns:
            cells.append(f"<td class='bad' style='font-size:11px'>"
                         f"{html.escape(str(row['problems']))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    legend = " ".join(f"<span style='background:{_COLOURS[k]};padding:2px 6px'>"
                      f"{_LABEL[k]} {k.replace('_', ' ')} {_ZH[k]}</span>" for k in _COLOURS)
    head = (f"<meta http-equiv='refresh' content='{int(refresh)}'>" if refresh else "")
    info = ""
    if meta:
        info = "<p class='meta'>" + " · ".join(
            f"<b>{html.escape(str(k))}</b>: {html.escape(str(v))}" for k, v in meta.items()
        ) + "</p>"
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>", head,
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>", info, f"<p>{legend}</p>",
        f"<table><thead><tr>{top}</tr><tr>{second}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>",
    ]
    if summary is not None and len(summary):
        parts.append("<h2>Class view per question (hardest first) · 按题目的全班情况"
                     "（最难的在前）</h2>")
        rows = "".join(
            "<tr>" + "".join(
                f"<td>{_fmt(v) if c == 'share_correct' else html.escape(str(v))}</td>"
                for c, v in r.items()) + "</tr>"
            for r in summary.to_dict("records"))
        heads = "".join(f"<th>{_head(c)}</th>" for c in summary.columns)
        parts.append(f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def _meta(subs: list[Submission], board: pd.DataFrame) -> dict:
    import tierlab

    seeds = sorted({v for s in subs for v in s.seeds.values()})
    failed = sum(not s.ok for s in subs)
    return {"graded": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "course version": f"tierlab {tierlab.__version__}",
            "learners": len(board), "notebooks": len(subs),
            "notebooks with problems": failed,
            "seeds": " ".join(str(s) for s in seeds) or "default"}


def _write(out: Path, subs: list[Submission], *, refresh: int | None = None) -> pd.DataFrame:
    board, long, summary = tables(subs)
    meta = _meta(subs, board)
    csv = board.copy()
    csv.insert(1, "graded", meta["graded"])
    csv.insert(2, "course_version", meta["course version"])
    csv.to_csv(out / "scoreboard.csv", index=False)
    long.to_csv(out / "outcomes.csv", index=False)
    summary.to_csv(out / "questions.csv", index=False)
    (out / "scoreboard.json").write_text(json.dumps(meta, indent=1))
    page = scoreboard_html(board, meta=meta, summary=summary, refresh=refresh)
    tmp = out / "scoreboard.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out / "scoreboard.html")  # a browser never reads half a page
    return board


def _run_all(subs, out, *, timeout, jobs, notebook_timeout, memory_mb, progress,
             reuse: bool) -> None:
    from tqdm.auto import tqdm

    todo = [s for s in subs if not (reuse and _load_result(out, s))]
    if not todo:
        return
    sandbox = _Sandbox()
    try:
        with tqdm(total=len(todo), desc=tr("grading", "批改"), unit=tr("notebook", "本"),
                  disable=not progress) as bar:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(run_notebook, s, out, timeout=timeout,
                                       notebook_timeout=notebook_timeout,
                                       memory_mb=memory_mb, sandbox=sandbox): s
                           for s in todo}
                for fut in as_completed(futures):
                    s = futures[fut]
                    try:
                        fut.result()
                    except Exception as exc:  # noqa: BLE001 - one submission, not the run
                        s.status, s.detail = "failed", f"{type(exc).__name__}: {exc}"[:200]
                        _collect(s, None)
                    _save_result(out, s)
                    bar.update(1)
                    bar.set_postfix_str(f"{s.slug}: {s.status}", refresh=False)
    finally:
        sandbox.close()


def _check_options(timeout, jobs, memory_mb):
    from tierlab._validation import check_int

    check_int(timeout, "timeout", minimum=1)
    if jobs is not None:
        check_int(jobs, "jobs", minimum=1)
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, (int, float)) or memory_mb < 0:
        raise ValueError(f"memory must be a number of MiB >= 0 (0: no limit), got {memory_mb!r}.")
    return jobs or os.cpu_count() or 1


def grade(submissions: str | Path, out: str | Path | None = None, *, timeout: int = 60,
          jobs: int | None = None,
          notebook_timeout: float | None = None, memory_mb: float = 2048,
          progress: bool = True, reuse: bool = False) -> pd.DataFrame:
    """Run every submission in isolation and write the scoreboard; return it.

    Parameters
    ----------
    submissions : path-like
        Folder of submitted notebooks (layouts in the module docstring).
    out : path-like, optional
        Output folder; default ``SUBMISSIONS/_graded``.
    timeout : int
        Seconds one cell may run before it is interrupted (later cells are skipped).
    jobs : int, optional
        Notebooks run at the same time; default the number of cores.
    notebook_timeout : float, optional
        Hard limit for a whole notebook; default ``timeout x code cells + 120`` s.
    memory_mb : float
        Memory (address space) a kernel may use, in MiB; 0 for no limit.
    progress : bool
        Show a progress bar.
    reuse : bool
        Keep the saved result of a notebook that has not changed since it was graded.

    Returns
    -------
    pandas.DataFrame
        One row per learner, best first: ``case``, ``seeds``, ``score`` (share correct
        over the case(s) taken), ``score_<case>``, counts per outcome, ``total``,
        ``problems`` (each failed run named), then one column per ``exercise:question``.
    """
    jobs = _check_options(timeout, jobs, memory_mb)
    folder = Path(submissions)
    out = Path(out) if out is not None else folder / "_graded"
    subs = find_submissions(folder, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    _run_all(subs, out, timeout=timeout, jobs=jobs, notebook_timeout=notebook_timeout,
             memory_mb=memory_mb, progress=progress, reuse=reuse)
    return _write(out, subs)


def watch(submissions: str | Path, out: str | Path | None = None, *, interval: float = 10,
          rounds: int | None = None, refresh: int = 15,
          log: Callable[[str], object] = print, **options: object) -> pd.DataFrame:
    """Re-grade new or changed submissions every ``interval`` seconds (``--watch``).

    The HTML scoreboard reloads itself every ``refresh`` seconds in the browser.
    Stops after ``rounds`` rounds (None: until Ctrl-C) and returns the last board.
    Other options as in :func:`grade`.
    """
    jobs = _check_options(options.get("timeout", 60), options.pop("jobs", None),
                          options.get("memory_mb", 2048))
    folder = Path(submissions)
    out = Path(out) if out is not None else folder / "_graded"
    out.mkdir(parents=True, exist_ok=True)
    board, n, seen = None, 0, {}
    try:
        while rounds is None or n < rounds:
            subs = find_submissions(folder, exclude=out)
            state = {s.path: s.path.stat().st_mtime_ns for s in subs if s.path.exists()}
            if state != seen or board is None:
                _run_all(subs, out, jobs=jobs, progress=False, reuse=True,
                         timeout=options.get("timeout", 60),
                         notebook_timeout=options.get("notebook_timeout"),
                         memory_mb=options.get("memory_mb", 2048))
                board = _write(out, subs, refresh=refresh)
                seen = state
                now, page = time.strftime('%H:%M:%S'), out / "scoreboard.html"
                log(tr(f"[{now}] {len(subs)} notebook(s), {len(board)} learner(s): {page}",
                       f"[{now}] {len(subs)} 个笔记本，{len(board)} 名学员：{page}"))
            n += 1
            if rounds is None or n < rounds:
                time.sleep(interval)
    except KeyboardInterrupt:
        log(tr("stopped watching.", "已停止监视。"))
    return board


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``grade`` options to ``parser``."""
    parser.add_argument("submissions", help=tr(
        "folder of submitted notebooks (learner__exercise.ipynb, or one folder per learner)",
        "学员提交的笔记本所在文件夹（学员__练习.ipynb，或每位学员一个文件夹）"))
    parser.add_argument("--out", default=None,
                        help=tr("output folder (default: SUBMISSIONS/_graded)",
                                "输出文件夹（默认：SUBMISSIONS/_graded）"))
    parser.add_argument("--timeout", type=int, default=60,
                        help=tr("seconds one cell may run (default: 60)",
                                "一个单元格最多运行的秒数（默认：60）"))
    parser.add_argument("--notebook-timeout", type=float, default=None,
                        help=tr("hard limit in seconds for a whole notebook "
                                "(default: timeout x cells + 120)",
                                "整个笔记本的运行时间上限，秒（默认：timeout × 单元格数 + 120）"))
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help=tr("notebooks to run at the same time (default: number of cores)",
                                "同时运行的笔记本数（默认：CPU 核数）"))
    parser.add_argument("--memory", type=float, default=2048,
                        help=tr("memory limit per notebook in MiB (default: 2048; 0: none)",
                                "每个笔记本的内存上限，MiB（默认：2048；0：不限）"))
    parser.add_argument("--watch", action="store_true",
                        help=tr("keep running: re-grade new or changed notebooks and refresh "
                                "the HTML scoreboard (Ctrl-C to stop)",
                                "持续运行：重新批改新交或改过的笔记本并刷新 HTML 成绩榜"
                                "（Ctrl-C 停止）"))
    parser.add_argument("--interval", type=float, default=10,
                        help=tr("seconds between two looks at the folder with --watch",
                                "--watch 时两次查看文件夹的间隔秒数"))
    parser.add_argument("--rounds", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-progress", action="store_true",
                        help=tr("hide the progress bar", "不显示进度条"))


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab grade``; 0 on success, 2 on bad arguments."""
    opts = dict(timeout=args.timeout, jobs=args.jobs, notebook_timeout=args.notebook_timeout,
                memory_mb=args.memory)
    try:
        if args.watch:
            board = watch(args.submissions, args.out, interval=args.interval,
                          rounds=args.rounds, **opts)
        else:
            board = grade(args.submissions, args.out, progress=not args.no_progress, **opts)
    except (FileNotFoundError, TypeError, ValueError) as exc:
        print(tr(f"tierlab grade: {exc}", f"tierlab grade：{exc}"), file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(args.submissions) / "_graded"
    n = 0 if board is None else len(board)
    csv, page, qs = out / "scoreboard.csv", out / "scoreboard.html", out / "questions.csv"
    print(tr(f"graded {n} learner(s); scoreboard: {csv} and {page}; class view: {qs}",
             f"已批改 {n} 名学员；成绩榜：{csv} 和 {page}；全班各题情况：{qs}"))
    return 0


if __name__ == "__main__":
    from tierlab.cli import main

    sys.exit(main(["grade", *sys.argv[1:]]))
