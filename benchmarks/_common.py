"""Shared helpers of the benchmarks: interleaved timing with CPU time, load, verdicts."""

from __future__ import annotations

import gc
import os
import statistics
import time


def load() -> str:
    """The machine's load averages and CPU count, for the printed header."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def measure(fn):
    """Run ``fn`` once; return (wall seconds, CPU seconds of this process, result).

    CPU time counts every thread of the process (DuckDB's too), so it is the
    fair measure on a busy machine, where wall time also counts waiting.
    """
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def interleaved(contestants: dict, repeat: int) -> dict:
    """Time every contestant ``repeat`` times, taking turns; return medians.

    ``contestants`` maps a name to a function. Taking turns spreads the
    machine's load changes over everyone instead of penalising whoever ran
    during a busy spell. Returns ``{name: {"wall": median, "cpu": median}}``.
    """
    runs = {name: {"wall": [], "cpu": []} for name in contestants}
    for i in range(repeat):
        names = list(contestants) if i % 2 == 0 else list(reversed(contestants))
        for name in names:
            wall, cpu, _ = measure(contestants[name])
            runs[name]["wall"].append(wall)
            runs[name]["cpu"].append(cpu)
    return {name: {k: statistics.median(v) for k, v in r.items()} for name, r in runs.items()}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"
