"""Tests for tierlab.summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tierlab.summary import calibration_holdout_split, rfm_table, summarize_transactions

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cdnow(cdnow_tx):
    return cdnow_tx


def tx_frame(rows):
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).assign(
        date=lambda d: pd.to_datetime(d["date"]))


def reference_summary(tx, end, unit_days):
    """Slow, obvious re-implementation (returns='exclude' semantics, no negatives)."""
    tx = tx[tx["date"] <= end]
    days = tx.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    rows = []
    for cid, g in days.groupby("customer_id"):
        g = g.sort_values("date")
        n = len(g)
        rows.append({
            "customer_id": cid,
            "frequency": n - 1,
            "recency": (g["date"].iloc[-1] - g["date"].iloc[0]).days / unit_days,
            "T": (end - g["date"].iloc[0]).days / unit_days,
            "monetary_value": g["amount"].iloc[1:].mean() if n > 1 else 0.0,
            "total_value": g["amount"].sum(),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- CDNOW
def test_cdnow_matches_published_summary(cdnow):
    s = summarize_transactions(cdnow, observation_end="1997-09-30", time_unit="W")
    pub = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")
    assert len(s) == len(pub) == 2357
    assert s["customer_id"].tolist() == pub["ID"].tolist()
    assert (s["frequency"].to_numpy() == pub["x"].to_numpy()).all()
    # the published table is rounded to 2 decimals
    tol = 0.005 + 1e-9
    assert np.abs(s["recency"] - pub["t_x"]).max() <= tol
    assert np.abs(s["T"] - pub["T"]).max() <= tol
    assert np.abs(s["monetary_value"] - pub["zbar"]).max() <= tol
    # merging same-day purchases matters on this data: without it x would differ
    raw_counts = cdnow[cdnow["date"] <= "1997-09-30"].groupby("customer_id").size() - 1
    assert (raw_counts.to_numpy() != pub["x"].to_numpy()).any()


def test_cdnow_weeks_are_days_over_seven(cdnow):
    d = summarize_transactions(cdnow, observation_end="1997-09-30", time_unit="D")
    w = summarize_transactions(cdnow, observation_end="1997-09-30", time_unit="W")
    np.testing.assert_allclose(d["T"] / 7, w["T"])
    np.testing.assert_allclose(d["recency"] / 7, w["recency"])
    assert (d["T"] - d["recency"] == d["days_since_last"]).all()
    assert w.attrs["time_unit"] == "W"


# --------------------------------------------------------------------------- semantics
def test_matches_slow_reference_on_random_data():
    rng = np.random.default_rng(7)
    n = 3000
    tx = pd.DataFrame({
        "customer_id": rng.integers(0, 300, n),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200, n), "D"),
        "amount": rng.gamma(2.0, 30.0, n).round(2),
    })
    end = pd.Timestamp("2024-06-15")
    ours = summarize_transactions(tx, observation_end=end, time_unit="W")
    ref = reference_summary(tx, end, 7.0)
    assert ours["customer_id"].tolist() == ref["customer_id"].tolist()
    for col in ["frequency", "recency", "T", "monetary_value", "total_value"]:
        np.testing.assert_allclose(ours[col].to_numpy(), ref[col].to_numpy(), rtol=1e-9,
                                   err_msg=col)
    assert (ours["n_purchases"] == ours["frequency"] + 1).all()


def test_same_day_purchases_merge_and_columns():
    tx = tx_frame([
        ("a", "2024-01-01", 10.0), ("a", "2024-01-01", 5.0),   # one purchase of 15
        ("a", "2024-01-11", 20.0), ("a", "2024-01-21", 40.0),
        ("b", "2024-01-05", 7.0),
    ])
    s = summarize_transactions(tx, observation_end="2024-01-31").set_index("customer_id")
    assert s.loc["a", "frequency"] == 2
    assert s.loc["a", "recency"] == 20
    assert s.loc["a", "T"] == 30
    assert s.loc["a", "monetary_value"] == pytest.approx(30.0)  # mean of 20 and 40
    assert s.loc["a", "total_value"] == pytest.approx(75.0)
    assert s.loc["a", "days_since_last"] == 10
    assert s.loc["a", "first_purchase"] == pd.Timestamp("2024-01-01")
    assert s.loc["a", "last_purchase"] == pd.Timestamp("2024-01-21")
    assert s.loc["b", "frequency"] == 0
    assert s.loc["b", "monetary_value"] == 0.0
    assert s.loc["b", "T"] == 26


def test_observation_end_drops_later_rows_and_defaults_to_last_date():
    tx = tx_frame([("a", "2024-01-01", 10.0), ("a", "2024-02-01", 10.0),
                   ("b", "2024-03-01", 10.0)])
    cut = summarize_transactions(tx, observation_end="2024-01-15")
    assert cut["customer_id"].tolist() == ["a"]
    assert cut["frequency"].tolist() == [0]
    full = summarize_transactions(tx)
    assert full.set_index("customer_id").loc["a", "T"] == 60  # to 2024-03-01


def test_weekly_period_merges_within_monday_weeks():
    # 2024-01-01 is a Monday; 01-07 Sunday same week, 01-08 next week
    tx = tx_frame([("a", "2024-01-01", 1.0), ("a", "2024-01-07", 1.0),
                   ("a", "2024-01-08", 1.0), ("a", "2024-01-20", 1.0)])
    s = summarize_transactions(tx, observation_end="2024-01-31", period="W", time_unit="W")
    assert s["frequency"].tolist() == [2]
    assert s["recency"].tolist() == [2.0]   # week of 01-15 minus week of 01-01
    assert s["T"].tolist() == [4.0]         # week of 01-29


def test_monthly_period():
    tx = tx_frame([("a", "2024-01-03", 1.0), ("a", "2024-01-30", 1.0),
                   ("a", "2024-03-02", 1.0)])
    s = summarize_transactions(tx, period="M")
    assert s["frequency"].tolist() == [1]
    assert s["recency"].tolist() == [60.0]  # 2024-01-01 -> 2024-03-01 in days


def test_returns_net_semantics():
    tx = tx_frame([
        ("a", "2024-01-01", 100.0),
        ("a", "2024-01-05", 50.0), ("a", "2024-01-05", -50.0),  # exchange: nets to 0
        ("a", "2024-01-10", 80.0), ("a", "2024-01-10", -20.0),  # net 60: a purchase
        ("a", "2024-01-12", -30.0),                             # refund on its own day
        ("a", "2024-01-15", 0.0),                               # free item: a purchase
        ("b", "2024-01-03", -10.0),                             # only a return
    ])
    s = summarize_transactions(tx, observation_end="2024-01-20")
    assert s["customer_id"].tolist() == ["a"]            # b made no purchase
    a = s.iloc[0]
    assert a["frequency"] == 2                             # 01-10 and 01-15
    assert a["monetary_value"] == pytest.approx((60.0 + 0.0) / 2)
    assert a["total_value"] == pytest.approx(100 + 0 + 60 - 30 + 0)
    assert a["last_purchase"] == pd.Timestamp("2024-01-15")


def test_returns_exclude_drops_negative_rows():
    tx = tx_frame([("a", "2024-01-01", 100.0), ("a", "2024-01-05", 50.0),
                   ("a", "2024-01-05", -50.0), ("a", "2024-01-12", -30.0)])
    s = summarize_transactions(tx, returns="exclude", observation_end="2024-01-20")
    assert s["frequency"].tolist() == [1]
    assert s["monetary_value"].tolist() == [50.0]
    assert s["total_value"].tolist() == [150.0]


def test_value_none_counts_purchases_only():
    tx = tx_frame([("a", "2024-01-01", -5.0), ("a", "2024-01-02", 1.0)]).drop(columns="amount")
    s = summarize_transactions(tx, value=None)
    assert s["frequency"].tolist() == [1]
    assert s["monetary_value"].tolist() == [0.0]


def test_string_dates_custom_columns_and_no_mutation():
    tx = pd.DataFrame({"cust": ["x", "y", "x"], "day": ["2024-01-01", "2024-01-02", "2024-01-09"],
                       "sales": [1.0, 2.0, 3.0]})
    before = tx.copy()
    s = summarize_transactions(tx, customer="cust", date="day", value="sales")
    pd.testing.assert_frame_equal(tx, before)
    assert list(s.columns[:2]) == ["cust", "frequency"]
    assert s["cust"].tolist() == ["x", "y"]


@pytest.mark.parametrize("ids", [
    [30, 10, 30, 20],                         # dense integers (fast path)
    [3 * 10**15, 10**15, 3 * 10**15, 2 * 10**15],  # sparse integers (hashing path)
    ["c", "a", "c", "b"],                     # text ids
])
def test_id_types_sorted_and_preserved(ids):
    tx = pd.DataFrame({"customer_id": ids, "amount": [1.0, 2.0, 3.0, 4.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-05",
                                               "2024-01-03"])})
    s = summarize_transactions(tx)
    assert s["customer_id"].tolist() == sorted(set(ids))
    assert s["frequency"].tolist() == [0, 0, 1]
    assert s["monetary_value"].tolist() == [0.0, 0.0, 3.0]
    if isinstance(ids[0], int):
        assert s["customer_id"].dtype == tx["customer_id"].dtype


def test_errors_are_clear():
    tx = tx_frame([("a", "2024-01-01", 1.0)])
    with pytest.raises(ValueError, match="customer='member_id' is not a column"):
        summarize_transactions(tx, customer="member_id")
    with pytest.raises(ValueError, match="time_unit must be one of"):
        summarize_transactions(tx, time_unit="M")
    with pytest.raises(ValueError, match="returns must be one of"):
        summarize_transactions(tx, returns="keep")
    missing = pd.DataFrame({"customer_id": ["a", None], "date": ["2024-01-01", "2024-01-02"],
                            "amount": [1.0, 2.0]})
    with pytest.raises(ValueError, match="1 missing id"):
        summarize_transactions(missing)
    bad_date = pd.DataFrame({"customer_id": ["a", "b"], "date": ["2024-01-01", "soon"],
                             "amount": [1.0, 2.0]})
    with pytest.raises(ValueError, match="could not be read as dates.*'soon'"):
        summarize_transactions(bad_date)
    bad_amount = tx.assign(amount=["ten"])
    with pytest.raises(TypeError, match="value='amount' must hold numbers"):
        summarize_transactions(bad_amount)
    with pytest.raises(ValueError, match="no transactions"):
        summarize_transactions(tx, observation_end="2023-01-01")
    with pytest.raises(TypeError, match="DataFrame"):
        summarize_transactions([1, 2, 3])


# --------------------------------------------------------------------------- RFM table
def test_rfm_table():
    tx = tx_frame([("a", "2024-01-01", 10.0), ("a", "2024-01-01", 20.0),
                   ("a", "2024-01-05", 30.0), ("a", "2024-01-06", -5.0),
                   ("b", "2024-01-09", 8.0)])
    r = rfm_table(tx, observation_end="2024-01-10").set_index("customer_id")
    assert list(r.columns) == ["recency", "frequency", "monetary"]
    assert r.loc["a"].tolist() == [5, 2, 55.0]
    assert r.loc["b"].tolist() == [1, 1, 8.0]
    m = rfm_table(tx, observation_end="2024-01-10", monetary="mean").set_index("customer_id")
    assert m.loc["a", "monetary"] == pytest.approx(30.0)
    with pytest.raises(ValueError, match="monetary must be one of"):
        rfm_table(tx, monetary="median")


def test_rfm_table_agrees_with_summary(cdnow):
    r = rfm_table(cdnow)
    s = summarize_transactions(cdnow)
    assert (r["recency"].to_numpy() == s["days_since_last"].to_numpy()).all()
    assert (r["frequency"].to_numpy() == s["n_purchases"].to_numpy()).all()
    np.testing.assert_allclose(r["monetary"], s["total_value"])


# --------------------------------------------------------------------------- holdout
def test_calibration_holdout_split_cdnow(cdnow):
    ch = calibration_holdout_split(cdnow, calibration_end="1997-09-30",
                                   observation_end="1998-06-30", time_unit="W", value="amount")
    assert len(ch) == 2357
    assert (ch["duration_holdout"] == 39.0).all()
    # independent count: distinct purchase days per customer after the calibration end
    hold = cdnow[cdnow["date"] > "1997-09-30"]
    expected = (hold.groupby("customer_id")["date"].nunique()
                .reindex(ch["customer_id"]).fillna(0).to_numpy())
    assert (ch["frequency_holdout"].to_numpy() == expected).all()
    cal = summarize_transactions(cdnow, observation_end="1997-09-30", time_unit="W")
    np.testing.assert_allclose(ch["T_cal"], cal["T"])
    has = ch["frequency_holdout"] > 0
    assert (ch.loc[has, "monetary_value_holdout"] > 0).all()
    assert (ch.loc[~has, "monetary_value_holdout"] == 0).all()


def test_calibration_holdout_excludes_new_customers_and_checks_dates():
    tx = tx_frame([("a", "2024-01-01", 1.0), ("a", "2024-02-10", 1.0),
                   ("a", "2024-02-11", 1.0), ("b", "2024-02-05", 1.0)])
    ch = calibration_holdout_split(tx, calibration_end="2024-01-31",
                                   observation_end="2024-02-29")
    assert ch["customer_id"].tolist() == ["a"]
    assert ch["frequency_holdout"].tolist() == [2]
    assert ch["duration_holdout"].tolist() == [29.0]
    assert "monetary_value_cal" not in ch.columns
    with pytest.raises(ValueError, match="must be after calibration_end"):
        calibration_holdout_split(tx, calibration_end="2024-03-01",
                                  observation_end="2024-02-01")


# --------------------------------------------------------------------------- id fast paths
def _ids_world(seed=0, n=4000):
    rng = np.random.default_rng(seed)
    cust = rng.integers(0, 300, n)
    return pd.DataFrame({
        "cust_int": cust + 7,
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200, n), unit="D"),
        "amount": np.round(rng.gamma(2.0, 20.0, n) * np.where(rng.random(n) < 0.05, -1, 1), 2),
        # shared Python objects (as a generator or pandas' CSV reader makes them)
        "cust_str": np.array([f"M{i:06d}" for i in range(300)], dtype=object)[cust],
    })


@pytest.mark.parametrize("kind", ["object_shared", "object_copies", "str", "category",
                                  "category_unused", "int", "wide_int", "non_ascii"])
def test_every_id_type_gives_the_same_summary(kind):
    tx = _ids_world()
    s = tx["cust_str"]
    if kind == "object_copies":  # equal strings held by different objects
        s = pd.Series(["".join(list(x)) for x in s], dtype=object)
    elif kind == "str":
        s = s.astype("str")
    elif kind == "category":
        s = s.astype("category")
    elif kind == "category_unused":
        s = pd.Categorical(s, categories=sorted(set(s)) + ["Z_unused", "A_unused"])
    elif kind == "int":
        s = tx["cust_int"]
    elif kind == "wide_int":  # sparse integers: the hashing path
        s = tx["cust_int"] * 10**12
    elif kind == "non_ascii":
        s = pd.Series(["客户" + x for x in s], dtype=object)
    data = tx.assign(customer_id=s)
    got = summarize_transactions(data)
    ids = list(got["customer_id"])
    assert ids == sorted(ids)
    assert set(ids) <= set(data["customer_id"])
    base = summarize_transactions(tx, customer="cust_str")
    assert len(got) == len(base)
    for col in ("frequency", "recency", "T", "n_purchases", "days_since_last"):
        np.testing.assert_array_equal(got[col].to_numpy(), base[col].to_numpy())
    np.testing.assert_allclose(got["total_value"], base["total_value"])
    if kind in ("int", "wide_int"):
        mapping = dict(zip(tx["cust_str"], s, strict=True))
        assert ids == [mapping[c] for c in base["cust_str"]]
    else:
        assert [str(x).removeprefix("客户") for x in ids] == list(base["cust_str"])


def test_missing_ids_in_categorical_and_shared_objects_are_reported():
    tx = _ids_world()
    for s in (tx["cust_str"].astype("category"), tx["cust_str"].astype(object)):
        s = s.copy()
        s.iloc[5] = None
        with pytest.raises(ValueError, match="customer='customer_id' has 1 missing id"):
            summarize_transactions(tx.assign(customer_id=s))


def test_mixed_id_types_keep_order_of_appearance():
    tx = tx_frame([(2, "2024-01-01", 1.0), ("b", "2024-01-02", 1.0), (2, "2024-01-03", 1.0)])
    s = summarize_transactions(tx)
    assert list(s["customer_id"]) == [2, "b"]
    assert list(s["n_purchases"]) == [2, 1]


def test_rfm_table_from_a_summary_equals_rfm_table_from_transactions(cdnow):
    s = summarize_transactions(cdnow, observation_end="1997-06-30", time_unit="W")
    direct = rfm_table(cdnow, observation_end="1997-06-30")
    pd.testing.assert_frame_equal(rfm_table(summary=s), direct)


def test_rfm_table_from_a_summary_refuses_what_it_cannot_know(cdnow):
    s = summarize_transactions(cdnow)
    with pytest.raises(ValueError, match="monetary='mean' needs the transactions"):
        rfm_table(summary=s, monetary="mean")
    with pytest.raises(ValueError, match="period='M'"):
        rfm_table(summary=summarize_transactions(cdnow, period="M"))
    with pytest.raises(TypeError, match="not both"):
        rfm_table(cdnow, summary=s)
    with pytest.raises(TypeError, match="needs the transactions"):
        rfm_table()
    with pytest.raises(ValueError, match="observation_end cannot be changed"):
        rfm_table(summary=s, observation_end="1997-01-01")
    with pytest.raises(ValueError, match="days_since_last"):
        rfm_table(summary=s.drop(columns="days_since_last"))


def test_a_fully_returned_basket_nets_to_exactly_zero():
    import pandas as pd

    from tierlab.summary import rfm_table

    tx = pd.DataFrame({"customer_id": ["a"] * 4 + ["b"],
                       "date": pd.to_datetime(["2024-01-02"] * 2 + ["2024-01-05"] * 2
                                              + ["2024-01-03"]),
                       "amount": [0.1, 0.2, -0.1, -0.2, 5.0]})
    assert 0.1 + 0.2 - 0.1 - 0.2 != 0  # float noise, the case this guards against
    out = rfm_table(tx).set_index("customer_id")
    assert out.loc["a", "monetary"] == 0.0


@pytest.mark.parametrize("values", [
    ["b", "a", "b", "a\x00", "a", "", "ab", "aa", "\x00", "a\x00\x00"],  # NULs, empty, prefixes
    ["客户3", "z", "客户1", "é", "e", "客", "客户3"],                          # non-ASCII (UTF-8)
    [f"M{i:06d}" for i in (5, 3, 5, 900000, 3, 12)],                        # one length
    ["x" * k + str(k) for k in (12, 3, 0, 25, 3, 9, 12)],                  # many lengths, > 8 bytes
])
def test_string_ids_sort_and_group_like_python(values):
    from tierlab._ids import _factorize_sorted

    shared = np.array(values, dtype=object)                  # one object per distinct value
    copies = np.array(["".join(list(v)) for v in values] * 3, dtype=object)  # equal, not same
    for arr in (shared, copies):
        codes, uniques = _factorize_sorted(arr)
        want_codes, want = pd.factorize(arr, sort=True)
        assert list(uniques) == list(want) == sorted(set(values))
        np.testing.assert_array_equal(codes, want_codes)


def test_integer_ids_of_a_column_take_the_lookup_path_without_hashing(monkeypatch):
    # a DataFrame column's .array wraps the numpy array; it used to miss the dense path
    import tierlab._ids as ids_module

    tx = _ids_world()
    want = summarize_transactions(tx, customer="cust_int")

    def no_hashing(*args, **kwargs):
        raise AssertionError("dense integer ids were hashed")

    monkeypatch.setattr(ids_module.pd, "factorize", no_hashing)
    got = summarize_transactions(tx, customer="cust_int")
    pd.testing.assert_frame_equal(got, want)
    assert got["cust_int"].tolist() == sorted(set(tx["cust_int"]))
