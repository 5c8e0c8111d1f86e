import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.pareto import (
    ABCClassifier,
    abc_classify,
    concentration_summary,
    deciles,
    gini,
    pareto_table,
    tier_summary,
    top_share,
)


def frame(values, ids=None):
    ids = list(range(len(values))) if ids is None else ids
    return pd.DataFrame({"customer_id": ids, "amount": values})


values_st = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=40).filter(
    lambda v: sum(v) > 0)


# ---------------------------------------------------------------- ABC by hand

def test_abc_hand_example():
    df = frame([4, 50, 10, 30, 6], ids=list("edcba"))
    out = abc_classify(df)
    assert out["customer_id"].tolist() == ["d", "b", "c", "a", "e"]
    assert out["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert out["tier"].astype(str).tolist() == ["A", "A", "B", "B", "C"]
    assert out["rank"].tolist() == [1, 2, 3, 4, 5]
    assert list(out.columns) == ["customer_id", "amount", "share", "cumulative_share", "rank", "tier"]


def test_crossing_customer_belongs_to_upper_tier():
    # the first customer alone crosses 80% and 95%: it is A; the next starts at 97% -> C
    out = abc_classify(frame([97, 2, 1]))
    assert out["tier"].astype(str).tolist() == ["A", "C", "C"]
    assert (out["tier"] == "B").sum() == 0
    assert list(out["tier"].cat.categories) == ["A", "B", "C"]


def test_ties_broken_by_customer_id_not_row_order():
    a = abc_classify(frame([10, 10, 10, 10], ids=[4, 2, 3, 1]))
    b = abc_classify(frame([10, 10, 10, 10], ids=[1, 2, 3, 4]))
    assert a["customer_id"].tolist() == [1, 2, 3, 4]
    pd.testing.assert_frame_equal(a, b)


def test_zero_values_go_last_and_negative_raises_or_last():
    out = abc_classify(frame([80, 20, 0]))
    assert out["tier"].astype(str).tolist() == ["A", "B", "C"]
    with pytest.raises(ValueError, match="negative"):
        abc_classify(frame([80, -5, 20]))
    out = abc_classify(frame([80, -5, 20, 0]), negative="last")
    assert out["amount"].tolist() == [80, 20, 0, -5]
    assert out["tier"].iloc[-1] == "C"
    assert out["share"].iloc[-1] == 0
    assert out["cumulative_share"].is_monotonic_increasing


def test_custom_cutoffs_and_labels():
    out = abc_classify(frame([50, 30, 20]), cutoffs=(0.5,), labels=("top", "rest"))
    assert out["tier"].astype(str).tolist() == ["top", "rest", "rest"]


@pytest.mark.parametrize("kwargs, match", [
    ({"customer": "id"}, "customer='id'"),
    ({"value": "sales"}, "value='sales'"),
    ({"cutoffs": (0.95, 0.8)}, "increasing"),
    ({"cutoffs": (0.8, 1.2)}, r"cutoffs\[1\]"),
    ({"labels": ("A", "B")}, "3 labels"),
    ({"negative": "drop"}, "negative"),
])
def test_abc_errors_name_parameter(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        abc_classify(frame([1, 2, 3]), **kwargs)


def test_errors_for_duplicates_and_all_zero():
    with pytest.raises(ValueError, match="repeated id"):
        abc_classify(frame([1, 2], ids=[7, 7]))
    with pytest.raises(ValueError, match="above 0"):
        abc_classify(frame([0, 0]))


def test_wrong_column_message_lists_columns():
    with pytest.raises(ValueError, match="value='sales' is not a column of data.*'amount'"):
        abc_classify(frame([1, 2]), value="sales")


@given(values_st)
@settings(max_examples=60, deadline=None)
def test_abc_properties(values):
    df = frame(values)
    out = abc_classify(df)
    # every customer exactly once, exactly one tier
    assert sorted(out["customer_id"]) == sorted(df["customer_id"])
    assert out["tier"].notna().all()
    # monotone cumulative shares ending at 1, ranks 1..n, values descending
    assert out["cumulative_share"].is_monotonic_increasing
    assert out["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert out["rank"].tolist() == list(range(1, len(df) + 1))
    assert out["amount"].is_monotonic_decreasing
    # tiers never go back up along the ranking
    assert out["tier"].cat.codes.is_monotonic_increasing
    # A is the smallest prefix reaching 80%
    n_a = int((out["tier"] == "A").sum())
    assert out["cumulative_share"].iloc[n_a - 1] >= 0.8 - 1e-9
    if n_a > 1:
        assert out["cumulative_share"].iloc[n_a - 2] < 0.8


def test_input_not_mutated():
    df = frame([5, 3, 1], ids=["x", "y", "z"])
    before = df.copy()
    abc_classify(df)
    deciles(df)
    ABCClassifier().fit_transform(df)
    concentration_summary(df)
    pd.testing.assert_frame_equal(df, before)


# ---------------------------------------------------------------- summary

def test_tier_summary_counts_and_shares():
    out = abc_classify(frame([97, 2, 1]))
    s = tier_summary(out, value="amount")
    assert s["tier"].astype(str).tolist() == ["A", "B", "C"]  # empty B is kept
    assert s["customers"].tolist() == [1, 0, 2]
    assert s["value_share"].tolist() == pytest.approx([0.97, 0.0, 0.03])
    assert s["customer_share"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="tier='segment'"):
        tier_summary(out, tier="segment")


def test_pareto_table_customer_share():
    t = pareto_table(frame([1, 3]))
    assert t["customer_share"].tolist() == [0.5, 1.0]
    assert t["amount"].tolist() == [3, 1]


# ---------------------------------------------------------------- deciles

def test_volume_deciles_by_hand():
    # total 100: 40 | 20 | 10 x 4  -> groups from the top by cumulative share before
    df = frame([40, 20, 10, 10, 10, 10])
    out = deciles(df, n=5)  # quintiles: cum_before 0, .4, .6, .7, .8, .9
    assert out["decile"].tolist() == [1, 3, 4, 4, 5, 5]
    assert out.attrs["top_decile"] == 1
    flipped = deciles(df, n=5, ascending=True)
    assert flipped["decile"].tolist() == [5, 3, 2, 2, 1, 1]
    assert flipped.attrs["top_decile"] == 5


def test_count_deciles_equal_size():
    df = frame(list(range(1, 21)))
    out = deciles(df, method="count")
    assert out.groupby("decile").size().tolist() == [2] * 10
    assert out.loc[out["decile"] == 1, "amount"].tolist() == [20, 19]


@given(values_st, st.sampled_from(["volume", "count"]))
@settings(max_examples=40, deadline=None)
def test_decile_properties(values, method):
    out = deciles(frame(values), method=method)
    assert out["decile"].between(1, 10).all()
    assert out["decile"].is_monotonic_increasing  # sorted by rank, top first
    if method == "volume":
        # every decile but the last starts before its 10% boundary is reached
        share = out.groupby("decile")["amount"].sum() / sum(values)
        big = out.groupby("decile")["amount"].max() / sum(values)
        assert (share.drop(share.index.max()) <= 0.1 + big.drop(big.index.max()) + 1e-9).all()


def test_deciles_errors():
    with pytest.raises(ValueError, match="method"):
        deciles(frame([1, 2]), method="sales")
    with pytest.raises(TypeError, match="ascending"):
        deciles(frame([1, 2]), ascending="yes")


# ---------------------------------------------------------------- concentration

def test_gini_known_values():
    assert gini([5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)  # sum |xi - xj| / (2 n^2 mean) = 20 / 80
    with pytest.raises(ValueError, match=">= 0"):
        gini([1, -1])
    with pytest.raises(ValueError, match="empty"):
        gini([])


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=2, max_size=30).filter(
    lambda v: sum(v) > 1e-3))
@settings(max_examples=50, deadline=None)
def test_gini_bounds_and_scale_invariance(values):
    g = gini(values)
    n = len(values)
    assert -1e-9 <= g <= (n - 1) / n + 1e-9
    assert gini(np.asarray(values) * 3) == pytest.approx(g, abs=1e-9)


def test_top_share_and_summary():
    df = pd.DataFrame({"amount": [60, 20, 10, 5, 5]})
    assert top_share(df, top=0.2) == pytest.approx(0.6)
    assert top_share(df, top=0.3) == pytest.approx(0.7)  # halfway to the 2nd customer
    assert top_share(df, top=1.0) == pytest.approx(1.0)
    s = concentration_summary(df, tops=(0.2,)).set_index("metric")["value"]
    assert s["customers"] == 5
    assert s["top 20% share of value"] == pytest.approx(0.6)
    assert s["customer share for 80% of value"] == pytest.approx(0.4)
    with pytest.raises(ValueError, match="top"):
        top_share(df, top=1.5)


# ---------------------------------------------------------------- classifier

def test_classifier_learns_value_thresholds_and_transfers():
    last = frame([50, 30, 10, 6, 4], ids=list("abcde"))
    clf = ABCClassifier()
    with pytest.raises(RuntimeError, match="not fitted yet; call fit"):
        clf.transform(last)
    clf.fit(last)
    assert clf.cutoffs_.tolist() == [30.0, 6.0]
    assert clf.transform(last)["tier"].astype(str).tolist() == \
        abc_classify(last).set_index("customer_id").loc[list("abcde"), "tier"].astype(str).tolist()
    this = frame([100, 29, 6, 5.9], ids=list("wxyz"))
    assert clf.transform(this)["tier"].astype(str).tolist() == ["A", "B", "B", "C"]


@given(values_st)
@settings(max_examples=40, deadline=None)
def test_classifier_matches_abc_without_ties(values):
    values = [v * 1000 + i for i, v in enumerate(values)]  # distinct values
    df = frame(values)
    ref = abc_classify(df).set_index("customer_id")["tier"]
    got = ABCClassifier().fit_transform(df).set_index("customer_id")["tier"]
    assert (ref.loc[got.index].astype(str) == got.astype(str)).all()


@pytest.mark.parametrize("dtype", [object, "str", "category", "int64"])
def test_repeated_and_missing_ids_are_named_for_every_id_type(dtype):
    ids = pd.Series([30, 10, 20, 10, 30], dtype="int64")
    ids = ids if dtype == "int64" else ids.astype(str).astype(dtype)
    df = pd.DataFrame({"customer_id": ids, "amount": [1.0, 2, 3, 4, 5]})
    # 10 is the first id seen a second time (row 3), and 2 ids are repeated rows
    with pytest.raises(ValueError, match=r"2 repeated id\(s\), e\.g\. (np\.int64\()?'?10'?"):
        abc_classify(df)
    if dtype != "int64":
        holey = df.drop_duplicates("customer_id").astype({"customer_id": object})
        holey.iloc[1, 0] = None
        with pytest.raises(ValueError, match="1 missing id"):
            abc_classify(holey.astype({"customer_id": dtype}))


def test_ranking_ties_by_sorted_string_id_not_row_order():
    df = pd.DataFrame({"customer_id": ["M10", "M09", "M2", "M01"], "amount": [5.0, 5, 5, 9]})
    out = abc_classify(df)
    assert out["customer_id"].tolist() == ["M01", "M09", "M10", "M2"]
    assert out["rank"].tolist() == [1, 2, 3, 4]


@pytest.mark.parametrize("ids", [["M1", "M2", "M3", "M4", "M5"], [3, 10, 20, 21, 400],
                                 [0.5, 1.5, 2.0, 7.0, 9.0]])
def test_sorted_ids_and_shuffled_ids_give_the_same_tiers(ids):
    df = pd.DataFrame({"customer_id": ids, "amount": [5.0, 9.0, 5.0, 1.0, 5.0]})
    shuffled = df.iloc[[3, 0, 4, 1, 2]].reset_index(drop=True)
    a, b = abc_classify(df), abc_classify(shuffled)
    pd.testing.assert_frame_equal(a, b)
    assert a["customer_id"].tolist()[:4] == [ids[1], ids[0], ids[2], ids[4]]  # ties by id
    # a repeat right after a sorted run is still caught
    with pytest.raises(ValueError, match="repeated id"):
        abc_classify(pd.DataFrame({"customer_id": [ids[0], ids[1], ids[1]],
                                   "amount": [1.0, 2.0, 3.0]}))


def test_gini_treats_rounding_noise_as_zero_but_rejects_real_negatives():
    from tierlab.pareto import gini

    assert gini([0.0, -7.1e-15, 10.0, 10.0]) == gini([0.0, 0.0, 10.0, 10.0])
    with pytest.raises(ValueError, match=">= 0"):
        gini([5.0, -1.0, 10.0])
