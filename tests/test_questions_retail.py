"""The retail question sets (exercises 00-06): the learner's answers, and particular questions.

For every question of ``tierlab/exercises/questions/ex0N_*_retail.py``: the
answer the solution notebook computes is correct. The answers are recomputed from
the bound world, so a second seed must give different expected values that are still
checked right. What every question set keeps (near misses, blanks, wrong types,
bilingual texts, choice explanations) is tested once, for every set, in
``test_exercises_contract.py``. The default world is loaded once for the module (and the
second seed once); each question set is bound once per world.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tierlab as tl
from tierlab.datasets import load_retail
from tierlab.exercises import load
from tierlab.exercises._i18n import Msg

NAMES = ["00_welcome_retail", "01_current_state_retail", "02_goals_and_gaps_retail",
         "03_strategy_retail", "04_action_plan_retail", "05_evaluation_retail",
         "06_capstone_retail"]
OTHER_SEED = 7


@pytest.fixture(scope="module")
def world():
    return load_retail()


@pytest.fixture(scope="module")
def world2():
    return load_retail(seed=OTHER_SEED)


_SESSIONS: dict = {}


def session(name, w):
    key = (name, id(w))
    if key not in _SESSIONS:
        _SESSIONS[key] = load(name, data=w, lang="en")
    return _SESSIONS[key]


def _text(message, lang="en") -> str:
    if isinstance(message, dict):
        return message[lang]
    return Msg.text(message).render(lang)


# ---------------------------------------------------------------------------------------
# the learner's answers, written as in the solution notebooks (plain pandas + tierlab)
# ---------------------------------------------------------------------------------------
def answers_00(w):
    tx = w.transactions
    by = tx.groupby("channel")["amount"].sum()
    ret = tx["is_return"]
    return {"q1": w.members["member_id"].nunique(),
            "q2": tx.groupby("member_id")["amount"].sum(),
            "q3": by["online"] / by.sum(),
            "q4": -tx.loc[ret, "amount"].sum() / tx.loc[~ret, "amount"].sum(),
            "q5": "d"}


def answers_01(w):
    from tierlab.exercises.questions.ex01_current_state_retail import dimensions  # noqa: F401

    tx = w.transactions
    rfm_in = tl.rfm_table(tx, customer="member_id")
    summary = tl.summarize_transactions(tx, customer="member_id", time_unit="W")
    clv = tl.clv_table(summary, customer="member_id", margin=0.3)
    n_top = int(len(rfm_in) * 0.10)  # q7: the top 10% by spend and by predicted CLV
    return {"q1": summary,
            "q2": tl.rfm_segments(tl.rfm_scores(rfm_in, customer="member_id"),
                                  customer="member_id"),
            "q3": tl.abc_classify(rfm_in, customer="member_id", value="monetary",
                                  negative="last"),
            "q4": clv.nlargest(10, "clv")["member_id"].tolist(),
            "q5": "b",
            "q6": {"value": 0.0, "potential": 1.0, "frequency": 0.0},
            "q7": len(set(clv.nlargest(n_top, "clv")["member_id"])
                      - set(rfm_in.nlargest(n_top, "monetary")["member_id"])),
            "q8": (tl.factor_matrix(tl.member_profile(w, margin=0.3, cost_per_return=20),
                                    customer="member_id", x="monetary", y="return_rate",
                                    y_cut=0.1)["cell"] == "x high / y high").sum()}


def answers_02(w):
    from tierlab.exercises.questions.ex02_goals_and_gaps_retail import retail_base

    tx = w.transactions
    end = tx["date"].max()
    base = retail_base(w)
    target = 1.1 * base["history"].sum()
    goals = tl.allocate_target(base, customer="member_id", target=target, history="history",
                               potential="potential", method="blend", weight=0.3, group="tier")
    gap = tl.gap_table(goals, base[["member_id", "potential"]], customer="member_id",
                       value="potential", by="tier")
    g = gap.set_index("tier")
    recent = tx[tx["date"] > end - pd.Timedelta(days=365)]
    return {"q1": recent.groupby("member_id")["amount"].sum().clip(lower=0),
            "q2": goals, "q3": gap, "q4": g.loc["A", "gap"] / g["gap"].sum(), "q5": "b"}


def answers_03(w):
    tx = w.transactions
    profit = (tx.assign(profit=0.3 * tx["gross_amount"] - tx["discount"] - 20 * tx["is_return"])
              .groupby("member_id", as_index=False)["profit"].sum())
    clv = tl.clv_table(tl.summarize_transactions(tx, customer="member_id", time_unit="W"),
                       customer="member_id", margin=0.3)
    values = profit.merge(clv[["member_id", "clv"]])
    tiers = tl.mvc_stc_bz(values, customer="member_id", actual_value="profit",
                          strategic_value="clv")
    h = tl.campaign_history(w)
    h = h[h["segment"] == "Champions"]
    rate = h.groupby("treated")["responded"].mean()
    service = tl.service_plan(tiers, tl.RETAIL_SERVICE_MODELS, customer="member_id")
    return {"q1": profit, "q2": tiers, "q3": rate[True] - rate[False], "q4": "b",
            "q5": service["monthly_cost"].sum()}


def answers_04(w):
    from tierlab.exercises.questions.ex04_action_plan_retail import DUE_DAYS

    tx = w.transactions
    tiers = tl.retail_value_tiers(w)
    start = tx["date"].max() + pd.offsets.MonthBegin(1)
    by = tx.groupby(["member_id", "store_id"])["amount"].sum().reset_index()
    store = (by.sort_values("amount", ascending=False).drop_duplicates("member_id")
             .set_index("member_id")["store_id"])
    sid = tiers["member_id"].map(store)
    crm = (sid == "ONLINE") | tiers["tier"].isin(["Other", "BZ"])
    owner = pd.Series(np.where(crm, "CRM team", "Store " + sid), index=tiers["member_id"])
    plan = tl.action_plan(tiers.assign(owner=owner.to_numpy()), tl.RETAIL_SERVICE_MODELS,
                          customer="member_id",
                          tier="tier", owner="owner", start=start, due_days=DUE_DAYS)
    stores = plan[plan["owner"] != "CRM team"]
    return {"q1": store, "q2": owner, "q3": plan,
            "q4": stores.groupby("owner")["calls_per_month"].sum().max(), "q5": "b"}


def answers_05(w):
    from tierlab.exercises.questions.ex05_evaluation_retail import (
        campaign_panel,
        half_tiers,
        last_campaign,
    )

    last = last_campaign(w)
    contacts = w.campaign_contacts
    c = contacts[contacts["campaign_id"] == last]
    m = c.groupby("treated")["spend_in_window"].mean()
    did = tl.diff_in_diff(campaign_panel(w, last), unit="member_id", period="period",
                          treated="treated", outcome="amount", n_boot=20, random_state=0)
    before, after = half_tiers(w)
    mig = tl.migration_matrix(before, after, customer="member_id", normalize="index",
                              order=["A", "B", "C"])
    return {"q1": m[True] - m[False],
            "q2": tl.uplift(contacts, treated="treated", outcome="responded", by="campaign_id"),
            "q3": did["estimate"].iloc[0], "q4": mig.loc["A", "A"], "q5": "b"}


def answers_06(w):
    from tierlab.exercises.questions.ex06_capstone_retail import messy_export

    clean = tl.read_transactions(messy_export(w), verbose=False).data
    seg = tl.rfm_segments(tl.rfm_scores(tl.rfm_table(clean)))
    clv = tl.clv_table(tl.summarize_transactions(w.transactions, customer="member_id",
                                                 time_unit="W"), customer="member_id")
    features = tl.retail_features(w)
    est = tl.estimate_uplift(tl.campaign_history(w), method="segment", new_data=features)
    est["value"] = est["uplift"] * features["monetary"].clip(lower=0).to_numpy()
    return {"q1": clean["amount"].sum(), "q2": (seg["segment"] == "Champions").sum(),
            "q3": (clv["p_alive"] < 0.5).sum(),
            "q4": est.nlargest(300, "value")["member_id"].tolist(), "q5": "b"}


ANSWERS = dict(zip(NAMES, [answers_00, answers_01, answers_02, answers_03, answers_04,
                           answers_05, answers_06], strict=True))
_ANSWER_CACHE: dict = {}


def answers(name, w):
    key = (name, id(w))
    if key not in _ANSWER_CACHE:
        _ANSWER_CACHE[key] = ANSWERS[name](w)
    return _ANSWER_CACHE[key]


# ---------------------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_solution_answers_are_correct(name, world):
    ex = session(name, world)
    assert set(answers(name, world)) == {q.qid for q in ex}
    for qid, value in answers(name, world).items():
        fb = ex[qid].check(value)
        assert fb.outcome == "correct", f"{name}.{qid}: {fb}"


def test_widget_question_recomputes_the_tier(world):
    from tierlab.exercises.questions.ex01_current_state_retail import dimensions, target_member

    ex = session("01_current_state_retail", world)
    dims = dimensions(world)
    member = target_member(dims)
    equal = tl.composite_score(dims, customer="member_id", tiers=["A", "B", "C"],
                               weights={"value": 1, "potential": 1, "frequency": 1})
    assert equal.loc[equal["member_id"] == member, "tier"].iloc[0] != "A"
    fb = ex.q6.check({"value": 1, "potential": 1, "frequency": 1})
    assert fb.outcome == "incorrect" and member in str(fb)
    assert ex.q6.check({"potential": 3}).outcome == "correct"
    assert "not a dimension" in str(ex.q6.check({"potential": 1, "loyalty": 1}))
    assert ex.q6.check({"potential": -1}).outcome == "incorrect"


def test_plan_question_scores_in_the_simulator(world):
    from tierlab.exercises.questions.ex06_capstone_retail import BUDGET, champions_plan

    ex = session("06_capstone_retail", world)
    bench = champions_plan(world)
    fb = ex.q4.check(bench)
    assert fb.outcome == "incorrect" and "Champions" in str(fb)
    too_many = world.members["member_id"].tolist()[: BUDGET + 1]
    assert f"{BUDGET} contacts" in str(ex.q4.check(too_many))
    assert "not a member id" in str(ex.q4.check(["nobody"]))


def test_near_miss_messages_exist_in_chinese(world):
    ex = load("00_welcome_retail", data=world, lang="zh")
    tx = world.transactions
    fb = ex.q2.check(tx[~tx["is_return"]].groupby("member_id")["amount"].sum())
    assert "退货没有抵扣" in str(fb)


@pytest.mark.parametrize("name", NAMES)
def test_answers_are_recomputed_for_another_seed(name, world, world2):
    """A second world: its own answers are correct, and copying the default world's fails."""
    ex2 = session(name, world2)
    mine, theirs = answers(name, world2), answers(name, world)
    n_differs = 0
    for qid, value in mine.items():
        assert ex2[qid].check(value).outcome == "correct", f"{name}.{qid}"
        if isinstance(value, str):  # choices are the same for every world
            continue
        if ex2[qid].check(theirs[qid]).outcome != "correct":
            n_differs += 1
    assert n_differs >= 3, f"{name}: answers of another world pass too often"


def test_bad_data_gives_a_clear_error(world):
    from tierlab.datasets import load_pharma

    with pytest.raises(ValueError, match="retail world"):
        load("00_welcome_retail", data=load_pharma())
    with pytest.raises(TypeError, match="load_retail"):
        load("00_welcome_retail", data=world.transactions)


def test_helpers_do_not_mutate_the_world(world):
    from tierlab.exercises.questions.ex00_welcome_retail import _net_spend
    from tierlab.exercises.questions.ex02_goals_and_gaps_retail import retail_base
    from tierlab.exercises.questions.ex03_strategy_retail import member_profit, value_tiers

    tx = world.transactions
    copy = tx.copy()
    _net_spend(tx)
    member_profit(world)
    member_profit(world, discount=False)
    value_tiers(world, actual="net")
    retail_base(world)
    pd.testing.assert_frame_equal(tx, copy)


def test_reference_helpers_are_the_library(world):
    """The exercises check against the public library (one piece of code per concept)."""
    from tierlab.exercises.questions.ex02_goals_and_gaps_retail import retail_base
    from tierlab.exercises.questions.ex03_strategy_retail import member_profit, value_tiers

    tx = world.transactions
    by_hand = (tx.assign(profit=0.3 * tx["gross_amount"] - tx["discount"]
                         - 20 * tx["is_return"]).groupby("member_id")["profit"].sum())
    mp = member_profit(world).set_index("member_id")["profit"]
    pd.testing.assert_series_equal(mp.sort_index(), by_hand.sort_index(), check_names=False)
    no_discount = member_profit(world, discount=False).set_index("member_id")["profit"]
    assert (no_discount >= mp - 1e-9).all() and (no_discount > mp + 1e-9).any()
    pd.testing.assert_frame_equal(value_tiers(world), tl.retail_value_tiers(world))
    profile = tl.member_profile(world).set_index("member_id")
    base = retail_base(world).set_index("member_id")
    assert (base["store_id"] == profile.loc[base.index, "main_store"]).all()


def test_plumbing_constants_come_from_the_library():
    import inspect

    from tierlab.cases.retail import RETAIL_COST_PER_RETURN, RETAIL_MARGIN, member_profile
    from tierlab.exercises.questions import _retail

    assert _retail.MARGIN is RETAIL_MARGIN and _retail.RETURN_COST is RETAIL_COST_PER_RETURN
    defaults = inspect.signature(member_profile).parameters
    assert defaults["margin"].default == RETAIL_MARGIN
    assert defaults["cost_per_return"].default == RETAIL_COST_PER_RETURN
