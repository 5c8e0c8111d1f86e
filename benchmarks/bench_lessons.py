"""How often does each lesson the course states hold? Measured over many seeds, two sizes.

    .venv/bin/python benchmarks/bench_lessons.py                 # 200 seeds x 2 sizes, both cases
    .venv/bin/python benchmarks/bench_lessons.py --case pharma --seeds 50 --scales 1

A claim the notebooks, the trainer guide or the exercises state as a fact must hold on at
least 95% of the seeds at the default size and at 4x the size (PASS); otherwise the course
computes it from the learner's own world. Seeds are 0..N-1 (the same every run, so a
failure can be replayed). Prints the rate per claim, the seeds where it failed, the
calibration figures (median over seeds) and the CPU time used.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

GOAL = 0.95


def _one(args):
    case, seed, scale = args
    mod = importlib.import_module(f"lessons_{case}")
    row = mod.measure(seed, scale)
    row["seed"] = seed
    return row


def run(case: str, seeds: int, scale: int, jobs: int) -> pd.DataFrame:
    work = [(case, s, scale) for s in range(seeds)]
    rows = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for i, row in enumerate(pool.map(_one, work), 1):
            rows.append(row)
            if i % 10 == 0 or i == len(work):
                print(f"  {case} x{scale}: {i}/{len(work)} seeds", flush=True)
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--case", choices=["pharma", "retail", "both"], default="both")
    p.add_argument("--seeds", type=int, default=200)
    p.add_argument("--scales", default="1,4", help="world sizes, e.g. 1,4")
    p.add_argument("--jobs", type=int, default=2)
    a = p.parse_args(argv)
    cases = ["pharma", "retail"] if a.case == "both" else [a.case]
    scales = [int(s) for s in a.scales.split(",")]
    t0, c0 = time.perf_counter(), time.process_time()
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    worst = 1.0
    for case in cases:
        try:
            mod = importlib.import_module(f"lessons_{case}")
        except ModuleNotFoundError:
            print(f"{case}: no lessons module yet")
            continue
        for scale in scales:
            df = run(case, a.seeds, scale, a.jobs)
            table = mod.summary(df)
            print(f"\n== {case}, {a.seeds} seeds, size x{scale} ==")
            for r in table.itertuples():
                verdict = "PASS" if r.rate >= GOAL else "MISS"
                worst = min(worst, r.rate)
                print(f"{verdict} {r.rate:6.1%}  {r.claim:28s} {r.what}"
                      + (f"  (failed e.g. on seeds {r.failed_seeds})" if r.failed_seeds else ""))
            calib = [c for c in df.columns if not c.startswith(("claim:", "seed"))]
            print("calibration and scores (median over seeds):")
            print(df[calib].median().round(3).to_string())
    print(f"\ngoal: every stated claim >= {GOAL:.0%}; worst rate {worst:.1%}")
    print(f"wall {time.perf_counter() - t0:.0f} s, CPU of this process {time.process_time() - c0:.0f} s"
          f" (workers not included); load average now {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
