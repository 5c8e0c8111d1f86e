"""Benchmark: summarise a Parquet folder larger than pandas could hold, through DuckDB.

Writes ``--lines`` receipt lines (default 100 million) of course-shaped data (member ids
like ``"M0000001"``, two years of dates, ~3% returns) as a folder of Parquet files with
DuckDB itself (nothing passes through pandas), then runs
:func:`tierlab.engines.summarize_files` on it in a fresh process with a 2 GB DuckDB memory
limit and 2 threads, and prints wall and CPU time and the process's peak memory (max RSS).

Goal: 100M lines within 4 GB of RAM. With ``--check`` (small sizes only) the result is
first compared with :func:`tierlab.summary.summarize_transactions` on the same lines
loaded into pandas.

    python benchmarks/bench_scale.py                       # 100M lines (~1.5 GB on disk)
    python benchmarks/bench_scale.py --lines 1e7 --check   # smaller, with the equality check
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
sys.path.insert(0, sys.argv[2])
from tierlab.engines import summarize_files
c0, t0 = time.process_time(), time.perf_counter()
s = summarize_files(sys.argv[1], customer="member_id", memory_limit="2GB", threads=2)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mib": peak, "customers": len(s),
                  "purchases": int(s["n_purchases"].sum())}))
"""


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=float, default=1e8)
    ap.add_argument("--check", action="store_true",
                    help="compare with the in-memory summary first (needs the lines in RAM)")
    ap.add_argument("--keep", help="folder to write the Parquet files to (kept)")
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
        res = subprocess.run([sys.executable, "-c", CHILD, str(out), str(ROOT)],
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        ok = r["peak_mib"] <= 4096
        print(f"summarize_files: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, peak RSS "
              f"{r['peak_mib']:,.0f} MiB, {r['customers']:,} customers, "
              f"{r['purchases']:,} purchase days | {lines / r['wall'] / 1e6:.1f}M lines/s")
        print(f"goal: {lines:,} lines within 4 GB of RAM: {verdict(ok)} | {load()}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"CPUs: {os.cpu_count()}")


if __name__ == "__main__":
    main()
