"""The pharma exercise question sets 00-06 (tierlab/exercises/questions/ex0N_*_pharma.py).

For every question, checked programmatically on the default world and on a
second seed (no notebook is run): the learner-style answer below (what the
solution notebook computes, written here independently of the reference
functions) is correct, and the answers of one world are judged wrong on the other,
which proves that the expected answers are recomputed from the bound data. What every
question set keeps (near misses, blanks, wrong types, bilingual texts) is tested once,
for every set, in ``test_exercises_contract.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tierlab as tl
from tierlab.actions import action_plan
from tierlab.cases.pharma import doctor_profile, simulate_pharma
from tierlab.datasets import load_pharma
from tierlab.evaluate import kpi_by_tier, tiering_capture
from tierlab.exercises import CustomAnswer, available, load
from tierlab.exercises._build import build_notebook
from tierlab.exercises.questions._pharma import last_months
from tierlab.exercises.questions.ex01_current_state_pharma import KAM_DOCTORS
from tierlab.exercises.questions.ex04_action_plan_pharma import DUE_DAYS
from tierlab.exercises.questions.ex05_evaluation_pharma import MONTHS, SIM_SEED
from tierlab.goals import allocate_target, gap_table
from tierlab.simulate import score_plan
from tierlab.strategy import allocate_calls, service_plan

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["00_welcome_pharma", "01_current_state_pharma", "02_goals_and_gaps_pharma",
         "03_strategy_pharma", "04_action_plan_pharma", "05_evaluation_pharma",
         "06_capstone_pharma"]
SECOND_SEED = 7


# --------------------------------------------------------------------------------------
# the learner's answers, as the solution notebooks compute them (plain pandas + tierlab)
# --------------------------------------------------------------------------------------
def _recent(world, months=12):
    sales = world.sales
    start = sales["month"].max() - pd.DateOffset(months=months - 1)
    return sales[sales["month"] >= start]


def _tiered(world):
    doc = doctor_profile(world)
    abc = tl.abc_classify(doc, customer="doctor_id", value="value")
    return doc.merge(abc[["doctor_id", "tier"]], on="doctor_id")


def answers_00(world):
    recent = _recent(world)
    units = recent.groupby("company")["units"].sum()
    return {
        "q1": len(world.doctors),
        "q2": recent.loc[recent["company"] == "ours", "value"].sum(),
        "q3": units["ours"] / units.sum(),
        "q4": "b",
        "q5": world.potential.groupby("specialty")["potential_value"].sum().idxmax(),
    }


def answers_01(world):
    t = _recent(world).pivot_table(index="doctor_id", columns="company", values="units",
                                   aggfunc="sum", fill_value=0)
    doc = doctor_profile(world)
    abc = tl.abc_classify(doc, customer="doctor_id", value="value")
    m = tl.factor_matrix(doc, customer="doctor_id", x="share", y="potential_value", levels=3,
                         labels=tl.POTENTIAL_SHARE_LABELS)
    return {
        "q1": (t["ours"] / (t["ours"] + t["competitor"])).fillna(0),
        "q2": abc,
        "q3": (abc["tier"] == "A").mean(),
        "q4": np.floor(abc["cumulative_share"].iloc[KAM_DOCTORS - 1] * 100) / 100,
        "q5": m.loc[m["label"] == "WIN", "doctor_id"].tolist(),
        "q6": "b",
    }


def answers_02(world):
    doc = _tiered(world)
    target = doc["units"].sum() * 1.1
    goals = allocate_target(doc, customer="doctor_id", target=target, history="units",
                            potential="potential_units_window", method="blend", weight=0.3,
                            group="tier")
    current = doc[["doctor_id", "units"]]
    by_terr = goals.merge(doc[["doctor_id", "territory_id"]], on="doctor_id")
    gt = gap_table(by_terr, current, customer="doctor_id", value="units", by="territory_id")
    return {
        "q1": target,
        "q2": goals,
        "q3": gap_table(goals, current, customer="doctor_id", value="units", by="tier"),
        "q4": gt["territory_id"].iloc[0],
        "q5": (goals["growth"] < 0).sum(),
        "q6": "d",
    }


def answers_03(world):
    doc = _tiered(world)
    capacity = world.reps["monthly_call_capacity"].sum()
    d = doc.assign(profit=0.7 * doc["value"] - 60 * doc["calls"],
                   headroom=doc["potential_value_window"] * (1 - doc["share"]))
    plan = allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="decile",
                          value="value")
    plans = {"equal": allocate_calls(doc, customer="doctor_id", capacity=capacity),
             "decile": plan,
             "matrix": allocate_calls(doc, customer="doctor_id", capacity=capacity,
                                      rule="matrix", potential="potential_value",
                                      share="share")}
    scores = {k: score_plan(world, p)["share_of_optimum"] for k, p in plans.items()}
    return {
        "q1": capacity,
        "q2": tl.mvc_stc_bz(d, customer="doctor_id", actual_value="profit",
                            strategic_value="headroom", share_of_wallet="share",
                            stc_max_share=0.5),
        "q3": plan,
        "q4": max(scores, key=scores.get),
        # doc has today's calls_per_month, so the model's column is calls_per_month_model
        "q5": service_plan(doc, customer="doctor_id")["calls_per_month_model"].sum(),
        "q6": "b",
    }


def _decile_plan(world, doc):
    return allocate_calls(doc, customer="doctor_id",
                          capacity=world.reps["monthly_call_capacity"].sum(),
                          rule="decile", value="value")


def answers_04(world):
    doc = _tiered(world)
    plan = _decile_plan(world, doc)
    load_ = plan.merge(doc[["doctor_id", "rep_id"]], on="doctor_id").groupby("rep_id")[
        "calls"].sum()
    cap = world.reps.set_index("rep_id")["monthly_call_capacity"]
    pl = plan.merge(doc[["doctor_id", "listed"]], on="doctor_id")
    start = world.sales["month"].max() + pd.DateOffset(months=1)
    return {
        "q1": load_,
        "q2": load_.index[load_ > cap.reindex(load_.index)].tolist(),
        "q3": pl.loc[~pl["listed"], "calls"].sum(),
        "q4": action_plan(doc, customer="doctor_id", owner="rep_id", start=start,
                          due_days=DUE_DAYS),
        "q5": "b",
    }


def answers_05(world):
    doc = _tiered(world)
    plan = _decile_plan(world, doc)
    sim = simulate_pharma(world, plan, months=MONTHS, random_state=SIM_SEED)
    base = doctor_profile(world, months=MONTHS)[["doctor_id", "value"]].merge(
        doc[["doctor_id", "tier"]], on="doctor_id")
    after = tl.abc_classify(sim, customer="doctor_id", value="value")
    mm = tl.migration_matrix(doc[["doctor_id", "tier"]], after, customer="doctor_id")
    truth = world.hidden["doctor_truth"]
    cap = tiering_capture(doc, truth, customer="doctor_id", value="true_potential_units")
    d = tl.deciles(doc, customer="doctor_id", value="market_units", method="count")
    top_ids = d.loc[d["decile"] == 1, "doctor_id"]
    return {
        "q1": kpi_by_tier(base, sim, customer="doctor_id", value="value"),
        "q2": mm.loc["A", ["B", "C"]].sum(),
        "q3": cap.loc[cap["tier"] == "B", "cum_true_value_share"].iloc[0],
        "q4": truth.set_index("doctor_id").loc[top_ids, "competitor_loyal"].mean(),
        "q5": "a",
    }


def answers_06(world):
    doc = _tiered(world)
    goals = allocate_target(doc, customer="doctor_id", target=1.1 * doc["units"].sum(),
                            history="units", potential="potential_units_window",
                            method="gap_to_potential", group="tier")
    return {
        "q1": tl.top_share(doc, value="value", top=0.2),
        "q2": goals.loc[goals["tier"] == "A", "goal"].sum(),
        "q3": _decile_plan(world, doc),
        "q4": ["c", "e", "a", "d", "b"],
        "q5": "b",
    }


ANSWERS = dict(zip(NAMES, [answers_00, answers_01, answers_02, answers_03, answers_04,
                           answers_05, answers_06], strict=True))


# --------------------------------------------------------------------------------------
# fixtures: each world loaded once, each exercise bound once per world
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def _progress_log(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("TIERLAB_PROGRESS_LOG", str(tmp_path_factory.mktemp("log") / "progress.jsonl"))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def worlds():
    return {"default": load_pharma(), "second": load_pharma(seed=SECOND_SEED)}


@pytest.fixture(scope="module")
def answers(worlds):
    return {(name, w): ANSWERS[name](worlds[w]) for name in NAMES for w in worlds}


@pytest.fixture(scope="module")
def sessions(worlds):
    return {(name, w): load(name, data=worlds[w], lang="en") for name in NAMES for w in worlds}


def _message(feedback) -> str:
    return f"{feedback.title}\n{feedback.message}"


# --------------------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------------------
def test_all_pharma_sets_are_available():
    names = available()
    assert set(NAMES) <= set(names)


@pytest.mark.parametrize("which", ["default", "second"])
@pytest.mark.parametrize("name", NAMES)
def test_solution_answers_are_correct(name, which, sessions, answers):
    ex = sessions[(name, which)]
    got = answers[(name, which)]
    assert [q.qid for q in ex] == sorted(got, key=lambda k: int(k[1:]))
    for q in ex:
        fb = q.check(got[q.qid])
        assert fb.outcome == "correct", f"{name} {q.qid} on {which}: {_message(fb)}"


@pytest.mark.parametrize("name", NAMES)
def test_answers_of_one_world_fail_on_the_other(name, sessions, answers):
    """Expected answers are recomputed from the bound data, not stored."""
    one, two = sessions[(name, "default")], sessions[(name, "second")]
    theirs = answers[(name, "default")]
    differ = 0
    for q1_, q2_ in zip(one, two, strict=True):
        e1, e2 = q1_._q.expected(one.ctx), q2_._q.expected(two.ctx)
        if isinstance(q1_._q.answer, CustomAnswer):  # judged on the bound data: a plain bar
            same = bool(np.all(e1 == e2))
        else:
            same = q1_._q.answer.compare(e1, e2) is None
        if same:
            continue  # a letter, the stage order, or a coincidence between worlds
        differ += 1
        assert q2_.check(theirs[q1_.qid]).outcome == "incorrect", (name, q1_.qid)
    assert differ >= 2, f"{name}: only {differ} questions depend on the data"


def test_test_based_near_misses(worlds):
    world = worlds["default"]
    ex0 = load("00_welcome_pharma", data=world, lang="en")
    ours = world.sales[world.sales["company"] == "ours"]
    thirteen = last_months(ours, 13)["value"].sum()
    assert "11 or 13 months" in ex0.q2.check(thirteen).message

    ex1 = load("01_current_state_pharma", data=world, lang="en")
    n_a = int((tl.abc_classify(doctor_profile(world), customer="doctor_id",
                               value="value")["tier"] == "A").sum())
    assert "number of A doctors" in ex1.q3.check(n_a).message

    ex6 = load("06_capstone_pharma", data=world, lang="en")
    doc = doctor_profile(world)
    capacity = int(world.reps["monthly_call_capacity"].sum())
    small = allocate_calls(doc, customer="doctor_id", capacity=capacity // 2)
    assert "unused" in ex6.q3.check(small).message


def test_cutoff_question_is_checked_by_recomputation(worlds):
    world = worlds["default"]
    ex = load("01_current_state_pharma", data=world, lang="en")
    abc = tl.abc_classify(doctor_profile(world), customer="doctor_id", value="value")
    best = float(np.floor(abc["cumulative_share"].iloc[KAM_DOCTORS - 1] * 100) / 100)
    assert ex.q4.check(best).correct
    assert "lower the cut-off" in ex.q4.check(round(best + 0.02, 2)).message
    assert "raise the cut-off" in ex.q4.check(round(best - 0.05, 2)).message
    assert "percentage" in ex.q4.check(best * 100).message
    assert ex.q4.check(1.5).outcome == "incorrect"
    # the near miss: the right cut-off for tiers on units
    by_units = tl.abc_classify(doctor_profile(world), customer="doctor_id", value="units")
    units_cut = float(np.floor(by_units["cumulative_share"].iloc[KAM_DOCTORS - 1] * 100) / 100)
    if units_cut != best:
        assert "tiers on units" in ex.q4.check(units_cut).message


def test_cutoff_question_reads_the_abc_explorer(worlds):
    # the question is answered with tl.widgets.abc_explorer: its A slider is read
    from tierlab.widgets import abc_explorer

    world = worlds["default"]
    ex = load("01_current_state_pharma", data=world, lang="en")
    doc = tl.doctor_profile(world)
    abc = tl.abc_classify(doc, customer="doctor_id", value="value")
    best = float(np.floor(abc["cumulative_share"].iloc[KAM_DOCTORS - 1] * 100) / 100)
    explorer = abc_explorer(doc, customer="doctor_id", value="value")
    explorer.controls["a_cut"].min = 0.30  # the setup cell widens the A slider
    explorer.controls["a_cut"].value = best
    assert ex.q4.check(explorer).correct
    counts = explorer.result["tier"].value_counts()
    assert counts["A"] <= KAM_DOCTORS
    explorer.controls["a_cut"].value = 0.8
    assert "lower the cut-off" in ex.q4.check(explorer).message


def test_capstone_plan_checks_capacity_and_score(worlds):
    world = worlds["default"]
    ex = load("06_capstone_pharma", data=world, lang="en")
    doc = doctor_profile(world)
    cap = int(world.reps["monthly_call_capacity"].sum())
    too_many = allocate_calls(doc, customer="doctor_id", capacity=cap + 500)
    assert f"the team has {cap}" in ex.q3.check(too_many).message
    equal = allocate_calls(doc, customer="doctor_id", capacity=cap)
    assert "of the optimum" in ex.q3.check(equal).message
    negative = equal.assign(calls=-equal["calls"])
    assert ex.q3.check(negative).outcome == "incorrect"
    series = _decile_plan(world, _tiered(world)).set_index("doctor_id")["calls"]
    assert ex.q3.check(series).correct


def test_prepare_rejects_wrong_data(worlds):
    with pytest.raises(TypeError, match="load_pharma"):
        load("01_current_state_pharma", data=pd.DataFrame({"a": [1]}))
    retail_like = {"members": pd.DataFrame()}
    with pytest.raises(ValueError, match="doctors"):
        load("01_current_state_pharma", data=retail_like)


def test_doctor_profile_does_not_mutate_and_is_consistent(worlds):
    world = worlds["default"]
    before = {k: world[k].copy() for k in ("sales", "doctors", "potential", "calls")}
    doc = doctor_profile(world)
    for k, df in before.items():
        pd.testing.assert_frame_equal(world[k], df)
    assert doc["doctor_id"].is_unique and len(doc) == len(world.doctors)
    assert np.allclose(doc["market_units"], doc["units"] + doc["competitor_units"])
    assert doc["share"].between(0, 1).all()
    assert np.allclose(doc["potential_units_window"], 12 * doc["potential_units"])
    recent = last_months(world.sales, 12)
    assert doc["value"].sum() == pytest.approx(
        recent.loc[recent["company"] == "ours", "value"].sum())


# --------------------------------------------------------------------------------------
# the notebooks (read, not run: nbval runs them)
# --------------------------------------------------------------------------------------
def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_exist_in_sync_and_without_outputs(name):
    import nbformat

    sol, exe = ROOT / "solutions" / f"{name}.ipynb", ROOT / "exercises" / f"{name}.ipynb"
    assert sol.exists() and exe.exists()
    nb = nbformat.read(sol, as_version=4)
    built = build_notebook(nb, source_name=f"solutions/{name}.ipynb")
    assert nbformat.writes(built) + "\n" == nbformat.writes(nbformat.read(exe, as_version=4)) \
        + "\n", "exercises/ is stale: run `tierlab build-exercises`"
    for cell in _read(sol)["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None
    code = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in _read(sol)["cells"] if c["cell_type"] == "code"]
    setup = [c for c in code if c.startswith("# Setup")]
    assert len(setup) == 1 and "SEED = None" in setup[0] and f'load("{name}"' in setup[0]
    checks = [c for c in code if ".check(" in c]
    assert len(checks) >= 4
    assert all("# SOLUTION" in c for c in checks)
    ex_code = "".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                      for c in _read(exe)["cells"] if c["cell_type"] == "code")
    assert "# SOLUTION" not in ex_code and "= ____" in ex_code


def test_territory_by_name_as_the_notebook_shows_it(worlds):
    world = worlds["default"]
    ex = load("02_goals_and_gaps_pharma", data=world, lang="en")
    tid = ex.q4._q.expected(ex.ctx)
    name = world.territories.set_index("territory_id").loc[tid, "territory"]
    assert ex.q4.check(tid).correct and ex.q4.check(name).correct
    assert ex.q4.check(name.upper()).correct
    other = world.territories.loc[world.territories["territory_id"] != tid, "territory"].iloc[0]
    assert ex.q4.check(other).outcome == "incorrect"
    assert tid not in ex.q4.check(5).message  # a wrong type never shows the answer


def test_plumbing_constants_come_from_the_library():
    import inspect

    from tierlab.cases.pharma.tables import pharma_value_tiers
    from tierlab.exercises.questions import _pharma, ex00_welcome_pharma

    defaults = inspect.signature(pharma_value_tiers).parameters
    assert _pharma.MARGIN == defaults["margin"].default
    assert _pharma.COST_PER_CALL == defaults["cost_per_call"].default
    # the old names stay importable from ex00 while the question modules are rewritten
    assert ex00_welcome_pharma.check_pharma is _pharma.check_pharma
    assert ex00_welcome_pharma.last_months is _pharma.last_months
