import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.migration import migration_matrix, migration_summary, tier_changes


def periods():
    before = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "tier": ["A", "B", "B", "C", "C"]})
    after = pd.DataFrame({"customer_id": [6, 5, 3, 2, 1], "tier": ["B", "A", "C", "B", "A"]})
    return before, after


def test_tier_changes_by_hand():
    before, after = periods()
    out = tier_changes(before, after)
    assert out["customer_id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert out["tier_before"].tolist() == ["A", "B", "B", "C", "C", "new"]
    assert out["tier_after"].tolist() == ["A", "B", "C", "lost", "A", "B"]
    assert out["move"].tolist() == ["stay", "stay", "down", "lost", "up", "new"]


def test_matrix_counts_and_new_lost():
    before, after = periods()
    m = migration_matrix(before, after)
    assert list(m.index) == ["A", "B", "C", "new"]
    assert list(m.columns) == ["A", "B", "C", "lost"]
    assert m.loc["A", "A"] == 1 and m.loc["B", "C"] == 1 and m.loc["C", "A"] == 1
    assert m.loc["C", "lost"] == 1 and m.loc["new", "B"] == 1
    assert m.to_numpy().sum() == 6
    assert m.loc["new", "lost"] == 0


def test_matrix_normalize_index_rows_sum_to_one():
    before, after = periods()
    m = migration_matrix(before, after, normalize="index")
    assert m.sum(axis=1).tolist() == pytest.approx([1.0, 1.0, 1.0, 1.0])
    assert m.loc["B", "B"] == pytest.approx(0.5)


def test_order_controls_direction_and_empty_tiers():
    before, after = periods()
    # reversed order: C is best, so A -> A stays but C -> A is now a move down
    out = tier_changes(before, after, order=["C", "B", "A"])
    assert out.set_index("customer_id").loc[5, "move"] == "down"
    m = migration_matrix(before, after, order=["A", "B", "C", "D"])
    assert m.loc["D"].sum() == 0 and "D" in m.columns


def test_categorical_order_used_by_default():
    cats = pd.CategoricalDtype(["gold", "silver", "bronze"], ordered=True)
    before = pd.DataFrame({"customer_id": [1, 2], "tier": pd.Series(["bronze", "gold"], dtype=cats)})
    after = pd.DataFrame({"customer_id": [1, 2], "tier": pd.Series(["silver", "gold"], dtype=cats)})
    assert tier_changes(before, after)["move"].tolist() == ["up", "stay"]
    assert list(migration_matrix(before, after).index) == ["gold", "silver", "bronze", "new"]


def test_summary_by_hand():
    before, after = periods()
    s = migration_summary(before, after).set_index("tier")
    assert s.loc["B", ["customers", "up", "stay", "down", "lost"]].tolist() == [2, 0, 1, 1, 0]
    assert s.loc["C", ["up", "lost"]].tolist() == [1, 1]
    assert s.loc["new", "new"] == 1
    assert s.loc["total", ["customers", "up", "stay", "down", "lost", "new"]].tolist() == [6, 1, 2, 1, 1, 1]


def test_errors():
    before, after = periods()
    with pytest.raises(ValueError, match="order=.*does not list"):
        migration_matrix(before, after, order=["A", "B"])
    with pytest.raises(ValueError, match="normalize must be one of"):
        migration_matrix(before, after, normalize="all")
    with pytest.raises(ValueError, match="tier='segment' is not a column of before"):
        migration_matrix(before, after, tier="segment")
    with pytest.raises(ValueError, match="repeated id"):
        migration_matrix(pd.concat([before, before]), after)
    clash = before.assign(tier=before["tier"].replace("C", "new"))
    with pytest.raises(ValueError, match="new_label"):
        migration_matrix(clash, after)


def test_inputs_not_mutated():
    before, after = periods()
    b0, a0 = before.copy(), after.copy()
    migration_matrix(before, after, normalize="index")
    migration_summary(before, after)
    pd.testing.assert_frame_equal(before, b0)
    pd.testing.assert_frame_equal(after, a0)


tiers = st.sampled_from(["A", "B", "C"])


@given(st.dictionaries(st.integers(0, 30), tiers, min_size=1, max_size=20),
       st.dictionaries(st.integers(0, 30), tiers, min_size=1, max_size=20))
@settings(max_examples=25, deadline=None)
def test_every_customer_counted_once(b, a):
    before = pd.DataFrame({"customer_id": list(b), "tier": list(b.values())})
    after = pd.DataFrame({"customer_id": list(a), "tier": list(a.values())})
    m = migration_matrix(before, after, order=["A", "B", "C"])
    assert m.to_numpy().sum() == len(set(b) | set(a))
    assert m.drop(columns="lost").sum(axis=0).sum() == len(a)   # everyone in after, by origin
    assert m.drop(index="new").sum(axis=1).sum() == len(b)      # everyone in before, by target
    s = migration_summary(before, after, order=["A", "B", "C"]).set_index("tier")
    assert s.loc["total", "customers"] == len(set(b) | set(a))
    assert s.loc["A", "up"] == 0 and s.loc["C", "down"] == 0


