import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.rfm import SEGMENT_RULES, RFMScorer, rfm_scores, rfm_segments


def customers(n=10, seed=0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer_id": [f"c{i:02d}" for i in range(n)],
        "recency": rng.integers(0, 365, n),
        "frequency": rng.integers(1, 20, n),
        "monetary": rng.gamma(2.0, 50.0, n).round(2),
    })


def test_hand_example_quintiles_and_reversed_recency():
    df = pd.DataFrame({
        "customer_id": list("abcde"),
        "recency": [1, 10, 100, 50, 5],      # a most recent -> r=5, c least recent -> r=1
        "frequency": [1, 2, 3, 4, 5],
        "monetary": [50, 40, 30, 20, 10],
    })
    out = rfm_scores(df)
    assert out["r_score"].tolist() == [5, 3, 1, 2, 4]
    assert out["f_score"].tolist() == [1, 2, 3, 4, 5]
    assert out["m_score"].tolist() == [5, 4, 3, 2, 1]
    assert out["rfm_cell"].tolist() == ["515", "324", "133", "242", "451"]
    assert out["rfm_score"].tolist() == [11, 9, 7, 8, 10]
    assert out["customer_id"].tolist() == list("abcde")  # row order kept


def test_ties_ranked_first_by_customer_id():
    df = pd.DataFrame({"customer_id": [3, 1, 4, 2], "recency": [7, 7, 7, 7],
                       "frequency": [1, 1, 1, 1], "monetary": [9, 9, 9, 9]})
    out = rfm_scores(df, bins=2).set_index("customer_id")
    # equal frequencies: smaller id ranks lower -> ids 1,2 score 1, ids 3,4 score 2
    assert out.loc[[1, 2, 3, 4], "f_score"].tolist() == [1, 1, 2, 2]
    # the same tie rule for recency: the smaller id gets the lower score
    assert out.loc[[1, 2, 3, 4], "r_score"].tolist() == [1, 1, 2, 2]
    shuffled = rfm_scores(df.iloc[::-1], bins=2).set_index("customer_id")
    pd.testing.assert_frame_equal(out.sort_index(), shuffled.sort_index())


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=2, max_value=7),
       st.integers(min_value=0, max_value=10_000))
@settings(max_examples=50, deadline=None)
def test_score_properties(n, bins, seed):
    df = customers(n, seed)
    out = rfm_scores(df, bins=bins)
    for col in ["r_score", "f_score", "m_score"]:
        assert out[col].between(1, bins).all()
        counts = out[col].value_counts()
        assert counts.max() - counts.min() <= 1 or len(counts) < bins  # equal-sized groups
    # rank consistency: a strictly larger frequency never scores lower
    f = out.sort_values("frequency")
    assert f.groupby("frequency")["f_score"].max().is_monotonic_increasing
    r = out.sort_values("recency")
    assert r.groupby("recency")["r_score"].min().is_monotonic_decreasing
    assert (out["rfm_score"] == out[["r_score", "f_score", "m_score"]].sum(axis=1)).all()


def test_errors_name_the_parameter():
    df = customers()
    with pytest.raises(ValueError, match="monetary='spend' is not a column"):
        rfm_scores(df, monetary="spend")
    with pytest.raises(ValueError, match="bins must be >= 2"):
        rfm_scores(df, bins=1)
    bad = df.assign(frequency=df["frequency"].astype(str).where(df.index > 0, "many"))
    with pytest.raises(TypeError, match="frequency='frequency' must hold numbers"):
        rfm_scores(bad)


def test_input_not_mutated():
    df = customers()
    before = df.copy()
    rfm_segments(rfm_scores(df))
    RFMScorer().fit_transform(df)
    pd.testing.assert_frame_equal(df, before)


# ---------------------------------------------------------------- segments

def test_rules_cover_every_cell_exactly_once():
    cells = {}
    for r, f in itertools.product(range(1, 6), range(1, 6)):
        hit = SEGMENT_RULES[(SEGMENT_RULES.r_min <= r) & (r <= SEGMENT_RULES.r_max)
                            & (SEGMENT_RULES.f_min <= f) & (f <= SEGMENT_RULES.f_max)]
        assert len(hit) == 1, (r, f, hit["segment"].tolist())
        cells[(r, f)] = hit["segment"].iloc[0]
    assert len(cells) == 25
    assert set(cells.values()) == set(SEGMENT_RULES["segment"])  # every segment used
    assert len(SEGMENT_RULES) == 11
    assert SEGMENT_RULES["segment_zh"].str.len().gt(0).all()
    assert cells[(5, 5)] == "Champions" and cells[(1, 5)] == "Can't Lose Them"
    assert cells[(5, 1)] == "New Customers" and cells[(1, 1)] == "Lost"


def test_all_25_cells_segmented():
    grid = pd.DataFrame([(f"{r}{f}", r, f) for r, f in itertools.product(range(1, 6), repeat=2)],
                        columns=["customer_id", "r_score", "f_score"])
    out = rfm_segments(grid)
    assert out["segment"].notna().all()
    assert out.set_index("customer_id").loc["55", "segment_zh"] == "重要价值客户"
    assert out.set_index("customer_id").loc["33", "segment"] == "Need Attention"
    assert out.groupby("segment", observed=True).size().sum() == 25


def test_rules_with_gap_or_overlap_raise():
    gap = SEGMENT_RULES[SEGMENT_RULES.segment != "Lost"]
    with pytest.raises(ValueError, match=r"without a segment: r=1, f=1; r=1, f=2"):
        rfm_segments(rfm_scores(customers()), gap)
    overlap = SEGMENT_RULES.copy()
    overlap.loc[overlap.segment == "Champions", "r_min"] = 4
    with pytest.raises(ValueError, match="overlap in 2 cell.*r=4, f=4: Champions & Loyal Customers"):
        rfm_segments(rfm_scores(customers()), overlap)


def test_edited_rules_are_used():
    rules = pd.DataFrame({"segment": ["low", "high"], "r_min": [1, 1], "r_max": [5, 5],
                          "f_min": [1, 3], "f_max": [2, 5]})
    scores = pd.DataFrame({"customer_id": [1, 2], "r_score": [4, 4], "f_score": [2, 3]})
    out = rfm_segments(scores, rules)
    assert out["segment"].astype(str).tolist() == ["low", "high"]
    assert "segment_zh" not in out


def test_out_of_range_scores_raise():
    scores = pd.DataFrame({"customer_id": [1], "r_score": [6], "f_score": [1]})
    with pytest.raises(ValueError, match="r_score must hold whole scores from 1 to bins=5"):
        rfm_segments(scores)


# ---------------------------------------------------------------- scorer

def test_scorer_reproduces_scores_without_ties_and_transfers():
    df = pd.DataFrame({"customer_id": range(10), "recency": np.arange(10) * 10 + 1,
                       "frequency": np.arange(10) + 1, "monetary": np.arange(10) * 5.0})
    scorer = RFMScorer()
    with pytest.raises(RuntimeError, match="not fitted yet"):
        scorer.transform(df)
    got = scorer.fit_transform(df)
    pd.testing.assert_frame_equal(got, rfm_scores(df))
    # frequency cut-offs: score 2 starts at the 3rd customer (frequency 3), ...
    assert scorer.cutoffs_.loc["frequency"].tolist() == [3, 5, 7, 9]
    assert scorer.cutoffs_.loc["recency"].tolist() == [71, 51, 31, 11]
    new = pd.DataFrame({"customer_id": ["x", "y"], "recency": [0, 500],
                        "frequency": [100, 0], "monetary": [1e6, -1]})
    out = scorer.transform(new)
    assert out["rfm_cell"].tolist() == ["555", "111"]


@pytest.mark.parametrize("bins", [3, 4])
def test_default_rules_apply_on_other_grids_by_rescaling(bins):
    cells = [(r, f) for r in range(1, bins + 1) for f in range(1, bins + 1)]
    scores = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(cells))],
                           "r_score": [c[0] for c in cells], "f_score": [c[1] for c in cells]})
    out = rfm_segments(scores, bins=bins)
    top = out.loc[(out.r_score == bins) & (out.f_score == bins), "segment"].item()
    bottom = out.loc[(out.r_score == 1) & (out.f_score == 1), "segment"].item()
    assert top == "Champions"
    assert bottom != "Champions" and out.segment.notna().all()
    five = rfm_segments(scores.assign(r_score=np.ceil(scores.r_score * 5 / bins).astype(int),
                                      f_score=np.ceil(scores.f_score * 5 / bins).astype(int)))
    assert (out.segment.astype(str) == five.segment.astype(str)).all()
