import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.composite import CompositeScorer, composite_score


def dims():
    return pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e"],
        "value": [100.0, 50.0, 10.0, 10.0, 0.0],
        "potential": [10.0, 200.0, 50.0, 400.0, 0.0],
        "loyalty": [0.9, 0.5, 0.2, 0.1, 0.0],
        "needs": [5, 4, 3, 2, 1],
    })


def test_rank_scale_by_hand():
    out = composite_score(dims(), weights={"value": 3, "potential": 1})
    # value ranks (average for the tie c, d): e 0, c/d 1.5, b 3, a 4 -> / 4
    assert out["value_scaled"].tolist() == pytest.approx([1.0, 0.75, 0.375, 0.375, 0.0])
    assert out["potential_scaled"].tolist() == pytest.approx([0.25, 0.75, 0.5, 1.0, 0.0])
    expected = 0.75 * out["value_scaled"] + 0.25 * out["potential_scaled"]
    assert out["score"].tolist() == pytest.approx(expected.tolist())
    assert out["rank"].tolist() == [1, 2, 4, 3, 5]  # a .8125, b .75, c .41, d .53, e 0


def test_minmax_and_zscore():
    df = dims()
    mm = composite_score(df, weights={"value": 1}, scale="minmax")
    assert mm["score"].tolist() == pytest.approx([1.0, 0.5, 0.1, 0.1, 0.0])
    z = composite_score(df, weights={"value": 1}, scale="zscore")
    v = df["value"]
    assert z["score"].tolist() == pytest.approx(((v - v.mean()) / v.std(ddof=0)).tolist())
    const = composite_score(df.assign(value=7.0), weights={"value": 1}, scale="minmax")
    assert (const["score"] == 0.5).all()


def test_default_weights_use_four_dimensions():
    out = composite_score(dims())
    assert [c for c in out.columns if c.endswith("_scaled")] == \
        ["value_scaled", "potential_scaled", "loyalty_scaled", "needs_scaled"]


def test_tiers_equal_size_top_first():
    out = composite_score(dims(), weights={"needs": 1}, tiers=["A", "B", "C"])
    # 5 customers into 3 groups by rank: sizes 2, 2, 1  (positions 0,1 | 2,3 | 4)
    assert out["tier"].astype(str).tolist() == ["A", "A", "B", "B", "C"]
    assert list(out["tier"].cat.categories) == ["A", "B", "C"]
    named = composite_score(dims(), weights={"needs": 1}, tiers=2)
    assert list(named["tier"].cat.categories) == ["tier 1", "tier 2"]


@pytest.mark.parametrize("weights, match", [
    ({"value": 1, "margin": 1}, "weights key 'margin'='margin' is not a column"),
    ({"value": -1, "potential": 2}, "weights must be >= 0"),
    ({"value": 0, "potential": 0}, "must not all be 0"),
    ({}, "non-empty dict"),
    ({"value": "high"}, r"weights\['value'\] must be a number"),
])
def test_weight_errors(weights, match):
    with pytest.raises((ValueError, TypeError), match=match):
        composite_score(dims(), weights=weights)


def test_other_errors():
    with pytest.raises(ValueError, match="scale must be one of"):
        composite_score(dims(), weights={"value": 1}, scale="log")
    with pytest.raises(ValueError, match="tiers must be at least 2"):
        composite_score(dims(), weights={"value": 1}, tiers=1)
    with pytest.raises(RuntimeError, match="not fitted yet"):
        CompositeScorer({"value": 1}).transform(dims())


def test_scorer_applies_fitted_parameters_to_new_data():
    scorer = CompositeScorer({"value": 1}, scale="minmax", tiers=["A", "B"]).fit(dims())
    assert scorer.params_.loc["value", "max"] == 100
    # top 3 of 5 by rank are a, b, c (c before d on id); the cut-off is c's score 0.1,
    # so d, tied with c, also goes up to A
    assert scorer.cutoffs_.tolist() == pytest.approx([0.1])
    assert scorer.transform(dims())["tier"].astype(str).tolist() == ["A", "A", "A", "A", "B"]
    new = pd.DataFrame({"customer_id": ["x", "y", "z"], "value": [200.0, 40.0, 5.0]})
    out = scorer.transform(new)
    assert out["score"].tolist() == pytest.approx([2.0, 0.4, 0.05])   # not re-scaled on new data
    assert out["tier"].astype(str).tolist() == ["A", "A", "B"]
    rank = CompositeScorer({"value": 1}).fit(dims()).transform(new)
    # 40 lies between 10 (rank 1.5) and 50 (rank 3): interpolated position 3 - 0.5 = 2.5
    assert rank["score"].tolist() == pytest.approx([1.0, 2.5 / 4, 0.5 / 4])


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(0, 1)), min_size=1, max_size=30),
       st.sampled_from(["rank", "minmax", "zscore"]), st.integers(2, 5))
@settings(max_examples=50, deadline=None)
def test_properties(rows, scale, k):
    df = pd.DataFrame(rows, columns=["value", "loyalty"]).assign(customer_id=range(len(rows)))
    out = composite_score(df, weights={"value": 2, "loyalty": 1}, scale=scale, tiers=k)
    assert out["tier"].notna().all() and len(out) == len(df)
    assert sorted(out["rank"]) == list(range(1, len(df) + 1))
    if scale != "zscore":
        assert out["score"].between(-1e-12, 1 + 1e-12).all()
    # a higher score never gets a worse tier; a better rank never a lower score
    s = out.sort_values("rank")
    assert s["score"].is_monotonic_decreasing
    assert s["tier"].cat.codes.is_monotonic_increasing
    sizes = out["tier"].value_counts()
    assert sizes.max() <= int(np.ceil(len(df) / k)) + (out["score"].duplicated().sum())


def test_input_not_mutated():
    df = dims()
    before = df.copy()
    composite_score(df, tiers=3)
    pd.testing.assert_frame_equal(df, before)
