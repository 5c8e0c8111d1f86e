"""Transaction summaries computed where the data lives: files larger than memory.

:func:`summarize_files` gives the same table as
:func:`tierlab.summary.summarize_transactions`, but reads Parquet or CSV files
(one file, a folder of them, a glob, or a list) with DuckDB, an embedded
database engine: the receipt lines are scanned and aggregated inside DuckDB,
spilling to disk when they do not fit in memory, and only the per-customer
table (one row per customer) comes back as pandas. RFM and ABC then start from
that summary::

    summary = tl.engines.summarize_files("exports/", customer="member_id")
    rfm = tl.rfm_table(summary=summary, customer="member_id")

Counting rules (purchase periods, returns, observation window) are exactly
those of :mod:`tierlab.summary`; counts, dates and ids are identical and money
columns agree to floating-point rounding (sums added in another order).

DuckDB is imported on first use (install ``tierlab[engines]``).
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tierlab._validation import check_choice

if TYPE_CHECKING:  # duckdb is loaded on first use only
    import duckdb

__all__ = ["summarize_files"]

_TIME_UNITS = {"D": 1.0, "W": 7.0}
_PERIOD_SQL = {"D": "CAST({d} AS DATE)",
               "W": "CAST(date_trunc('week', {d}) AS DATE)",  # ISO weeks start on Monday
               "M": "CAST(date_trunc('month', {d}) AS DATE)"}


def _files(source) -> tuple[list[str], str]:
    """The files behind ``source`` and their format ("parquet" or "csv")."""
    items = [source] if isinstance(source, (str, Path)) else list(source)
    if not items:
        raise ValueError("source must name at least one Parquet or CSV file or folder.")
    files: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix.lower() in
                           (".parquet", ".csv", ".gz") and f.is_file())
            if not found:
                raise ValueError(f"source folder {str(p)!r} holds no .parquet or .csv files.")
            files += found
        elif p.is_file():
            files.append(str(p))
        else:
            matched = sorted(glob.glob(str(item), recursive=True))
            if not matched:
                raise ValueError(f"source {str(item)!r} is not a file, a folder or a pattern "
                                 "that matches files.")
            files += matched
    kinds = {("parquet" if ".parquet" in Path(f).name.lower() else
              "csv" if ".csv" in Path(f).name.lower() else "?") for f in files}
    if kinds - {"parquet", "csv"} or len(kinds) != 1:
        raise ValueError("source must be all Parquet files (.parquet) or all CSV files "
                         f"(.csv, .csv.gz); found {sorted(kinds)} among {len(files)} file(s).")
    return files, kinds.pop()


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def summarize_files(source: str | Path | list[str | Path] | duckdb.DuckDBPyRelation, *,
                    customer: str = "customer_id", date: str = "date",
                    value: str | None = "amount", observation_end: str | pd.Timestamp | None = None,
                    time_unit: str = "D", period: str = "D", returns: str = "net",
                    memory_limit: str = "3GB", threads: int | None = None,
                    connection: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Summarise transactions stored in Parquet or CSV files, without loading them into pandas.

    Parameters
    ----------
    source : str, path, list of them, or a DuckDB relation
        A Parquet or CSV file, a folder of them (searched recursively), a glob
        pattern (``"exports/2024-*.parquet"``), a list of these, or a relation
        of an open DuckDB connection (e.g. ``con.sql("SELECT * FROM sales")``).
    customer, date, value, observation_end, time_unit, period, returns
        As in :func:`tierlab.summary.summarize_transactions`.
    memory_limit : str, default "3GB"
        DuckDB's memory limit; larger data spill to a temporary folder.
    threads : int, optional
        DuckDB threads (default: all cores).
    connection : duckdb.DuckDBPyConnection, optional
        Connection to use (required when ``source`` is a relation of it).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`tierlab.summary.summarize_transactions`, one row per
        customer with a purchase, sorted by customer id.

    Examples
    --------
    >>> summary = summarize_files("exports/", customer="member_id")  # doctest: +SKIP
    """
    import duckdb  # imported on first use

    check_choice(time_unit, "time_unit", tuple(_TIME_UNITS))
    check_choice(period, "period", tuple(_PERIOD_SQL))
    check_choice(returns, "returns", ("net", "exclude"))
    con = connection if connection is not None else duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET enable_progress_bar = false")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if isinstance(source, duckdb.DuckDBPyRelation):
        con.register("_tierlab_source", source)
        src = "_tierlab_source"
    else:
        files, kind = _files(source)
        lst = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
        src = (f"read_parquet({lst}, union_by_name = true)" if kind == "parquet"
               else f"read_csv({lst}, union_by_name = true)")
    cur = con.execute(f"SELECT * FROM {src} LIMIT 0")
    cols = [c[0] for c in cur.description]
    cur.fetchall()
    for role, col in (("customer", customer), ("date", date), ("value", value)):
        if col is not None and col not in cols:
            raise ValueError(f"{role}={col!r} is not a column of the source; its columns are "
                             f"{cols}.")
    c, d = _quote(customer), _quote(date)
    v = _quote(value) if value is not None else "0.0"
    n_missing = con.execute(f"SELECT count(*) FILTER (WHERE {c} IS NULL), "
                        f"count(*) FILTER (WHERE {d} IS NULL), max(CAST({d} AS DATE)), "
                        f"count(*) FROM {src}").fetchall()[0]
    if n_missing[3] == 0:
        raise ValueError("the source has no rows; nothing to summarise.")
    if n_missing[0]:
        raise ValueError(f"customer={customer!r} has {n_missing[0]} missing id(s) in the source; "
                         "filter them out first (e.g. with a DuckDB relation).")
    if n_missing[1]:
        raise ValueError(f"date={date!r} has {n_missing[1]} missing value(s) in the source.")
    end = pd.Timestamp(n_missing[2]) if observation_end is None else pd.Timestamp(observation_end)
    end_day = end.tz_localize(None) if end.tz else end
    end_day = end_day.normalize()
    per = _PERIOD_SQL[period]
    end_p = pd.Timestamp(con.execute(f"SELECT {per.format(d=f'DATE {str(end_day.date())!r}')}")
                         .fetchall()[0][0])
    where = [f"CAST({d} AS DATE) <= DATE '{end_day.date()}'"]
    if returns == "exclude" and value is not None:
        where.append(f"{v} >= 0")
    if returns == "net" and value is not None:
        is_p = "(n_sale > 0 AND (net > 0 OR (net = 0 AND n_ret = 0)))"
    else:
        is_p = "TRUE"
    sql = f"""
    WITH periods AS (
        SELECT {c} AS c, {per.format(d=d)} AS p, SUM(CAST({v} AS DOUBLE)) AS net,
               COUNT(*) FILTER (WHERE {v} >= 0) AS n_sale,
               COUNT(*) FILTER (WHERE {v} < 0) AS n_ret
        FROM {src} WHERE {' AND '.join(where)}
        GROUP BY 1, 2
    ), flagged AS (
        SELECT *, {is_p} AS is_p FROM periods
    ), per AS (
        SELECT c, COUNT(*) FILTER (WHERE is_p) AS n,
               MIN(p) FILTER (WHERE is_p) AS first_p, MAX(p) FILTER (WHERE is_p) AS last_p,
               SUM(net) FILTER (WHERE is_p) AS s, arg_min(net, p) FILTER (WHERE is_p) AS first_v,
               SUM(net) AS total
        FROM flagged GROUP BY c
    )
    SELECT c, n, first_p, last_p, s, first_v, total FROM per WHERE n > 0 ORDER BY c
    """
    r = con.sql(sql).df()
    if connection is None:
        con.close()
    if len(r) == 0:
        raise ValueError(f"no purchases in the source on or before {end_day.date()}.")
    unit = _TIME_UNITS[time_unit]
    first = r["first_p"].to_numpy().astype("datetime64[D]")
    last = r["last_p"].to_numpy().astype("datetime64[D]")
    end64 = np.datetime64(end_p.date(), "D")
    n = r["n"].to_numpy(dtype=np.int64)
    freq = n - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mv = np.where(freq > 0, (r["s"].to_numpy(float) - r["first_v"].to_numpy(float))
                      / np.maximum(freq, 1), 0.0)
    if value is None:
        mv = np.zeros(len(r))
    out = pd.DataFrame({
        customer: r["c"].to_numpy(),
        "frequency": freq,
        "recency": (last - first).astype(np.int64) / unit,
        "T": (end64 - first).astype(np.int64) / unit,
        "monetary_value": mv,
        "n_purchases": n,
        "total_value": r["total"].to_numpy(float) if value is not None else np.zeros(len(r)),
        "first_purchase": pd.to_datetime(first.astype("datetime64[s]")),
        "last_purchase": pd.to_datetime(last.astype("datetime64[s]")),
        "days_since_last": (end64 - last).astype(np.int64),
    })
    out.attrs["time_unit"] = time_unit
    out.attrs["period"] = period
    return out
