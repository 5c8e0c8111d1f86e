"""Self-checking exercises: the checker, the build, grading and workshop tools.

The full guide is ``docs/exercises.md``; this is the short version.

In a notebook (learner's view)
------------------------------
The setup cell binds the exercise set to the learner's own data::

    import tierlab
    from tierlab.exercises import ____
    world = tierlab.datasets.make_pharma(random_state=SEED)
    ex = tierlab.exercises.load("01_current_state_pharma", data=world, lang="en")  # or "zh"
    q1, q2 = ex.q1, ex.q2

Each question then has a cell with a blank and a check::

    answer = ____           # the learner replaces the blank
    q1.check(answer)        # correct / not quite + why / not attempted yet

``q1.hint()`` shows the next hint (``q1.hint(2)`` a given one), ``q1.solution()``
the solution; ``q1`` alone shows the task; ``ex.summary()`` the progress.
The answer is always passed explicitly to ``check`` (one design, no magic
variable lookup). ``check`` never raises: a wrong type of answer, a misspelled
column or a checker failure is a message, and the blank ``____`` is "not
attempted". Feedback renders as coloured HTML in Jupyter and as text elsewhere.

Writing a question set (author's view)
--------------------------------------
One module per exercise notebook, ``tierlab/exercises/questions/ex<NAME>.py``
for notebook ``<NAME>.ipynb`` (e.g. ``ex01_current_state_pharma.py``), defining
``EXERCISE``. See :mod:`tierlab.exercises.questions.demo` for a complete example::

    from tierlab.exercises import Exercise, FrameAnswer, NearMiss, Question

    q1 = Question(
        "q1",
        prompt={"en": "...", "zh": "..."},
        expected=lambda ctx: abc_classify(ctx.sales, ...),   # recomputed from the bound data
        answer=FrameAnswer(key="doctor_id", columns=["tier"]),
        hints=[{"en": "...", "zh": "..."}, {"en": "...", "zh": "..."}],
        solution="answer = abc_classify(world.sales, ...)",
        near_misses=[NearMiss({"en": "your A tier uses raw share, not cumulative share",
                               "zh": "..."}, variant=lambda ctx: wrong_variant(ctx))],
    )
    EXERCISE = Exercise("01_current_state_pharma", [q1, ...])

Rules: ``expected`` recomputes the answer from ``ctx`` (never a stored number),
so every seed is checked correctly; every learner-facing text is given in
English and Chinese; answer kinds are :class:`FrameAnswer`, :class:`SeriesAnswer`,
:class:`NumberAnswer`, :class:`ChoiceAnswer`, :class:`CollectionAnswer`,
:class:`ValueAnswer` and :class:`CustomAnswer` (``fn(got, expected)``, or
``fn(got, expected, ctx)`` to judge with the bound data).

Solution notebooks and the build
--------------------------------
``solutions/NAME.ipynb`` is the source; ``tierlab build-exercises`` writes
``exercises/NAME.ipynb``. Mark every solution line with a trailing
``# SOLUTION``; a run of marked lines becomes ``name = ____`` for each plain
name it assigns (or ``# YOUR CODE HERE`` if it assigns none). Cells tagged
``solution`` are dropped; outputs are cleared. Put the blank on the whole
right-hand side (``answer = ____``), never inside a call (``df[____]`` would
crash a blank exercise under nbval). ``tierlab build-exercises --check`` fails
when ``exercises/`` is out of date.

Trainer tools
-------------
``tierlab grade SUBMISSIONS_DIR`` runs every submitted notebook and writes a
scoreboard (CSV + HTML); checks append their outcome to the progress log
(``$TIERLAB_PROGRESS_LOG``, default ``~/.tierlab/progress.jsonl``).
``tierlab workshop --teams N --seed S`` gives each team its own dataset seed.
"""

from tierlab.exercises._compare import (
    Answer,
    ChoiceAnswer,
    CollectionAnswer,
    CustomAnswer,
    FrameAnswer,
    NumberAnswer,
    SeriesAnswer,
    ValueAnswer,
    compare_choice,
    compare_collections,
    compare_frames,
    compare_numbers,
    compare_series,
    compare_values,
)
from tierlab.exercises._core import (
    TRACKS,
    BoundQuestion,
    Context,
    Exercise,
    NearMiss,
    Question,
    Session,
    available,
    load,
    register,
)
from tierlab.exercises._feedback import Feedback
from tierlab.exercises._i18n import Msg
from tierlab.exercises._placeholder import Placeholder, ____, is_placeholder

__all__ = [
    "____",
    "Answer",
    "BoundQuestion",
    "ChoiceAnswer",
    "CollectionAnswer",
    "Context",
    "CustomAnswer",
    "Exercise",
    "Feedback",
    "FrameAnswer",
    "Msg",
    "NearMiss",
    "NumberAnswer",
    "Placeholder",
    "Question",
    "SeriesAnswer",
    "Session",
    "TRACKS",
    "ValueAnswer",
    "available",
    "compare_choice",
    "compare_collections",
    "compare_frames",
    "compare_numbers",
    "compare_series",
    "compare_values",
    "is_placeholder",
    "load",
    "register",
]
