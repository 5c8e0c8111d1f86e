"""Shared cases for the engine tests (DuckDB and Spark): edge-case lines and the comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd

# the options of summarize_transactions that change the counting rules
CASES = [{}, {"period": "W", "time_unit": "W"}, {"period": "M"}, {"returns": "exclude"},
         {"value": None}, {"observation_end": "2024-01-20"},
         {"period": "W", "observation_end": "2024-01-21 18:00"}]


def edge_lines() -> pd.DataFrame:
    """A small log with every rule the in-memory summary applies (ids as strings)."""
    rows = [
        ("a", "2024-01-01 09:00", 100.0),
        ("a", "2024-01-05 10:00", 50.0), ("a", "2024-01-05 17:30", -50.0),  # exchange: nets to 0
        ("a", "2024-01-10 23:59", 80.0), ("a", "2024-01-10 08:00", -20.0),  # net 60: a purchase
        ("a", "2024-01-12 12:00", -30.0),                                   # refund on its own day
        ("a", "2024-01-15 00:00", 0.0),                                     # free item: a purchase
        ("b", "2024-01-03 11:00", -10.0),                                   # only a return
        ("c", "2024-01-07 20:00", 12.5), ("c", "2024-01-08 07:00", 7.5),    # Sunday, then Monday
        ("c", "2024-01-21 21:00", 3.0), ("c", "2024-01-31 10:00", 4.0),     # Sunday; month end
        ("c", "2024-02-01 10:00", 5.0), ("c", "2024-02-04 10:00", -5.0),    # month start; return
        ("d", "2023-12-31 23:00", 40.0), ("d", "2024-01-01 01:00", -40.0),  # return next day
        ("d", "2024-02-29 15:00", 9.99),                                    # leap day
        ("e", "2024-01-25 12:00", 30.0),                                    # after 01-20 only
        ("Z\u00e9", "2024-01-02 12:00", 1.0), ("10", "2024-01-02 12:00", 2.0),  # id order
    ]
    return pd.DataFrame({"member_id": [r[0] for r in rows],
                         "date": pd.to_datetime([r[1] for r in rows]),
                         "amount": [r[2] for r in rows]})


def write_parquet(frame: pd.DataFrame, path) -> None:
    """Write ``frame`` to one Parquet file with DuckDB (timestamps in microseconds, as Spark reads)."""
    import duckdb

    con = duckdb.connect()
    frame = frame.copy()
    for col in frame.columns:
        if str(frame[col].dtype) == "datetime64[ns]":
            frame[col] = frame[col].astype("datetime64[us]")
    con.register("frame", frame)
    con.execute(f"COPY frame TO '{path}' (FORMAT parquet)").fetchall()
    con.close()


def assert_same_summary(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Ids, counts, times and dates identical; money equal to floating-point rounding."""
    assert list(a.columns) == list(b.columns)
    assert (a.dtypes == b.dtypes).all(), (a.dtypes, b.dtypes)
    assert a.attrs == b.attrs
    assert len(a) == len(b), (len(a), len(b))
    for col in a.columns:
        x, y = a[col].to_numpy(), b[col].to_numpy()
        if col in ("monetary_value", "total_value"):  # sums added in another order
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9, err_msg=col)
        else:
            assert (x == y).all(), (col, x, y)
