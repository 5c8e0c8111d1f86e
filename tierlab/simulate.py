"""Scoring a plan: what it earns on the hidden truth, against the best plan possible.

Stage 05 of the course (效果评估). A plan made from observable data is played
into the world's hidden truth, so a learner sees what it really earned and how
far it is from the best plan the truth allows with the same resources (the
*oracle*). Each case brings its own simulator and oracle
(:func:`tierlab.simulate_pharma` / :func:`tierlab.oracle_pharma`,
:func:`tierlab.simulate_retail` / :func:`tierlab.oracle_retail`); this module
scores any case's plan through the case registry (:mod:`tierlab.cases`).

:func:`score_plan` gives a plan's *incremental* value (over zero calls / no
campaign) as a share of the oracle's incremental value with the same
resources. Scores use expected values, so they do not depend on luck.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tierlab.cases import World, get

__all__ = ["compare_plans", "score_plan"]



# --------------------------------------------------------------------------- scoring
def score_plan(world: World, plan: object, *, capacity: int | None = None,
               budget: float | None = None, cost_per_contact: float = 1.0,
               name: str | None = None) -> pd.Series:
    """Score a plan against the best plan the hidden truth allows, with the same resources.

    Parameters
    ----------
    world : tierlab.cases.World
        A world of any case (pharma, retail, ...).
    plan
        Pharma: calls per doctor (see :func:`tierlab.simulate_pharma`). Retail:
        the target list (see :func:`tierlab.simulate_retail`).
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
    if not isinstance(world, World):
        raise TypeError("world must be a tierlab World (e.g. tl.load_pharma()), "
                        f"got {type(world).__name__}.")
    got = get(world.case).score_inputs(world, plan, capacity=capacity, budget=budget,
                                      cost_per_contact=cost_per_contact)
    inc = got["value"] - got["baseline"]
    best_inc = got["best"] - got["baseline"]
    return pd.Series({"resources": got["resources"], "value": got["value"],
                      "baseline": got["baseline"], "incremental": inc,
                      "oracle_incremental": best_inc,
                      "share_of_optimum": inc / best_inc if best_inc > 0 else np.nan},
                     name=name)


def compare_plans(world: World, plans: Mapping[str, object], **kwargs: object) -> pd.DataFrame:
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
