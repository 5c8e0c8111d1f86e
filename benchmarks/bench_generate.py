"""Benchmark: time and peak memory to generate retail worlds of 1M and 10M lines.

Each run is its own subprocess, so its peak memory (max RSS) is its own. Sizes take
turns over ``--repeat`` rounds (interleaved) and the medians of wall time, CPU time and
peak memory are printed with the machine's load. Pharma worlds are timed too.

    python benchmarks/bench_generate.py            # 1M and 10M transactions, 3 rounds
    python benchmarks/bench_generate.py --quick    # 100k and 1M, 3 rounds

Goal (issue 2): 1M transactions in under 3 s, 10M in under 30 s and 4 GB,
on a 2-core machine; PASS/MISS is judged on CPU time (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load, verdict  # noqa: E402

LINES_PER_MEMBER = 3.52  # measured mean lines per member of make_retail's defaults (issue 9 model)

CHILD = r"""
import json, resource, sys, time
from tierlab.datasets import make_pharma, make_retail
kind, n = sys.argv[1], int(sys.argv[2])
t, c = time.perf_counter(), time.process_time()
if kind == "retail":
    w = make_retail(n_members=n, random_state=1)
    rows = len(w.transactions)
else:
    w = make_pharma(n_doctors=n, n_hospitals=max(20, n // 8), random_state=1)
    rows = sum(len(t) for t in w.values())  # every observable table (no doctor-level sales)
sec, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
print(json.dumps({"rows": rows, "seconds": sec, "cpu": cpu, "peak_mib": peak}))
"""


def run(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(n)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def medians(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100k and 1M lines only")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved rounds (median kept)")
    args = ap.parse_args()
    targets = [100_000, 1_000_000] if args.quick else [1_000_000, 10_000_000]
    goals = {1_000_000: (3.0, None), 10_000_000: (30.0, 4096.0)}
    jobs = [("retail", t, int(t / LINES_PER_MEMBER)) for t in targets]
    jobs += [("pharma", n, n) for n in (600, 6000)]
    print(f"bench_generate: medians of {args.repeat} interleaved rounds | {load()}")
    runs: dict = {job: [] for job in jobs}
    for i in range(args.repeat):
        for job in (jobs if i % 2 == 0 else jobs[::-1]):
            runs[job].append(run(job[0], job[2]))
    baseline = run("retail", 1000)  # interpreter + imports
    print(f"{'world':<40}{'rows':>12}{'wall s':>9}{'CPU s':>8}{'rows/s':>12}{'peak MiB':>10}"
          "  goal (CPU time, peak memory)")
    for job in jobs:
        kind, target, _ = job
        r = medians(runs[job])
        label = (f"retail {target:,} lines" if kind == "retail"
                 else f"pharma {target:,} doctors (rows: all tables)")
        verdicts = []
        sec_goal, mem_goal = goals.get(target, (None, None)) if kind == "retail" else (None, None)
        if sec_goal:
            verdicts.append(f"{verdict(r['cpu'] < sec_goal)} <{sec_goal:g}s")
        if mem_goal:
            verdicts.append(f"{verdict(r['peak_mib'] < mem_goal)} <{mem_goal:g}MiB")
        print(f"{label:<40}{int(r['rows']):>12,}{r['seconds']:>9.2f}{r['cpu']:>8.2f}"
              f"{r['rows'] / r['cpu']:>12,.0f}{r['peak_mib']:>10.0f}  " + ", ".join(verdicts))
    print(f"(interpreter + imports alone: {baseline['peak_mib']:.0f} MiB peak) | {load()}")


if __name__ == "__main__":
    main()
