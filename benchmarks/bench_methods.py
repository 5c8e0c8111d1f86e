"""Benchmark the tiering pipeline against peers doing the same work, on the course's data.

Data: ``make_retail`` transaction logs (ids like ``"M000001"``, ~3% return lines), run
twice: with the string ids as generated, and with the same ids as integers.

Steps, each against a peer that does the same work, results checked equal before timing:

* transaction summary -- ``summarize_transactions`` vs DuckDB SQL;
* RFM -- ``rfm_table(summary=...)`` + ``rfm_scores`` vs DuckDB SQL (rank quintiles,
  ties by customer id, cells and sums);
* ABC -- ``abc_classify`` of the RFM monetary value vs DuckDB SQL (window sums);
* the whole pipeline (summary + RFM + ABC), as a learner runs it;
* lifetimes' ``summary_data_from_transaction_data`` vs ``summarize_transactions`` on the same
  sample of sale lines, lifetimes running in its own virtual environment
  (``benchmarks/.venv-lifetimes``, created on demand with uv: lifetimes needs pandas < 3);
* ``clv_table`` (BG/NBD + Gamma-Gamma fits and the CLV) on a 300,000-member world vs
  lifetimes' ``BetaGeoFitter``, ``GammaGammaFitter`` and ``customer_lifetime_value``
  (parameters and every member's CLV checked equal).

Timing: medians of interleaved repeats (contestants take turns), wall and CPU time (CPU
time counts DuckDB's threads too); DuckDB runs with 2 threads. The machine's load is
printed; on a busy machine trust CPU time and ratios. Every goal prints PASS or MISS,
judged on CPU time.

Usage::

    python benchmarks/bench_methods.py                    # 1M and 10M lines (measured peak 6.3 GB RAM)
    python benchmarks/bench_methods.py --lines 1e6        # one size
    python benchmarks/bench_methods.py --quick            # 200k lines, 100k CLV members
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import interleaved, load, measure, verdict  # noqa: E402

import tierlab  # noqa: E402
from tierlab.clv import BetaGeoModel, GammaGammaModel, clv_table  # noqa: E402
from tierlab.datasets import make_retail  # noqa: E402
from tierlab.pareto import abc_classify  # noqa: E402
from tierlab.rfm import rfm_scores  # noqa: E402
from tierlab.summary import rfm_table, summarize_transactions  # noqa: E402

LINES_PER_MEMBER = 3.52  # measured mean lines per member of make_retail's defaults (as bench_generate)
LT_VENV = ROOT / "benchmarks" / ".venv-lifetimes"
ID = "member_id"

# --------------------------------------------------------------------------- DuckDB peers
SUMMARY_SQL = """
WITH days AS (
    SELECT {id} AS c, CAST(date AS DATE) AS d, SUM(amount) AS net,
           COUNT(*) FILTER (WHERE amount >= 0) AS n_sale,
           COUNT(*) FILTER (WHERE amount < 0) AS n_ret
    FROM {src} WHERE CAST(date AS DATE) <= DATE '{end}'
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
SELECT c AS {id}, n - 1 AS frequency,
       datediff('day', first_d, last_d) AS recency,
       datediff('day', first_d, DATE '{end}') AS "T",
       CASE WHEN n > 1 THEN (s - first_v) / (n - 1) ELSE 0 END AS monetary_value,
       n AS n_purchases, total AS total_value, first_d AS first_purchase,
       last_d AS last_purchase, datediff('day', last_d, DATE '{end}') AS days_since_last
FROM per WHERE n > 0 ORDER BY c
"""

SCORES_SQL = """
WITH sc AS (
    SELECT {id}, days_since_last AS recency, n_purchases AS frequency, total_value AS monetary,
           1 + ((row_number() OVER (ORDER BY days_since_last DESC, {id}) - 1) * 5)
               // count(*) OVER () AS r_score,
           1 + ((row_number() OVER (ORDER BY n_purchases, {id}) - 1) * 5)
               // count(*) OVER () AS f_score,
           1 + ((row_number() OVER (ORDER BY total_value, {id}) - 1) * 5)
               // count(*) OVER () AS m_score
    FROM {s}
)
SELECT *, CAST(r_score AS VARCHAR) || CAST(f_score AS VARCHAR) || CAST(m_score AS VARCHAR)
          AS rfm_cell, r_score + f_score + m_score AS rfm_score
FROM sc ORDER BY {id}
"""

ABC_SQL = """
WITH o AS (
    SELECT {id}, total_value AS monetary, greatest(total_value, 0) AS c,
           row_number() OVER (ORDER BY total_value DESC, {id}) AS rank
    FROM {s}
), t AS (
    SELECT *, sum(c) OVER (ORDER BY rank ROWS UNBOUNDED PRECEDING) AS cum,
           sum(c) OVER () AS tot
    FROM o
)
SELECT {id}, monetary, c / tot AS share, least(cum / tot, 1.0) AS cumulative_share, rank,
       CASE WHEN monetary < 0 THEN 'C'
            WHEN (cum - c) / tot >= 0.95 - 1e-12 THEN 'C'
            WHEN (cum - c) / tot >= 0.8 - 1e-12 THEN 'B' ELSE 'A' END AS tier
FROM t ORDER BY rank
"""


# --------------------------------------------------------------------------- data
def retail_log(lines: int, seed: int = 1) -> pd.DataFrame:
    members = max(int(lines / LINES_PER_MEMBER), 10)
    tx = make_retail(n_members=members, random_state=seed).transactions
    return tx[[ID, "date", "amount"]].copy()


def with_int_ids(tx: pd.DataFrame) -> pd.DataFrame:
    ids = tx[ID].astype(object)
    return tx.assign(**{ID: pd.Series(ids.str[1:].astype(np.int64).to_numpy(), index=tx.index)})


# --------------------------------------------------------------------------- contestants
def ours_summary(df, end):
    return summarize_transactions(df, customer=ID, observation_end=end)


def ours_rfm(s):
    return rfm_scores(rfm_table(summary=s, customer=ID), customer=ID)


def ours_abc(rfm):
    return abc_classify(rfm, customer=ID, value="monetary", negative="last")


def ours_pipeline(df, end):
    s = ours_summary(df, end)
    rfm = ours_rfm(s)
    return s, rfm, ours_abc(rfm)


def duck_pipeline(con, end):
    con.execute("CREATE OR REPLACE TEMP TABLE s AS "
                + SUMMARY_SQL.format(id=ID, src="df", end=end))
    s = con.sql("SELECT * FROM s ORDER BY " + ID).df()
    return (s, con.sql(SCORES_SQL.format(id=ID, s="s")).df(),
            con.sql(ABC_SQL.format(id=ID, s="s")).df())


def check_equal(what, ours, peer, exact, close=(), same_ids=True):
    """Assert that two tables agree: ``exact`` columns equal, ``close`` to 1e-9."""
    assert len(ours) == len(peer), f"{what}: {len(ours)} vs {len(peer)} rows"
    if same_ids:
        a = np.asarray(ours[ID].to_numpy()).astype(str)
        b = np.asarray(peer[ID].to_numpy()).astype(str)
        assert (a == b).all(), f"{what}: customer ids differ"
    for col in exact:
        a, b = np.asarray(ours[col].to_numpy()), np.asarray(peer[col].to_numpy())
        if a.dtype.kind == "M" or b.dtype.kind == "M":
            a, b = a.astype("datetime64[D]"), b.astype("datetime64[D]")
        if a.dtype.kind == "O" or b.dtype.kind == "O" or col == "tier":
            a, b = a.astype(str), b.astype(str)
        assert (a == b).all(), f"{what}: column {col} differs"
    for col in close:
        np.testing.assert_allclose(ours[col].to_numpy(dtype=float),
                                   peer[col].to_numpy(dtype=float), rtol=1e-9, atol=1e-6,
                                   err_msg=f"{what}: column {col}")


def row(label, ours, peer, peer_name="duckdb"):
    r_wall, r_cpu = ours["wall"] / peer["wall"], ours["cpu"] / peer["cpu"]
    print(f"  {label:<22} tierlab {ours['wall']:6.2f} s wall {ours['cpu']:6.2f} s CPU | "
          f"{peer_name} {peer['wall']:6.2f} s wall {peer['cpu']:6.2f} s CPU | "
          f"ratio wall {r_wall:4.2f} CPU {r_cpu:4.2f}", flush=True)
    return r_wall, r_cpu


def bench_ids(df, kind, con, repeat) -> dict:
    end = df["date"].max()
    end_s = str(end.date())
    con.register("df", df)
    print(f"\n-- {kind} ids ({df[ID].dtype}), {len(df):,} lines, {df[ID].nunique():,} members, "
          f"{load()}", flush=True)

    s, rfm, abc = ours_pipeline(df, end)
    ds, _, _ = duck_pipeline(con, end_s)
    check_equal("summary", s, ds,
                ["frequency", "recency", "T", "n_purchases", "days_since_last",
                 "first_purchase", "last_purchase"], ["monetary_value", "total_value"])
    # scores and tiers from the same summary numbers (sums of floats in another order can
    # differ in the last bit, which would reorder customers of equal spend)
    con.register("ours_s", s)
    drfm = con.sql(SCORES_SQL.format(id=ID, s="ours_s")).df()
    dabc = con.sql(ABC_SQL.format(id=ID, s="ours_s")).df()
    con.unregister("ours_s")
    check_equal("rfm", rfm, drfm, ["recency", "frequency", "r_score", "f_score", "m_score",
                                   "rfm_cell", "rfm_score"], ["monetary"])
    check_equal("abc", abc, dabc, ["rank", "tier"], ["monetary", "share", "cumulative_share"])
    print("  results equal: summary, RFM scores and ABC tiers (every customer, every column)")

    out = {}
    con.execute("CREATE OR REPLACE TEMP TABLE s AS "
                + SUMMARY_SQL.format(id=ID, src="df", end=end_s))
    steps = {
        "summary": ({"tierlab": lambda: ours_summary(df, end),
                     "duckdb": lambda: con.sql(SUMMARY_SQL.format(id=ID, src="df",
                                                                  end=end_s)).df()}),
        "RFM scores": ({"tierlab": lambda: ours_rfm(s),
                        "duckdb": lambda: con.sql(SCORES_SQL.format(id=ID, s="s")).df()}),
        "ABC": ({"tierlab": lambda: ours_abc(rfm),
                 "duckdb": lambda: con.sql(ABC_SQL.format(id=ID, s="s")).df()}),
        "pipeline": ({"tierlab": lambda: ours_pipeline(df, end),
                      "duckdb": lambda: duck_pipeline(con, end_s)}),
    }
    for name, contestants in steps.items():
        t = interleaved(contestants, repeat)
        out[name] = row(name, t["tierlab"], t["duckdb"])
    con.unregister("df")
    return out


# --------------------------------------------------------------------------- lifetimes
def lifetimes_python() -> Path | None:
    """The lifetimes environment's python, created with uv on first use (None if impossible)."""
    py = LT_VENV / "bin" / "python"
    if py.exists():
        return py
    uv = [sys.executable, "-m", "uv"]
    try:
        subprocess.run(uv + ["venv", "-q", "-p", sys.executable, str(LT_VENV)], check=True)
        subprocess.run(uv + ["pip", "install", "-q", "-p", str(py), "lifetimes", "pandas<3",
                             "setuptools<81", "numpy<2.3"], check=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"  lifetimes environment could not be created ({exc}); skipped")
        shutil.rmtree(LT_VENV, ignore_errors=True)
        return None
    return py


def bench_lifetimes(tx, kind, rows, repeat) -> dict | None:
    py = lifetimes_python()
    if py is None:
        return None
    sale = tx[tx["amount"] > 0].iloc[:rows]  # lifetimes does not net returns: sale lines only
    end = sale["date"].max()
    tmp = Path(tempfile.mkdtemp(prefix="tierlab-lt-"))
    ids = sale[ID].to_numpy()
    ids = ids.astype(str) if kind == "string" else ids.astype(np.int64)
    days = sale["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    np.savez(tmp / "in.npz", ids=ids, days=days, amount=sale["amount"].to_numpy(),
             end=np.int64(np.datetime64(end, "D").astype(np.int64)))
    child = [str(py), str(ROOT / "benchmarks" / "_lifetimes_child.py"), str(tmp / "in.npz"),
             str(tmp / "out.npz")]
    theirs = {"wall": [], "cpu": []}
    ours = {"wall": [], "cpu": []}
    try:
        # an untimed round first: both results checked equal before anything is timed
        s = summarize_transactions(sale, customer=ID, observation_end=end)
        subprocess.run(child, capture_output=True, text=True, check=True)
        lt = np.load(tmp / "out.npz", allow_pickle=False)
        peer = pd.DataFrame({ID: lt["ids"], **{c: lt[c] for c in ("frequency", "recency", "T",
                                                                   "monetary_value")}})
        check_equal("lifetimes summary", s, peer, ["frequency", "recency", "T"],
                    ["monetary_value"])
        for _ in range(repeat):  # take turns: ours, then lifetimes in its own process
            wall, cpu, _s = measure(lambda: summarize_transactions(sale, customer=ID,
                                                                   observation_end=end))
            ours["wall"].append(wall)
            ours["cpu"].append(cpu)
            res = subprocess.run(child, capture_output=True, text=True, check=True)
            t = json.loads(res.stdout.strip().splitlines()[-1])
            theirs["wall"].append(t["wall"])
            theirs["cpu"].append(t["cpu"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: {m: float(np.median(v[m])) for m in v} for k, v in (("o", ours), ("t", theirs))}
    print(f"  lifetimes ({t['pandas'] and 'pandas ' + t['pandas']}) on {len(sale):,} sale lines: "
          "results equal")
    r_wall, r_cpu = row("summary vs lifetimes", med["o"], med["t"], "lifetimes")
    ok = 1 / r_cpu >= 10
    print(f"  goal tierlab >= 10x lifetimes on the summary (CPU): {1 / r_cpu:5.1f}x "
          f"{verdict(ok)}")
    return {"speedup_cpu": 1 / r_cpu, "speedup_wall": 1 / r_wall}


# --------------------------------------------------------------------------- CLV
def bench_clv(members, repeat, peer=True) -> dict:
    """``clv_table`` on a weekly summary; lifetimes' two fits and CLV as the peer.

    The peer gets the same frequency, recency, T and monetary value and runs in its own
    process (``_lifetimes_clv_child.py``); its parameters and CLV are checked equal to
    ours (relative 1e-5) in an untimed round before the timed, alternating rounds.
    """
    tx = make_retail(n_members=members, random_state=5).transactions
    s = summarize_transactions(tx, customer=ID, time_unit="W")
    del tx
    print(f"\n=== clv_table on {len(s):,} members (weekly summary), {load()} ===")
    py = lifetimes_python() if peer else None
    theirs = None
    if py is not None:
        tmp = Path(tempfile.mkdtemp(prefix="tierlab-ltclv-"))
        np.savez(tmp / "in.npz", **{c: s[c].to_numpy(dtype=float)
                                    for c in ("frequency", "recency", "T", "monetary_value")})
        child = [str(py), str(ROOT / "benchmarks" / "_lifetimes_clv_child.py"),
                 str(tmp / "in.npz"), str(tmp / "out.npz")]

        def run_peer():
            res = subprocess.run(child, capture_output=True, text=True, check=True)
            return json.loads(res.stdout.strip().splitlines()[-1])

        try:
            ours = clv_table(s, customer=ID)  # untimed round: results checked equal first
            bg, gg = BetaGeoModel().fit(s), GammaGammaModel().fit(s)
            run_peer()
            lt = np.load(tmp / "out.npz", allow_pickle=False)
            np.testing.assert_allclose(list(bg.params_.values()), lt["bg"], rtol=1e-5)
            np.testing.assert_allclose(list(gg.params_.values()), lt["gg"], rtol=1e-5)
            clv = ours.set_index(ID)["clv"].reindex(s[ID]).to_numpy()
            np.testing.assert_allclose(clv, lt["clv"], rtol=1e-5, atol=1e-6)
            print("  lifetimes: parameters and CLV of every member equal (rtol 1e-5)")
            theirs = {"wall": [], "cpu": []}
            mine = {"wall": [], "cpu": []}
            for _ in range(repeat):
                wall, cpu, _out = measure(lambda: clv_table(s, customer=ID))
                mine["wall"].append(wall)
                mine["cpu"].append(cpu)
                t = run_peer()
                theirs["wall"].append(t["wall"])
                theirs["cpu"].append(t["cpu"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        t = {k: float(np.median(v)) for k, v in mine.items()}
        row("clv_table", t, {k: float(np.median(v)) for k, v in theirs.items()}, "lifetimes")
    else:
        t = interleaved({"clv_table": lambda: clv_table(s, customer=ID)}, repeat)["clv_table"]
    ok = t["cpu"] < 1.0
    print(f"  clv_table {t['wall']:.2f} s wall {t['cpu']:.2f} s CPU | goal < 1 s CPU "
          f"{verdict(ok)}")
    return t


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", default="1e6,1e7", help="sizes in transaction lines")
    ap.add_argument("--repeat", type=int, default=5, help="interleaved repeats (median kept)")
    ap.add_argument("--lifetimes-rows", type=float, default=1e6,
                    help="sale lines given to lifetimes and to tierlab for that comparison")
    ap.add_argument("--clv-members", type=int, default=300_000)
    ap.add_argument("--no-lifetimes", action="store_true")
    ap.add_argument("--no-clv", action="store_true")
    ap.add_argument("--quick", action="store_true", help="200k lines, 3 repeats, 100k members")
    args = ap.parse_args(argv)
    if args.quick:
        args.lines, args.repeat, args.clv_members = "2e5", 3, 100_000
        args.lifetimes_rows = 2e5
    sizes = [int(float(s)) for s in args.lines.split(",")]

    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET enable_progress_bar = false")
    print(f"tierlab {tierlab.__version__} | python {platform.python_version()} | pandas "
          f"{pd.__version__} | numpy {np.__version__} | duckdb {duckdb.__version__} (2 threads)"
          f" | {platform.machine()} | {load()}")
    print("Goal: the pipeline (summary + RFM scores + ABC) at or below DuckDB's CPU time "
          "(ratio <= 1.00) on string and integer ids.")
    verdicts = []
    for n in sizes:
        tx = retail_log(n)
        print(f"\n=== {len(tx):,} transaction lines (make_retail) ===")
        for kind, df in (("string", tx), ("integer", with_int_ids(tx))):
            res = bench_ids(df, kind, con, args.repeat)
            ok = res["pipeline"][1] <= 1.0
            verdicts.append(ok)
            print(f"  goal pipeline CPU ratio <= 1.00 ({kind} ids, {len(tx):,} lines): "
                  f"{res['pipeline'][1]:.2f} {verdict(ok)}")
            if not args.no_lifetimes and n == sizes[0]:
                bench_lifetimes(df, kind, int(args.lifetimes_rows), args.repeat)
        del tx
    if not args.no_clv:
        bench_clv(args.clv_members, max(3, args.repeat // 2), not args.no_lifetimes)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess max RSS {rss:.0f} MB | {load()} at the end | CPUs: {os.cpu_count()}")


if __name__ == "__main__":
    main()
