"""Plumbing shared by every retail exercise set (``ex00`` ... ``ex06_*_retail``).

One module per case holds what the case's question modules share, so a question
module holds only its questions:

* :func:`check_retail` -- the ``prepare`` step: accept a retail World only;
* :func:`default_retail` -- the course's default retail world;
* :func:`member_rfm` -- ``rfm_table`` of the transactions, keyed by member_id;
* :func:`member_summary` -- ``summarize_transactions`` in weeks, for the CLV models;
* :func:`member_clv` -- ``clv_table`` of that summary (BG/NBD + Gamma-Gamma, fitted once);
* :data:`MARGIN`, :data:`RETURN_COST` -- the course's profit assumptions, the library's
  :data:`tierlab.cases.retail.RETAIL_MARGIN` and :data:`~tierlab.cases.retail.RETAIL_COST_PER_RETURN`
  (not copies);
* :data:`MEMBER` -- the entity name in feedback messages.

These are shorthands of the public functions for the reference answers.
Learner-facing tables come from the public library:
:func:`tierlab.cases.retail.member_profile` (profit, main store, RFM, survey per
member), :func:`tierlab.cases.retail.retail_value_tiers` (MVC / STC / Other / BZ)
and :data:`tierlab.cases.retail.RETAIL_SERVICE_MODELS`.
The module's name starts with ``_``, so :func:`tierlab.exercises.available` does not
list it as an exercise set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from tierlab.cases.retail.tables import RETAIL_COST_PER_RETURN, RETAIL_MARGIN
from tierlab.clv import clv_table
from tierlab.datasets import World, check_world, load_retail
from tierlab.summary import rfm_table, summarize_transactions

__all__ = [
    "MARGIN",
    "MEMBER",
    "RETURN_COST",
    "TABLES",
    "check_retail",
    "default_retail",
    "member_clv",
    "member_rfm",
    "member_summary",
]

#: The retail tables an exercise set reads (``check_retail`` names a missing one).
TABLES = ("members", "stores", "transactions", "surveys", "campaigns", "campaign_contacts")
#: Gross margin used for profit and CLV in the retail exercises (the library default).
MARGIN = RETAIL_MARGIN
#: Handling cost of one returned receipt line (yuan), the library default.
RETURN_COST = RETAIL_COST_PER_RETURN
#: The customer as feedback messages name it.
MEMBER = {"en": "member", "zh": "会员"}


def check_retail(data: World | Mapping[str, pd.DataFrame]) -> World | Mapping[str, pd.DataFrame]:
    """Return ``data`` if it is a retail World (or a mapping with its tables), else raise.

    Parameters
    ----------
    data : tierlab.datasets.World or mapping
        What the notebook binds: ``load_retail(seed=SEED)``.

    Returns
    -------
    tierlab.datasets.World or mapping
        ``data`` itself.

    Raises
    ------
    TypeError
        If ``data`` has no tables (e.g. a DataFrame or a path was given).
    ValueError
        If it is a pharma world or lacks a retail table (the message names it).
    """
    return check_world(data, "retail", tables=TABLES, name="data")


def default_retail() -> World:
    """The course's default retail world (``load_retail()``)."""
    return load_retail()


def member_rfm(world: World, **kwargs: Any) -> pd.DataFrame:
    """``tl.rfm_table(world.transactions, customer="member_id", **kwargs)``."""
    return rfm_table(world["transactions"], customer="member_id", **kwargs)


def member_summary(world: World, **kwargs: Any) -> pd.DataFrame:
    """``tl.summarize_transactions(tx, customer="member_id", time_unit="W", **kwargs)``."""
    kwargs.setdefault("time_unit", "W")
    return summarize_transactions(world["transactions"], customer="member_id", **kwargs)


def member_clv(world: World, *, margin: float = MARGIN, **kwargs: Any) -> pd.DataFrame:
    """``tl.clv_table`` of :func:`member_summary` (12 months, weekly models)."""
    return clv_table(member_summary(world), customer="member_id", margin=margin, **kwargs)
