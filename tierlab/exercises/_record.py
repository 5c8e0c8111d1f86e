"""In-kernel recorder for ``tierlab grade`` (installed by the grader, never by a notebook).

The grader runs :func:`install` silently in a submission's kernel *before* the
learner's cells, and reads :func:`report` through the kernel's reply to a silent
request *after* them (``user_expressions``: the answer travels on the shell
channel, not in the notebook's output, so a ``print`` cannot forge it).

While the notebook runs, :func:`install`

- records every ``check``: the answer as it was at that moment (a widget such as
  ``abc_explorer`` is frozen to the values of its controls, a table is copied),
  so grading never depends on what the learner changed later or on a slider's
  state after a re-run;
- counts ``hint`` and ``solution`` calls per question;
- tracks the reference answers: every object a question's ``expected`` function
  returns is remembered, and a call of ``expected`` made by the learner's own
  code (``q._q.expected(ex.ctx)``) marks that question.

:func:`report` then re-judges every recorded answer against a reference it
recomputes on a fresh context (not the session's cache, which the learner can
reach), and does not score an answer that is a reference object itself or that
was checked after the learner called the reference function of that question.
The learner-facing feedback is unchanged.

This is a formative course: a learner who rewrites tierlab inside the kernel can
still fool the grader. What this guarantees is that the progress log, the
session's cached references and ``q._q.expected`` no longer give marks.
"""

from __future__ import annotations

import copy
import json
import threading
from typing import Any

__all__ = ["install", "report", "freeze", "FrozenWidget", "REFERENCE_USED"]

#: Outcome of a question answered with the checker's own reference answer.
REFERENCE_USED = "reference_used"

_STATE: dict[str, Any] = {}
_LOCAL = threading.local()
_IMMUTABLE = (str, bytes, int, float, complex, bool, type(None))


class _FrozenControl:
    """A control's value at check time (what ``explorer.controls[name].value`` read)."""

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        return f"FrozenControl({self.value!r})"


class FrozenWidget:
    """A widget (explorer) frozen when it was checked: its controls' values only.

    Question checkers read an explorer through ``got.controls[name].value``;
    this object answers the same way, so a re-check sees the slider where the
    learner had it when they called ``check``.
    """

    def __init__(self, source: Any) -> None:
        self.kind = type(source).__name__
        self.controls = {str(k): _FrozenControl(copy.deepcopy(getattr(c, "value", None)))
                         for k, c in source.controls.items()}

    def __repr__(self) -> str:
        vals = {k: c.value for k, c in self.controls.items()}
        return f"FrozenWidget({self.kind}, {vals})"


def freeze(answer: Any) -> Any:
    """``answer`` as it is now: widgets frozen to their controls, containers copied."""
    controls = getattr(answer, "controls", None)
    if isinstance(controls, dict) and controls and all(
            hasattr(c, "value") for c in controls.values()):
        return FrozenWidget(answer)
    if isinstance(answer, _IMMUTABLE):
        return answer
    try:
        if hasattr(answer, "copy") and hasattr(answer, "shape"):  # pandas / numpy
            return answer.copy(deep=True) if "deep" in _params(answer.copy) else answer.copy()
        return copy.deepcopy(answer)
    except Exception:  # noqa: BLE001 - an uncopyable object is judged as it is at the end
        return answer


def _params(fn) -> tuple:
    import inspect

    try:
        return tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return ()


def _in_check() -> bool:
    return getattr(_LOCAL, "depth", 0) > 0


def _track_expected(question, fn):
    """Wrap a question's ``expected`` so its results and outside calls are remembered."""
    if getattr(fn, "_tierlab_tracked", False):
        return fn

    def expected(ctx):
        value = fn(ctx)
        if not isinstance(value, _IMMUTABLE):
            _STATE["references"].append(value)  # a strong ref keeps id() unique
        if not _in_check():
            _STATE["peeked"].add(id(question))
        return value

    expected._tierlab_tracked = True
    expected.__wrapped__ = fn
    return expected


def _bound_objects(session) -> list:
    """The bound data and its tables: a learner may legitimately pass these on."""
    data = getattr(getattr(session, "ctx", None), "data", None)
    if data is None:
        return []
    objs = [data]
    for attr in ("tables", "hidden"):
        objs += list(getattr(data, attr, {}).values()) if isinstance(
            getattr(data, attr, None), dict) else []
    if isinstance(data, dict):
        objs += list(data.values())
    return objs


def _is_reference(answer, session=None) -> bool:
    if isinstance(answer, _IMMUTABLE):
        return False  # interned literals ("b", 3) are shared by everyone
    if any(answer is o for o in _bound_objects(session)):
        return False  # the learner's own data (a reference may return a table of it)
    return any(answer is r for r in _STATE["references"])


def install(course_data: str | None = None) -> None:
    """Patch the checker in this kernel to record checks, hints and references.

    Parameters
    ----------
    course_data : str, optional
        A private copy of the course's ``datasets/`` folder: ``load_pharma()`` and
        friends read it instead of the checkout's, so a notebook that writes to
        the course data only changes its own copy.
    """
    if _STATE.get("installed"):
        return
    from tierlab.exercises import _core

    if course_data:
        from pathlib import Path

        from tierlab.datasets import _load

        folder = Path(course_data)
        _load.default_dataset_dir = lambda: folder

    _STATE.update(installed=True, checks={}, hints={}, solutions={}, sessions={},
                  references=[], peeked=set())

    init = _core.Question.__init__

    def question_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.expected = _track_expected(self, self.expected)

    _core.Question.__init__ = question_init
    # questions built before the recorder was installed (e.g. registered in this kernel)
    for ex in list(_core._REGISTRY.values()):
        for q in ex.questions:
            q.expected = _track_expected(q, q.expected)

    check, hint, solution = (_core.BoundQuestion.check, _core.BoundQuestion.hint,
                             _core.BoundQuestion.solution)

    def _key(bq):
        s = bq._session
        _STATE["sessions"][s.exercise.name] = s
        return s.exercise.name, bq.qid

    def check_(self, answer=_core._MISSING):
        key = _key(self)
        reference = (answer is not _core._MISSING and
                     (_is_reference(answer, self._session) or
                      id(self._q) in _STATE["peeked"]))
        _LOCAL.depth = getattr(_LOCAL, "depth", 0) + 1
        try:
            fb = check(self, answer)
        finally:
            _LOCAL.depth -= 1
        frozen = _core._MISSING if answer is _core._MISSING else freeze(answer)
        _STATE["checks"][key] = {"answer": frozen, "reference": reference,
                                 "kernel_outcome": getattr(fb, "outcome", None),
                                 "session": self._session}
        return fb

    def hint_(self, n=None):
        key = _key(self)
        fb = hint(self, n)
        _STATE["hints"][key] = _STATE["hints"].get(key, 0) + 1
        return fb

    def solution_(self):
        key = _key(self)
        _STATE["solutions"][key] = _STATE["solutions"].get(key, 0) + 1
        return solution(self)

    for name, fn, orig in (("check", check_, check), ("hint", hint_, hint),
                           ("solution", solution_, solution)):
        fn.__doc__, fn.__name__, fn.__wrapped__ = orig.__doc__, name, orig
        setattr(_core.BoundQuestion, name, fn)


def _kind(msg) -> str:
    """A stable name of a wrong-answer message, the same for every learner.

    The rendered text names the learner's own numbers ("156 rows differ"), so the
    class view groups wrong answers by this instead: the near miss's English text,
    or the checker message's catalogue key.
    """
    from tierlab.exercises._i18n import Msg

    if not isinstance(msg, Msg):
        return str(msg)[:80]
    if msg.key == "joined":
        parts = [p for p in msg.fields.get("parts", ()) if p is not None]
        return _kind(parts[0]) if parts else "joined"
    if msg.key is not None:
        return msg.key
    return msg.render("en")[:200]


def _judge(question, answer, session) -> tuple[str, str, str]:
    """(outcome, diagnosis in the learner's language, kind of diagnosis) of ``answer``.

    The reference is recomputed on a fresh context, never taken from a cache.
    """
    from tierlab.exercises._core import Context
    from tierlab.exercises._feedback import CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
    from tierlab.exercises._i18n import Msg
    from tierlab.exercises._placeholder import is_placeholder

    if is_placeholder(answer):
        return NOT_ATTEMPTED, "", ""
    if session.ctx is None:
        return ERROR, "the exercise was not bound to data", "not bound"
    ctx = Context(session.ctx.data, session.lang)  # a fresh cache: nothing the learner saw
    fn = getattr(question.expected, "__wrapped__", question.expected)
    _LOCAL.depth = getattr(_LOCAL, "depth", 0) + 1
    try:
        try:
            expected = fn(ctx)
        except Exception as exc:  # noqa: BLE001
            return ERROR, f"reference failed: {type(exc).__name__}: {exc}"[:200], "reference failed"
        try:
            problem = question.answer.judge(answer, expected, ctx)
        except Exception as exc:  # noqa: BLE001
            return ERROR, f"checker failed: {type(exc).__name__}: {exc}"[:200], "checker failed"
        if problem is None:
            return CORRECT, "", ""
        for nm in question.near_misses:
            if nm.matches(answer, ctx, question.answer):
                msg = Msg.text(nm.message)
                return INCORRECT, msg.render(session.lang), "near miss: " + msg.render("en")
        if isinstance(problem, Msg):
            return INCORRECT, problem.render(session.lang), _kind(problem)
        return INCORRECT, str(problem), _kind(problem)
    finally:
        _LOCAL.depth -= 1


def report(nonce: str) -> str:
    """JSON of every exercise this kernel used, re-judged (see the module docstring)."""
    from tierlab.exercises._core import _MISSING
    from tierlab.exercises._feedback import NOT_ATTEMPTED

    if not _STATE.get("installed"):
        return json.dumps({"nonce": nonce, "exercises": {}})
    exercises: dict[str, dict] = {}
    for name, session in _STATE["sessions"].items():
        qs = {}
        for q in session.exercise.questions:
            key = (name, q.qid)
            rec = _STATE["checks"].get(key)
            entry = {"outcome": NOT_ATTEMPTED, "diagnosis": "", "kind": "",
                     "kernel_outcome": None,
                     "hints": _STATE["hints"].get(key, 0),
                     "solution": _STATE["solutions"].get(key, 0)}
            if rec is not None:
                entry["kernel_outcome"] = rec["kernel_outcome"]
                if rec["answer"] is _MISSING:
                    pass
                elif rec["reference"]:
                    entry["outcome"] = REFERENCE_USED
                    entry["diagnosis"] = ("the answer is the checker's reference "
                                          "(q._q.expected), not the learner's own")
                    entry["kind"] = REFERENCE_USED
                else:
                    bound = rec["session"]
                    entry["outcome"], entry["diagnosis"], entry["kind"] = _judge(
                        q, rec["answer"], bound)
            qs[q.qid] = entry
        seed = getattr(getattr(session.ctx, "data", None), "seed", None)
        try:
            seed = int(seed) if seed is not None and int(seed) == seed else None
        except (TypeError, ValueError):
            seed = None
        exercises[name] = {"seed": seed,
                           "lang": session.lang, "questions": qs}
    return json.dumps({"nonce": nonce, "exercises": exercises}, default=str)
