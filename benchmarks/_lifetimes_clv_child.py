"""Fit lifetimes' BG/NBD and Gamma-Gamma and compute its CLV once (called by bench_methods.py).

The peer of ``clv_table``, in the lifetimes environment (see ``_lifetimes_child.py``).
Usage: ``python _lifetimes_clv_child.py IN.npz OUT.npz``; IN holds ``frequency``,
``recency``, ``T`` (weeks) and ``monetary_value``. Prints one JSON line with the wall and
CPU seconds of the two fits and ``customer_lifetime_value`` (12 months, 1% a month, weekly
units, as ``clv_table``'s defaults); imports are not timed. OUT holds the parameters
and the CLV per customer.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter


def main(src: str, dst: str) -> None:
    d = np.load(src, allow_pickle=False)
    s = pd.DataFrame({c: d[c] for c in ("frequency", "recency", "T", "monetary_value")})
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c0, t0 = time.process_time(), time.perf_counter()
        bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
        gg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
        clv = gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"],
                                         s["monetary_value"].where(s["frequency"] > 0, 0.0),
                                         time=12, discount_rate=0.01, freq="W")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    np.savez(dst, bg=np.array([bg.params_[k] for k in ("r", "alpha", "a", "b")]),
             gg=np.array([gg.params_[k] for k in ("p", "q", "v")]),
             clv=np.asarray(clv, dtype=float))
    print(json.dumps({"wall": wall, "cpu": cpu, "pandas": pd.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
