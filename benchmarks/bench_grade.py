"""Throughput of ``tierlab grade``: notebooks per minute, sequential (-j 1) vs parallel.

Run from the repository root::

    .venv/bin/python benchmarks/bench_grade.py [--learners 3] [--jobs N]
        [--notebooks 00_welcome_pharma,01_current_state_pharma] [--repeat 1]

Builds one class folder: ``--learners`` copies of each solution notebook in
``solutions/`` (the course's own exercises, string ids, default seed), so every
run grades exactly the same submissions. The peer is the grader itself run
sequentially (``-j 1``); the parallel run uses ``--jobs`` (default: the number
of cores). Before timing, both runs' scoreboards are checked equal and every
answer correct. Runs are interleaved (sequential, parallel, sequential, ...);
the median wall time of each is reported with the CPU time of all processes
(runners + kernels, from ``RUSAGE_CHILDREN``) and the load average.

Goal (issue 13): a class of 30 learners x 7 notebooks within a few minutes on a
4-core laptop. The projection divides the measured CPU seconds per notebook by
4 cores (assumes CPU-bound notebooks and no other load); PASS if 210 notebooks
take at most 10 minutes. The exit status is 1 on MISS.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(subs: Path, out: Path, jobs: int, timeout: int):
    from tierlab.exercises._grade import grade

    shutil.rmtree(out, ignore_errors=True)
    load0 = os.getloadavg()[0]
    c0, t0 = _cpu_children(), time.perf_counter()
    board = grade(subs, out, jobs=jobs, timeout=timeout, progress=False)
    wall, cpu = time.perf_counter() - t0, _cpu_children() - c0
    return board, wall, cpu, (load0 + os.getloadavg()[0]) / 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=3)
    parser.add_argument("--notebooks", default="00_welcome_pharma,01_current_state_pharma")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.notebooks.split(",") if n.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    subs = tmp / "subs"
    subs.mkdir()
    for i in range(1, args.learners + 1):
        for name in names:
            shutil.copy(ROOT / "solutions" / f"{name}.ipynb", subs / f"l{i:02d}__{name}.ipynb")
    n = args.learners * len(names)
    cores = os.cpu_count() or 1
    print(f"class: {args.learners} learners x {len(names)} notebooks = {n} notebooks "
          f"({', '.join(names)}); machine: {cores} cores; parallel -j {args.jobs}")

    results = {"sequential": [], "parallel": []}
    boards = {}
    try:
        for r in range(args.repeat):
            for label, jobs in (("sequential", 1), ("parallel", args.jobs)):
                board, wall, cpu, load = _run(subs, tmp / f"out-{label}", jobs, args.timeout)
                results[label].append((wall, cpu, load))
                boards.setdefault(label, board)
                print(f"  run {r + 1} {label:>10}: {wall:7.1f} s wall, {cpu:7.1f} s CPU, "
                      f"load {load:.1f}")
                if r == 0 and label == "parallel":
                    a = boards["sequential"].drop(columns=["problems"])
                    b = boards["parallel"].drop(columns=["problems"])
                    if not a.equals(b) or not (a["score"] == 1.0).all():
                        print("MISS: the sequential and parallel scoreboards differ or a "
                              "solution did not score 100%")
                        print(boards["sequential"][["learner", "score", "problems"]])
                        print(boards["parallel"][["learner", "score", "problems"]])
                        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'':>12} {'wall s':>8} {'CPU s':>8} {'load':>6} {'notebooks/min':>14}")
    rate = {}
    for label, runs in results.items():
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        load = statistics.median(ld for _, _, ld in runs)
        rate[label] = n / wall * 60
        print(f"{label:>12} {wall:8.1f} {cpu:8.1f} {load:6.1f} {rate[label]:14.1f}")
    print(f"speed-up with -j {args.jobs}: {rate['parallel'] / rate['sequential']:.2f}x "
          f"(the load average shows how busy the machine was)")
    cpu_per_nb = statistics.median(c for _, c, _ in results["parallel"]) / n
    projected = 210 * cpu_per_nb / 4 / 60
    goal = 10.0
    verdict = "PASS" if projected <= goal else "MISS"
    print(f"CPU per notebook: {cpu_per_nb:.1f} s -> 30 learners x 7 notebooks on 4 free "
          f"cores: about {projected:.1f} min (goal <= {goal:.0f} min): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
