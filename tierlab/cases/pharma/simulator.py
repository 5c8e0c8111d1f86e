"""The pharma simulator and its oracle: what a call plan earns on the hidden truth.

A plan is calls per doctor per month. Our expected units follow
:func:`tierlab.cases.pharma.world.pharma_expected_units` (diminishing
returns); the simulated units add Poisson noise. Value is units x our unit
price; the company earns ``margin_per_unit`` per unit. The oracle is the best
plan the hidden truth allows with the same number of calls.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state
from tierlab._validation import check_columns, check_int
from tierlab.cases._world import World, check_world
from tierlab.cases.pharma.world import market_factor, pharma_expected_units
from tierlab.strategy import greedy_allocation

__all__ = ["oracle_pharma", "score_inputs", "simulate_pharma"]


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


def simulate_pharma(world: World, plan: object, *, months: int = 1,
                    random_state: RandomState = None) -> pd.DataFrame:
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
        One row per doctor: ``doctor_id``, ``hospital_id`` (so that the
        result can be summed to what the company would see, the hospitals'
        flow sales: ``result.groupby("hospital_id")["value"].sum()``),
        ``calls`` (per month), ``expected_units``, ``units`` (simulated, summed
        over the months), ``value`` (units x unit price) and ``margin``
        (units x margin per unit). ``result.attrs["total"]`` holds the totals.
    """
    truth = _pharma_truth(world)
    months = check_int(months, "months", 1, 120)
    rng = check_random_state(random_state)
    calls = _pharma_calls(truth, plan)
    # the market keeps its trend and seasons: month k of the plan is month n_months + k
    start = world.params.get("n_months", 0)
    factor = market_factor(np.arange(start, start + months))
    expected = pharma_expected_units(truth, calls)
    units = rng.poisson(expected[None, :] * factor[:, None]).sum(axis=0)
    hosp = world["doctors"].set_index("doctor_id")["hospital_id"]
    out = pd.DataFrame({
        "doctor_id": truth["doctor_id"].to_numpy(),
        "hospital_id": truth["doctor_id"].map(hosp).to_numpy(),
        "calls": calls,
        "expected_units": expected * factor.sum(),
        "units": units,
        "value": units * truth["unit_price"].to_numpy(),
        "margin": units * truth["margin_per_unit"].to_numpy(),
    })
    out.attrs["total"] = {c: float(out[c].sum()) for c in
                          ("calls", "expected_units", "units", "value", "margin")}
    out.attrs["months"] = months
    return out


def _pharma_expected_margin(truth, calls):
    return pharma_expected_units(truth, calls) * truth["margin_per_unit"].to_numpy()


def oracle_pharma(world: World, capacity: int, *, max_calls: int = _MAX_CALLS) -> pd.DataFrame:
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
    truth = _pharma_truth(world)
    capacity = check_int(capacity, "capacity", 0)
    max_calls = check_int(max_calls, "max_calls", 1)

    def gain(grid):
        cols = [_pharma_expected_margin(truth, np.full(len(truth), g)) for g in grid]
        return np.column_stack(cols)

    calls = greedy_allocation(gain, len(truth), capacity, max_calls)
    units = pharma_expected_units(truth, calls)
    return pd.DataFrame({"doctor_id": truth["doctor_id"].to_numpy(), "calls": calls,
                         "expected_units": units,
                         "expected_margin": units * truth["margin_per_unit"].to_numpy()})


def score_inputs(world: World, plan: object, *, capacity: int | None = None,
                 **ignored: object) -> dict[str, float]:
    """What :func:`tierlab.simulate.score_plan` needs: resources, value, baseline, oracle value.

    Parameters
    ----------
    world : World
        A pharma world.
    plan
        Calls per doctor (see :func:`simulate_pharma`).
    capacity : int, optional
        Calls per month the oracle may use; default the plan's total calls.

    Returns
    -------
    dict
        ``resources`` (calls per month), ``value`` (expected margin per month),
        ``baseline`` (the same with zero calls) and ``best`` (the oracle's).
    """
    unknown = sorted(k for k, v in ignored.items() if v is not None and k != "cost_per_contact")
    if unknown:
        raise TypeError(f"a pharma plan is scored with capacity=, not {unknown[0]}=.")
    truth = _pharma_truth(world)
    calls = _pharma_calls(truth, plan)
    cap = int(round(calls.sum())) if capacity is None else check_int(capacity, "capacity", 0)
    return {"resources": float(calls.sum()),
            "value": float(_pharma_expected_margin(truth, calls).sum()),
            "baseline": float(_pharma_expected_margin(truth, np.zeros(len(truth))).sum()),
            "best": float(oracle_pharma(world, cap)["expected_margin"].sum())}
