import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.loyalty import LIFECYCLE_ZH, lifecycle_stage, loyalty_tiers, needs_tiers

# ---------------------------------------------------------------- loyalty

def test_loyalty_by_hand_with_two_rates():
    df = pd.DataFrame({"customer_id": [1, 2, 3, 4], "repeat": [0.9, 0.8, 0.4, 0.1],
                       "sow": [0.7, 0.2, 0.2, 0.3]})
    out = loyalty_tiers(df, repeat_rate="repeat", share_of_wallet="sow")
    assert out["loyalty_score"].tolist() == pytest.approx([0.8, 0.5, 0.3, 0.2])
    assert out["loyalty"].astype(str).tolist() == ["loyal", "general", "general", "unstable"]
    assert out["loyalty_zh"].tolist() == ["忠诚", "一般", "一般", "不稳定"]
    assert list(out["loyalty"].cat.categories) == ["loyal", "general", "unstable"]


def test_loyalty_thresholds_are_parameters():
    df = pd.DataFrame({"customer_id": [1, 2], "repeat": [0.5, 0.35]})
    out = loyalty_tiers(df, repeat_rate="repeat", loyal_at=0.5, unstable_below=0.4)
    assert out["loyalty"].astype(str).tolist() == ["loyal", "unstable"]


@pytest.mark.parametrize("kwargs, match", [
    ({}, "at least one of repeat_rate= or share_of_wallet="),
    ({"repeat_rate": "rate"}, "repeat_rate='rate' is not a column"),
    ({"repeat_rate": "pct"}, r"repeat_rate='pct' must hold rates in \[0, 1\]"),
    ({"repeat_rate": "repeat", "loyal_at": 0.2}, "must not exceed loyal_at"),
])
def test_loyalty_errors(kwargs, match):
    df = pd.DataFrame({"customer_id": [1, 2], "repeat": [0.5, 0.2], "pct": [50, 20]})
    with pytest.raises((ValueError, TypeError), match=match):
        loyalty_tiers(df, **kwargs)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.floats(0, 1), st.floats(0, 1))
@settings(max_examples=50, deadline=None)
def test_loyalty_one_tier_each_and_monotone(rates, a, b):
    lo, hi = min(a, b), max(a, b)
    df = pd.DataFrame({"customer_id": range(len(rates)), "r": rates})
    out = loyalty_tiers(df, repeat_rate="r", loyal_at=hi, unstable_below=lo)
    assert out["loyalty"].notna().all() and len(out) == len(df)
    # a higher score never gets a worse tier
    s = out.sort_values("loyalty_score")
    assert s["loyalty"].cat.codes.is_monotonic_decreasing


# ---------------------------------------------------------------- lifecycle

def test_lifecycle_by_hand():
    df = pd.DataFrame({"customer_id": list("abcdef"),
                       "recency": [np.nan, 200, 120, 10, 30, 95],
                       "frequency": [0, 5, 3, 1, 4, 1]})
    out = lifecycle_stage(df, at_risk_after=90, churned_after=180)
    assert out["stage"].astype(str).tolist() == ["potential", "churned", "at-risk", "new", "active",
                                                 "at-risk"]
    assert out["stage_zh"].tolist()[0] == LIFECYCLE_ZH["potential"]


def test_lifecycle_with_tenure():
    df = pd.DataFrame({"customer_id": [1, 2], "recency": [5, 5], "frequency": [3, 1],
                       "tenure": [40, 400]})
    out = lifecycle_stage(df, tenure="tenure", new_within=60)
    assert out["stage"].astype(str).tolist() == ["new", "active"]
    assert "tenure" in out


def test_lifecycle_errors():
    df = pd.DataFrame({"customer_id": [1], "recency": [5], "frequency": [1]})
    with pytest.raises(ValueError, match="must be smaller than churned_after"):
        lifecycle_stage(df, at_risk_after=200, churned_after=100)
    with pytest.raises(ValueError, match="frequency='n_orders' is not a column"):
        lifecycle_stage(df, frequency="n_orders")
    with pytest.raises(ValueError, match="frequency='frequency' has 1 missing"):
        lifecycle_stage(df.assign(frequency=np.nan))


# ---------------------------------------------------------------- needs

def test_needs_by_hand():
    df = pd.DataFrame({"member_id": [1, 2, 3, 4], "need_clarity": [5, 4, 3, 1],
                       "openness_new": [1, 2, 5, 5]})
    out = needs_tiers(df, customer="member_id")
    assert out["needs"].astype(str).tolist() == ["clear", "clear", "fuzzy", "latent"]
    assert out["needs_zh"].tolist() == ["需求明确", "需求明确", "需求模糊", "潜在需求"]
    assert out["open_to_new"].tolist() == [False, False, True, True]
    only = needs_tiers(df, customer="member_id", openness=None)
    assert "open_to_new" not in only


def test_needs_errors_and_duplicates():
    df = pd.DataFrame({"member_id": [1, 1], "need_clarity": [5, 4], "openness_new": [1, 2]})
    with pytest.raises(ValueError, match="repeated id"):
        needs_tiers(df, customer="member_id")
    with pytest.raises(ValueError, match="clarity='clarity' is not a column"):
        needs_tiers(df.iloc[:1], customer="member_id", clarity="clarity")
    with pytest.raises(ValueError, match="fuzzy_at"):
        needs_tiers(df.iloc[:1], customer="member_id", fuzzy_at=5, clear_at=4)


def test_inputs_not_mutated():
    df = pd.DataFrame({"customer_id": [1, 2], "recency": [5.0, np.nan], "frequency": [2, 0],
                       "repeat": [0.5, 0.1], "need_clarity": [2, 5], "openness_new": [3, 3]})
    before = df.copy()
    loyalty_tiers(df, repeat_rate="repeat")
    lifecycle_stage(df)
    needs_tiers(df)
    pd.testing.assert_frame_equal(df, before)
