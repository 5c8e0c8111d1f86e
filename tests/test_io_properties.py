"""Property tests (issue 11): on random transaction logs, summary, RFM and ABC do not
depend on row order, and read_transactions loses no row without a report line."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tierlab.io import read_transactions
from tierlab.pareto import abc_classify
from tierlab.rfm import rfm_scores
from tierlab.summary import rfm_table, summarize_transactions

IDS = ["00123", "00456", "A7", "B12", "c3", "9"]

row = st.tuples(
    st.sampled_from(IDS),
    st.dates(min_value=pd.Timestamp("2023-01-01").date(),
             max_value=pd.Timestamp("2024-06-30").date()),
    st.integers(min_value=1, max_value=200000).map(lambda c: c / 100),
)
logs = st.lists(row, min_size=1, max_size=40)


def _frame(rows):
    return pd.DataFrame({"customer_id": [r[0] for r in rows],
                         "date": pd.to_datetime([r[1] for r in rows]),
                         "amount": [r[2] for r in rows]})


def _by_id(df):
    return df.sort_values("customer_id", kind="mergesort").reset_index(drop=True)


@settings(max_examples=25, deadline=None)
@given(logs, st.randoms(use_true_random=False))
def test_summary_rfm_abc_do_not_depend_on_row_order(rows, rnd):
    tx = _frame(rows)
    order = list(range(len(tx)))
    rnd.shuffle(order)
    shuffled = tx.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(_by_id(summarize_transactions(tx)),
                                  _by_id(summarize_transactions(shuffled)))
    r1, r2 = rfm_table(tx), rfm_table(shuffled)
    pd.testing.assert_frame_equal(_by_id(r1), _by_id(r2))
    pd.testing.assert_frame_equal(_by_id(rfm_scores(r1)), _by_id(rfm_scores(r2)))
    a1 = abc_classify(r1, value="monetary", negative="last")
    a2 = abc_classify(r2.iloc[::-1].reset_index(drop=True), value="monetary", negative="last")
    pd.testing.assert_frame_equal(_by_id(a1), _by_id(a2))


messy_id = st.sampled_from(IDS + [None, "", " 00123\t", "散客", "0000", "非会员"])
messy_date = st.sampled_from(["2024-01-05", "2024/2/3", "2024年3月9日", "20240105", None,
                              "not a date", "", "13/01/2024"])
messy_amount = st.sampled_from(["12.50", "¥1,234.50", "(45.00)", "-3", "", None, "abc",
                                "30元", "inf", 7, 2.25])
messy_rows = st.lists(st.tuples(messy_id, messy_date, messy_amount), min_size=1, max_size=30)


@settings(max_examples=30, deadline=None)
@given(messy_rows, st.randoms(use_true_random=False))
def test_reader_loses_no_row_without_a_report_line_and_ignores_row_order(rows, rnd):
    raw = pd.DataFrame(rows, columns=["会员号", "交易日期", "实付金额"])
    res = read_transactions(raw, verbose=False)
    assert res.n_read == len(raw)
    assert res.n_read - len(res.data) == res.n_removed
    assert len(res.walk_ins) == sum(res.report.loc[res.report["action"].str.startswith(
        "set apart"), "rows"])
    assert res.data["amount"].map(np.isfinite).all()
    order = list(range(len(raw)))
    rnd.shuffle(order)
    again = read_transactions(raw.iloc[order], verbose=False)
    cols = ["customer_id", "date", "amount"]
    key = lambda d: d[cols].astype(str).sort_values(cols).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(key(res.data), key(again.data))
    pd.testing.assert_frame_equal(
        res.report.drop(columns="example").sort_values("issue").reset_index(drop=True),
        again.report.drop(columns="example").sort_values("issue").reset_index(drop=True))
