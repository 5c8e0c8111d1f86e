"""Tier migration between two periods (evaluation stage, 效果评估).

Did the plan move customers up? :func:`tier_changes` follows each customer
from the tier it had ``before`` to the tier it has ``after``;
:func:`migration_matrix` counts the moves in a tier-to-tier table and
:func:`migration_summary` counts moves up, stays and moves down per tier.

Customers found in only one period are kept and named explicitly: a
customer only in ``after`` comes from the row ``"new"``, a customer only in
``before`` goes to the column ``"lost"``.

``order`` lists the tiers from best to worst (e.g. ``["A", "B", "C"]``);
moving to an earlier tier in the list is a move *up*. If not given, it is the
category order of an ordered categorical tier column, else the sorted labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_customer,
    check_group_column,
    check_same_id_type,
    uses_customer,
)

__all__ = ["migration_matrix", "migration_summary", "tier_changes"]


def _order(before, after, tier, order, new_label, lost_label):
    seen = pd.unique(pd.concat([before[tier].astype(object), after[tier].astype(object)]))
    if order is None:
        cat = before[tier].dtype
        if isinstance(cat, pd.CategoricalDtype):
            order = list(cat.categories)
        else:
            try:
                order = sorted(seen)
            except TypeError:
                order = sorted(seen, key=str)
    order = list(order)
    if len(set(order)) != len(order):
        raise ValueError(f"order must not repeat a tier, got {order!r}.")
    unknown = [t for t in seen if t not in order]
    if unknown:
        raise ValueError(f"tier={tier!r} holds {unknown!r}, which order={order!r} does not list.")
    clash = [x for x in (new_label, lost_label) if x in order]
    if clash:
        raise ValueError(f"{clash!r} is a tier label; choose other new_label / lost_label.")
    return order


@uses_customer
def tier_changes(before: pd.DataFrame, after: pd.DataFrame, *, customer: str = "customer_id",
                 tier: str = "tier", order: Sequence | None = None, new_label: str = "new",
                 lost_label: str = "lost") -> pd.DataFrame:
    """Each customer's tier before and after, and the kind of move.

    Parameters
    ----------
    before, after : DataFrame
        Tierings of two periods, one row per customer each.
    customer, tier : str
        Customer id and tier columns (the same names in both tables).
    order : list, optional
        Tiers from best to worst; see the module notes.
    new_label, lost_label : str
        Names for "not there before" and "not there after".

    Returns
    -------
    DataFrame
        One row per customer in either period (before's order, then new ones):
        ``customer``, ``tier_before``, ``tier_after`` (``new_label`` /
        ``lost_label`` where missing) and ``move``: "up", "stay", "down",
        "new" or "lost".
    """
    check_customer(before, customer, "before")
    check_customer(after, customer, "after")
    check_group_column(before, tier, "tier", "before", missing="raise")
    check_group_column(after, tier, "tier", "after", missing="raise")
    check_same_id_type(before, customer, "before", after, customer, "after")
    order = _order(before, after, tier, order, new_label, lost_label)
    left = pd.DataFrame({customer: before[customer].to_numpy(),
                         "tier_before": before[tier].astype(object).to_numpy()})
    right = pd.DataFrame({customer: after[customer].to_numpy(),
                          "tier_after": after[tier].astype(object).to_numpy()})
    both = left.merge(right, on=customer, how="left")
    new_rows = right[~right[customer].isin(left[customer])]
    both = pd.concat([both, new_rows.assign(tier_before=np.nan)], ignore_index=True)
    pos = {t: i for i, t in enumerate(order)}
    b = both["tier_before"].map(pos)
    a = both["tier_after"].map(pos)
    move = np.select([b.isna(), a.isna(), a < b, a > b], ["new", "lost", "up", "down"], default="stay")
    both["tier_before"] = both["tier_before"].where(b.notna(), new_label)
    both["tier_after"] = both["tier_after"].where(a.notna(), lost_label)
    both["move"] = move
    return both[[customer, "tier_before", "tier_after", "move"]]


@uses_customer
def migration_matrix(before: pd.DataFrame, after: pd.DataFrame, *, customer: str = "customer_id",
                     tier: str = "tier", normalize: str | None = None,
                     order: Sequence | None = None,
                     new_label: str = "new", lost_label: str = "lost") -> pd.DataFrame:
    """Tier-to-tier transition table between two periods.

    Parameters
    ----------
    before, after : DataFrame
        Tierings of two periods, one row per customer each.
    customer, tier : str
        Column names (the same in both tables).
    normalize : None or "index"
        ``None``: counts of customers. ``"index"``: each row divided by its
        total, i.e. the share of the tier's customers that went where
        (rows with no customers stay 0).
    order : list, optional
        Tiers from best to worst.
    new_label, lost_label : str
        Row for customers only in ``after``, column for customers only in ``before``.

    Returns
    -------
    DataFrame
        Rows = tier before (``order`` then ``new_label``), columns = tier after
        (``order`` then ``lost_label``). Every tier appears even if empty.

    Examples
    --------
    >>> b = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["A", "B", "B"]})
    >>> a = pd.DataFrame({"customer_id": [1, 2, 4], "tier": ["B", "A", "A"]})
    >>> migration_matrix(b, a)  # doctest: +NORMALIZE_WHITESPACE
    after   A  B  lost
    before
    A       0  1     0
    B       1  0     1
    new     1  0     0
    """
    check_choice(normalize, "normalize", [None, "index"])
    moves = tier_changes(before, after, customer=customer, tier=tier, order=order,
                         new_label=new_label, lost_label=lost_label)
    order = _order(before, after, tier, order, new_label, lost_label)
    rows, cols = [*order, new_label], [*order, lost_label]
    table = pd.crosstab(moves["tier_before"], moves["tier_after"])
    table = table.reindex(index=rows, columns=cols, fill_value=0).astype(int)
    table.index.name, table.columns.name = "before", "after"
    if normalize == "index":
        totals = table.sum(axis=1).replace(0, np.nan)
        table = table.div(totals, axis=0).fillna(0.0)
    return table


@uses_customer
def migration_summary(before: pd.DataFrame, after: pd.DataFrame, *, customer: str = "customer_id",
                      tier: str = "tier", order: Sequence | None = None) -> pd.DataFrame:
    """Moves up, stays, moves down and losses per starting tier.

    Parameters
    ----------
    before, after : DataFrame
        Tierings of two periods, one row per customer each.
    customer, tier : str
        Column names.
    order : list, optional
        Tiers from best to worst.

    Returns
    -------
    DataFrame
        One row per tier of ``before`` (in ``order``) plus ``"new"`` and a
        ``"total"`` row, with columns ``customers``, ``up``, ``stay``, ``down``,
        ``lost``, ``new`` (counts).
    """
    moves = tier_changes(before, after, customer=customer, tier=tier, order=order)
    order = _order(before, after, tier, order, "new", "lost")
    kinds = ["up", "stay", "down", "lost", "new"]
    table = pd.crosstab(moves["tier_before"], moves["move"])
    table = table.reindex(index=[*order, "new"], columns=kinds, fill_value=0).astype(int)
    table.insert(0, "customers", table.sum(axis=1))
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "tier"
    table.columns.name = None
    return table.reset_index()


