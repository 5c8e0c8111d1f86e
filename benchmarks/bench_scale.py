"""Benchmark: summarise a Parquet folder larger than pandas could hold, through DuckDB.

Writes ``--lines`` receipt lines (default 100 million) of course-shaped data (member ids
like ``"M0000001"``, two years of dates, ~3% returns) as a folder of Parquet files with
DuckDB itself (nothing passes through pandas), then summarises it, each run in a fresh
process with a 3 GB DuckDB memory limit (``--memory-limit``, the default of
``summarize_files``) and 2 threads, and prints wall and CPU time and the
process's peak memory (max RSS). Contestants (``--engines``):

- ``portable``: :func:`tierlab.engines.summarize_files` (the Narwhals expression on DuckDB);
- ``sql``: the same summary as one hand-written DuckDB SQL query (``_sql_peer.py``), the peer;
- ``spark``: ``summarize_files(engine="spark")`` in local mode (wall time only: the work
  happens in the JVM, whose CPU and memory this process does not see).

Every contestant's result is checked equal (ids, counts and dates by hash, money to
1e-9 relative) before the times are printed. Goal: 100M lines within 4 GB of RAM. With
``--check`` (small sizes only) the result is also compared with
:func:`tierlab.summary.summarize_transactions` on the same lines loaded into pandas.

    python benchmarks/bench_scale.py                       # 100M lines (~1.5 GB on disk)
    python benchmarks/bench_scale.py --lines 1e7 --repeat 3 --engines portable,sql
    python benchmarks/bench_scale.py --lines 1e6 --check --engines portable,sql,spark
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import load, verdict  # noqa: E402

GENERATE = """
COPY (
    SELECT 'M' || lpad(CAST(CAST(floor(pow(random(), 2.0) * {members}) AS BIGINT) AS VARCHAR),
                       7, '0') AS member_id,
           DATE '2023-01-01' + CAST(floor(random() * 730) AS INTEGER) AS date,
           round(CASE WHEN random() < 0.03 THEN -1 ELSE 1 END
                 * (5 + 60 * -ln(1 - random())), 2) AS amount
    FROM range({lines})
) TO '{out}' (FORMAT parquet, PER_THREAD_OUTPUT true, ROW_GROUP_SIZE 1000000)
"""

CHILD = r"""
import json, resource, sys, time
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/benchmarks"]
import pandas as pd
from tierlab.engines import local_spark, summarize_files
from _sql_peer import sql_summary
mode = sys.argv[3]
if mode == "spark":
    local_spark(threads=2, memory="2g")
c0, t0 = time.process_time(), time.perf_counter()
if mode == "sql":
    s = sql_summary(sys.argv[1], memory_limit=sys.argv[4])
else:
    s = summarize_files(sys.argv[1], customer="member_id", memory_limit=sys.argv[4], threads=2,
                        engine="spark" if mode == "spark" else "duckdb")
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
money = [c for c in s.columns if c in ("monetary_value", "total_value")]
digest = int(pd.util.hash_pandas_object(s.drop(columns=money), index=False).sum() % 2**61)
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mib": peak, "customers": len(s),
                  "purchases": int(s["n_purchases"].sum()), "digest": digest,
                  "money": [float(s[c].sum()) for c in money]}))
"""


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=float, default=1e8)
    ap.add_argument("--check", action="store_true",
                    help="compare with the in-memory summary first (needs the lines in RAM)")
    ap.add_argument("--keep", help="folder to write the Parquet files to (kept)")
    ap.add_argument("--engines", default="portable,sql",
                    help="comma-separated contestants: portable, sql, spark")
    ap.add_argument("--memory-limit", default="3GB",
                    help="DuckDB's memory limit (3GB, summarize_files' default; 2GB runs out "
                         "at 100M lines)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each contestant, in turns")
    args = ap.parse_args(argv)
    lines = int(args.lines)
    members = max(lines // 14, 10)

    import duckdb

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tierlab-scale-"))
    out = folder / "tx"
    print(f"bench_scale: {lines:,} lines, about {members:,} members | duckdb "
          f"{duckdb.__version__} | {load()}")
    try:
        if not out.exists():
            t0 = time.perf_counter()
            con = duckdb.connect()
            con.execute("SET threads = 2")
            con.execute("SET enable_progress_bar = false")
            con.execute("SELECT setseed(0.42)").fetchall()
            con.execute(GENERATE.format(members=members, lines=lines, out=out)).fetchall()
            con.close()
            size = sum(f.stat().st_size for f in out.rglob("*.parquet")) / 2**20
            print(f"wrote {len(list(out.rglob('*.parquet')))} Parquet files, {size:,.0f} MiB, in "
                  f"{time.perf_counter() - t0:.1f} s")
        if args.check:
            import numpy as np

            sys.path.insert(0, str(ROOT))
            from tierlab.engines import summarize_files
            from tierlab.summary import summarize_transactions

            tx = duckdb.sql(f"SELECT * FROM read_parquet('{out}/*.parquet')").df()
            a = summarize_transactions(tx, customer="member_id")
            b = summarize_files(out, customer="member_id")
            for col in a.columns:
                x, y = a[col].to_numpy(), b[col].to_numpy()
                if x.dtype.kind == "f":
                    np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9, err_msg=col)
                else:
                    assert (x == y).all(), col
            print(f"check: summarize_files equals summarize_transactions on all {len(a):,} "
                  "customers (money to 1e-12)")
            del tx, a, b
        modes = [m.strip() for m in args.engines.split(",") if m.strip()]
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        for i in range(args.repeat):
            for mode in (modes if i % 2 == 0 else modes[::-1]):
                res = subprocess.run([sys.executable, "-c", CHILD, str(out), str(ROOT), mode,
                                      args.memory_limit],
                                     capture_output=True, text=True)
                if res.returncode:
                    sys.exit(f"{mode} failed:\n{res.stderr[-3000:]}")
                runs[mode].append(json.loads(res.stdout.strip().splitlines()[-1]))
        first = runs[modes[0]][0]
        for mode in modes:
            r = runs[mode][0]
            same = (r["digest"], r["customers"], r["purchases"]) == \
                (first["digest"], first["customers"], first["purchases"])
            close = all(abs(a - b) <= 1e-9 * max(1.0, abs(b))
                        for a, b in zip(r["money"], first["money"], strict=True))
            if not (same and close):
                sys.exit(f"{mode} differs from {modes[0]}: {r} vs {first}")
        print(f"check: {', '.join(modes)} give the same summary ({first['customers']:,} "
              f"customers, {first['purchases']:,} purchase days)")
        for mode in modes:
            wall = statistics.median(r["wall"] for r in runs[mode])
            cpu = statistics.median(r["cpu"] for r in runs[mode])
            peak = max(r["peak_mib"] for r in runs[mode])
            extra = ("(JVM not counted)" if mode == "spark" else
                     f"{cpu:.1f} s CPU, peak RSS {peak:,.0f} MiB")
            print(f"{mode:>9}: {wall:.1f} s wall, {extra} | {lines / wall / 1e6:.1f}M lines/s "
                  f"| median of {args.repeat}")
        duck = [m for m in modes if m != "spark"]
        for mode in duck:
            ok = max(r["peak_mib"] for r in runs[mode]) <= 4096
            print(f"goal ({mode}): {lines:,} lines within 4 GB of RAM: {verdict(ok)}")
        if "portable" in runs and "sql" in runs:
            ratio = (statistics.median(r["cpu"] for r in runs["portable"])
                     / statistics.median(r["cpu"] for r in runs["sql"]))
            print(f"portable / hand-written SQL CPU time: {ratio:.2f}")
        print(load())
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"CPUs: {os.cpu_count()}")


if __name__ == "__main__":
    main()
