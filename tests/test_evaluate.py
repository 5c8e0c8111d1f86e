import numpy as np
import pandas as pd
import pytest

from tierlab.cases.retail import campaign_history, retail_features
from tierlab.datasets import load_retail, make_retail
from tierlab.evaluate import (
    diff_in_diff,
    estimate_uplift,
    kpi_by_tier,
    migration_matrix,
    tiering_capture,
    uplift,
)
from tierlab.simulate import score_plan


def test_kpi_by_tier_before_after():
    before = pd.DataFrame({"c": [1, 2, 3, 4, 5], "tier": ["A", "A", "B", "B", "C"],
                           "amount": [100.0, 80.0, 30.0, 20.0, 5.0]})
    after = pd.DataFrame({"c": [1, 2, 3, 5, 6], "amount": [120.0, 60.0, 45.0, 0.0, 50.0]})
    snapshot = before.copy()
    k = kpi_by_tier(before, after, customer="c")
    pd.testing.assert_frame_equal(before, snapshot)
    k = k.set_index("tier")
    assert k.loc["A", "value_before"] == 180 and k.loc["A", "value_after"] == 180
    assert k.loc["B", "value_after"] == 45  # customer 4 is lost: counts as 0
    assert k.loc["B", "change_pct"] == pytest.approx(-10.0)
    assert k.loc["C", "active_after"] == 0
    assert k.loc["Total", "customers"] == 5
    assert k.loc["Total", "value_after"] == 225  # new customer 6 is not in a baseline tier
    assert k.loc[["A", "B", "C"], "share_before"].sum() == pytest.approx(1.0)
    only = kpi_by_tier(before, customer="c", total=False)
    assert list(only["tier"]) == ["A", "B", "C"]
    assert "value_after" not in only.columns


def test_migration_is_available_here():
    b = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["A", "B", "C"]})
    a = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["A", "A", "C"]})
    m = migration_matrix(b, a)
    assert m.to_numpy().sum() == 3


def _rct(n=4000, effect=0.1, seed=0):
    rng = np.random.default_rng(seed)
    seg = rng.choice(["x", "y"], n)
    t = rng.random(n) < 0.5
    p = 0.2 + np.where(seg == "x", effect, 0.0) * t
    return pd.DataFrame({"id": np.arange(n), "seg": seg, "treated": t,
                         "responded": rng.random(n) < p})


def test_uplift_with_ci_covers_the_truth():
    df = _rct(n=20_000)
    res = uplift(df, by="seg").set_index("seg")
    assert res.loc["x", "uplift"] == pytest.approx(0.1, abs=0.03)
    assert res.loc["x", "ci_low"] > 0
    assert res.loc["y", "ci_low"] < 0 < res.loc["y", "ci_high"]
    assert res.loc["x", "p_value"] < 0.001
    total = uplift(df)
    assert len(total) == 1
    assert total["n_treated"].iloc[0] + total["n_control"].iloc[0] == len(df)
    with pytest.raises(ValueError, match="treated='seg' must be boolean"):
        uplift(df, treated="seg")


def test_uplift_ci_has_its_nominal_coverage():
    covered = 0
    for seed in range(120):
        r = uplift(_rct(n=600, seed=seed), by="seg", confidence=0.9).set_index("seg")
        covered += r.loc["x", "ci_low"] < 0.1 < r.loc["x", "ci_high"]
    assert 0.82 <= covered / 120 <= 0.97


def _did_panel(n=300, effect=5.0, seed=1):
    rng = np.random.default_rng(seed)
    treated = rng.random(n) < 0.4
    level = rng.normal(50, 10, n) + 8 * treated  # groups differ in level (not randomised)
    rows = []
    for period, post in (("2024", 0), ("2025", 1)):
        y = level + 3 * post + effect * post * treated + rng.normal(0, 2, n)
        rows.append(pd.DataFrame({"unit": np.arange(n), "period": period, "treated": treated,
                                  "sales": y}))
    return pd.concat(rows, ignore_index=True)


def test_diff_in_diff_recovers_effect_and_is_seeded():
    panel = _did_panel()
    res = diff_in_diff(panel, unit="unit", outcome="sales", n_boot=400, random_state=3)
    row = res.iloc[0]
    assert row["ci_low"] < 5.0 < row["ci_high"]
    assert abs(row["estimate"] - 5.0) < 1.0
    naive = row["treated_after"] - row["control_after"]
    assert naive > 10  # the level difference that DiD removes
    again = diff_in_diff(panel, unit="unit", outcome="sales", n_boot=400, random_state=3)
    pd.testing.assert_frame_equal(res, again)
    with pytest.raises(ValueError, match="post="):
        three = pd.concat([panel, panel.assign(period="2026")])
        diff_in_diff(three, unit="unit", outcome="sales")
    bad = panel.copy()
    bad.loc[0, "treated"] = not bad.loc[0, "treated"]
    with pytest.raises(ValueError, match="constant within each unit"):
        diff_in_diff(bad, unit="unit", outcome="sales")


def test_estimate_uplift_segment_and_two_model():
    df = _rct(n=3000, effect=0.25)
    df["f1"] = np.where(df["seg"] == "x", 1.0, 0.0) + np.random.default_rng(0).normal(0, 0.1,
                                                                                     len(df))
    seg = estimate_uplift(df, customer="id", method="segment", segment="seg")
    by = seg.groupby("seg")["uplift"].first()
    assert by["x"] > by["y"] + 0.1
    two = estimate_uplift(df, customer="id", features=["f1"], random_state=0)
    assert two.loc[df["seg"] == "x", "uplift"].mean() > two.loc[df["seg"] == "y",
                                                               "uplift"].mean() + 0.1
    again = estimate_uplift(df, customer="id", features=["f1"], random_state=0)
    pd.testing.assert_frame_equal(two, again)
    with pytest.raises(ValueError, match="both treated and control"):
        estimate_uplift(df.assign(treated=True), customer="id", features=["f1"])


def test_tiering_capture():
    tiers = pd.DataFrame({"c": range(10), "tier": list("AABBBBCCCC")})
    truth = pd.DataFrame({"c": range(10), "v": [10, 1, 9, 8, 1, 1, 1, 1, 1, 1]})
    cap = tiering_capture(tiers, truth, customer="c", value="v").set_index("tier")
    assert cap.attrs["true_top_n"] == 2
    assert cap.loc["A", "cum_true_value_share"] == pytest.approx(11 / 34)
    assert cap.loc["A", "best_possible_share"] == pytest.approx(19 / 34)
    assert cap.loc["A", "precision"] == 0.5 and cap.loc["A", "recall"] == 0.5
    assert cap.loc["B", "recall"] == 1.0
    assert cap.loc["C", "cum_true_value_share"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="truth has no 'v'"):
        tiering_capture(tiers, truth.iloc[:5], customer="c", value="v")


def test_retail_features_and_history():
    world = make_retail(n_members=300, n_stores=3, n_campaigns=2, random_state=8)
    feats = retail_features(world)
    assert feats["member_id"].is_unique
    assert len(feats) == len(world["members"])
    assert feats[["recency", "frequency", "monetary", "discount_share"]].notna().all().all()
    assert set(feats["segment"].astype(str)) <= set(
        __import__("tierlab.rfm", fromlist=["x"]).SEGMENT_RULES["segment"])
    hist = campaign_history(world)
    assert len(hist) == len(world["campaign_contacts"])
    start = world["campaigns"].set_index("campaign_id")["start_date"]
    # features are as of the day before the campaign: no purchase after it is counted
    first = hist[hist["campaign_id"] == "C01"]
    tx = world["transactions"]
    n_before = tx[(tx["date"] < start["C01"]) & ~tx["is_return"]].groupby("member_id")[
        "date"].nunique()
    got = first.set_index("member_id")["frequency"]
    expected = n_before.reindex(got.index).fillna(0)
    assert (got <= expected).all()
    assert (got > 0).mean() > 0.5
    assert got.sum() < tx[~tx["is_return"]].groupby("member_id")["date"].nunique().reindex(
        got.index).fillna(0).sum()


# --------------------------------------------------------------------------- acceptance
def test_acceptance_retail_uplift_beats_top_rfm_segment():
    world = load_retail()
    history = campaign_history(world)
    today = retail_features(world)
    top = today.loc[today["segment"].astype(str) == "Champions", "member_id"]
    est = estimate_uplift(history, new_data=today, random_state=0)
    by_uplift = est.nlargest(len(top), "uplift")["member_id"]
    rfm_score = score_plan(world, top)
    uplift_score = score_plan(world, by_uplift)
    assert rfm_score["resources"] == uplift_score["resources"]
    assert uplift_score["incremental"] > rfm_score["incremental"]


def test_tiering_capture_shares_stay_in_0_1_with_negative_values():
    # customers 7-9 are harmed by a contact (e.g. do-not-disturb): negative true value
    tiers = pd.DataFrame({"c": range(10), "tier": list("AABBBBCCCC")})
    values = [10.0, -4.0, 6.0, 3.0, 1.0, 0.0, 2.0, -1.0, -2.0, -3.0]
    truth = pd.DataFrame({"c": range(10), "v": values})
    before = truth.copy()
    cap = tiering_capture(tiers, truth, customer="c", value="v").set_index("tier")
    pd.testing.assert_frame_equal(truth, before)
    shares = ["true_value_share", "cum_true_value_share", "best_possible_share",
              "negative_share", "cum_negative_share"]
    assert ((cap[shares] >= 0) & (cap[shares] <= 1)).all().all()
    positive = 10 + 6 + 3 + 1 + 2  # the most any set of customers can capture
    assert cap.loc["A", "true_value"] == pytest.approx(6.0)  # net value, harm included
    assert cap.loc["A", "cum_true_value_share"] == pytest.approx(10 / positive)
    assert cap.loc["A", "best_possible_share"] == pytest.approx(16 / positive)
    assert cap.loc["B", "cum_true_value_share"] == pytest.approx(20 / positive)
    assert cap.loc["C", "cum_true_value_share"] == pytest.approx(1.0)
    assert cap.loc["C", "best_possible_share"] == pytest.approx(1.0)
    assert (cap["cum_true_value_share"] <= cap["best_possible_share"] + 1e-12).all()
    assert cap.loc["A", "negative_share"] == pytest.approx(4 / 10)
    assert cap.loc["B", "cum_negative_share"] == pytest.approx(4 / 10)
    assert cap.loc["C", "cum_negative_share"] == pytest.approx(1.0)


def test_tiering_capture_without_negative_values_is_the_plain_share():
    tiers = pd.DataFrame({"c": range(4), "tier": list("ABBC")})
    truth = pd.DataFrame({"c": range(4), "v": [5.0, 3.0, 0.0, 2.0]})
    cap = tiering_capture(tiers, truth, customer="c", value="v").set_index("tier")
    assert cap["true_value_share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert (cap["negative_share"] == 0).all() and (cap["cum_negative_share"] == 0).all()
