"""The one question of the welcome notebook (``notebooks/00_welcome.ipynb``).

It is the demo's "what does tier C tell you?" question, numbered 1 so that the
welcome's first and only question reads "Question 1" (its demo twin is q4).
"""

from __future__ import annotations

from tierlab.exercises._core import Exercise
from tierlab.exercises.questions.demo import _prepare, tier_c_question

__all__ = ["EXERCISE"]

EXERCISE = Exercise("welcome", [tier_c_question("q1")],
                    title={"en": "Welcome: try a question", "zh": "欢迎：试做一道题"},
                    prepare=_prepare)
