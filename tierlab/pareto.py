"""Pareto / ABC tiering, volume deciles and concentration metrics (ABC分类法).

The ABC method ranks customers by value, largest first, and cuts the list
where the *cumulative* share of value crosses given cut-offs: with the
classic ``cutoffs=(0.8, 0.95)`` the "A" customers together bring about 80 % of
the value, "B" the next 15 % and "C" the last 5 %.

The cut-off rule used everywhere in this module
-----------------------------------------------
Customers are sorted by value (largest first; equal values by customer id,
ascending, so the result never depends on row order). For each customer we
know the cumulative share of the customers *ahead* of it (``cum_before``) and
including it (``cumulative_share``). A customer belongs to the upper tier as
long as the customers ahead of it have not yet reached the cut-off
(``cum_before < cutoff``). So the customer whose value *crosses* a cut-off is
still in the upper tier: the A tier is the smallest group that reaches 80 %.

Zero and negative values
------------------------
Zero values are fine: they add nothing to the cumulative share and end up in
the last tier. Negative values (net of returns, or a loss-making account) have
no place in a share of a total, so by default they raise a ``ValueError``.
Pass ``negative="last"`` to keep them: their share is counted as 0, so the
cumulative share stays monotone, and they are placed in the last tier
(after all zero-value customers).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_customer,
    check_customer_codes,
    check_dataframe,
    check_group_column,
    check_int,
    check_is_fitted,
    check_labels,
    check_number,
    check_numeric_column,
    uses_customer,
)
from tierlab.i18n import tr

__all__ = [
    "ABCClassifier",
    "abc_classify",
    "concentration_summary",
    "deciles",
    "gini",
    "pareto_table",
    "tier_summary",
    "top_share",
]

_TOL = 1e-12  # tolerance for comparing cumulative shares with cut-offs


# --------------------------------------------------------------------------- helpers
# (private, but shared with the other tiering families of tierlab)

def _check_cutoffs(cutoffs, name: str = "cutoffs") -> list[float]:
    """Cut-offs on the cumulative share: strictly increasing numbers in (0, 1)."""
    if isinstance(cutoffs, str) or not hasattr(cutoffs, "__len__") or len(cutoffs) == 0:
        raise TypeError(f"{name} must be a non-empty list of shares such as (0.8, 0.95), got {cutoffs!r}.")
    out = [check_number(c, f"{name}[{i}]", 0, 1, inclusive=False) for i, c in enumerate(cutoffs)]
    if any(b <= a for a, b in zip(out, out[1:], strict=False)):
        raise ValueError(f"{name} must be strictly increasing, got {list(cutoffs)!r}.")
    return out


def _ordered(values, labels) -> pd.Categorical:
    return pd.Categorical(values, categories=list(labels), ordered=True)


def _rank_order(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Positions of rows sorted by value descending, ties by customer id ascending.

    ``codes`` are the customer ids as integers in sorted id order
    (:func:`_check_customer_codes`), so one integer ``lexsort`` does the work.
    """
    return np.lexsort((codes, -np.asarray(values, dtype=float)))


# --------------------------------------------------------------------------- ABC

@uses_customer
def pareto_table(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
                 negative: str = "raise") -> pd.DataFrame:
    """Rank customers by value and add shares: the table behind a Pareto curve.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer, value : str
        Column names of the customer id and of the value to rank by
        (sales, margin, units ...).
    negative : {"raise", "last"}
        What to do with negative values; see the module notes. ``"last"``
        counts their share as 0 and ranks them last.

    Returns
    -------
    DataFrame
        Sorted by rank (1 = largest value), with columns ``customer``, ``value``,
        ``rank``, ``share`` (share of the total of positive values),
        ``cumulative_share`` (share of the customers up to and including this one)
        and ``customer_share`` (cumulative share of customers, i.e. rank / n).

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [20, 70, 10]})
    >>> pareto_table(df)[["customer_id", "rank", "cumulative_share"]]
      customer_id  rank  cumulative_share
    0           b     1               0.7
    1           a     2               0.9
    2           c     3               1.0
    """
    codes = check_customer_codes(data, customer)
    v = check_numeric_column(data, value, "value")
    check_choice(negative, "negative", ["raise", "last"])
    if (v < 0).any():
        if negative == "raise":
            bad = data.loc[v < 0, customer]
            raise ValueError(
                f"value={value!r} has {len(bad)} negative value(s) (e.g. customer {bad.iloc[0]!r}); "
                "a share of a total needs values >= 0. Pass negative='last' to rank them last "
                "with a share of 0, or clip them: data.assign(...=data[value].clip(lower=0))."
            )
    positive_total = float(v.clip(lower=0).sum())
    if positive_total <= 0:
        raise ValueError(
            f"value={value!r} sums to {positive_total} over positive values; a Pareto table "
            "needs at least one customer with a value above 0."
        )
    order = _rank_order(v.to_numpy(), codes)
    frame = pd.DataFrame({customer: data[customer].array[order], value: v.to_numpy()[order]})
    n = len(frame)
    contribution = frame[value].clip(lower=0).to_numpy()
    frame["rank"] = np.arange(1, n + 1)
    frame["share"] = contribution / positive_total
    frame["cumulative_share"] = np.minimum(np.cumsum(contribution) / positive_total, 1.0)
    frame["customer_share"] = frame["rank"] / n
    return frame


@uses_customer
def abc_classify(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
                 cutoffs: Sequence[float] = (0.8, 0.95), labels: Sequence = ("A", "B", "C"),
                 negative: str = "raise") -> pd.DataFrame:
    """ABC (Pareto) tiers by cumulative share of value.

    Parameters
    ----------
    data : DataFrame
        One row per customer (aggregate transactions first).
    customer, value : str
        Column names of the customer id and the value.
    cutoffs : sequence of float
        Strictly increasing cumulative shares in (0, 1); ``k`` cut-offs make
        ``k + 1`` tiers. Default ``(0.8, 0.95)``.
    labels : sequence
        One label per tier, top tier first. Default ``("A", "B", "C")``.
    negative : {"raise", "last"}
        Negative values raise (default) or go to the last tier with share 0.

    Returns
    -------
    DataFrame
        Columns ``customer``, ``value``, ``share``, ``cumulative_share``, ``rank``
        and ``tier`` (an ordered categorical, top tier first), sorted by rank.
        A customer is in the upper tier while the customers ranked ahead of it
        hold less than the cut-off, so the customer that crosses a cut-off
        belongs to the upper tier. Ties in value are ranked by customer id.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": list("abcde"), "amount": [50, 30, 10, 6, 4]})
    >>> abc_classify(df)[["customer_id", "cumulative_share", "tier"]]
      customer_id  cumulative_share tier
    0           a              0.50    A
    1           b              0.80    A
    2           c              0.90    B
    3           d              0.96    B
    4           e              1.00    C
    """
    cut = _check_cutoffs(cutoffs)
    labels = check_labels(labels, len(cut) + 1)
    table = pareto_table(data, customer=customer, value=value, negative=negative)
    cum_before = np.concatenate([[0.0], table["cumulative_share"].to_numpy()[:-1]])
    idx = np.zeros(len(table), dtype=int)
    for c in cut:
        idx += cum_before >= c - _TOL
    # negative values are always in the last tier
    idx[table[value].to_numpy() < 0] = len(cut)
    table["tier"] = _ordered(np.asarray(labels, dtype=object)[idx], labels)
    return table[[customer, value, "share", "cumulative_share", "rank", "tier"]]


def tier_summary(tiered: pd.DataFrame, *, tier: str = "tier", value: str | None = "amount",
                 customer: str | None = None) -> pd.DataFrame:
    """Count customers and value per tier.

    Parameters
    ----------
    tiered : DataFrame
        Output of any tiering function (one row per customer).
    tier : str
        Column holding the tier. If it is an ordered categorical, the
        summary follows its order and keeps empty tiers. Customers without a
        tier are counted in an explicit ``"unassigned"`` row (last), never
        dropped.
    value : str or None
        Column to add up per tier, or ``None`` to count customers only.
    customer : str, optional
        If given, check that ids are unique.

    Returns
    -------
    DataFrame
        One row per tier: ``tier``, ``customers``, ``customer_share`` and,
        with ``value``, ``value``, ``value_share``, ``mean_value``.

    Examples
    --------
    >>> tiers = abc_classify(df)  # doctest: +SKIP
    >>> tier_summary(tiers, value="amount")  # doctest: +SKIP
    """
    check_dataframe(tiered, "tiered")
    check_columns(tiered, {"tier": tier}, "tiered")
    if customer is not None:
        check_customer(tiered, customer, "tiered")
    tiered = tiered.assign(**{tier: check_group_column(tiered, tier, "tier", "tiered")})
    groups = tiered.groupby(tier, observed=False, sort=True)
    out = groups.size().rename("customers").to_frame()
    out["customer_share"] = out["customers"] / max(len(tiered), 1)
    if value is not None:
        v = check_numeric_column(tiered, value, "value", "tiered")
        sums = v.groupby(tiered[tier], observed=False, sort=True).sum()
        out[value] = sums.reindex(out.index).fillna(0.0)
        total = float(v.sum())
        out["value_share"] = out[value] / total if total != 0 else np.nan
        out["mean_value"] = out[value] / out["customers"].replace(0, np.nan)
    return out.reset_index()


@uses_customer
def deciles(data: pd.DataFrame, *, customer: str = "customer_id", value: str = "amount",
            method: str = "volume", ascending: bool = False, n: int = 10,
            negative: str = "raise") -> pd.DataFrame:
    """Split customers into ``n`` groups (deciles by default), as in pharma practice.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer, value : str
        Column names.
    method : {"volume", "count"}
        ``"volume"``: each group holds about ``1/n`` of the total value, so the
        top group has few large customers and the bottom group many small ones
        (the cut-off rule of :func:`abc_classify` with cut-offs 0.1, 0.2, ...).
        ``"count"``: each group holds the same number of customers (give or take one).
    ascending : bool
        Direction of the numbering. ``False`` (default): group 1 holds the
        largest customers. ``True``: group ``n`` holds the largest customers
        (the "decile 10 = top prescribers" convention). The groups are the same;
        only the numbers flip. The direction is also stored in
        ``result.attrs["top_decile"]``.
    n : int
        Number of groups, default 10.
    negative : {"raise", "last"}
        See :func:`pareto_table`.

    Returns
    -------
    DataFrame
        Sorted by rank: ``customer``, ``value``, ``rank``, ``cumulative_share``, ``decile``.
    """
    check_choice(method, "method", ["volume", "count"])
    n = check_int(n, "n", minimum=2)
    if not isinstance(ascending, bool):
        raise TypeError(f"ascending must be True or False, got {ascending!r}.")
    table = pareto_table(data, customer=customer, value=value, negative=negative)
    size = len(table)
    if method == "volume":
        cum_before = np.concatenate([[0.0], table["cumulative_share"].to_numpy()[:-1]])
        group = 1 + np.floor(cum_before * n + _TOL * n).astype(int)
        group = np.clip(group, 1, n)
        group[table[value].to_numpy() < 0] = n
    else:
        group = 1 + (np.arange(size) * n) // size
    if ascending:
        group = n + 1 - group
    table["decile"] = group
    table.attrs["top_decile"] = n if ascending else 1
    return table[[customer, value, "rank", "cumulative_share", "decile"]]


# --------------------------------------------------------------------------- concentration

def gini(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Gini coefficient of concentration: 0 = everybody equal, near 1 = one customer has all.

    Parameters
    ----------
    values : array-like of float
        Non-negative values, one per customer.

    Returns
    -------
    float
        ``sum_i (2 i - n - 1) x_(i) / (n * sum x)`` with values sorted ascending
        (``i = 1..n``). The maximum for ``n`` customers is ``(n - 1) / n``.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    x = np.asarray(pd.Series(values, dtype="float64"), dtype=float)
    if x.size == 0:
        raise ValueError("values is empty; the Gini coefficient needs at least one value.")
    if np.isnan(x).any():
        raise ValueError(f"values has {int(np.isnan(x).sum())} missing value(s); drop or fill them.")
    # rounding noise of sums of returns (e.g. -7e-15 for a fully returned basket) counts as 0
    tiny = 1e-9 * max(float(np.abs(x).max()), 1.0)
    x = np.where((x < 0) & (x > -tiny), 0.0, x)
    if (x < 0).any():
        raise ValueError(f"values must be >= 0 for a Gini coefficient, got a minimum of {x.min()}.")
    total = x.sum()
    if total == 0:
        raise ValueError("values are all 0; concentration is undefined.")
    x = np.sort(x)
    i = np.arange(1, x.size + 1)
    return float(np.sum((2 * i - x.size - 1) * x) / (x.size * total))


def top_share(data: pd.DataFrame, *, value: str = "amount", top: float = 0.2) -> float:
    """Share of the total value held by the top ``top`` fraction of customers.

    The concentration curve (cumulative value share against cumulative
    customer share, largest first) is interpolated linearly, so ``top=0.2``
    with 12 customers gives 2.4 customers' worth of value.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    value : str
        Value column (values >= 0).
    top : float
        Fraction of customers in (0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> top_share(pd.DataFrame({"amount": [60, 20, 10, 5, 5]}), top=0.2)
    0.6
    """
    check_dataframe(data)
    top = check_number(top, "top", 0, 1)
    if top == 0:
        raise ValueError("top must lie in (0, 1], got 0.0.")
    v = check_numeric_column(data, value, "value").to_numpy()
    if len(v) == 0:
        raise ValueError("data has no rows.")
    if (v < 0).any():
        raise ValueError(f"value={value!r} has negative values; top_share needs values >= 0.")
    if v.sum() == 0:
        raise ValueError(f"value={value!r} sums to 0; shares are undefined.")
    x = np.sort(v)[::-1]
    cum_value = np.concatenate([[0.0], np.cumsum(x) / x.sum()])
    cum_cust = np.arange(len(x) + 1) / len(x)
    return float(np.interp(top, cum_cust, cum_value))


def concentration_summary(data: pd.DataFrame, *, value: str = "amount",
                          tops: Sequence[float] = (0.01, 0.05, 0.1, 0.2),
                          share: float = 0.8) -> pd.DataFrame:
    """A small table of concentration metrics for one value column.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    value : str
        Value column (values >= 0).
    tops : sequence of float
        Customer fractions for which to report :func:`top_share`.
    share : float
        Also report the fraction of customers needed to reach this share of value.

    Returns
    -------
    DataFrame
        Columns ``metric`` and ``value``: customers, total, Gini, the top shares
        and the customer fraction needed for ``share`` of the value. The metric names
        follow the course's locale (Chinese in ``"zh_CN"``, see docs/glossary.md).
    """
    check_dataframe(data)
    v = check_numeric_column(data, value, "value")
    share = check_number(share, "share", 0, 1, inclusive=False)
    rows = [(tr("customers", "客户数"), float(len(v))), (tr("total", "合计"), float(v.sum())),
            (tr("gini", "基尼系数"), gini(v))]
    for t in tops:
        rows.append((tr(f"top {t:.0%} share of value", f"前{t:.0%}客户的价值占比"),
                     top_share(data, value=value, top=t)))
    x = np.sort(v.to_numpy())[::-1]
    cum = np.cumsum(x) / x.sum()
    needed = int(np.searchsorted(cum, share - _TOL) + 1)
    rows.append((tr(f"customer share for {share:.0%} of value", f"贡献{share:.0%}价值所需的客户占比"),
                 needed / len(x)))
    return pd.DataFrame(rows, columns=["metric", "value"])


# --------------------------------------------------------------------------- scorer

class ABCClassifier:
    """ABC tiering that learns value thresholds on one period and applies them to another.

    ``fit`` runs :func:`abc_classify` and turns the share cut-offs into
    value thresholds: ``cutoffs_[k]`` is the smallest value among customers in
    the top ``k + 1`` tiers. ``transform`` then gives every customer the
    highest tier whose threshold its value reaches (``value >= cutoffs_[k]``).
    On the fitting data this reproduces :func:`abc_classify`, except where
    equal values straddle a cut-off (those go up).

    Parameters
    ----------
    cutoffs : sequence of float
        Cumulative-share cut-offs, as in :func:`abc_classify`.
    labels : sequence
        Tier labels, top first.
    customer, value : str
        Column names used by ``fit`` and ``transform``.
    negative : {"raise", "last"}
        Handling of negative values in ``fit`` (see :func:`pareto_table`).

    Attributes
    ----------
    cutoffs_ : numpy.ndarray
        Value thresholds, one per cut-off, non-increasing.
    n_customers_ : int
        Number of customers seen in ``fit``.

    Examples
    --------
    >>> clf = ABCClassifier(value="sales").fit(last_year)  # doctest: +SKIP
    >>> clf.transform(this_year)  # doctest: +SKIP
    """

    def __init__(self, cutoffs: Sequence[float] = (0.8, 0.95), labels: Sequence = ("A", "B", "C"),
                 *, customer: str = "customer_id", value: str = "amount",
                 negative: str = "raise") -> None:
        self.cutoffs = cutoffs
        self.labels = labels
        self.customer = customer
        self.value = value
        self.negative = negative

    def __repr__(self) -> str:
        return (f"ABCClassifier(cutoffs={tuple(self.cutoffs)!r}, labels={tuple(self.labels)!r}, "
                f"customer={self.customer!r}, value={self.value!r})")

    def fit(self, data: pd.DataFrame) -> ABCClassifier:
        """Learn the value thresholds from ``data``; return ``self``."""
        tiers = abc_classify(data, customer=self.customer, value=self.value, cutoffs=self.cutoffs,
                             labels=self.labels, negative=self.negative)
        labels = list(self.labels)
        codes = tiers["tier"].cat.codes.to_numpy()
        values = tiers[self.value].to_numpy()
        thresholds = []
        for k in range(len(labels) - 1):
            upper = values[codes <= k]
            thresholds.append(upper.min() if len(upper) else math.inf)
        self.cutoffs_ = np.minimum.accumulate(np.asarray(thresholds, dtype=float))
        self.n_customers_ = len(tiers)
        return self

    def _check_fitted(self):
        check_is_fitted(self, "cutoffs_")

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Tier ``data`` with the learned thresholds.

        Returns
        -------
        DataFrame
            ``customer``, ``value``, ``tier`` in the row order of ``data``.
        """
        self._check_fitted()
        check_customer(data, self.customer)
        v = check_numeric_column(data, self.value, "value").to_numpy()
        labels = list(self.labels)
        idx = np.zeros(len(v), dtype=int)
        for c in self.cutoffs_:
            idx += v < c
        out = pd.DataFrame({self.customer: data[self.customer].to_numpy(), self.value: v})
        out["tier"] = _ordered(np.asarray(labels, dtype=object)[idx], labels)
        return out

    def fit_transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``fit(data)`` then ``transform(data)``."""
        return self.fit(data).transform(data)


# --------------------------------------------------------------------------- plot

