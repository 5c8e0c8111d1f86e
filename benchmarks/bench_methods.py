"""Benchmark tierlab's transaction summaries and tiering against peers.

Times, on synthetic transaction logs of 1M and 10M rows (numpy, seeded):

* ``tierlab.summarize_transactions`` vs the same aggregation in DuckDB (SQL on
  the pandas DataFrame, result fetched back as a DataFrame) and vs lifetimes'
  ``summary_data_from_transaction_data`` (on a sample, extrapolated linearly;
  failures, e.g. on pandas 3, are caught and reported);
* ``tierlab.rfm_table`` + ``rfm_scores`` + ``rfm_segments`` vs a DuckDB RFM query
  and a plain pandas groupby;
* ``tierlab.abc_classify`` on the per-customer totals;
* BG/NBD and Gamma-Gamma fits on the CDNOW sample (tests/data).

Results are checked for agreement (ours vs DuckDB) before times are printed.
Peak memory: tracemalloc peak of one extra run of ours (numpy and pandas report
their buffers to tracemalloc) and the process maximum resident set size.

Usage::

    python benchmarks/bench_methods.py                 # sizes 1e6,1e7
    python benchmarks/bench_methods.py --sizes 1e6     # one size
    python benchmarks/bench_methods.py --quick         # 1e5 and 1e6, fewer repeats
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tierlab  # noqa: E402
from tierlab.clv import BetaGeoModel, GammaGammaModel  # noqa: E402
from tierlab.summary import rfm_table, summarize_transactions  # noqa: E402

try:  # the tiering families are written by another engineer; use them if present
    from tierlab.pareto import abc_classify
    from tierlab.rfm import rfm_scores, rfm_segments
except ImportError:  # pragma: no cover
    abc_classify = rfm_scores = rfm_segments = None

START = np.datetime64("2023-01-01")
DAYS = 730


def make_transactions(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic transactions: n/10 customers, 2 years, ~3% returns."""
    rng = np.random.default_rng(seed)
    n_cust = max(n // 10, 1)
    # skewed activity: some customers buy far more often than others
    weights = rng.gamma(0.6, 1.0, n_cust)
    cust = rng.choice(n_cust, size=n, p=weights / weights.sum()).astype(np.int64) + 100_000
    days = rng.integers(0, DAYS, n)
    amount = np.round(rng.gamma(2.0, 40.0, n), 2)
    ret = rng.random(n) < 0.03
    amount[ret] = -np.round(amount[ret] * rng.uniform(0.2, 1.0, ret.sum()), 2)
    return pd.DataFrame({
        "customer_id": cust,
        "date": pd.to_datetime(START + days.astype("timedelta64[D]")),
        "amount": amount,
    })


def best_time(fn, repeat: int):
    best, out = np.inf, None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


# --------------------------------------------------------------------------- peers
DUCKDB_SUMMARY = """
WITH days AS (
    SELECT customer_id AS c, CAST(date AS DATE) AS d, SUM(amount) AS net,
           COUNT(*) FILTER (WHERE amount >= 0) AS n_sale,
           COUNT(*) FILTER (WHERE amount < 0) AS n_ret
    FROM df WHERE CAST(date AS DATE) <= DATE '{end}'
    GROUP BY 1, 2
), flagged AS (
    SELECT *, (n_sale > 0 AND (net > 0 OR (net = 0 AND n_ret = 0))) AS is_p FROM days
), per AS (
    SELECT c,
           COUNT(*) FILTER (WHERE is_p) AS n,
           MIN(d) FILTER (WHERE is_p) AS first_d,
           MAX(d) FILTER (WHERE is_p) AS last_d,
           SUM(net) FILTER (WHERE is_p) AS s,
           arg_min(net, d) FILTER (WHERE is_p) AS first_v,
           SUM(net) AS total
    FROM flagged GROUP BY c
)
SELECT c AS customer_id, n - 1 AS frequency,
       datediff('day', first_d, last_d) AS recency,
       datediff('day', first_d, DATE '{end}') AS "T",
       CASE WHEN n > 1 THEN (s - first_v) / (n - 1) ELSE 0 END AS monetary_value,
       n AS n_purchases, total AS total_value, first_d AS first_purchase,
       last_d AS last_purchase, datediff('day', last_d, DATE '{end}') AS days_since_last
FROM per WHERE n > 0 ORDER BY c
"""

DUCKDB_RFM = """
WITH days AS (
    SELECT customer_id AS c, CAST(date AS DATE) AS d, SUM(amount) AS net,
           COUNT(*) FILTER (WHERE amount >= 0) AS n_sale,
           COUNT(*) FILTER (WHERE amount < 0) AS n_ret
    FROM df WHERE CAST(date AS DATE) <= DATE '{end}'
    GROUP BY 1, 2
), per AS (
    SELECT c, MAX(d) FILTER (WHERE n_sale > 0 AND (net > 0 OR (net = 0 AND n_ret = 0))) AS last_d,
           COUNT(*) FILTER (WHERE n_sale > 0 AND (net > 0 OR (net = 0 AND n_ret = 0))) AS n,
           SUM(net) AS total
    FROM days GROUP BY c
)
SELECT c AS customer_id, datediff('day', last_d, DATE '{end}') AS recency,
       n AS frequency, total AS monetary
FROM per WHERE n > 0 ORDER BY c
"""


def pandas_groupby_rfm(df: pd.DataFrame, end) -> pd.DataFrame:
    """The plain groupby a learner would write (every dated row counts, returns too)."""
    g = df.groupby("customer_id")
    out = pd.DataFrame({"recency": (end - g["date"].max()).dt.days,
                        "frequency": g["date"].nunique(), "monetary": g["amount"].sum()})
    return out.reset_index()


def run_lifetimes(df: pd.DataFrame, end):
    from lifetimes.utils import summary_data_from_transaction_data

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return summary_data_from_transaction_data(
            df, "customer_id", "date", monetary_value_col="amount", observation_period_end=end)


def peak_mb(fn) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


# --------------------------------------------------------------------------- main
def bench_size(n: int, repeat: int, lifetimes_rows: int, con) -> dict:
    print(f"\n=== {n:,} transactions ===", flush=True)
    t0 = time.perf_counter()
    df = make_transactions(n)
    end = df["date"].max()
    print(f"generated in {time.perf_counter() - t0:.2f} s: {df['customer_id'].nunique():,} "
          f"customers, {DAYS} days, {(df['amount'] < 0).mean():.1%} return rows")
    res: dict = {"n": n}
    con.register("df", df)

    t_ours, ours = best_time(lambda: summarize_transactions(df, observation_end=end), repeat)
    sql = DUCKDB_SUMMARY.format(end=end.date())
    t_duck, duck = best_time(lambda: con.sql(sql).df(), repeat)
    # agreement check, so the race is between equal results
    assert len(ours) == len(duck), (len(ours), len(duck))
    for col in ("customer_id", "frequency", "recency", "T", "n_purchases", "days_since_last"):
        assert (ours[col].to_numpy() == duck[col].to_numpy()).all(), col
    for col in ("monetary_value", "total_value"):
        np.testing.assert_allclose(ours[col], duck[col], rtol=1e-9, atol=1e-6)
    res.update(summary_ours=t_ours, summary_duckdb=t_duck)
    print(f"summarize_transactions  ours {t_ours:7.2f} s | duckdb {t_duck:7.2f} s | "
          f"ours/duckdb {t_ours / t_duck:5.2f}  (results identical)")

    # lifetimes on a sample, extrapolated linearly
    m = min(lifetimes_rows, n)
    sample = df.iloc[:m]
    try:
        run_lifetimes(sample.iloc[:1000], end)  # warm up: import and first-call costs
        t_lt, _ = best_time(lambda: run_lifetimes(sample, end), 1)
        t_ours_s, _ = best_time(lambda: summarize_transactions(sample, observation_end=end),
                                repeat)
        est = t_lt * n / m
        res.update(lifetimes=est, lifetimes_sample_rows=m)
        note = "" if m == n else f" (measured {t_lt:.2f} s on {m:,} rows, x{n / m:.0f})"
        print(f"lifetimes summary       {est:7.2f} s{note} | lifetimes/ours {est / t_ours:6.1f}"
              f"  (same sample: {t_lt / t_ours_s:.1f}x)")
    except Exception as exc:  # noqa: BLE001 - report any failure of the peer
        res.update(lifetimes=None, lifetimes_error=f"{type(exc).__name__}: {exc}")
        print(f"lifetimes summary       FAILED: {type(exc).__name__}: {str(exc)[:200]}")

    # RFM: table + scores + segments
    def ours_rfm():
        r = rfm_table(df, observation_end=end)
        if rfm_scores is not None:
            r = rfm_segments(rfm_scores(r))
        return r

    t_rfm_table, rt = best_time(lambda: rfm_table(df, observation_end=end), repeat)
    t_rfm, _ = best_time(ours_rfm, repeat)
    rsql = DUCKDB_RFM.format(end=end.date())
    t_rfm_duck, rd = best_time(lambda: con.sql(rsql).df(), repeat)
    for col in ("customer_id", "recency", "frequency"):
        assert (rt[col].to_numpy() == rd[col].to_numpy()).all(), col
    np.testing.assert_allclose(rt["monetary"], rd["monetary"], rtol=1e-9, atol=1e-6)
    t_rfm_pd, _ = best_time(lambda: pandas_groupby_rfm(df, end), 1)
    res.update(rfm_table=t_rfm_table, rfm_full=t_rfm, rfm_duckdb=t_rfm_duck,
               rfm_pandas_groupby=t_rfm_pd)
    what = "+ rfm_scores + rfm_segments" if rfm_scores is not None else "(no rfm module)"
    print(f"rfm_table               ours {t_rfm_table:7.2f} s | duckdb {t_rfm_duck:7.2f} s | "
          f"ours/duckdb {t_rfm_table / t_rfm_duck:5.2f} | pandas groupby {t_rfm_pd:6.2f} s")
    print(f"rfm_table {what}: {t_rfm:.2f} s")

    if abc_classify is not None:
        totals = rt[["customer_id", "monetary"]].rename(columns={"monetary": "amount"})
        totals = totals[totals["amount"] >= 0]
        t_abc, _ = best_time(lambda: abc_classify(totals), repeat)
        res.update(abc=t_abc)
        print(f"abc_classify on {len(totals):,} customer totals: {t_abc:.2f} s")

    res["peak_mb_summary"] = peak_mb(lambda: summarize_transactions(df, observation_end=end))
    data_mb = df.memory_usage(deep=True).sum() / 2**20
    print(f"peak traced memory of summarize_transactions: {res['peak_mb_summary']:.0f} MB "
          f"(input DataFrame {data_mb:.0f} MB)")
    con.unregister("df")
    df = ours = duck = None  # free memory before the next size
    gc.collect()
    return res


def bench_models(repeat: int) -> dict:
    tx = pd.read_csv(ROOT / "tests" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                     names=["master_id", "customer_id", "date", "cds", "amount"],
                     dtype={"date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    s = summarize_transactions(tx, observation_end="1997-09-30", time_unit="W")
    t_bg, bg = best_time(lambda: BetaGeoModel().fit(s), repeat)
    t_gg, gg = best_time(lambda: GammaGammaModel().fit(s), repeat)
    print("\n=== models on CDNOW (2,357 customers, weekly) ===")
    print(f"BG/NBD fit       {t_bg:.3f} s  {bg}")
    print(f"Gamma-Gamma fit  {t_gg:.3f} s  {gg}")
    out = {"bgnbd_fit": t_bg, "gg_fit": t_gg}
    try:
        from lifetimes import BetaGeoFitter

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_lbg, _ = best_time(lambda: BetaGeoFitter().fit(s["frequency"], s["recency"],
                                                             s["T"]), repeat)
        out["lifetimes_bgnbd_fit"] = t_lbg
        print(f"lifetimes BetaGeoFitter.fit {t_lbg:.3f} s (lifetimes/ours {t_lbg / t_bg:.1f})")
    except Exception as exc:  # noqa: BLE001
        print(f"lifetimes BetaGeoFitter.fit FAILED: {type(exc).__name__}: {str(exc)[:200]}")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1e6,1e7",
                    help="comma-separated numbers of transactions (default 1e6,1e7)")
    ap.add_argument("--quick", action="store_true", help="sizes 1e5,1e6 and one repeat")
    ap.add_argument("--repeat", type=int, default=2, help="timing repeats, best kept")
    ap.add_argument("--lifetimes-rows", type=float, default=2e6,
                    help="rows given to lifetimes (it is slow); time is extrapolated")
    args = ap.parse_args(argv)
    sizes = [int(float(s)) for s in ("1e5,1e6" if args.quick else args.sizes).split(",")]
    repeat = 1 if args.quick else args.repeat
    lt_rows = int(2e5 if args.quick else args.lifetimes_rows)

    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    threads = con.sql("SELECT current_setting('threads')").fetchall()[0][0]
    print(f"tierlab {tierlab.__version__} | python {platform.python_version()} | "
          f"pandas {pd.__version__} | numpy {np.__version__} | duckdb {duckdb.__version__} "
          f"({threads} threads) | {os.cpu_count()} CPUs | {platform.machine()}")
    print("load average at start: {:.1f} {:.1f} {:.1f} (timings are noisy when it exceeds "
          "the CPU count)".format(*os.getloadavg()))

    results = []
    for n in sizes:
        results.append(bench_size(n, repeat, lt_rows, con))
    models = bench_models(max(repeat, 3))

    print("\n=== summary ===")
    print(f"{'rows':>12} {'ours s':>8} {'duckdb s':>9} {'ours/duck':>10} {'lifetimes/ours':>15}"
          f" {'rfm ours/duck':>14} {'peak MB':>8}")
    for r in results:
        lt = r.get("lifetimes")
        ltr = f"{lt / r['summary_ours']:15.1f}" if lt else f"{'failed':>15}"
        print(f"{r['n']:>12,} {r['summary_ours']:8.2f} {r['summary_duckdb']:9.2f} "
              f"{r['summary_ours'] / r['summary_duckdb']:10.2f} {ltr} "
              f"{r['rfm_table'] / r['rfm_duckdb']:14.2f} {r['peak_mb_summary']:8.0f}")
    print(f"BG/NBD fit on CDNOW: {models['bgnbd_fit']:.3f} s; Gamma-Gamma: "
          f"{models['gg_fit']:.3f} s")
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MB")
    return results, models


if __name__ == "__main__":
    main()
