"""What the issue-11 audit found in the methods: inf, NaN groups, number dates, id types,
row order. Each case gives the right numbers or a clear error naming what to fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tierlab._validation import (
    UNASSIGNED,
    check_dataframe,
    check_date_column,
    check_group_column,
    check_numeric_column,
    check_same_id_type,
)
from tierlab.clv import historic_clv
from tierlab.evaluate import uplift
from tierlab.goals import allocate_target, gap_table
from tierlab.io import read_transactions
from tierlab.migration import migration_matrix, tier_changes
from tierlab.pareto import abc_classify, deciles, tier_summary
from tierlab.strategy import allocate_calls
from tierlab.summary import calibration_holdout_split, rfm_table, summarize_transactions


def _tx():
    return pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
                         "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-09",
                                                 "2024-03-01"]),
                         "amount": [10.0, 20.0, 5.0, 7.5]})


# --------------------------------------------------------------------------- inf
def test_check_numeric_column_rejects_inf_unless_allowed():
    df = pd.DataFrame({"v": [1.0, np.inf, 2.0]})
    with pytest.raises(ValueError, match=r"value='v' has 1 infinite value\(s\) in data, e.g. at "
                                         r"row 1"):
        check_numeric_column(df, "v", "value")
    assert np.isinf(check_numeric_column(df, "v", "value", allow_inf=True)).sum() == 1
    text = pd.DataFrame({"v": ["1", "-inf"]})
    with pytest.raises(ValueError, match="infinite"):
        check_numeric_column(text, "v", "value")


@pytest.mark.parametrize("call", [
    lambda d: abc_classify(d, value="amount"),
    lambda d: deciles(d, value="amount"),
    lambda d: allocate_target(d, target=100, history="amount"),
])
def test_methods_reject_inf_values(call):
    data = pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [5.0, np.inf, 1.0]})
    with pytest.raises(ValueError, match="infinite value"):
        call(data)


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize("dates, hint", [
    ([20240105, 20240201, 20240109, 20240301], "YYYYMMDD"),
    ([45296, 45323, 45300, 45352], "Excel serial day numbers"),
    ([1.5, 2.5, 3.5, 4.5], "pd.to_datetime"),
])
@pytest.mark.parametrize("method", [
    summarize_transactions, rfm_table, historic_clv,
    lambda d: calibration_holdout_split(d, calibration_end="2024-02-01"),
])
def test_number_dates_are_rejected_with_a_hint(method, dates, hint):
    data = _tx().assign(date=dates)
    with pytest.raises(TypeError, match=f"date='date' must hold dates.*1970-01-01.*{hint}"):
        method(data)


def test_check_date_column_accepts_text_and_datetimes_and_flags_numbers_in_text_columns():
    check_date_column(pd.DataFrame({"d": ["2024-01-05"]}), "d")
    check_date_column(_tx(), "date")
    with pytest.raises(TypeError, match="YYYYMMDD"):
        check_date_column(pd.DataFrame({"d": ["2024-01-05", 20240106]}, dtype=object), "d")


def test_historic_clv_with_timezone_aware_dates_equals_naive():
    naive = historic_clv(_tx())
    aware = historic_clv(_tx().assign(date=_tx()["date"].dt.tz_localize("Asia/Shanghai")))
    pd.testing.assert_frame_equal(aware, naive)


# --------------------------------------------------------------------------- NaN groups
def test_tier_summary_keeps_customers_without_tier_as_unassigned():
    tiered = pd.DataFrame({"tier": ["A", "B", None, "A", "B"], "amount": [5.0, 3, 2, 4, 1]})
    out = tier_summary(tiered, value="amount")
    assert out["tier"].tolist() == ["A", "B", UNASSIGNED]
    assert out["customers"].tolist() == [2, 2, 1]
    assert out["customer_share"].sum() == pytest.approx(1.0)
    assert out["value_share"].sum() == pytest.approx(1.0)
    ordered = tiered.assign(tier=pd.Categorical(tiered["tier"], ["B", "A", "C"], ordered=True))
    out = tier_summary(ordered, value="amount")
    assert out["tier"].tolist() == ["B", "A", "C", UNASSIGNED]
    assert out["customers"].tolist() == [2, 2, 0, 1]
    dec = deciles(pd.DataFrame({"customer_id": list("abcdefghij"), "amount": range(10)}))
    dec.loc[0, "decile"] = np.nan
    assert tier_summary(dec, tier="decile", value=None)["customers"].sum() == 10


def test_migration_rejects_missing_tiers_and_names_the_table():
    before = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "tier": ["A", "B", None, "A", "B"]})
    after = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "tier": ["A", "A", "B", "B", "B"]})
    with pytest.raises(ValueError, match="tier='tier' has 1 missing value.*in before.*fillna"):
        migration_matrix(before, after)
    with pytest.raises(ValueError, match="in after"):
        tier_changes(after, before)
    filled = migration_matrix(before.fillna({"tier": UNASSIGNED}), after)
    assert filled.to_numpy().sum() == 5


def test_uplift_by_keeps_rows_without_a_group():
    data = pd.DataFrame({"treated": [True, False] * 4,
                         "responded": [1, 0, 1, 1, 0, 0, 1, 0],
                         "segment": ["x", "x", None, None, "y", "y", None, None]})
    out = uplift(data, by="segment")
    assert out["segment"].tolist() == ["x", "y", UNASSIGNED]
    assert (out["n_treated"] + out["n_control"]).sum() == len(data)


def test_check_group_column_options():
    s = check_group_column(pd.DataFrame({"g": [2, None, 1]}), "g", "tier")
    assert list(s.cat.categories) == [1.0, 2.0, UNASSIGNED] and s.iloc[1] == UNASSIGNED
    with pytest.raises(ValueError, match="missing"):
        check_group_column(pd.DataFrame({"g": [2, None]}), "g", "tier", missing="raise")
    untouched = pd.DataFrame({"g": ["a", "b"]})
    pd.testing.assert_series_equal(check_group_column(untouched, "g", "tier"), untouched["g"])


# --------------------------------------------------------------------------- id types
def test_id_types_mismatch_names_both_frames():
    before = pd.DataFrame({"customer_id": [1, 2], "tier": ["A", "B"]})
    after = pd.DataFrame({"customer_id": ["1", "2"], "tier": ["A", "A"]})
    with pytest.raises(TypeError, match=r"before\['customer_id'\] holds number ids .e.g. 1. but "
                                        r"after\['customer_id'\] holds text ids"):
        migration_matrix(before, after)
    goals = pd.DataFrame({"customer_id": [1, 2], "goal": [10.0, 20.0]})
    current = pd.DataFrame({"customer_id": ["1", "2"], "current": [5.0, 5.0]})
    with pytest.raises(TypeError, match=r"goals\['customer_id'\].*current\['customer_id'\]"):
        gap_table(goals, current)
    mixed = pd.DataFrame({"customer_id": [1, "2"], "tier": ["A", "B"]})
    with pytest.raises(TypeError, match="mixes id types .number, text."):
        check_same_id_type(mixed, "customer_id", "before", after, "customer_id", "after")
    check_same_id_type(after, "customer_id", "a", after, "customer_id", "b")  # same: fine


def test_a_readresult_passed_as_a_table_gets_a_hint():
    res = read_transactions(_tx(), verbose=False)
    with pytest.raises(TypeError, match=r"pass its .data"):
        check_dataframe(res)
    with pytest.raises(TypeError, match=r"ReadResult.*pass its .data"):
        summarize_transactions(res)


# --------------------------------------------------------------------------- row order
@pytest.mark.parametrize("rule, extra", [("equal", {}), ("decile", {"value": "value"})])
def test_allocate_calls_does_not_depend_on_row_order(rule, extra):
    data = pd.DataFrame({"customer_id": [f"d{i:02d}" for i in range(13)],
                         "value": [5.0] * 6 + [1.0] * 7})
    first = allocate_calls(data, capacity=20, rule=rule, **extra)
    for seed in range(3):
        shuffled = data.sample(frac=1, random_state=seed)
        again = allocate_calls(shuffled, capacity=20, rule=rule, **extra)
        a = first.set_index("customer_id")["calls"]
        b = again.set_index("customer_id")["calls"].reindex(a.index)
        pd.testing.assert_series_equal(a, b)
    assert first["calls"].sum() == 20


# --------------------------------------------------------------------------- evaluation design
def test_control_group_size_detects_the_chosen_uplift_and_no_less():
    from tierlab.evaluate import _detectable, control_group_size

    n, p, d = 2000, 0.10, 0.04
    k = control_group_size(n, base_rate=p, min_uplift=d)
    z = 1.959963984540054 + 0.8416212335729143
    assert _detectable(n - k, k, p, 1.959963984540054, 0.8416212335729143) <= d
    assert _detectable(n - k + 1, k - 1, p, 1.959963984540054, 0.8416212335729143) > d
    # cross-check with the textbook formula for unequal groups
    assert 1 / k + 1 / (n - k) <= (d / z) ** 2 / (p * (1 - p)) < 1 / (k - 1) + 1 / (n - k + 1)
    assert control_group_size(n, base_rate=p, min_uplift=0.08) < k
    with pytest.raises(ValueError, match="cannot detect an uplift of 2.0%.*only 8.7%"):
        control_group_size(377, base_rate=0.10, min_uplift=0.02)
    with pytest.raises(ValueError, match="base_rate must lie in"):
        control_group_size(100, base_rate=0, min_uplift=0.1)


def test_random_holdout_is_seeded_order_free_and_sized():
    from tierlab.evaluate import random_holdout

    ids = [f"m{i:03d}" for i in range(50)]
    a = random_holdout(ids, 12, random_state=7)
    assert (~a["treated"]).sum() == 12 and a["customer_id"].tolist() == ids
    b = random_holdout(ids[::-1], 12, random_state=7)
    assert set(a.loc[~a["treated"], "customer_id"]) == set(b.loc[~b["treated"], "customer_id"])
    c = random_holdout(ids, 12, random_state=8)
    assert set(a.loc[~a["treated"], "customer_id"]) != set(c.loc[~c["treated"], "customer_id"])
    with pytest.raises(ValueError, match="n_control must be <= 50"):
        random_holdout(ids, 51)
    with pytest.raises(ValueError, match="each customer once"):
        random_holdout(["a", "a"], 1)


def test_check_budget_caps_with_a_clear_warning():
    from tierlab._validation import check_budget

    assert check_budget(100, 377, "CONTACTS") == 100
    with pytest.warns(UserWarning, match="CONTACTS = 600 but there are only 377 customers"):
        assert check_budget(600, 377, "CONTACTS") == 377
    with pytest.raises(ValueError, match="CONTACTS must be >= 1"):
        check_budget(0, 10, "CONTACTS")


@pytest.mark.parametrize("call, names", [
    (lambda a, b: __import__("tierlab.evaluate", fromlist=["x"]).kpi_by_tier(
        a.assign(amount=1.0), b.assign(amount=1.0)), ("before", "after")),
    (lambda a, b: __import__("tierlab.evaluate", fromlist=["x"]).tiering_capture(
        a, b.assign(value=1.0)), ("tiers", "truth")),
    (lambda a, b: __import__("tierlab.cluster", fromlist=["x"]).compare_tierings(
        a, b, tier_a="tier", tier_b="tier"), ("a", "b")),
])
def test_more_two_table_functions_name_both_frames_on_id_type_mismatch(call, names):
    ints = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["A", "B", "B"]})
    text = pd.DataFrame({"customer_id": ["1", "2", "3"], "tier": ["A", "A", "B"]})
    with pytest.raises(TypeError, match=rf"{names[0]}\['customer_id'\].*{names[1]}\['customer_id'\]"):
        call(ints, text)


def test_goal_tables_accept_numbers_stored_as_text_and_keep_untiered_goals():
    from tierlab.goals import smart_goals

    goals = pd.DataFrame({"customer_id": ["a", "b", "c"], "tier": ["A", None, "A"],
                          "goal": ["100", "50.5", "20"], "now": ["80", "40", "10"]})
    current = pd.DataFrame({"customer_id": ["a", "b", "c"], "current": ["80", "40", "10"]})
    gap = gap_table(goals, current)
    assert gap.set_index("customer_id")["gap"].to_dict() == {"a": 20.0, "b": 10.5, "c": 10.0}
    sg = smart_goals(goals, current="now")
    assert sg["tier"].tolist() == ["A", UNASSIGNED]
    assert sg["goal"].tolist() == [120.0, 50.5] and sg["current"].tolist() == [90.0, 40.0]
    with pytest.raises(TypeError, match="goal='goal' must hold numbers.*'lots'"):
        smart_goals(goals.assign(goal=["1", "lots", "2"]))


def test_kpi_by_tier_counts_customers_without_a_tier():
    from tierlab.evaluate import kpi_by_tier

    before = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "tier": ["A", None, "B", "A"],
                           "amount": [10.0, 5.0, 3.0, 2.0]})
    out = kpi_by_tier(before, total=False)
    assert out["tier"].tolist() == ["A", "B", UNASSIGNED]
    assert out["customers"].sum() == 4 and out["share_before"].sum() == pytest.approx(1.0)
    ordered = kpi_by_tier(before, order=["B", "A"])
    assert ordered["tier"].tolist() == ["B", "A", UNASSIGNED, "Total"]
    assert ordered["customers"].iloc[-1] == 4


@pytest.mark.parametrize("ids", [["b", "a", "b", "a"], ["a", None, "b"], [3, 1, 3],
                                 [1.0, np.nan], ["D1", "D2", "D2"]])
def test_unique_id_checks_share_their_messages(ids):
    """check_unique_ids (hash pass) and check_customer_codes (sorted codes) say the same."""
    from tierlab._validation import check_customer_codes, check_unique_ids

    data = pd.DataFrame({"doctor_id": ids})
    with pytest.raises(ValueError) as fast:
        check_unique_ids(data, "doctor_id", "plan")
    with pytest.raises(ValueError) as coded:
        check_customer_codes(data, "doctor_id", "plan")
    assert str(fast.value) == str(coded.value)
    assert "doctor_id" in str(fast.value) and "plan" in str(fast.value)
    ok = pd.DataFrame({"doctor_id": sorted(set(i for i in ids if i == i and i is not None))})
    assert check_unique_ids(ok, "doctor_id").equals(ok["doctor_id"])
    assert check_unique_ids(ok.iloc[::-1], "doctor_id").equals(ok["doctor_id"].iloc[::-1])
