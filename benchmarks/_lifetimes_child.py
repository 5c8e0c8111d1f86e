"""Run lifetimes' summary once in its own virtual environment (called by bench_methods.py).

lifetimes needs pandas < 3 and setuptools < 81, so it cannot live in the course's
environment. Usage: ``python _lifetimes_child.py IN.npz OUT.npz``; prints one JSON line
with the wall and CPU seconds of ``summary_data_from_transaction_data`` (imports and a
warm-up on 1,000 rows are not timed).
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data


def main(src: str, dst: str) -> None:
    data = np.load(src, allow_pickle=False)
    df = pd.DataFrame({"customer_id": data["ids"],
                       "date": data["days"].astype("datetime64[D]").astype("datetime64[ns]"),
                       "amount": data["amount"]})
    end = pd.Timestamp(np.datetime64(int(data["end"]), "D"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary_data_from_transaction_data(df.iloc[:1000], "customer_id", "date",
                                           monetary_value_col="amount",
                                           observation_period_end=end)
        c0, t0 = time.process_time(), time.perf_counter()
        out = summary_data_from_transaction_data(df, "customer_id", "date",
                                                 monetary_value_col="amount",
                                                 observation_period_end=end)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = out.sort_index()
    ids = out.index.to_numpy()
    np.savez(dst, ids=ids.astype(str) if ids.dtype == object else ids, frequency=out["frequency"].to_numpy(),
             recency=out["recency"].to_numpy(), T=out["T"].to_numpy(),
             monetary_value=out["monetary_value"].to_numpy())
    print(json.dumps({"wall": wall, "cpu": cpu, "pandas": pd.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
