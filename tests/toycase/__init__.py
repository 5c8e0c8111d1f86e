"""A toy third case, to prove that a case plugs in through its own module only.

A shop chain ("toy") with a handful of shops and one hidden number per shop.
Everything a case needs is here; the only other line is ``register(CASE)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import check_random_state
from tierlab.cases import Case, World, apply_schema

DICTIONARY = {
    ("shops", False): [("shop_id", "str", "Shop id", "门店编号"),
                       ("sales", "float", "Sales last year", "去年销售额")],
    ("shop_truth", True): [("shop_id", "str", "Shop id", "门店编号"),
                           ("lift", "float", "True sales per visit", "每次拜访的真实增量")],
}


def make_toy(n_shops=20, random_state=None, locale="en_US"):
    rng = check_random_state(random_state)
    ids = np.array([f"S{i:03d}" for i in range(1, n_shops + 1)], dtype=object)
    shops = pd.DataFrame({"shop_id": ids, "sales": rng.gamma(2.0, 100.0, n_shops).round(2)})
    truth = pd.DataFrame({"shop_id": ids, "lift": rng.gamma(2.0, 5.0, n_shops).round(3)})
    seed = random_state if isinstance(random_state, int) else None
    return World("toy", {"shops": apply_schema(shops, "toy", "shops")},
                 {"shop_truth": apply_schema(truth, "toy", "shop_truth")},
                 seed=seed, locale=locale, params={"n_shops": n_shops})


def profile(world):
    return world["shops"].copy()


def _visits(world, plan):
    ids = world["shops"]["shop_id"]
    return ids.map(pd.Series(plan)).fillna(0.0).to_numpy(dtype=float)


def simulate(world, plan, random_state=None):
    lift = world.hidden["shop_truth"]["lift"].to_numpy()
    return pd.DataFrame({"shop_id": world["shops"]["shop_id"],
                         "extra_sales": np.sqrt(_visits(world, plan)) * lift})


def score_inputs(world, plan, *, capacity=None, **ignored):
    lift = world.hidden["shop_truth"]["lift"].to_numpy()
    visits = _visits(world, plan)
    cap = visits.sum() if capacity is None else capacity
    # best split of `cap` visits for sqrt response: proportional to lift squared
    best = np.sqrt(cap * lift**2 / (lift**2).sum()) * lift
    return {"resources": float(visits.sum()), "value": float((np.sqrt(visits) * lift).sum()),
            "baseline": 0.0, "best": float(best.sum())}


CASE = Case(name="toy", id_column="shop_id", customer_table="shops", make=make_toy,
            profile=profile, simulate=simulate, score_inputs=score_inputs,
            service_models=pd.DataFrame({"tier": ["A", "B"], "calls_per_month": [2, 1]}),
            dictionary=DICTIONARY, description="A toy shop chain (test only).")
