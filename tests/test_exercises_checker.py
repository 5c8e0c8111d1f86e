"""The exercise checker: outcomes, near misses, seeds, rendering, languages, progress log."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import pandas as pd
import pytest

import tierlab.exercises as tx
from tierlab.exercises import (
    Exercise,
    FrameAnswer,
    NearMiss,
    NumberAnswer,
    Question,
    ____,
    is_placeholder,
    load,
)
from tierlab.exercises._core import friendly_error, install_friendly_errors
from tierlab.exercises._feedback import markdown_inline
from tierlab.exercises._i18n import CATALOGUE, LANGS, Msg, template_fields
from tierlab.exercises.questions.demo import (
    _a_share,
    abc_table,
    make_demo_data,
    recency_score,
)


@pytest.fixture(autouse=True)
def _progress_log(tmp_path, monkeypatch):
    log = tmp_path / "progress.jsonl"
    monkeypatch.setenv("TIERLAB_PROGRESS_LOG", str(log))
    monkeypatch.delenv("TIERLAB_LANG", raising=False)
    return log


@pytest.fixture
def data():
    return make_demo_data(random_state=7)


@pytest.fixture
def ex(data):
    return load("demo", data=data, lang="en")


# --- the blank -----------------------------------------------------------------------------
def test_placeholder_survives_expressions():
    s = pd.Series([1.0, 2.0])
    assert ____ * 2 is ____ and 2 - ____ is ____ and -____ is ____
    assert s * ____ is ____ and np.arange(3) + ____ is ____
    assert ____.head().sort_values("x") is ____ and ____["col"] is ____
    assert len(____) == 0 and list(____) == [] and not ____ and (____ > 3) is ____
    assert f"{____:.1%}" == "____" and str(____) == "____"
    assert copy.deepcopy(____) is ____ and pickle.loads(pickle.dumps(____)) is ____
    assert is_placeholder(____) and is_placeholder((1, ____)) and is_placeholder({"a": ____})
    assert not is_placeholder(0) and not is_placeholder([1, 2]) and not is_placeholder(None)
    df = pd.DataFrame({"id": ["a", "b"], "x": [1, 2]})
    filled = df.copy()
    filled["tier"] = [____, ____]
    assert is_placeholder(filled) and is_placeholder(df["id"].map(lambda v: ____))
    assert not is_placeholder(df) and not is_placeholder(df["id"])
    with pytest.raises(AttributeError):
        ____._repr_html_  # noqa: B018 - private names are real lookups


# --- outcomes ------------------------------------------------------------------------------
def test_right_answers_pass(ex, data):
    t = abc_table(data["sales"])
    assert ex.q1.check(t).outcome == "correct"
    assert ex.q2.check(recency_score(data["sales"])).outcome == "correct"
    assert ex.q3.check(_a_share(ex.ctx)).outcome == "correct"
    assert ex.q4.check(" (B) ").outcome == "correct"
    ids = t.loc[t["tier"] == "A", "customer_id"]
    assert ex.q5.check(set(ids)).outcome == "correct"
    assert ex.q5.check(ids).outcome == "correct"  # a Series of ids is fine too
    assert all(q.outcome == "correct" for q in ex)


def test_tolerances_index_of_ids_and_float_noise(ex, data):
    t = abc_table(data["sales"])
    noisy = t.set_index("customer_id")  # ids in the index instead of a column
    noisy["value"] = noisy["value"] * (1 + 1e-9)
    assert ex.q1.check(noisy).outcome == "correct"
    unnamed = t.set_index("customer_id").rename_axis(None)
    assert ex.q1.check(unnamed).outcome == "correct"


def test_placeholder_is_not_attempted(ex):
    fb = ex.q1.check(____)
    assert fb.outcome == "not_attempted"
    assert "____" in fb.message
    assert ex.q2.check().outcome == "not_attempted"  # no answer passed at all
    assert ex.q3.check(____ * 100).outcome == "not_attempted"
    assert ex.q1.check(pd.DataFrame({"customer_id": ["C001"], "tier": [____]})).outcome == (
        "not_attempted")


@pytest.mark.parametrize("lang, needle", [("en", "cumulative share"), ("zh", "累计占比")])
def test_near_miss_gives_its_reason(data, lang, needle):
    ex = load("demo", data=data, lang=lang)
    fb = ex.q1.check(abc_table(data["sales"], by_count=True))
    assert fb.outcome == "incorrect"
    assert needle in fb.message
    fb = ex.q1.check(abc_table(data["sales"], ascending=True))
    assert fb.outcome == "incorrect" and ("largest" in fb.message or "从大到小" in fb.message)


def test_recency_reversed_and_share_of_customers(ex, data):
    fb = ex.q2.check(recency_score(data["sales"], reverse=True))
    assert fb.outcome == "incorrect" and "reversed" in fb.message
    fb = ex.q3.check(_a_share(ex.ctx, by_customers=True))
    assert fb.outcome == "incorrect" and "share of customers" in fb.message
    fb = ex.q3.check(_a_share(ex.ctx) * 100)
    assert fb.outcome == "incorrect" and "percentage" in fb.message


def test_generic_message_names_column_and_customer(ex, data):
    t = abc_table(data["sales"])
    i = int(np.flatnonzero(t["tier"] == "A")[-1])
    t.loc[i, "tier"] = "B"
    fb = ex.q1.check(t)
    assert fb.outcome == "incorrect"
    assert "Column 'tier': 1 row differs" in fb.message
    assert f"customer {t.loc[i, 'customer_id']!r}, where you have 'B'" in fb.message
    assert "'A'" not in fb.message  # the expected tier is not given away


@pytest.mark.parametrize("bad", [3.5, "abc", None, [1, 2], pd.Series([1.0]), {"a": 1},
                                 object(), pd.DataFrame({"x": [1]})])
def test_wrong_type_gives_plain_message(ex, bad):
    for q in ex:
        fb = q.check(bad)
        assert fb.outcome == "incorrect", (q.qid, fb)
        assert "Traceback" not in str(fb) and fb.message


def test_misspelled_column_suggests_the_right_one(ex, data):
    t = abc_table(data["sales"]).rename(columns={"tier": "Tier"})
    fb = ex.q1.check(t)
    assert "Column 'tier' is missing" in fb.message and "did you mean 'Tier'" in fb.message


def test_check_does_not_mutate_the_answer_or_the_data(ex, data):
    before = data["sales"].copy()
    t = abc_table(data["sales"]).set_index("customer_id")
    t_before = t.copy()
    ex.q1.check(t)
    ex.q1.check(t.reset_index().assign(tier="A"))
    pd.testing.assert_frame_equal(t, t_before)
    pd.testing.assert_frame_equal(data["sales"], before)


# --- seeds: expected answers come from the learner's own data -------------------------------
def test_answers_are_recomputed_for_each_seed():
    d1, d2 = make_demo_data(random_state=1), make_demo_data(random_state=2)
    ex1, ex2 = load("demo", data=d1), load("demo", data=d2)
    t1, t2 = abc_table(d1["sales"]), abc_table(d2["sales"])
    assert ex1.q1.check(t1).outcome == "correct" and ex2.q1.check(t2).outcome == "correct"
    assert ex1.q1.check(t2).outcome == "incorrect"  # copied from another team
    share1, share2 = _a_share(ex1.ctx), _a_share(ex2.ctx)
    assert not np.isclose(share1, share2, rtol=1e-3)
    assert ex2.q3.check(share1).outcome == "incorrect"
    assert ex2.q3.check(share2).outcome == "correct"
    ex1.bind(d2)  # re-binding switches the expected answers
    assert ex1.q1.check(t2).outcome == "correct"


# --- hints, solution, rendering, languages ---------------------------------------------------
def test_hints_are_numbered_and_advance(ex):
    first, second, again = ex.q1.hint(), ex.q1.hint(), ex.q1.hint()
    assert "Hint 1 of 2" in first.title and "Hint 2 of 2" in second.title
    assert "Hint 2 of 2" in again.title and "q1.solution()" in second.message
    assert ex.q1.hint(1).message == first.message
    assert "no hint 5" in ex.q1.hint(5).message
    fb = ex.q1.solution()
    assert fb.kind == "solution" and "abc_table" in fb.code


def test_html_and_text_rendering(ex, data):
    ok = ex.q1.check(abc_table(data["sales"]))
    bad = ex.q1.check(abc_table(data["sales"], ascending=True))
    blank = ex.q1.check(____)
    html_ok, html_bad, html_blank = ok._repr_html_(), bad._repr_html_(), blank._repr_html_()
    assert "#1e7e34" in html_ok and "#c62828" in html_bad and "#546e7a" in html_blank
    assert "tierlab-correct" in html_ok and "tierlab-not_attempted" in html_blank
    assert str(ok).startswith("✅ Question 1 — Correct") and repr(bad).startswith("❌ Question 1")
    t = abc_table(data["sales"]).assign(tier="<b>")
    assert "<b>" not in ex.q1.check(t)._repr_html_()  # learner text is escaped
    sol = ex.q1.solution()._repr_html_()
    assert "<pre" in sol and "abc_table" in sol
    assert "Build the ABC table" in repr(ex.q1) and "<div" in ex.q1._repr_html_()


def test_chinese_messages(data):
    ex = load("demo", data=data, lang="zh")
    t = abc_table(data["sales"]).assign(tier="C")
    fb = ex.q1.check(t)
    assert fb.title == "第 1 题 — 还不对" and "列 'tier'" in fb.message
    assert ex.q1.check(____).title.endswith("尚未作答")
    assert "提示 1 / 2" in ex.q1.hint().title
    assert "R 得分方向反了" in ex.q2.check(recency_score(data["sales"], reverse=True)).message
    assert "这里需要" in ex.q3.check(pd.DataFrame()).message


def test_language_defaults(data, monkeypatch):
    assert load("demo", data=data).lang == "en"
    monkeypatch.setenv("TIERLAB_LANG", "zh_CN")
    assert load("demo", data=data).lang == "zh"
    with pytest.raises(ValueError, match="lang must be one of"):
        load("demo", data=data, lang="fr")


def test_catalogue_is_complete_in_both_languages():
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGS), key
        assert template_fields(texts["en"]) == template_fields(texts["zh"]), key
        assert all(t.strip() for t in texts.values()), key
    assert Msg("frame_missing_rows", n=1, entity="x", examples="a").render("en").startswith(
        "1 expected x row is")


# --- robustness ----------------------------------------------------------------------------
def _one_question_exercise(expected, answer=None, **kw):
    q = Question("q1", prompt={"en": "p", "zh": "p"}, expected=expected,
                 answer=answer or NumberAnswer(), **kw)
    return Exercise("tmp_test", [q])


def test_checker_failures_are_error_outcomes_not_tracebacks():
    def broken(ctx):
        raise KeyError("sales")

    ex = _one_question_exercise(broken).bind({"x": 1})
    fb = ex.q1.check(1.0)
    assert fb.outcome == "error" and "KeyError" in fb.message
    unbound = _one_question_exercise(lambda ctx: 1.0).bind(None)
    assert unbound.q1.check(1.0).outcome == "error"
    assert "bind" in unbound.q1.check(1.0).message


def test_failing_near_miss_is_skipped():
    def boom(ctx):
        raise RuntimeError("x")

    ex = _one_question_exercise(
        lambda ctx: 2.0,
        near_misses=[NearMiss({"en": "never", "zh": "never"}, variant=boom),
                     NearMiss({"en": "negative!", "zh": "负数！"}, test=lambda a, c: a < 0)],
    ).bind({})
    assert ex.q1.check(-2.0).message == "negative!"
    assert ex.q1.check(3.0).message == "Your answer 3 is too high."


def test_custom_answers_receive_the_bound_context():
    from tierlab.exercises import CustomAnswer

    seen = []

    def within_capacity(got, expected, ctx):  # the new form: the bound data at hand
        seen.append(ctx)
        cap = ctx["reps"]["capacity"].sum()
        if got > cap:
            return {"en": f"More than the {cap} calls the team has.", "zh": f"超过团队的 {cap} 次拜访。"}
        return None if got >= expected else "Use more of the capacity."

    def keyword_ctx(got, expected, *, ctx):
        return None if got == len(ctx.data["reps"]) else "wrong"

    def classic(got, expected):  # the old form keeps working
        return None if got == expected else {"en": "no", "zh": "不对"}

    data = {"reps": pd.DataFrame({"capacity": [10, 20]})}
    ex = Exercise("tmp_ctx", [
        Question("q1", prompt={"en": "p", "zh": "p"}, expected=lambda ctx: 25,
                 answer=CustomAnswer(within_capacity),
                 near_misses=[NearMiss({"en": "near", "zh": "接近"},
                                       variant=lambda ctx: 22.0)]),
        Question("q2", prompt={"en": "p", "zh": "p"}, expected=lambda ctx: 0,
                 answer=CustomAnswer(keyword_ctx)),
        Question("q3", prompt={"en": "p", "zh": "p"}, expected=lambda ctx: 7,
                 answer=CustomAnswer(classic)),
    ]).bind(data, lang="en")
    assert ex.q1.check(28).correct
    assert seen and seen[-1] is ex.ctx and seen[-1].data is data
    assert "30 calls" in ex.q1.check(31).message
    assert ex.q1.check(20).message == "Use more of the capacity."
    assert ex.q1.check(23).message == "near"  # the variant is judged with the context too
    assert ex.q2.check(2).correct and ex.q2.check(3).outcome == "incorrect"
    assert ex.q3.check(7).correct and ex.q3.check(8).message == "no"
    assert CustomAnswer(within_capacity).takes_ctx and not CustomAnswer(classic).takes_ctx
    assert CustomAnswer(classic).compare(7, 7) is None  # direct use, no context needed
    # a custom check that fails is an error outcome, never a traceback
    ex_err = _one_question_exercise(lambda ctx: 1, answer=CustomAnswer(
        lambda got, expected, ctx: ctx.data["missing"])).bind({})
    assert ex_err.q1.check(1).outcome == "error"
    with pytest.raises(TypeError, match="CustomAnswer needs a function"):
        CustomAnswer("not a function")


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match="missing"):
        Question("q1", prompt={"en": "only english"}, expected=lambda c: 1)
    with pytest.raises(ValueError, match="Python name"):
        Question("1q", prompt="p", expected=lambda c: 1)
    with pytest.raises(TypeError, match="Answer"):
        Question("q1", prompt="p", expected=lambda c: 1, answer="frame")
    with pytest.raises(ValueError, match="exactly one"):
        NearMiss({"en": "a", "zh": "b"})
    q = Question("q1", prompt="p", expected=lambda c: 1)
    with pytest.raises(ValueError, match="duplicate"):
        Exercise("x", [q, q])


def test_every_question_set_loads_with_complete_texts():
    names = tx.available()
    assert "demo" in names
    for name in names:
        ex = tx._core._find(name)
        assert ex.questions, name
        for q in ex.questions:
            assert isinstance(q.answer, tx.Answer)


def test_unknown_exercise_and_bad_data():
    with pytest.raises(ValueError, match="no exercise named 'nope'"):
        load("nope")
    with pytest.raises(ValueError, match="'sales' table"):
        load("demo", data={"orders": pd.DataFrame()})
    sales = make_demo_data(random_state=3)["sales"]
    assert load("demo", data=sales).q1.check(abc_table(sales)).outcome == "correct"


# --- progress log --------------------------------------------------------------------------
def test_checks_hints_and_solutions_are_logged(ex, data, _progress_log, monkeypatch):
    monkeypatch.setenv("TIERLAB_LEARNER", "alice")
    ex.q1.check(abc_table(data["sales"]))
    ex.q2.check(____)
    ex.q1.hint()
    ex.q1.solution()
    events = [json.loads(line) for line in _progress_log.read_text().splitlines()]
    assert [(e["event"], e.get("outcome")) for e in events] == [
        ("check", "correct"), ("check", "not_attempted"), ("hint", None), ("solution", None)]
    assert all(e["exercise"] == "demo" and e["learner"] == "alice" for e in events)


def test_logging_can_be_switched_off_and_never_raises(ex, tmp_path, monkeypatch):
    monkeypatch.setenv("TIERLAB_PROGRESS_LOG", "off")
    assert ex.q1.check(____).outcome == "not_attempted"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TIERLAB_PROGRESS_LOG", str(blocker / "sub" / "log.jsonl"))
    assert ex.q1.check(____).outcome == "not_attempted"  # unwritable path: still fine


def test_summary_counts(ex, data):
    ex.q1.check(abc_table(data["sales"]))
    ex.q2.check(1)
    s = ex.summary()
    assert s.title == "Progress: 1 of 5 correct"
    assert "Question 2: Not quite (1 try)" in s.message
    assert "Question 3: Not attempted yet" in s.message


def test_frame_answer_reexported():
    assert tx.FrameAnswer is FrameAnswer and "____" in tx.__all__


def test_summary_remembers_the_best_outcome_and_counts_tries(ex, data):
    right = abc_table(data["sales"])
    assert ex.q1.check(right).correct
    assert ex.q1.check(right.assign(tier="A")).outcome == "incorrect"  # a variant afterwards
    ex.q1.check(____)  # the blank is not a try
    s = ex.summary()
    assert s.title == "Progress: 1 of 5 correct"
    assert "Question 1: Correct · best so far; last try: Not quite (2 tries)" in s.message
    ex.q2.check(1)
    ex.q2.check(2)
    assert "Question 2: Not quite (2 tries)" in ex.summary().message
    zh = ex.bind(lang="zh").summary()
    assert "第 1 题：正确" in zh.message and "尝试 2 次" in zh.message


def test_correct_message_says_what_was_right_and_rounding_notes_show(data):
    ex = _one_question_exercise(lambda ctx: 0.2938, NumberAnswer(rtol=1e-9),
                                correct={"en": "the A tier's share of value",
                                         "zh": "A 类的金额占比"}).bind({"x": 1}, lang="en")
    fb = ex.q1.check(0.29)
    assert fb.correct and fb.message.splitlines() == [
        "Right: the A tier's share of value.",
        "Correct to 2 decimals; the exact value is 0.2938."]
    assert ex.q1.check(0.2938).message == "Right: the A tier's share of value."
    assert "at least 2 significant figures" in ex.q1.check(0.3).message


def test_boxes_render_markdown_and_clear_icons(ex):
    html = ex.q1.prompt()._repr_html_()
    assert "<code" in html and "`" not in html.split("</strong>", 1)[1]
    assert ">i<" not in html and "📝" in html
    assert "Question 1" in html and "Question q1" not in html
    assert markdown_inline("a `<b>` and **c**") == (
        "a <code style='background:rgba(0,0,0,0.06);padding:0 3px;border-radius:3px'>"
        "&lt;b&gt;</code> and <strong>c</strong>")


def test_friendly_lines_for_name_and_syntax_errors():
    fb = friendly_error(NameError("name 'Endocrinology' is not defined"), "en")
    assert fb.outcome == "error" and '"Endocrinology"' in fb.message and "quotes" in fb.message
    assert "引号" in friendly_error(NameError("name 'b' is not defined"), "zh").message
    try:
        compile("answer = 'a", "<cell>", "exec")
    except SyntaxError as exc:
        assert "line 1" in friendly_error(exc, "en").message
    assert friendly_error(ValueError("x"), "en") is None


def test_friendly_errors_are_installed_in_ipython(capsys):
    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython()
    assert install_friendly_errors("en", shell) and install_friendly_errors("en", shell)
    shell.run_cell("answer = Endocrinology")
    shell.run_cell("answer = 'b")
    out = capsys.readouterr().out
    assert "NameError" in out and 'put it in quotes: "Endocrinology"' in out
    assert "SyntaxError" in out and "Python could not read this cell" in out
