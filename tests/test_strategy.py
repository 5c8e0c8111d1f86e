import numpy as np
import pandas as pd
import pytest

from tierlab.cases.retail import RETAIL_SERVICE_MODELS, retail_scores
from tierlab.strategy import (
    SERVICE_MODELS,
    _apportion,
    allocate_calls,
    compare_allocations,
    estimate_response,
    optimise_allocation,
    predict_response,
    service_plan,
)


@pytest.fixture
def customers():
    rng = np.random.default_rng(11)
    n = 60
    pot = rng.gamma(2, 50, n)
    return pd.DataFrame({
        "cid": [f"D{i:03d}" for i in range(n)],
        "potential": pot,
        "share": rng.uniform(0, 0.8, n),
        "units": pot * rng.uniform(0.1, 0.6, n),
        "tier": rng.choice(list("ABCD"), n),
    })


def test_service_models_table():
    assert list(SERVICE_MODELS["tier"]) == ["A", "B", "C", "D"]
    for col in ["contact_mode", "calls_per_month", "owner", "cost_per_contact", "contact_mode_zh",
                "owner_zh"]:
        assert col in SERVICE_MODELS.columns
    assert SERVICE_MODELS["calls_per_month"].is_monotonic_decreasing


def test_service_plan_join_and_errors(customers):
    before = customers.copy()
    plan = service_plan(customers, customer="cid")
    pd.testing.assert_frame_equal(customers, before)
    assert len(plan) == len(customers)
    a = plan[plan["tier"] == "A"]
    assert (a["contact_mode"] == "dedicated manager").all()
    assert np.allclose(plan["monthly_cost"], plan["calls_per_month"] * plan["cost_per_contact"])
    with pytest.raises(ValueError, match="'E'.*no service model"):
        service_plan(customers.assign(tier="E"), customer="cid")
    with pytest.raises(ValueError, match="tier='level'"):
        service_plan(customers, customer="cid", tier="level")


def test_apportion_sums_and_caps():
    out = _apportion([1, 1, 1], 10)
    assert out.sum() == 10 and out.max() - out.min() <= 1
    capped = _apportion([10, 1, 1], 12, cap=5)
    assert capped.sum() == 12 and capped.max() <= 5
    assert _apportion([1, 2], 100, cap=3).sum() == 6  # caps bind for everyone


@pytest.mark.parametrize("rule,kw", [
    ("equal", {}),
    ("decile", {"value": "units"}),
    ("matrix", {"potential": "potential", "share": "share"}),
    ("tier", {"tier": "tier"}),
])
def test_allocate_calls_sums_to_capacity(customers, rule, kw):
    res = allocate_calls(customers, customer="cid", capacity=173, rule=rule, **kw)
    assert res["calls"].sum() == 173
    assert (res["calls"] >= 0).all()
    assert list(res["cid"]) == list(customers["cid"])


def test_allocation_rules_favour_the_right_customers(customers):
    eq = allocate_calls(customers, customer="cid", capacity=180, rule="equal")
    assert set(eq["calls"]) == {3}
    tier = allocate_calls(customers, customer="cid", capacity=180, rule="tier", tier="tier")
    by_tier = tier.groupby("group")["calls"].mean()
    assert by_tier["A"] > by_tier["B"] > by_tier["C"] >= by_tier["D"]
    dec = allocate_calls(customers, customer="cid", capacity=180, rule="decile", value="units")
    top = dec.loc[customers["units"].idxmax(), "calls"]
    bottom = dec.loc[customers["units"].idxmin(), "calls"]
    assert top > bottom
    mat = allocate_calls(customers, customer="cid", capacity=180, rule="matrix",
                         potential="potential", share="share")
    assert mat.groupby("group")["calls"].mean()["WIN"] > mat.groupby("group")["calls"].mean()[
        "LOWER"]
    with pytest.raises(ValueError, match="needs potential= and share="):
        allocate_calls(customers, customer="cid", capacity=10, rule="matrix")
    with pytest.raises(ValueError, match="no value for tier"):
        allocate_calls(customers, customer="cid", capacity=10, rule="tier", tier="tier",
                       weights={"A": 1})


def _panel(n=80, months=24, seed=5):
    """A small synthetic panel with known share curves."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.05, 0.4, n)
    up = rng.uniform(0.0, 0.4, n)
    k = 2.5
    market = rng.uniform(80, 300, n)
    rows = []
    for t in range(months):
        calls = rng.poisson(rng.uniform(1, 6, n))
        share = base + up * (1 - np.exp(-calls / k))
        mkt = rng.poisson(market)
        ours = rng.binomial(mkt, np.clip(share, 0, 1))
        rows.append(pd.DataFrame({"month": t, "doctor_id": np.arange(n), "calls": calls,
                                  "units": ours, "market_units": mkt}))
    return pd.concat(rows, ignore_index=True), base, up, market


def test_estimate_response_recovers_curves():
    panel, base, up, market = _panel()
    curves = estimate_response(panel)
    assert len(curves) == 80
    assert 1.5 < curves["half_saturation"].iloc[0] < 4.0
    assert np.corrcoef(curves["max_uplift"], up)[0, 1] > 0.8
    assert np.corrcoef(curves["base_share"], base)[0, 1] > 0.8
    assert np.allclose(curves["market"], market, rtol=0.1)
    pred = predict_response(curves, 3)
    truth = market * (base + up * (1 - np.exp(-3 / 2.5)))
    assert np.median(np.abs(pred / truth - 1)) < 0.1


def test_estimate_response_from_separate_tables():
    panel, *_ = _panel(n=30, months=12)
    calls = panel[["month", "doctor_id", "calls"]]
    sales = panel[["month", "doctor_id", "units"]]
    curves = estimate_response(calls, sales, market=None)
    assert curves.attrs["fitted_on"] == "units"
    assert (curves["market"] == 1).all()
    with pytest.raises(ValueError, match="n_calls='visits'"):
        estimate_response(panel, n_calls="visits")


def test_optimiser_beats_equal_on_estimated_curves():
    panel, base, up, market = _panel()
    before = panel.copy()
    curves = estimate_response(panel)
    pd.testing.assert_frame_equal(panel, before)
    cap = 240
    opt = optimise_allocation(curves, capacity=cap)
    assert opt["calls"].sum() == cap
    eq = allocate_calls(curves, customer="doctor_id", capacity=cap, rule="equal")

    def true_units(calls):
        return (market * (base + up * (1 - np.exp(-np.asarray(calls) / 2.5)))).sum()

    assert true_units(opt["calls"]) > true_units(eq["calls"])
    table = compare_allocations({"equal": eq, "optimised": opt}, curves)
    assert list(table["plan"]) == ["equal", "optimised"]
    assert table.loc[1, "predicted_units"] > table.loc[0, "predicted_units"]
    assert (table["total_calls"] == cap).all()


def test_optimiser_is_greedy_optimal_on_known_curves():
    curves = pd.DataFrame({"doctor_id": [1, 2], "market": [100.0, 50.0], "base_share": 0.1,
                           "max_uplift": [0.5, 0.5], "half_saturation": 2.0, "active": True})
    opt = optimise_allocation(curves, capacity=6, max_calls=10)
    best = max(((a, 6 - a) for a in range(7)),
               key=lambda ab: predict_response(curves, np.array(ab, float)).sum())
    assert tuple(opt["calls"]) == best
    inactive = curves.assign(active=[True, False])
    assert optimise_allocation(inactive, capacity=6)["calls"].tolist()[1] == 0


def test_capacity_is_passed_by_keyword_everywhere():
    curves = pd.DataFrame({"doctor_id": [1, 2], "market": [100.0, 50.0], "base_share": 0.1,
                           "max_uplift": [0.5, 0.5], "half_saturation": 2.0, "active": True})
    with pytest.warns(FutureWarning, match=r"capacity=6"):
        old = optimise_allocation(curves, 6)
    pd.testing.assert_frame_equal(old, optimise_allocation(curves, capacity=6))
    with pytest.raises(TypeError, match="capacity twice"):
        optimise_allocation(curves, 6, capacity=6)
    with pytest.raises(TypeError, match=r"capacity="):
        optimise_allocation(curves)
    with pytest.raises(TypeError):
        allocate_calls(curves, 6)


# --------------------------------------------------------------------------- retail
def test_retail_service_models_table():
    from tierlab.actions import action_plan, contact_calendar

    m = RETAIL_SERVICE_MODELS
    assert list(m["tier"]) == ["MVC", "STC", "Other", "BZ"]
    assert list(m["objective"]) == ["lock in", "grow", "maintain", "release"]
    assert set(SERVICE_MODELS.columns) <= set(m.columns)
    assert m["calls_per_month"].is_monotonic_decreasing
    assert m["cost_per_contact"].is_monotonic_decreasing
    tiered = pd.DataFrame({"member_id": ["a", "b", "c", "d"], "tier": ["BZ", "MVC", "STC", "MVC"]})
    before = tiered.copy()
    plan = service_plan(tiered, m, customer="member_id")
    pd.testing.assert_frame_equal(tiered, before)
    mvc = plan[plan["tier"] == "MVC"]
    assert (mvc["monthly_cost"] == 2 * 30.0).all()
    assert plan.loc[plan["tier"] == "BZ", "contact_mode"].item() == "online self-service"
    # the retail table works with the action plan and the calendar (kpi from the table)
    ap = action_plan(tiered, m, customer="member_id", start="2025-01-01", lang="zh")
    assert set(ap["kpi"]) == set(m["kpi_zh"][m["tier"].isin(["BZ", "MVC", "STC"])])
    cal = contact_calendar(ap, "2025-01-01", weeks=4, customer="member_id")
    assert cal["total"].sum() > 0


@pytest.fixture(scope="module")
def small_retail():
    from tierlab.datasets import make_retail

    return make_retail(n_members=300, random_state=4)


def test_retail_scores_puts_the_pieces_together(small_retail):
    import tierlab as tl

    world = small_retail
    before = {k: v.copy() for k, v in world.items()}
    s = retail_scores(world, random_state=0)
    for k, v in before.items():
        pd.testing.assert_frame_equal(world[k], v)
    buyers = world["transactions"]["member_id"].unique()
    assert s["member_id"].is_unique and set(s["member_id"]) == set(buyers)
    assert set(s["tier"].astype(str)) <= {"MVC", "STC", "Other", "BZ"}
    # tier = mvc_stc_bz on profit and CLV; profit from member_profile
    profile = tl.member_profile(world).set_index("member_id")
    assert np.allclose(s.set_index("member_id")["profit"], profile.loc[s["member_id"], "profit"])
    tiers = tl.mvc_stc_bz(s[["member_id", "profit", "clv"]], customer="member_id",
                          actual_value="profit", strategic_value="clv")
    assert (tiers["tier"].to_numpy() == s["tier"].to_numpy()).all()
    assert np.allclose(s["uplift"], s["pred_treated"] - s["pred_control"])
    assert np.allclose(s["contact_value"],
                       s["uplift"].clip(lower=0) * s["expected_spend"] * s["p_alive"])
    assert (s["contact_value"] >= 0).all() and (s["contact_value"] > 0).any()
    assert {"segment", "main_store", "discount_share"} <= set(s.columns)
    again = retail_scores(world, random_state=0)
    pd.testing.assert_frame_equal(s, again)
    # another margin changes profit and so possibly the tiers, never the row set
    other = retail_scores(world, margin=0.5, method="segment", random_state=0)
    assert set(other["member_id"]) == set(s["member_id"])
    assert not np.allclose(other["profit"], s["profit"])


def test_retail_scores_errors(small_retail):
    with pytest.raises(TypeError, match="retail world, a tierlab World"):
        retail_scores(pd.DataFrame())
    with pytest.raises(ValueError, match="method"):
        retail_scores(small_retail, method="forest")
    with pytest.raises(ValueError, match="horizon"):
        retail_scores(small_retail, horizon=0)


def test_retail_value_tiers_are_the_tiers_of_retail_scores(small_retail):
    from tierlab.cases.retail import retail_value_tiers

    world = small_retail
    before = world["transactions"].copy()
    tiers = retail_value_tiers(world)
    pd.testing.assert_frame_equal(world["transactions"], before)
    s = retail_scores(world, random_state=0)
    assert list(tiers["member_id"]) == list(s["member_id"])
    assert (tiers["tier"].to_numpy() == s["tier"].to_numpy()).all()
    assert np.allclose(tiers["profit"], s["profit"]) and np.allclose(tiers["clv"], s["clv"])
    other = retail_value_tiers(world, margin=0.5, cost_per_return=0.0)
    assert not np.allclose(other["profit"], tiers["profit"])
    with pytest.raises(TypeError, match="retail world, a tierlab World"):
        retail_value_tiers(pd.DataFrame())


@pytest.fixture(scope="module")
def small_pharma():
    from tierlab.datasets import make_pharma

    return make_pharma(n_doctors=60, n_hospitals=8, n_territories=2, n_months=12,
                       random_state=3)


def test_pharma_panel_carries_price_and_curves_keep_it(small_pharma):
    from tierlab.cases.pharma import pharma_panel

    world = small_pharma
    panel = pharma_panel(world)
    # one row per account (hospital x our product) and month: what flow data can show
    assert not panel.duplicated(["month", "account_id"]).any()
    assert (panel["account_id"] == panel["hospital_id"] + "-" + panel["product_id"]).all()
    prices = world["products"].query("company == 'ours'").set_index("product_id")["unit_price"]
    assert np.allclose(panel["unit_price"], panel["product_id"].map(prices))
    # calls into an account are the calls to its doctors; units are the account's flow
    calls = world["calls"].merge(world["doctors"][["doctor_id", "hospital_id", "specialty"]])
    by_hosp = calls.groupby(["month", "hospital_id"])["calls"].sum()
    assert np.allclose(panel.groupby(["month", "hospital_id"])["calls"].sum(), by_hosp)
    flow = world["flow"].groupby("hospital_id")["units"].sum()
    got = panel.groupby("hospital_id")["units"].sum()
    assert np.allclose(got, flow.reindex(got.index, fill_value=0))
    assert "unit_margin" not in panel
    with_margin = pharma_panel(world, margin=0.7)
    assert np.allclose(with_margin["unit_margin"], 0.7 * with_margin["unit_price"])
    with pytest.raises(ValueError, match="margin"):
        pharma_panel(world, margin=1.5)
    plain = estimate_response(panel, customer="account_id")
    curves = estimate_response(with_margin, customer="account_id",
                               keep=["unit_price", "unit_margin"])
    # the fit is unchanged; the kept columns come along, one value per account
    pd.testing.assert_frame_equal(plain, curves.drop(columns=["unit_price", "unit_margin"]))
    assert np.allclose(curves["unit_price"],
                       curves["account_id"].str.split("-").str[1].map(prices))
    # one line instead of merging the prices in: the same plan
    merged = plain.assign(product_id=plain["account_id"].str.split("-").str[1]).merge(
        prices.reset_index(), on="product_id")
    a = optimise_allocation(merged, customer="account_id", capacity=150,
                            value_per_unit="unit_price")
    b = optimise_allocation(curves, customer="account_id", capacity=150,
                            value_per_unit="unit_price")
    pd.testing.assert_frame_equal(a[["account_id", "calls"]], b[["account_id", "calls"]])
    with pytest.raises(ValueError, match="keep='price'"):
        estimate_response(panel, customer="account_id", keep="price")
    with pytest.raises(ValueError, match="clashes"):
        estimate_response(panel.assign(market=1.0), customer="account_id", keep="market")


def test_retail_strategy_and_profiles_are_reexported_at_the_top_level():
    import tierlab as tl
    from tierlab.cases.retail import retail_value_tiers

    assert tl.RETAIL_SERVICE_MODELS is RETAIL_SERVICE_MODELS
    assert tl.retail_scores is retail_scores and tl.retail_value_tiers is retail_value_tiers
    for name in ["RETAIL_SERVICE_MODELS", "retail_scores", "retail_value_tiers",
                 "member_profile", "doctor_profile", "nps"]:
        assert name in tl.__all__


def test_service_plan_costs_the_models_calls_not_todays():
    """A doctor table that already has today's calls_per_month: the cost follows the model."""
    tiered = pd.DataFrame({"doctor_id": ["a", "b"], "tier": ["A", "D"],
                           "calls_per_month": [8.0, 0.0]})
    plan = service_plan(tiered, customer="doctor_id")
    assert plan["calls_per_month"].tolist() == [8.0, 0.0]  # today's, untouched
    assert np.allclose(plan["monthly_cost"],
                       plan["calls_per_month_model"] * plan["cost_per_contact"])
    assert plan["monthly_cost"].iloc[0] != 8.0 * plan["cost_per_contact"].iloc[0]


def test_response_curves_read_numbers_stored_as_text_and_name_the_bad_ones(small_pharma):
    from tierlab.cases.pharma import pharma_panel

    world = small_pharma
    curves = estimate_response(pharma_panel(world), customer="account_id", keep="unit_price")
    as_text = curves.astype({"max_uplift": str, "market": str})
    kw = {"customer": "account_id", "capacity": 40, "value_per_unit": "unit_price"}
    assert optimise_allocation(as_text, **kw).equals(optimise_allocation(curves, **kw))
    assert np.allclose(predict_response(as_text, 2, customer="account_id"),
                       predict_response(curves, 2, customer="account_id"))
    as_text.loc[as_text.index[0], "max_uplift"] = "n/a"
    with pytest.raises(TypeError, match=r"curves\['max_uplift'\] has 1 non-numeric value"):
        predict_response(as_text, 2, customer="account_id")
