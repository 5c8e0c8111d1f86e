"""The retail simulator and its oracle: what a campaign target list earns on the hidden truth.

A target list is played into the 30 days after the history by the same daily
member process that wrote the history
(:func:`tierlab.cases.retail.world.simulate_retail_window`), continued from
each member's hidden state at the end of the history. Expected values come
exactly from the same process
(:func:`tierlab.cases.retail.world.retail_window_expected`). The oracle
contacts the members with the largest true incremental expected spend.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state
from tierlab._validation import check_columns, check_number
from tierlab.cases._world import World, check_world
from tierlab.cases.retail.world import retail_window_expected, simulate_retail_window

__all__ = ["oracle_retail", "score_inputs", "simulate_retail"]


def _retail_truth(world):
    check_world(world, "retail", hidden=True)
    truth = world.hidden["member_truth"].reset_index(drop=True)
    end = pd.Timestamp(getattr(world, "params", {}).get("end")
                       or world["transactions"]["date"].max())
    truth.attrs["window_start"] = end.normalize() + pd.Timedelta(days=1)
    return truth


def _retail_treated(truth, targets, customer="member_id"):
    ids = truth[customer]
    if isinstance(targets, pd.DataFrame):
        check_columns(targets, {"customer": customer}, "targets")
        if "treated" in targets.columns:
            chosen = targets.loc[targets["treated"].astype(bool), customer]
        else:
            chosen = targets[customer]
    elif isinstance(targets, pd.Series) and targets.dtype == bool:
        chosen = targets.index[targets.to_numpy()]
    else:
        arr = np.asarray(targets)
        if arr.dtype == bool:
            if arr.shape != (len(ids),):
                raise ValueError(f"targets as a boolean array need one value per member "
                                 f"({len(ids)}), got shape {arr.shape}.")
            return arr.copy()
        chosen = pd.Series(arr.ravel())
    chosen = pd.Index(pd.Series(chosen).unique())
    unknown = chosen.difference(pd.Index(ids))
    if len(unknown):
        raise ValueError(f"targets has {len(unknown)} id(s) that are not members of this "
                         f"world, e.g. {str(unknown[0])!r}.")
    return ids.isin(chosen).to_numpy()


def _retail_expected(truth, treated):
    """P(buy) and expected spend in the next 30-day window (exact, from the world's process)."""
    out = retail_window_expected(truth, treated, truth.attrs["window_start"])
    return out["p_buy"], out["spend"]


def simulate_retail(world: World, targets: Sequence | pd.DataFrame | np.ndarray, *,
                    random_state: RandomState = None) -> pd.DataFrame:
    """Play a campaign target list into the next 30-day window of a retail world.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world.
    targets : list of member ids, pandas.DataFrame or boolean array
        Who is contacted: member ids; a frame with ``member_id`` (and
        optionally a boolean ``treated`` column); or a boolean array in the
        order of ``world.hidden["member_truth"]``.
    random_state : None, int or numpy.random.Generator
        Seed for the noise.

    Returns
    -------
    pandas.DataFrame
        One row per member: ``member_id``, ``treated``, ``p_buy`` (the true
        probability of buying in the window), ``bought`` (simulated),
        ``purchases`` (simulated baskets), ``spend`` (simulated net spend) and
        ``expected_spend``. ``result.attrs["total"]`` holds the totals.
    """
    truth = _retail_truth(world)
    rng = check_random_state(random_state)
    treated = _retail_treated(truth, targets)
    p, exp_spend = _retail_expected(truth, treated)
    sim = simulate_retail_window(truth, treated, truth.attrs["window_start"], random_state=rng)
    out = pd.DataFrame({"member_id": truth["member_id"].to_numpy(), "treated": treated,
                        "p_buy": p, "bought": sim["purchases"] > 0,
                        "purchases": sim["purchases"], "spend": sim["spend"].round(2),
                        "expected_spend": exp_spend})
    out.attrs["total"] = {"treated": int(treated.sum()), "buyers": int(out["bought"].sum()),
                          "spend": float(out["spend"].sum()),
                          "expected_spend": float(exp_spend.sum())}
    return out


def oracle_retail(world: World, budget: float, *,
                  cost_per_contact: float = 1.0) -> pd.DataFrame:
    """The best target list the hidden truth allows for a campaign budget.

    Contacts the members with the largest true incremental expected spend in
    the 30-day window (contacted minus not contacted), never those whom a contact
    would not help, up to ``floor(budget / cost_per_contact)`` members.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world.
    budget : float
        Campaign budget; with the default ``cost_per_contact=1`` it is the
        number of members you can contact.
    cost_per_contact : float
        Cost of one contact.

    Returns
    -------
    pandas.DataFrame
        ``member_id``, ``treated`` (bool), ``incremental_spend`` (true,
        expected), for all members.
    """
    truth = _retail_truth(world)
    budget = check_number(budget, "budget", 0)
    cost = check_number(cost_per_contact, "cost_per_contact", 0, inclusive=False)
    n = int(np.floor(budget / cost + 1e-9))
    _, base = _retail_expected(truth, np.zeros(len(truth), bool))
    _, treat = _retail_expected(truth, np.ones(len(truth), bool))
    inc = treat - base
    order = np.lexsort((np.arange(len(inc)), -inc))
    chosen = order[:n]
    chosen = chosen[inc[chosen] > 0]
    treated = np.zeros(len(truth), bool)
    treated[chosen] = True
    return pd.DataFrame({"member_id": truth["member_id"].to_numpy(), "treated": treated,
                         "incremental_spend": inc})


def score_inputs(world: World, plan: Sequence | pd.DataFrame | np.ndarray, *,
                 budget: float | None = None, cost_per_contact: float = 1.0,
                 **ignored: object) -> dict[str, float]:
    """What :func:`tierlab.simulate.score_plan` needs: resources, value, baseline, oracle value.

    Parameters
    ----------
    world : World
        A retail world.
    plan
        The target list (see :func:`simulate_retail`).
    budget : float, optional
        The oracle's budget; default the plan's contacts x ``cost_per_contact``.
    cost_per_contact : float
        Cost of one contact.

    Returns
    -------
    dict
        ``resources`` (contacts), ``value`` (expected spend in the window),
        ``baseline`` (no campaign) and ``best`` (the oracle's).
    """
    unknown = sorted(k for k, v in ignored.items() if v is not None)
    if unknown:
        raise TypeError(f"a retail plan is scored with budget=, not {unknown[0]}=.")
    truth = _retail_truth(world)
    treated = _retail_treated(truth, plan)
    cost = check_number(cost_per_contact, "cost_per_contact", 0, inclusive=False)
    b = treated.sum() * cost if budget is None else check_number(budget, "budget", 0)
    baseline = float(_retail_expected(truth, np.zeros(len(truth), bool))[1].sum())
    orc = oracle_retail(world, b, cost_per_contact=cost)
    return {"resources": float(treated.sum()),
            "value": float(_retail_expected(truth, treated)[1].sum()),
            "baseline": baseline,
            "best": baseline + float(orc.loc[orc["treated"], "incremental_spend"].sum())}
