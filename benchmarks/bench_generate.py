"""Benchmark: time and peak memory to generate retail worlds of 1M and 10M lines.

Each size runs in its own subprocess, so its peak memory (max RSS) is its own.
A pharma world and the default classroom worlds are timed too.

    python benchmarks/bench_generate.py            # 1M and 10M transactions
    python benchmarks/bench_generate.py --quick    # 100k and 1M

Goal (issue 2): 1M transactions in under 3 s, 10M in under 30 s and 4 GB,
on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

LINES_PER_MEMBER = 3.52  # measured mean lines per member of make_retail's defaults (issue 9 model)

CHILD = r"""
import json, resource, sys, time
from tierlab.datasets import make_pharma, make_retail
kind, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
if kind == "retail":
    w = make_retail(n_members=n, random_state=1)
    rows = len(w.transactions)
else:
    w = make_pharma(n_doctors=n, n_hospitals=max(20, n // 8), random_state=1)
    rows = len(w.sales)
sec = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
print(json.dumps({"rows": rows, "seconds": sec, "peak_mib": peak}))
"""


def run(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(n)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100k and 1M lines only")
    args = ap.parse_args()
    targets = [100_000, 1_000_000] if args.quick else [1_000_000, 10_000_000]
    goals = {1_000_000: (3.0, None), 10_000_000: (30.0, 4096.0)}
    print(f"{'world':<28}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'peak MiB':>10}  goal")
    baseline = run("retail", 1000)  # interpreter + imports, subtracted from peak as 'base'
    for target in targets:
        r = run("retail", int(target / LINES_PER_MEMBER))
        sec_goal, mem_goal = goals.get(target, (None, None))
        verdict = []
        if sec_goal:
            verdict.append(f"{'ok' if r['seconds'] < sec_goal else 'MISSED'} <{sec_goal:g}s")
        if mem_goal:
            verdict.append(f"{'ok' if r['peak_mib'] < mem_goal else 'MISSED'} <{mem_goal:g}MiB")
        print(f"{'retail ' + format(target, ',') + ' lines':<28}{r['rows']:>12,}"
              f"{r['seconds']:>10.2f}{r['rows'] / r['seconds']:>12,.0f}{r['peak_mib']:>10.0f}  "
              + ", ".join(verdict))
    for n in (600, 6000):
        r = run("pharma", n)
        print(f"{'pharma ' + format(n, ',') + ' doctors':<28}{r['rows']:>12,}"
              f"{r['seconds']:>10.2f}{r['rows'] / r['seconds']:>12,.0f}{r['peak_mib']:>10.0f}")
    print(f"(interpreter + imports alone: {baseline['peak_mib']:.0f} MiB peak)")


if __name__ == "__main__":
    main()
