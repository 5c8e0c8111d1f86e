"""The peer of the engines benchmark: the summary as one hand-written DuckDB SQL query.

This is the query ``tierlab.engines`` ran before the portable (Narwhals) expression
replaced it; ``bench_scale.py`` times both on the same files. It returns the same
per-customer table (via ``tierlab.engines._finish``).
"""

from __future__ import annotations

import pandas as pd


def sql_summary(folder, customer: str = "member_id", date: str = "date", value: str = "amount",
                memory_limit: str = "2GB", threads: int = 2) -> pd.DataFrame:
    import duckdb

    from tierlab.engines import _finish

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    src = f"read_parquet('{folder}/**/*.parquet')"
    c, d, v = f'"{customer}"', f'"{date}"', f'"{value}"'
    end = pd.Timestamp(con.execute(f"SELECT max(CAST({d} AS DATE)) FROM {src}").fetchall()[0][0])
    sql = f"""
    WITH periods AS (
        SELECT {c} AS c, CAST({d} AS DATE) AS p, SUM(CAST({v} AS DOUBLE)) AS net,
               COUNT(*) FILTER (WHERE {v} >= 0) AS n_sale,
               COUNT(*) FILTER (WHERE {v} < 0) AS n_ret
        FROM {src} WHERE CAST({d} AS DATE) <= DATE '{end.date()}'
        GROUP BY 1, 2
    ), flagged AS (
        SELECT *, (n_sale > 0 AND (net > 0 OR (net = 0 AND n_ret = 0))) AS is_p FROM periods
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
    con.close()
    return _finish(r, customer, value, end, "D", "D")
