"""Questions, exercise sets and the bound session a notebook works with.

See :mod:`tierlab.exercises` for the authoring guide.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tierlab.exercises import _progress
from tierlab.exercises._compare import (
    Accepted,
    Answer,
    CustomAnswer,
    Text,
    ValueAnswer,
    is_accepted,
)
from tierlab.exercises._feedback import (
    CORRECT,
    ERROR,
    INCORRECT,
    NOT_ATTEMPTED,
    Feedback,
)
from tierlab.exercises._i18n import Msg, check_text, resolve_lang
from tierlab.exercises._placeholder import is_placeholder
from tierlab.i18n import set_locale

__all__ = [
    "Question",
    "NearMiss",
    "Exercise",
    "Context",
    "Session",
    "BoundQuestion",
    "load",
    "register",
    "available",
    "install_friendly_errors",
    "TRACKS",
    "resolve_track",
]

#: The exercise tracks: ``"full"`` (every question) and ``"manager"`` (only the
#: questions answered without code: choices, judgement questions).
TRACKS = ("full", "manager")


def resolve_track(track: str | None = None) -> str:
    """The track: ``track``, else ``$TIERLAB_TRACK``, else ``"full"``.

    Examples
    --------
    >>> resolve_track("Manager")
    'manager'
    """
    import os

    if track is None:
        track = os.environ.get("TIERLAB_TRACK") or "full"
    if not isinstance(track, str) or track.strip().lower() not in TRACKS:
        raise ValueError(f"track must be one of {TRACKS} (or $TIERLAB_TRACK), got {track!r}.")
    return track.strip().lower()

_MISSING = object()

# how good an outcome is, for "best so far" (ex.summary())
_RANK = {CORRECT: 3, INCORRECT: 2, ERROR: 1, NOT_ATTEMPTED: 0}


def _correct_default(answer_kind: Answer, got, expected) -> Msg:
    """What a correct answer got right, from the kind of answer (when the author gave no text)."""
    from tierlab.exercises._compare import (
        ChoiceAnswer,
        CollectionAnswer,
        FrameAnswer,
        NumberAnswer,
        SeriesAnswer,
    )
    from tierlab.exercises._i18n import fmt_value

    if isinstance(answer_kind, ChoiceAnswer):
        return Msg("correct_choice", choice=fmt_value(str(got).strip()))
    if isinstance(answer_kind, NumberAnswer):
        return Msg("correct_number")
    if isinstance(answer_kind, FrameAnswer) and hasattr(expected, "columns"):
        cols = answer_kind.columns or [c for c in expected.columns if c != answer_kind.key]
        return Msg("correct_table", n=len(expected), columns=", ".join(map(str, cols)))
    if isinstance(answer_kind, SeriesAnswer) and hasattr(expected, "__len__"):
        return Msg("correct_series", n=len(expected))
    if isinstance(answer_kind, CollectionAnswer) and hasattr(expected, "__len__"):
        return Msg("correct_items", n=len(expected))
    return Msg("correct_default")


def display_number(qid: str) -> str:
    """How a question is named to learners: ``"q1"`` -> ``"1"``, ``"q2a"`` -> ``"2a"``."""
    return qid[1:] if len(qid) > 1 and qid[0] == "q" and qid[1].isdigit() else qid


def _short_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:197] + "..."


class NearMiss:
    """A known wrong variant with a specific message ("topic-aware" feedback).

    Parameters
    ----------
    message : dict or str
        What to tell the learner, ``{"en": ..., "zh": ...}``.
    variant : callable, optional
        ``variant(ctx)`` recomputes the wrong answer from the bound data; if the
        learner's answer matches it (with the question's comparison) the message
        is shown. Example: ABC tiers cut on raw share instead of cumulative share.
    test : callable, optional
        ``test(answer, ctx) -> bool`` for mistakes easier to spot than to recompute
        (e.g. "the tier column holds numbers, not letters"). Only called after the
        answer failed the comparison.

    Notes
    -----
    Give exactly one of ``variant`` and ``test``. A diagnoser that raises is
    skipped, so it may assume the answer has the expected type.
    """

    def __init__(self, message: Text, *, variant: Callable | None = None,
                 test: Callable | None = None) -> None:
        check_text(message, "NearMiss message")
        if (variant is None) == (test is None):
            raise ValueError("NearMiss needs exactly one of variant=... or test=....")
        self.message, self.variant, self.test = message, variant, test

    def matches(self, answer: object, ctx: Context, compare: Answer) -> bool:
        """Whether the learner's ``answer`` is this mistake (False if the diagnoser fails)."""
        try:
            if self.test is not None:
                return bool(self.test(answer, ctx))
            return is_accepted(compare.judge(answer, self.variant(ctx), ctx))
        except Exception:  # noqa: BLE001 - a diagnoser must never break a check
            return False


class Question:
    """One question of an exercise set.

    Parameters
    ----------
    qid : str
        Short id, a Python name: ``"q1"``, ``"q2a"``. The notebook uses it as the
        variable (``q1 = ex.q1``).
    prompt : dict or str
        The task in words, ``{"en": ..., "zh": ...}`` (shown by ``q1`` / ``q1.prompt()``).
    expected : callable
        ``expected(ctx)`` recomputes the right answer from the bound data with the
        reference function (never a stored number), so every seed is checked right.
    answer : Answer
        How to compare (``FrameAnswer(key="doctor_id")``, ``NumberAnswer()``, ...);
        default exact comparison (:class:`ValueAnswer`).
    hints : sequence of dict
        Numbered hints, each ``{"en": ..., "zh": ...}``, from gentle to explicit.
    solution : str or dict
        The solution code (a str), or ``{"en": code, "zh": code}`` when comments differ.
    near_misses : sequence of NearMiss
        Known mistakes, tried in order after a failed comparison.
    explanation : dict or str, optional
        Shown with a correct answer (why it is right / what it means).
    points : float
        Weight on the scoreboard.
    correct : dict or str, optional
        What a correct answer got right, shown as "Right: ..." (e.g. "the A tier's
        share of value, ours only, last 12 months").
    reference : callable, optional
        ``reference(ctx)`` gives one correct answer when ``expected`` is a bar to
        pass rather than the answer (open questions with a :class:`CustomAnswer`);
        the contract test checks it is judged correct.
    builds_on : str, optional
        The notebook cell the question reuses, ``"notebooks/NAME.ipynb#cell-id"``;
        the definition-consistency test runs that cell and compares.
    no_code : bool, optional
        Whether the question is answered without code (a judgement question for the
        manager track). Default: True for a multiple choice (:class:`ChoiceAnswer`).
    """

    def __init__(self, qid: str, *, prompt: Text, expected: Callable,
                 answer: Answer | None = None, hints: Sequence[Text] = (),
                 solution: str | Mapping[str, str] = "", near_misses: Sequence[NearMiss] = (),
                 explanation: Text | None = None, points: float = 1.0,
                 correct: Text | None = None, builds_on: str | None = None,
                 reference: Callable | None = None, no_code: bool | None = None) -> None:
        if not isinstance(qid, str) or not qid.isidentifier():
            raise ValueError(f"qid must be a Python name such as 'q1', got {qid!r}.")
        if not callable(expected):
            raise TypeError(f"{qid}: expected must be a function expected(ctx), "
                            f"got {type(expected).__name__}.")
        answer = ValueAnswer() if answer is None else answer
        if not isinstance(answer, Answer):
            raise TypeError(f"{qid}: answer must be an Answer such as FrameAnswer(...), "
                            f"got {type(answer).__name__}.")
        check_text(prompt, f"{qid} prompt")
        for i, h in enumerate(hints, 1):
            check_text(h, f"{qid} hint {i}")
        check_text(solution, f"{qid} solution")
        if explanation is not None:
            check_text(explanation, f"{qid} explanation")
        if correct is not None:
            check_text(correct, f"{qid} correct")
        for nm in near_misses:
            if not isinstance(nm, NearMiss):
                raise TypeError(f"{qid}: near_misses must hold NearMiss objects, "
                                f"got {type(nm).__name__}.")
        self.qid, self.prompt, self.expected, self.answer = qid, prompt, expected, answer
        self.hints, self.solution = list(hints), solution
        self.near_misses, self.explanation = list(near_misses), explanation
        self.points = float(points)
        self.correct, self.builds_on, self.reference = correct, builds_on, reference
        if no_code is None:
            from tierlab.exercises._compare import ChoiceAnswer
            no_code = isinstance(answer, ChoiceAnswer)
        self.no_code = bool(no_code)

    def __repr__(self) -> str:
        return f"Question({self.qid!r})"


class Exercise:
    """A named set of questions for one exercise notebook.

    Parameters
    ----------
    name : str
        The notebook's name without ``.ipynb``, e.g. ``"01_current_state_pharma"``.
    questions : sequence of Question
    title : dict or str, optional
    prepare : callable, optional
        ``prepare(data) -> data`` turns what the notebook binds (a World, a path,
        a DataFrame) into what the ``expected`` functions read; it may raise
        ``TypeError``/``ValueError`` with a clear message for wrong data.
    default_data : callable, optional
        ``default_data()`` used when the notebook loads without ``data=``.
    """

    def __init__(self, name: str, questions: Sequence[Question], *, title: Text | None = None,
                 prepare: Callable | None = None,
                 default_data: Callable | None = None) -> None:
        ids = [q.qid for q in questions]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"exercise {name!r}: duplicate question ids {sorted(dup)}.")
        if title is not None:
            check_text(title, f"{name} title")
        self.name, self.questions = name, list(questions)
        self.title, self.prepare, self.default_data = title, prepare, default_data

    def question(self, qid: str) -> Question:
        """The question with id ``qid``."""
        for q in self.questions:
            if q.qid == qid:
                return q
        raise KeyError(f"exercise {self.name!r} has no question {qid!r}; "
                       f"it has {[q.qid for q in self.questions]}.")

    def bind(self, data: object = None, *, lang: str | None = None) -> Session:
        """A :class:`Session` of this exercise on ``data``."""
        return Session(self, data, lang=lang)

    def __repr__(self) -> str:
        return f"Exercise({self.name!r}, {[q.qid for q in self.questions]})"


class Context:
    """What ``expected(ctx)`` and diagnosers receive: the bound data plus a cache.

    ``ctx.data`` is the bound object; ``ctx.sales`` / ``ctx["sales"]`` reach a table
    of a World or dict; ``ctx.cached(name, fn)`` computes ``fn()`` once per binding
    (use it for expensive shared steps); ``ctx.seed`` is the data's seed if known.
    """

    def __init__(self, data: object, lang: str) -> None:
        self.data, self.lang, self._cache = data, lang, {}

    @property
    def seed(self) -> int | None:
        """The bound World's seed (None if unknown)."""
        return getattr(self.data, "seed", None)

    def cached(self, name: str, fn: Callable[[], Any]) -> Any:
        """Return ``fn()``, computed once per binding under ``name``."""
        if name not in self._cache:
            self._cache[name] = fn()
        return self._cache[name]

    def __getitem__(self, name):
        return self.data[name]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        data = self.__dict__.get("data")
        if isinstance(data, Mapping) and name in data:
            return data[name]
        try:
            return getattr(data, name)
        except AttributeError:
            raise AttributeError(f"the bound data has no table or attribute {name!r}") from None


class BoundQuestion:
    """A question attached to a :class:`Session`: ``check``, ``hint``, ``solution``."""

    def __init__(self, session: Session, question: Question) -> None:
        self._session, self._q = session, question
        self._next_hint = 1
        self.outcome: str | None = None  # the latest check
        self.best: str | None = None     # the best check so far (correct > incorrect > ...)
        self.tries = 0                   # checks with an answer (the blank does not count)
        self.last_try: str | None = None  # the latest check with an answer

    # -- helpers ------------------------------------------------------------------------
    @property
    def no_code(self) -> bool:
        """Whether the question is a judgement question, answered without code."""
        return self._q.no_code

    @property
    def qid(self) -> str:
        return self._q.qid

    @property
    def _lang(self) -> str:
        return self._session.lang

    @property
    def number(self) -> str:
        """The question's number as learners see it (``"1"`` for ``q1``)."""
        return display_number(self.qid)

    def _name(self) -> Msg:
        return Msg("question", qid=self.number)

    def _title(self, outcome_key: str) -> Msg:
        return Msg("title_pair", a=self._name(), b=Msg(outcome_key))

    def _log(self, event: str, **fields) -> None:
        s = self._session
        _progress.record(event, exercise=s.exercise.name, question=self.qid,
                         seed=s.ctx.seed if s.ctx is not None else None, lang=s.lang, **fields)

    def _result(self, outcome: str, message: Msg) -> Feedback:
        self.outcome = outcome
        if outcome != NOT_ATTEMPTED:
            self.tries += 1
            self.last_try = outcome
        if self.best is None or _RANK[outcome] > _RANK[self.best]:
            self.best = outcome
        self._log("check", outcome=outcome)
        return Feedback.from_msg("check", self._title(f"outcome_{outcome}"), message,
                                 self._lang, outcome=outcome, question=self.qid)

    # -- the learner's calls ------------------------------------------------------------
    def check(self, answer: object = _MISSING) -> Feedback:
        """Check ``answer``; returns a :class:`Feedback` (never raises).

        The outcome is ``"correct"``, ``"incorrect"`` (with the reason),
        ``"not_attempted"`` (the blank ``____`` is still there) or ``"error"``
        (the checker could not judge), and is appended to the progress log.
        """
        try:
            return self._check(answer)
        except Exception as exc:  # noqa: BLE001 - a learner never sees a traceback
            return self._result(ERROR, Msg("checker_failed", error=_short_error(exc)))

    def _check(self, answer) -> Feedback:
        q, s = self._q, self._session
        if answer is _MISSING:
            return self._result(NOT_ATTEMPTED, Msg("no_answer_given", qid=self.qid))
        if is_placeholder(answer):
            return self._result(NOT_ATTEMPTED, Msg("not_attempted_body"))
        if s.ctx is None:
            return self._result(ERROR, Msg("not_bound"))
        try:
            expected = s.ctx.cached(("__expected__", q.qid), lambda: q.expected(s.ctx))
        except Exception as exc:  # noqa: BLE001
            return self._result(ERROR, Msg("expected_failed", error=_short_error(exc)))
        problem = q.answer.judge(answer, expected, s.ctx)
        if is_accepted(problem):
            parts = [Msg("correct_what", what=Msg.text(q.correct)) if q.correct is not None
                     else _correct_default(q.answer, answer, expected)]
            if isinstance(problem, Accepted):
                parts.append(problem)
            if q.explanation is not None:
                parts.append(Msg.text(q.explanation))
            return self._result(CORRECT, Msg("joined", parts=parts, sep="\n"))
        for nm in q.near_misses:
            if nm.matches(answer, s.ctx, q.answer):
                if isinstance(q.answer, CustomAnswer) and nm.test is not None:  # + its verdict
                    return self._result(INCORRECT, Msg("joined", parts=[
                        Msg.text(nm.message), problem], sep="\n"))
                return self._result(INCORRECT, Msg.text(nm.message))
        return self._result(INCORRECT, problem)

    def hint(self, n: int | None = None) -> Feedback:
        """Show hint ``n`` (1-based); without ``n`` the next one, staying on the last."""
        hints, total = self._q.hints, len(self._q.hints)
        if not total:
            return Feedback.from_msg("hint", self._name(), Msg("no_hints"),
                                     self._lang, question=self.qid)
        if n is None:
            n = min(self._next_hint, total)
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= total:
            return Feedback.from_msg("hint", self._name(),
                                     Msg("bad_hint_number", n=n, total=total), self._lang,
                                     question=self.qid)
        self._next_hint = min(n + 1, total)
        self._log("hint", hint=n)
        message = Msg.text(hints[n - 1])
        if n == total:
            message = Msg("joined", parts=[message, Msg("last_hint", qid=self.qid)], sep="\n")
        title = Msg("title_pair", a=self._name(),
                    b=Msg("hint_title", n=n, total=total))
        return Feedback.from_msg("hint", title, message, self._lang, question=self.qid)

    def solution(self) -> Feedback:
        """Show the solution code (and the explanation, if any)."""
        sol = self._q.solution
        code = sol if isinstance(sol, str) else sol.get(self._lang) or sol["en"]
        self._log("solution")
        title = Msg("title_pair", a=self._name(), b=Msg("solution_title"))
        if not code:
            return Feedback.from_msg("solution", title, Msg("no_solution"), self._lang,
                                     question=self.qid)
        explanation = Msg.text(self._q.explanation) if self._q.explanation else None
        return Feedback.from_msg("solution", title, explanation, self._lang, code=code,
                                 question=self.qid)

    def prompt(self) -> Feedback:
        """The task in words (on the manager track a code question says to skip it)."""
        message = Msg.text(self._q.prompt)
        if self._session.track == "manager" and not self._q.no_code:
            message = Msg("joined", parts=[Msg("manager_track_skip"), message], sep="\n")
        return Feedback.from_msg("info", self._name(), message, self._lang, question=self.qid)

    def __repr__(self) -> str:
        return str(self.prompt())

    def _repr_html_(self) -> str:
        return self.prompt()._repr_html_()


class Session:
    """An :class:`Exercise` bound to a learner's data and language.

    Questions are attributes (``ex.q1``) and items (``ex["q1"]``); iterate for all.
    """

    def __init__(self, exercise: Exercise, data: object = None, *,
                 lang: str | None = None, track: str | None = None) -> None:
        self.exercise = exercise
        self._questions = {q.qid: BoundQuestion(self, q) for q in exercise.questions}
        self.ctx: Context | None = None
        self.lang = "en"
        self.track = resolve_track(track)
        self.bind(data, lang=lang)

    def set_track(self, track: str) -> Feedback:
        """Switch to ``"manager"`` (only the questions without code) or ``"full"``.

        Returns the note that says which questions to answer and which to skip.
        """
        self.track = resolve_track(track)
        return self.track_note()

    def track_note(self) -> Feedback:
        """Which questions the manager track answers and which cells it skips."""
        answer = [q.number for q in self.questions if q._q.no_code]
        skip = [q.number for q in self.questions if not q._q.no_code]
        sep = "、" if self.lang == "zh" else ", "
        return Feedback.from_msg("info", Msg("manager_track_title"), Msg(
            "manager_track_body", answer=sep.join(answer), skip=sep.join(skip) or "-"),
            self.lang)

    @property
    def counted(self) -> list[BoundQuestion]:
        """The questions the progress counts: all, or on the manager track the no-code ones."""
        if self.track == "manager":
            return [q for q in self.questions if q._q.no_code]
        return self.questions

    def bind(self, data: object = None, *, lang: str | None = None) -> Session:
        """(Re)bind the data (and language); expected answers are recomputed lazily."""
        if data is None and self.exercise.default_data is not None and self.ctx is None:
            data = self.exercise.default_data()
        if data is not None and self.exercise.prepare is not None:
            data = self.exercise.prepare(data)
        if data is None and self.ctx is not None:
            data = self.ctx.data
        self.lang = resolve_lang(lang if lang is not None else (
            self.lang if self.ctx is not None else None), data)
        self.ctx = Context(data, self.lang) if data is not None else None
        return self

    @property
    def questions(self) -> list[BoundQuestion]:
        """The bound questions in order."""
        return list(self._questions.values())

    def __getattr__(self, name):
        qs = self.__dict__.get("_questions", {})
        if name in qs:
            return qs[name]
        raise AttributeError(f"exercise {self.__dict__.get('exercise')!r} has no "
                             f"question {name!r}")

    def __getitem__(self, qid: str) -> BoundQuestion:
        try:
            return self._questions[qid]
        except KeyError:
            raise KeyError(f"no question {qid!r}; questions are {list(self._questions)}") from None

    def __iter__(self):
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self._questions)

    def __dir__(self) -> Iterable[str]:
        return [*super().__dir__(), *self._questions]

    def summary(self) -> Feedback:
        """One line per question: its best outcome in this session and the number of tries.

        A later, different attempt never undoes a correct answer: the line keeps
        "Correct" and says what the last try gave.
        """
        counted = self.counted
        total = len(counted)
        n_ok = sum(q.best == CORRECT for q in counted)
        lines = []
        for q in counted:
            outcome = Msg(f"outcome_{q.best or NOT_ATTEMPTED}")
            if q.last_try is not None and q.last_try != q.best:
                outcome = Msg("joined", parts=[outcome, Msg("best_so_far", last=Msg(
                    f"outcome_{q.last_try}"))], sep=" · ")
            key = "summary_line" if q.tries else "summary_line_untried"
            lines.append(Msg(key, question=q._name(), outcome=outcome,
                             tries=q.tries).render(self.lang))
        title = "summary_title_manager" if self.track == "manager" else "summary_title"
        return Feedback("info", Msg(title, correct=n_ok, total=total).render(
            self.lang), "\n".join(lines), lang=self.lang)

    def __repr__(self) -> str:
        return f"<tierlab exercises {self.exercise.name!r}: {list(self._questions)}>"


# ---------------------------------------------------------------------------------------
# friendly NameError / SyntaxError lines in IPython (a forgotten pair of quotes)
# ---------------------------------------------------------------------------------------
_FRIENDLY = {"lang": "en", "shell": None}
_NAME_RE = re.compile(r"name '([^']+)' is not defined")


def friendly_error(exc: BaseException, lang: str = "en") -> Feedback | None:
    """A learner's line for a ``NameError`` or ``SyntaxError`` in an answer cell, else None."""
    if isinstance(exc, NameError):
        m = _NAME_RE.search(str(exc))
        name = getattr(exc, "name", None) or (m[1] if m else None)
        if not name:
            return None
        msg = Msg("name_error_quotes", name=name)
    elif isinstance(exc, SyntaxError):
        msg = Msg("syntax_error", line=exc.lineno or "?", error=exc.msg or str(exc))
    else:
        return None
    return Feedback.from_msg("check", Msg("python_error_title"), msg, lang, outcome=ERROR)


def install_friendly_errors(lang: str = "en", shell: Any = None) -> bool:
    """Add a friendly line under a ``NameError`` / ``SyntaxError`` traceback in IPython.

    Called by :func:`load` (the exercise setup cell). The normal traceback is
    still shown; below it a box explains the usual cause (text without quotes,
    a cell run out of order). Returns False outside IPython. Installing twice
    only updates the language.
    """
    _FRIENDLY["lang"] = lang
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of Jupyter
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if getattr(shell, "_tierlab_friendly_errors", False):
        return True

    def _show(exc):
        fb = friendly_error(exc, _FRIENDLY["lang"])
        if fb is None:
            return
        try:
            from IPython.display import display
            display(fb)
        except Exception:  # noqa: BLE001 - a hint must never break the shell
            print(fb)

    def on_name_error(self, etype, value, tb, tb_offset=None):
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)
        last = tb
        while last is not None and last.tb_next is not None:
            last = last.tb_next
        where = last.tb_frame.f_code.co_filename if last is not None else ""
        if "site-packages" not in where and "tierlab" not in where:  # the learner's cell
            _show(value)

    shell.set_custom_exc((NameError,), on_name_error)
    original = shell.showsyntaxerror

    def showsyntaxerror(*args, **kwargs):
        exc = sys.exc_info()[1]
        out = original(*args, **kwargs)
        if isinstance(exc, SyntaxError):
            _show(exc)
        return out

    shell.showsyntaxerror = showsyntaxerror
    shell._tierlab_friendly_errors = True
    _FRIENDLY["shell"] = shell
    return True


# ---------------------------------------------------------------------------------------
# registry
# ---------------------------------------------------------------------------------------
_REGISTRY: dict[str, Exercise] = {}
_QUESTIONS_PACKAGE = "tierlab.exercises.questions"


def register(exercise: Exercise) -> Exercise:
    """Make ``exercise`` loadable by name (overrides a module of the same name)."""
    if not isinstance(exercise, Exercise):
        raise TypeError(f"register() needs an Exercise, got {type(exercise).__name__}.")
    _REGISTRY[exercise.name] = exercise
    return exercise


def _module_name(name: str) -> str:
    return name if name.isidentifier() else "ex" + name


def _find(name: str) -> Exercise:
    if name in _REGISTRY:
        return _REGISTRY[name]
    modname = f"{_QUESTIONS_PACKAGE}.{_module_name(name)}"
    try:
        module = importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name != modname:
            raise
        raise ValueError(f"no exercise named {name!r}; available: {available()}.") from None
    ex = getattr(module, "EXERCISE", None)
    if not isinstance(ex, Exercise):
        raise TypeError(f"module {modname} must define EXERCISE = Exercise(...).")
    return ex


def available() -> list[str]:
    """Names of the exercise sets that :func:`load` can find."""
    names = set(_REGISTRY)
    pkg = importlib.import_module(_QUESTIONS_PACKAGE)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("_"):
            continue
        n = info.name
        names.add(n[2:] if n.startswith("ex") and n[2:3].isdigit() else n)
    return sorted(names)


def load(name: str, data: object = None, *, lang: str | None = None,
         track: str | None = None) -> Session:
    """Load the exercise set ``name`` and bind it to ``data``.

    Parameters
    ----------
    name : str
        The exercise notebook's name, e.g. ``"01_current_state_pharma"``; its questions
        live in ``tierlab/exercises/questions/ex01_current_state_pharma.py`` (a name
        that is not a Python identifier gets the prefix ``ex``).
    data : object, optional
        The learner's data, usually a World: ``make_pharma(random_state=SEED)``.
    lang : {"en", "zh"}, optional
        Message language; default ``$TIERLAB_LANG`` or the World's locale, else English.
        It also sets the course's locale (:func:`tierlab.i18n.set_locale`), so the
        library's figures, tables and explorers in the exercise speak the same language.
    track : {"full", "manager"}, optional
        ``"manager"``: the progress counts only the questions answered without code,
        code questions say "skip", and in Jupyter a note lists what to answer and what
        to skip. Default ``$TIERLAB_TRACK``, else ``"full"``.

    Returns
    -------
    Session
        ``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be an exercise name (str), got {type(name).__name__}.")
    try:
        exercise = _find(name)
    except ImportError as exc:  # a broken question module: show it plainly
        raise ImportError(f"could not load exercise {name!r}: {exc}\n"
                          f"{traceback.format_exc(limit=3)}") from exc
    session = Session(exercise, data, lang=lang, track=track)
    # one switch: the library's figures, tables and explorers speak the exercise's language
    set_locale("zh_CN" if session.lang == "zh" else "en_US")
    install_friendly_errors(session.lang)
    if session.track == "manager":
        _show_in_ipython(session.track_note())
    return session


def _show_in_ipython(fb: Feedback) -> None:
    """Display ``fb`` when running in IPython (a setup cell shows only its last line)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is not None:
        display(fb)
