"""The simulator: play a plan into the next period of the same hidden world.

Stage 05 of the course (效果评估). A plan made from observable data is played
into the world's hidden truth, so a learner sees what it really earned, and
how far it is from the best plan the truth allows (the *oracle*).

* Pharma: a call plan (calls per doctor per month). Our expected units follow
  :func:`tierlab.datasets.pharma_expected_units` (diminishing returns); the
  simulated units add Poisson noise. Value is units x our unit price; the
  company earns ``margin_per_unit`` per unit.
* Retail: a campaign target list, played into the 30 days after the history
  by the same daily member process that generated the history
  (:func:`tierlab.datasets.simulate_retail_window`), continued from each
  member's hidden state at the end of the history; expected values come
  exactly from the same process (:func:`tierlab.datasets.retail_window_expected`).

:func:`score_plan` gives a plan's *incremental* value (over zero calls / no
campaign) as a share of the oracle's incremental value with the same
resources. Scores use expected values, so they do not depend on luck.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tierlab._rng import check_random_state
from tierlab._validation import check_columns, check_int, check_number
from tierlab.datasets import check_world

__all__ = [
    "compare_plans",
    "oracle_pharma",
    "oracle_retail",
    "score_plan",
    "simulate_pharma",
    "simulate_retail",
]

_MAX_CALLS = 40  # per doctor per month, for the oracle's search



def _pharma_truth(world):
    check_world(world, "pharma", hidden=True)
    truth = world.hidden["doctor_truth"]
    return truth.reset_index(drop=True)


def _pharma_calls(truth, plan, customer="doctor_id"):
    """Calls per doctor in the row order of ``truth`` from a plan in any simple form."""
    ids = truth[customer]
    if isinstance(plan, pd.DataFrame):
        check_columns(plan, {"customer": customer, "calls": "calls"}, "plan")
        if plan[customer].duplicated().any():
            raise ValueError(f"plan must have one row per doctor; {customer!r} has duplicates.")
        unknown = set(plan[customer]) - set(ids)
        if unknown:
            raise ValueError(f"plan has {len(unknown)} {customer} value(s) that are not doctors "
                             f"of this world, e.g. {sorted(map(str, unknown))[0]!r}.")
        calls = ids.map(plan.set_index(customer)["calls"]).fillna(0.0)
        calls = pd.to_numeric(calls, errors="coerce")
    elif isinstance(plan, pd.Series):
        unknown = set(plan.index) - set(ids)
        if unknown:
            raise ValueError(f"plan (a Series indexed by {customer}) has unknown ids, e.g. "
                             f"{sorted(map(str, unknown))[0]!r}.")
        calls = pd.to_numeric(ids.map(plan).fillna(0.0), errors="coerce")
    else:
        arr = np.asarray(plan, dtype=float)
        if arr.ndim == 0:
            arr = np.full(len(ids), float(arr))
        if arr.shape != (len(ids),):
            raise ValueError(f"plan as an array must have one value per doctor ({len(ids)}), "
                             f"got shape {arr.shape}; or pass a DataFrame with {customer!r} "
                             "and 'calls'.")
        calls = pd.Series(arr)
    calls = calls.to_numpy(dtype=float)
    if np.isnan(calls).any() or (calls < 0).any():
        raise ValueError("plan calls must be numbers >= 0.")
    return calls


def simulate_pharma(world, plan, *, months=1, random_state=None):
    """Play a call plan into the next period(s) of a pharma world.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world.
    plan : pandas.DataFrame, pandas.Series, array-like or number
        Calls per doctor per month: a frame with ``doctor_id`` and ``calls``
        (doctors not listed get 0 calls), a Series indexed by doctor id, an
        array in the order of ``world.hidden["doctor_truth"]``, or one number
        for everyone.
    months : int
        Months to simulate (the same calls each month).
    random_state : None, int or numpy.random.Generator
        Seed for the noise; the same seed gives the same result.

    Returns
    -------
    pandas.DataFrame
        One row per doctor: ``doctor_id``, ``calls`` (per month),
        ``expected_units``, ``units`` (simulated, summed over the months),
        ``value`` (units x unit price) and ``margin`` (units x margin per
        unit). ``result.attrs["total"]`` holds the totals.
    """
    from tierlab.datasets import pharma_expected_units

    truth = _pharma_truth(world)
    months = check_int(months, "months", 1, 120)
    rng = check_random_state(random_state)
    calls = _pharma_calls(truth, plan)
    expected = pharma_expected_units(truth, calls)
    units = rng.poisson(np.repeat(expected[None, :], months, axis=0)).sum(axis=0)
    out = pd.DataFrame({
        "doctor_id": truth["doctor_id"].to_numpy(),
        "calls": calls,
        "expected_units": expected * months,
        "units": units,
        "value": units * truth["unit_price"].to_numpy(),
        "margin": units * truth["margin_per_unit"].to_numpy(),
    })
    out.attrs["total"] = {c: float(out[c].sum()) for c in
                          ("calls", "expected_units", "units", "value", "margin")}
    out.attrs["months"] = months
    return out


def _pharma_expected_margin(truth, calls):
    from tierlab.datasets import pharma_expected_units

    return pharma_expected_units(truth, calls) * truth["margin_per_unit"].to_numpy()


def oracle_pharma(world, capacity, *, max_calls=_MAX_CALLS):
    """The best call plan the hidden truth allows for ``capacity`` calls a month.

    The response to calls is concave (diminishing returns), so handing out
    calls one at a time to the doctor with the largest true marginal margin
    is optimal for integer calls.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world.
    capacity : int
        Calls per month.
    max_calls : int
        Upper limit per doctor.

    Returns
    -------
    pandas.DataFrame
        ``doctor_id``, ``calls``, ``expected_units``, ``expected_margin``.
    """
    from tierlab.strategy import _greedy

    truth = _pharma_truth(world)
    capacity = check_int(capacity, "capacity", 0)
    max_calls = check_int(max_calls, "max_calls", 1)

    def gain(grid):
        cols = [_pharma_expected_margin(truth, np.full(len(truth), g)) for g in grid]
        return np.column_stack(cols)

    calls = _greedy(gain, len(truth), capacity, max_calls)
    from tierlab.datasets import pharma_expected_units

    units = pharma_expected_units(truth, calls)
    return pd.DataFrame({"doctor_id": truth["doctor_id"].to_numpy(), "calls": calls,
                         "expected_units": units,
                         "expected_margin": units * truth["margin_per_unit"].to_numpy()})


# --------------------------------------------------------------------------- retail
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
    from tierlab.datasets._retail import retail_window_expected

    out = retail_window_expected(truth, treated, truth.attrs["window_start"])
    return out["p_buy"], out["spend"]


def simulate_retail(world, targets, *, random_state=None):
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
    from tierlab.datasets._retail import simulate_retail_window

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


def oracle_retail(world, budget, *, cost_per_contact=1.0):
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


# --------------------------------------------------------------------------- scoring
def score_plan(world, plan, *, capacity=None, budget=None, cost_per_contact=1.0, name=None):
    """Score a plan against the best plan the hidden truth allows, with the same resources.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma or a retail world.
    plan
        Pharma: calls per doctor (see :func:`simulate_pharma`). Retail: the
        target list (see :func:`simulate_retail`).
    capacity : int, optional
        Pharma: calls the oracle may use; default the plan's total calls.
    budget : float, optional
        Retail: the oracle's budget; default the plan's contacts x cost.
    cost_per_contact : float
        Retail: cost of one contact.
    name : str, optional
        Label of the result.

    Returns
    -------
    pandas.Series
        ``resources`` (calls per month / contacts), ``value`` (expected
        margin per month / expected spend), ``baseline`` (zero calls / no
        campaign), ``incremental`` (value - baseline), ``oracle_incremental``
        and ``share_of_optimum`` (incremental / oracle_incremental).
    """
    if getattr(world, "case", None) == "pharma":
        truth = _pharma_truth(world)
        calls = _pharma_calls(truth, plan)
        cap = int(round(calls.sum())) if capacity is None else check_int(capacity, "capacity", 0)
        value = _pharma_expected_margin(truth, calls).sum()
        baseline = _pharma_expected_margin(truth, np.zeros(len(truth))).sum()
        best = oracle_pharma(world, cap)["expected_margin"].sum()
        resources = float(calls.sum())
    elif getattr(world, "case", None) == "retail":
        truth = _retail_truth(world)
        treated = _retail_treated(truth, plan)
        cost = check_number(cost_per_contact, "cost_per_contact", 0, inclusive=False)
        b = treated.sum() * cost if budget is None else check_number(budget, "budget", 0)
        value = _retail_expected(truth, treated)[1].sum()
        baseline = _retail_expected(truth, np.zeros(len(truth), bool))[1].sum()
        orc = oracle_retail(world, b, cost_per_contact=cost)
        best = baseline + orc.loc[orc["treated"], "incremental_spend"].sum()
        resources = float(treated.sum())
    else:
        raise TypeError("world must be a tierlab pharma or retail World, "
                        f"got {type(world).__name__}.")
    inc = value - baseline
    best_inc = best - baseline
    return pd.Series({"resources": resources, "value": value, "baseline": baseline,
                      "incremental": inc, "oracle_incremental": best_inc,
                      "share_of_optimum": inc / best_inc if best_inc > 0 else np.nan},
                     name=name)


def compare_plans(world, plans, **kwargs):
    """Score several plans at once (:func:`score_plan` for each).

    Parameters
    ----------
    world : tierlab.datasets.World
    plans : mapping of str -> plan
    **kwargs
        Passed to :func:`score_plan` (``capacity``, ``budget``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per plan, sorted by ``share_of_optimum`` (best first).
    """
    if not isinstance(plans, Mapping) or not plans:
        raise TypeError("plans must be a non-empty mapping {name: plan}.")
    rows = [score_plan(world, p, name=n, **kwargs) for n, p in plans.items()]
    out = pd.DataFrame(rows).rename_axis("plan").reset_index()
    return out.sort_values("share_of_optimum", ascending=False, kind="stable").reset_index(
        drop=True)
