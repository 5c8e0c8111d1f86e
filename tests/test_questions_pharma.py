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
from tierlab.exercises.questions.ex01_current_state_pharma import doctor_tiers, hospital_tiers
from tierlab.exercises.questions.ex04_action_plan_pharma import DUE_DAYS
from tierlab.exercises.questions.ex05_evaluation_pharma import MONTHS, SIM_SEED
from tierlab.goals import allocate_target, gap_table
from tierlab.strategy import allocate_calls, service_plan

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["00_welcome_pharma", "01_current_state_pharma", "02_goals_and_gaps_pharma",
         "03_strategy_pharma", "04_action_plan_pharma", "05_evaluation_pharma",
         "06_capstone_pharma"]
SECOND_SEED = 7
# every set is written for the observable pharma world (flow per hospital, no doctor sales)
REWRITTEN = NAMES


# --------------------------------------------------------------------------------------
# the learner's answers, as the solution notebooks compute them (plain pandas + tierlab)
# --------------------------------------------------------------------------------------
def _recent(world, months=12):
    flow = world.flow
    start = flow["month"].max() - pd.DateOffset(months=months - 1)
    return flow[flow["month"] >= start]


def _tiered(world):
    doc = doctor_profile(world)
    abc = tl.abc_classify(doc, customer="doctor_id", value="value")
    return doc.merge(abc[["doctor_id", "tier"]], on="doctor_id")


def answers_00(world):
    recent = _recent(world)
    market = world.market[world.market["month"] >= recent["month"].min()]
    return {
        "q1": len(world.doctors),
        "q2": recent["value"].sum(),
        "q3": recent["units"].sum() / market["market_units"].sum(),
        "q4": "b",
        "q5": world.potential.groupby("specialty")["potential_value"].sum().idxmax(),
    }


def answers_01(world):
    recent = _recent(world)
    hosp = tl.hospital_profile(world)
    doc = doctor_profile(world)
    abc = tl.abc_classify(hosp, customer="hospital_id", value="value")
    hm = tl.factor_matrix(hosp.fillna({"share": 0}), customer="hospital_id", x="share",
                          y="potential_value", labels=tl.cases.pharma.ADOPTION_TIER_LABELS)
    dm = tl.doctor_tiers(doc).rename(columns={"tier": "label"})
    quarters = sorted(world.adoption["month"].unique())[-4:]
    est = world.adoption.loc[world.adoption["month"].isin(quarters), "rep_estimate_units"]
    return {
        "q1": recent.groupby("hospital_id")["value"].sum(),
        "q2": abc,
        "q3": (abc["tier"] == "A").mean(),
        "q4": hm.loc[hm["label"] == "B", "hospital_id"].tolist(),
        "q5": dm.loc[dm["label"] == "B", "doctor_id"].tolist(),
        "q6": 3 * est.sum(),
        "q7": "b",
    }


def answers_02(world):
    labels = tl.cases.pharma.ADOPTION_TIER_LABELS
    hosp = tl.hospital_profile(world)
    hosp["tier"] = tl.factor_matrix(hosp.fillna({"share": 0}), customer="hospital_id",
                                    x="share", y="potential_value", labels=labels)["label"].to_numpy()
    doc = doctor_profile(world)
    doc["tier"] = tl.doctor_tiers(doc)["tier"].to_numpy()
    target = hosp["value"].sum() * 1.1
    goals = allocate_target(hosp, customer="hospital_id", target=target, history="value",
                            potential="potential_value_window", method="blend", weight=0.3,
                            group="tier")
    current = hosp[["hospital_id", "value"]]
    by_terr = goals.merge(hosp[["hospital_id", "territory_id"]], on="hospital_id")
    gt = gap_table(by_terr, current, customer="hospital_id", value="value", by="territory_id")
    return {
        "q1": target,
        "q2": goals,
        "q3": gap_table(goals, current, customer="hospital_id", value="value", by="tier"),
        "q4": gt["territory_id"].iloc[0],
        "q5": (goals["growth"] < 0).sum(),
        "q6": ((doc["tier"] == "B") & (doc["stage"] == 3)).sum(),
        "q7": "d",
    }


def _adoption_tiered(world):
    doc = doctor_profile(world)
    doc["tier"] = tl.doctor_tiers(doc)["tier"].to_numpy()
    return doc


def answers_03(world):
    doc = _adoption_tiered(world)
    capacity = world.reps["monthly_call_capacity"].sum()
    curves = tl.strategy.estimate_response(tl.pharma_panel(world), customer="account_id",
                                           keep="unit_price")
    plan = allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="decile",
                          value="potential_value")
    plans = {"equal": allocate_calls(doc, customer="doctor_id", capacity=capacity),
             "decile": plan,
             "tier": allocate_calls(doc, customer="doctor_id", capacity=capacity, rule="tier",
                                    tier="tier")}

    def predicted(p):  # written independently of the module's predicted_sales
        acc = p.merge(doc[["doctor_id", "account_id"]], on="doctor_id").groupby(
            "account_id")["calls"].sum()
        c = curves.set_index("account_id")
        calls = acc.reindex(c.index, fill_value=0).to_numpy()
        share = c["base_share"] + c["max_uplift"] * (1 - np.exp(-calls / c["half_saturation"]))
        units = c["market"] * np.clip(share, 0, 1) * c["active"]
        return float((units * c["unit_price"]).sum())

    pred = {k: predicted(p) for k, p in plans.items()}
    account_plan = tl.strategy.optimise_allocation(curves, capacity=capacity, customer="account_id",
                                                   value_per_unit="unit_price")
    doctor_plan = tl.split_account_calls(account_plan, doc, weight="potential_value")
    return {
        "q1": capacity,
        "q2": tl.pharma_value_tiers(doc, margin=0.7, cost_per_call=60),
        "q3": plan,
        "q4": max(pred, key=pred.get),
        # doc has today's calls_per_month, so the model's column is calls_per_month_model
        "q5": service_plan(doc, customer="doctor_id")["calls_per_month_model"].sum(),
        "q6": (doctor_plan["calls"] == 0).sum(),
        "q7": "b",
    }


def _decile_plan(world, doc):
    return allocate_calls(doc, customer="doctor_id",
                          capacity=world.reps["monthly_call_capacity"].sum(),
                          rule="decile", value="potential_value")


def answers_04(world):
    doc = _adoption_tiered(world)
    plan = _decile_plan(world, doc)
    load_ = plan.merge(doc[["doctor_id", "rep_id"]], on="doctor_id").groupby("rep_id")[
        "calls"].sum()
    cap = world.reps.set_index("rep_id")["monthly_call_capacity"]
    pl = plan.merge(doc[["doctor_id", "listed"]], on="doctor_id")
    start = world.flow["month"].max() + pd.DateOffset(months=1)
    return {
        "q1": load_,
        "q2": load_.index[load_ > cap.reindex(load_.index)].tolist(),
        "q3": pl.loc[~pl["listed"], "calls"].sum(),
        "q4": action_plan(doc, customer="doctor_id", owner="rep_id", start=start,
                          due_days=DUE_DAYS),
        "q5": "b",
    }


def answers_05(world):
    doc = _adoption_tiered(world)
    plan = _decile_plan(world, doc)
    sim = simulate_pharma(world, plan, months=MONTHS, random_state=SIM_SEED)
    hidden = world.hidden["doctor_sales"]
    ours = hidden[(hidden["company"] == "ours")
                  & (hidden["month"] > hidden["month"].max() - pd.DateOffset(months=MONTHS))]
    base = doc[["doctor_id", "tier"]].assign(
        value=doc["doctor_id"].map(ours.groupby("doctor_id")["value"].sum()).fillna(0))
    before = doc.assign(stage=doc["stage"] - doc["stage_change"])
    before["tier"] = tl.doctor_tiers(before)["tier"].to_numpy()
    mm = tl.migration_matrix(before[["doctor_id", "tier"]], doc[["doctor_id", "tier"]],
                             customer="doctor_id")
    truth = world.hidden["doctor_truth"]
    truth = truth.assign(true_potential_value=truth["true_potential_units"] * truth["unit_price"])
    cap = tiering_capture(doc, truth, customer="doctor_id", value="true_potential_value")
    d = tl.deciles(doc, customer="doctor_id", value="potential_value", method="count")
    top_ids = d.loc[d["decile"] == 1, "doctor_id"]
    return {
        "q1": kpi_by_tier(base, sim, customer="doctor_id", value="value"),
        "q2": mm.loc["B", "A"],
        "q3": cap.loc[cap["tier"] == "B", "cum_true_value_share"].iloc[0],
        "q4": truth.set_index("doctor_id").loc[top_ids, "competitor_loyal"].mean(),
        "q5": "a",
    }


def answers_06(world):
    hosp = tl.hospital_profile(world)
    hosp["tier"] = tl.factor_matrix(hosp.fillna({"share": 0}), customer="hospital_id",
                                    x="share", y="potential_value",
                                    labels=tl.cases.pharma.ADOPTION_TIER_LABELS)[
        "label"].to_numpy()
    goals = allocate_target(hosp, customer="hospital_id", target=1.1 * hosp["value"].sum(),
                            history="value", potential="potential_value_window",
                            method="gap_to_potential", group="tier")
    return {
        "q1": tl.top_share(hosp, value="value", top=0.2),
        "q2": goals.loc[goals["tier"] == "A", "goal"].sum(),
        "q3": _decile_plan(world, _adoption_tiered(world)),
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
    return {(name, w): ANSWERS[name](worlds[w]) for name in REWRITTEN for w in worlds}


@pytest.fixture(scope="module")
def sessions(worlds):
    return {(name, w): load(name, data=worlds[w], lang="en") for name in REWRITTEN
            for w in worlds}


def _message(feedback) -> str:
    return f"{feedback.title}\n{feedback.message}"


# --------------------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------------------
def test_all_pharma_sets_are_available():
    names = available()
    assert set(NAMES) <= set(names)


@pytest.mark.parametrize("which", ["default", "second"])
@pytest.mark.parametrize("name", REWRITTEN)
def test_solution_answers_are_correct(name, which, sessions, answers):
    ex = sessions[(name, which)]
    got = answers[(name, which)]
    # every coding question has an answer here; the judgement (no-code) questions left
    # out are checked in test_exercises_judgement.py
    assert set(got) <= {q.qid for q in ex}
    assert all(q.no_code for q in ex if q.qid not in got)
    for q in (q for q in ex if q.qid in got):
        fb = q.check(got[q.qid])
        assert fb.outcome == "correct", f"{name} {q.qid} on {which}: {_message(fb)}"


@pytest.mark.parametrize("name", REWRITTEN)
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
    thirteen = last_months(world.flow, 13)["value"].sum()
    assert "11 or 13 months" in ex0.q2.check(thirteen).message

    ex1 = load("01_current_state_pharma", data=world, lang="en")
    n_a = int((tl.abc_classify(tl.hospital_profile(world), customer="hospital_id",
                               value="value")["tier"] == "A").sum())
    assert "number of A hospitals" in ex1.q3.check(n_a).message


def test_rounded_answers_pass_and_far_ones_fail(worlds):
    world = worlds["default"]
    got = answers_01(world)
    ex1 = load("01_current_state_pharma", data=world, lang="en")
    assert ex1.q6.check(round(got["q6"])).correct
    assert ex1.q6.check(got["q6"] * 1.05).outcome == "incorrect"
    assert ex1.q3.check(round(got["q3"], 3)).correct
    ex0 = load("00_welcome_pharma", data=world, lang="en")
    assert ex0.q3.check(round(answers_00(world)["q3"], 4)).correct


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
    series = _decile_plan(world, _adoption_tiered(world)).set_index("doctor_id")["calls"]
    assert ex.q3.check(series).correct
    small = allocate_calls(doc, customer="doctor_id", capacity=cap // 2)
    assert "unused" in ex.q3.check(small).message


def test_tier_helpers_follow_the_grid_rule(worlds):
    """Doctors: A = top 30% potential and stage >= 4, B = high potential below 4, C, D;
    hospitals: potential x share cut at the medians."""
    for world in worlds.values():
        doc = doctor_profile(world)
        got = doctor_tiers(doc).set_index("doctor_id")["label"]
        high_p = doc["potential_value"] >= doc["potential_value"].quantile(0.7)
        high_a = doc["stage"].astype(float) >= 4
        rule = np.select([high_p & high_a, high_p, high_a], ["A", "B", "C"], "D")
        assert (got.reindex(doc["doctor_id"]).to_numpy() == rule).all()
        hosp = tl.hospital_profile(world)
        h = hospital_tiers(hosp).set_index("hospital_id")["label"]
        share = hosp["share"].fillna(0)
        high_p = hosp["potential_value"] >= hosp["potential_value"].median()
        high_s = share >= share.median()
        rule = np.select([high_p & high_s, high_p, high_s], ["A", "B", "C"], "D")
        assert (h.reindex(hosp["hospital_id"]).to_numpy() == rule).all()


@pytest.mark.parametrize("name", REWRITTEN)
def test_texts_are_bilingual_with_hints_and_solution(name, sessions):
    ex = sessions[(name, "default")]
    assert len(ex) >= 4
    for bq in ex:
        q = bq._q
        assert set(q.prompt) >= {"en", "zh"} and all(q.prompt.values())
        assert len(q.hints) >= 2
        assert all(set(h) >= {"en", "zh"} for h in q.hints)
        assert q.solution.strip()
        for nm in q.near_misses:
            assert set(nm.message) >= {"en", "zh"}
    zh = load(name, data=ex.ctx.data, lang="zh")
    assert zh.q1.hint().message != ex.q1.hint().message


def test_prepare_rejects_wrong_data(worlds):
    with pytest.raises(TypeError, match="load_pharma"):
        load("01_current_state_pharma", data=pd.DataFrame({"a": [1]}))
    retail_like = {"members": pd.DataFrame()}
    with pytest.raises(ValueError, match="doctors"):
        load("01_current_state_pharma", data=retail_like)


# --------------------------------------------------------------------------------------
# the notebooks (read, not run: nbval runs them)
# --------------------------------------------------------------------------------------
def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", REWRITTEN)
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
