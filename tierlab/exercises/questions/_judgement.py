"""Judgement questions (判断题): decisions answered without code, for every exercise notebook.

A judgement question is a multiple choice whose options are written once, the
right one placed at an explicit letter (so that answer positions stay balanced
across the course; ``tests/test_exercises_judgement.py`` checks the
distribution) and every wrong option carrying the reason it is wrong. The
reasons explain the flaw of the option itself; they never name the right
letter.

Example
-------
>>> q = judgement(
...     "q9", at="c",
...     stem={"en": "Which is a tier rule?", "zh": "哪一条是分级规则？"},
...     right={"en": "A: top 80% of value", "zh": "A：累计价值前 80%"},
...     wrong=[({"en": "the rep likes them", "zh": "代表喜欢"},
...             {"en": "a feeling is not a rule", "zh": "感觉不是规则"}),
...            ({"en": "alphabetical", "zh": "按拼音"},
...             {"en": "names carry no value", "zh": "名字与价值无关"}),
...            ({"en": "at random", "zh": "随机"},
...             {"en": "random is not a rule", "zh": "随机不是规则"})],
...     hint={"en": "A rule anyone can apply.", "zh": "人人都能执行的规则。"},
...     explanation={"en": "Explicit and measurable.", "zh": "明确且可衡量。"})
>>> q.expected(None), q.no_code
('c', True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tierlab.exercises._compare import ChoiceAnswer
from tierlab.exercises._core import Exercise, Question

__all__ = ["judgement", "with_questions", "LETTERS", "ELIMINATE"]

LETTERS = ("a", "b", "c", "d")

#: The second hint of every judgement question: a way to decide, not the answer.
ELIMINATE = {
    "en": "Rule the options out one by one: what does each assume about the customers or the "
          "data, and do the key points of this notebook support it? The option that survives "
          "is the one to defend.",
    "zh": "逐个排除选项：每个选项对客户或数据作了什么假设？本笔记本的要点支持它吗？"
          "最后站得住的那个，就是你要为之辩护的答案。",
}


def judgement(qid: str, *, at: str, stem: Mapping[str, str], right: Mapping[str, str],
              wrong: Sequence[tuple[Mapping[str, str], Mapping[str, str]]],
              hint: Mapping[str, str], explanation: Mapping[str, str],
              points: float = 1.0) -> Question:
    """A no-code multiple-choice :class:`Question` with a diagnosis for each wrong option.

    Parameters
    ----------
    qid : str
        The question id (``"q7"``).
    at : {"a", "b", "c", "d"}
        The letter of the right option.
    stem : dict
        The question, ``{"en": ..., "zh": ...}``.
    right : dict
        The right option's text.
    wrong : sequence of (dict, dict)
        Three ``(option text, why it is wrong)`` pairs, placed in order on the
        other letters.
    hint : dict
        The first hint: it points at the idea, not at a letter. The second hint is
        :data:`ELIMINATE` (how to rule options out).
    explanation : dict
        Shown with a correct answer.
    points : float
        Weight on the scoreboard.

    Returns
    -------
    Question
    """
    if at not in LETTERS:
        raise ValueError(f"{qid}: at must be one of {LETTERS}, got {at!r}.")
    wrong = list(wrong)
    if len(wrong) != len(LETTERS) - 1:
        raise ValueError(f"{qid}: wrong must hold {len(LETTERS) - 1} (option, why) pairs, "
                         f"got {len(wrong)}.")
    options, explanations, it = {}, {}, iter(wrong)
    for letter in LETTERS:
        if letter == at:
            options[letter] = right
        else:
            text, why = next(it)
            options[letter], explanations[letter] = text, why
    prompt = {
        "en": stem["en"] + " " + ", ".join(f"({k}) {v['en']}" for k, v in options.items())
        + ". Answer with a letter in quotes, e.g. \"a\".",
        "zh": stem["zh"] + "；".join(f"({k}) {v['zh']}" for k, v in options.items())
        + "。请在引号里填一个字母，例如 \"a\"。",
    }
    return Question(
        qid, prompt=prompt, expected=lambda ctx: at,
        answer=ChoiceAnswer(explanations=explanations), hints=[hint, ELIMINATE],
        solution=f'choice = "{at}"', explanation=explanation, points=points, no_code=True)


def with_questions(exercise: Exercise, questions: Sequence[Question]) -> Exercise:
    """``exercise`` with ``questions`` appended (same name, title, prepare and default data)."""
    return Exercise(exercise.name, [*exercise.questions, *questions], title=exercise.title,
                    prepare=exercise.prepare, default_data=exercise.default_data)
