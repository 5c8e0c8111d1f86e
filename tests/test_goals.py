import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from tierlab.goals import (
    TARGET_METHODS,
    allocate_target,
    compare_target_rules,
    gap_table,
    plot_gap_waterfall,
    smart_goals,
)
from tierlab.i18n import set_locale


@pytest.fixture
def customers():
    rng = np.random.default_rng(3)
    n = 40
    hist = rng.gamma(2.0, 50.0, n).round(1)
    pot = hist * rng.uniform(1.0, 3.0, n)
    return pd.DataFrame({
        "cid": [f"C{i:02d}" for i in range(n)],
        "tier": rng.choice(["A", "B", "C"], n),
        "territory": rng.choice(["north", "south"], n),
        "sales": hist,
        "pot": pot,
    })


@pytest.mark.parametrize("method", TARGET_METHODS)
def test_each_rule_sums_to_target_and_is_non_negative(customers, method):
    target = customers["sales"].sum() * 1.2
    res = allocate_target(customers, customer="cid", target=target, history="sales",
                          potential="pot", method=method)
    assert res["goal"].sum() == pytest.approx(target, rel=1e-12)
    assert (res["goal"] >= 0).all()
    assert list(res["cid"]) == list(customers["cid"])
    assert res["goal_share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("method", TARGET_METHODS)
def test_rounded_goals_sum_exactly(customers, method):
    res = allocate_target(customers, customer="cid", target=7000, history="sales",
                          potential="pot", method=method, decimals=0)
    assert res["goal"].sum() == 7000
    assert np.allclose(res["goal"], res["goal"].round())


def test_rules_follow_their_definitions(customers):
    t = customers["sales"].sum() * 1.5
    hist = allocate_target(customers, customer="cid", target=t, history="sales", method="history")
    growth_pct = hist["goal"] / customers["sales"]
    assert np.allclose(growth_pct, 1.5)
    pot = allocate_target(customers, customer="cid", target=t, potential="pot",
                          method="potential")
    assert np.allclose(pot["goal"] / customers["pot"], t / customers["pot"].sum())
    eq = allocate_target(customers, customer="cid", target=t, history="sales",
                         method="equal_growth")
    assert np.allclose(eq["growth"], eq["growth"].iloc[0])
    blend = allocate_target(customers, customer="cid", target=t, history="sales",
                            potential="pot", method="blend", weight=0.25)
    assert np.allclose(blend["goal"], 0.25 * pot["goal"] + 0.75 * hist["goal"])


def test_gap_to_potential_never_exceeds_potential(customers):
    t = customers["sales"].sum() + 0.9 * (customers["pot"] - customers["sales"]).sum()
    res = allocate_target(customers, customer="cid", target=t, history="sales",
                          potential="pot", method="gap_to_potential")
    assert (res["goal"] <= customers["pot"] + 1e-9).all()
    assert (res["goal"] >= customers["sales"] - 1e-9).all()
    with pytest.raises(ValueError, match="above the total potential"):
        allocate_target(customers, customer="cid", target=customers["pot"].sum() * 2,
                        history="sales", potential="pot", method="gap_to_potential")


def test_equal_growth_cut_never_negative():
    df = pd.DataFrame({"c": [1, 2, 3], "h": [1.0, 10.0, 100.0]})
    res = allocate_target(df, customer="c", target=30, history="h", method="equal_growth")
    assert res["goal"].sum() == pytest.approx(30)
    assert (res["goal"] >= 0).all()
    assert res["goal"].iloc[0] == 0


def test_target_per_group(customers):
    targets = {"north": 3000.0, "south": 5000.0}
    res = allocate_target(customers, customer="cid", target=targets, history="sales",
                          potential="pot", method="blend", group="territory")
    by = res.groupby("territory")["goal"].sum()
    assert by["north"] == pytest.approx(3000)
    assert by["south"] == pytest.approx(5000)
    with pytest.raises(ValueError, match="no value for group"):
        allocate_target(customers, customer="cid", target={"north": 1.0}, history="sales",
                        group="territory")


def test_errors_name_the_problem(customers):
    with pytest.raises(ValueError, match="history='nope'"):
        allocate_target(customers, customer="cid", target=1, history="nope")
    with pytest.raises(ValueError, match="needs potential="):
        allocate_target(customers, customer="cid", target=1, history="sales",
                        method="potential")
    with pytest.raises(ValueError, match="method must be one of"):
        allocate_target(customers, customer="cid", target=1, history="sales", method="magic")
    dup = pd.concat([customers, customers.head(1)])
    with pytest.raises(ValueError, match="one row per customer.*repeated id"):
        allocate_target(dup, customer="cid", target=1, history="sales")


def test_inputs_not_mutated(customers):
    before = customers.copy()
    compare_target_rules(customers, customer="cid", target=8000, history="sales", potential="pot")
    pd.testing.assert_frame_equal(customers, before)


def test_compare_target_rules_has_one_column_per_rule(customers):
    res = compare_target_rules(customers, customer="cid", target=8000, history="sales",
                               potential="pot")
    cols = [f"goal_{m}" for m in TARGET_METHODS]
    assert all(c in res.columns for c in cols)
    assert np.allclose(res[cols].sum(), 8000)
    only_hist = compare_target_rules(customers, customer="cid", target=9000, history="sales")
    assert "goal_potential" not in only_hist.columns
    assert "goal_history" in only_hist.columns


def test_gap_table_by_tier(customers):
    goals = allocate_target(customers, customer="cid", target=10_000, history="sales",
                            potential="pot", method="blend", group="tier")
    current = customers[["cid", "sales"]].iloc[:-3]  # three customers with no sales yet
    gap = gap_table(goals, current, customer="cid", value="sales", by="tier", total=True)
    body = gap[gap["tier"] != "Total"]
    assert body["goal"].sum() == pytest.approx(10_000)
    assert body["current"].sum() == pytest.approx(current["sales"].sum())
    assert np.allclose(body["gap"], body["goal"] - body["current"])
    assert body["gap_share"].sum() == pytest.approx(1.0)
    assert body["gap"].is_monotonic_decreasing
    per_customer = gap_table(goals, current.set_index("cid")["sales"], customer="cid")
    assert len(per_customer) == len(customers)
    missing = per_customer.set_index("cid").loc[customers["cid"].iloc[-1]]
    assert missing["current"] == 0


def test_gap_waterfall_and_smart(customers):
    goals = allocate_target(customers, customer="cid", target=10_000, history="sales",
                            method="history", group="tier")
    gap = gap_table(goals, customers, customer="cid", value="sales", by="tier")
    ax = plot_gap_waterfall(gap)
    assert len(ax.patches) == len(gap) + 2
    assert ax.patches[-1].get_height() == pytest.approx(10_000)
    goals["sales"] = customers["sales"]
    smart = smart_goals(goals, tier="tier", current="sales")
    assert set(smart["tier"]) == set(customers["tier"])
    assert smart["goal"].sum() == pytest.approx(10_000)


def _title(ax):
    return "".join(ax.get_title(loc=loc) for loc in ("left", "center", "right"))


def test_gap_waterfall_is_localised_and_zoomed(customers):
    import matplotlib.pyplot as plt

    from tierlab import plotting

    locale = plotting.get_locale()
    goals = allocate_target(customers, customer="cid", target=1.1 * customers["sales"].sum(),
                            history="sales", method="history", group="territory")
    gap = gap_table(goals, customers, customer="cid", value="sales", by="territory", total=True)
    before = gap.copy()
    try:
        plotting.set_theme(locale="en_US")
        ax = plot_gap_waterfall(gap)
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels[0] == "Current" and labels[-1] == "Goal"
        assert "Total" not in labels  # the total row is not a step
        low = ax.get_ylim()[0]
        # zoomed by default: the axis starts above 0 but below today's total
        assert 0 < low < customers["sales"].sum()
        _, ax0 = plt.subplots()
        ax0 = plot_gap_waterfall(gap, start_at_zero=True, ax=ax0)
        assert ax0.get_ylim()[0] <= 0
        plotting.set_theme(locale="zh_CN")
        _, axz = plt.subplots()
        axz = plot_gap_waterfall(gap, max_bars=1, ax=axz)
        labels = [t.get_text() for t in axz.get_xticklabels()]
        assert labels == ["当前", "其他", "目标"]
        assert _title(axz) == "差距：从当前到目标"
        assert axz.patches[1].get_height() == pytest.approx(gap["gap"].iloc[:-1].sum())
        _, axc = plt.subplots()
        axc = plot_gap_waterfall(gap, start_label="2024", end_label="2025", title="Gap", ax=axc)
        labels = [t.get_text() for t in axc.get_xticklabels()]
        assert (labels[0], labels[-1], _title(axc)) == ("2024", "2025", "Gap")
    finally:
        set_locale(locale)
        plt.close("all")
    pd.testing.assert_frame_equal(gap, before)
