"""RFM scores and named RFM segments (Recency, Frequency, Monetary).

Each customer gets three scores from 1 to ``bins`` (quintiles by default):

- ``r_score``: recency, *reversed*: the most recent buyers get the highest score.
  ``recency`` must be the time since the last purchase (days, weeks ...), so a
  small number is good, as in :func:`tierlab.summary.rfm_table` (whose output
  feeds :func:`rfm_scores` directly). A lifetimes-style summary measures
  ``recency`` as the age at the last purchase instead; turn it into time since
  the last purchase with ``T - recency`` first.
- ``f_score``: frequency, more purchases = higher score.
- ``m_score``: monetary value, more spend = higher score.

Scores are quantiles of the *rank* ("rank first"): customers are ordered by the
measure, equal values by customer id (among equal values the smaller id gets
the lower score, for recency too), and split into ``bins`` groups
of equal size. So ties can land in neighbouring scores, but every score holds
the same number of customers (give or take one) even when many customers share
a value (e.g. frequency 1), and the result never depends on row order.

Named segments (Champions ... Lost) come from :data:`SEGMENT_RULES`, a table of
r/f score ranges that you can copy and edit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_columns,
    check_customer,
    check_customer_codes,
    check_dataframe,
    check_int,
    check_is_fitted,
    check_numeric_column,
    uses_customer,
)

__all__ = ["RFMScorer", "SEGMENT_RULES", "rfm_scores", "rfm_segments"]


SEGMENT_RULES = pd.DataFrame(
    [
        ("Champions", "重要价值客户", 5, 5, 4, 5,
         "bought recently, buy often: reward them, ask for referrals",
         "最近买过、买得多：给予回馈，请他们推荐"),
        ("Loyal Customers", "忠诚客户", 3, 4, 4, 5,
         "buy often: up-sell, loyalty programme",
         "买得多：向上销售，忠诚度计划"),
        ("Potential Loyalists", "潜在忠诚客户", 4, 5, 2, 3,
         "recent, a few purchases: membership offers, recommendations",
         "最近买过、买过几次：会员优惠，个性化推荐"),
        ("New Customers", "新客户", 5, 5, 1, 1,
         "bought for the first time recently: onboarding, early support",
         "最近首次购买：新客引导，早期关怀"),
        ("Promising", "有潜力客户", 4, 4, 1, 1,
         "fairly recent, one purchase: build awareness, free trials",
         "较近买过一次：建立认知，免费试用"),
        ("Need Attention", "需要关注客户", 3, 3, 3, 3,
         "average recency and frequency: limited-time offers",
         "最近购买和频次都一般：限时优惠"),
        ("About to Sleep", "即将沉睡客户", 3, 3, 1, 2,
         "below average, slipping: reactivate with popular products",
         "低于平均、正在下滑：用热销商品重新激活"),
        ("At Risk", "流失风险客户", 1, 2, 3, 4,
         "used to buy often, not lately: personal win-back contact",
         "过去常买、最近没买：一对一挽回联系"),
        ("Can't Lose Them", "重要挽留客户", 1, 2, 5, 5,
         "were the best customers, gone quiet: win them back first",
         "曾是最好的客户、已沉寂：优先挽回"),
        ("Hibernating", "休眠客户", 2, 2, 1, 2,
         "long ago, few purchases: low-cost reminders",
         "很久没买、买得少：低成本提醒"),
        ("Lost", "已流失客户", 1, 1, 1, 2,
         "longest ago, fewest purchases: ignore or one last low-cost try",
         "最久没买、买得最少：放弃，或最后一次低成本尝试"),
    ],
    columns=["segment", "segment_zh", "r_min", "r_max", "f_min", "f_max", "action", "action_zh"],
)
"""The standard 11 RFM segments as r_score / f_score ranges (inclusive) for ``bins=5``.

Edit a copy, not the original: ``rules = SEGMENT_RULES.copy()``. Every (r, f)
cell of the 5 x 5 grid falls in exactly one segment; :func:`rfm_segments`
checks this for whatever rules you pass.
"""


def _scores_from_rank(values: np.ndarray, codes: np.ndarray, bins: int,
                      reverse: bool) -> np.ndarray:
    """Score 1..bins by rank; ``reverse`` gives the *smallest* values the highest score.

    ``codes`` are the customer ids as integers in sorted id order, the tie-break.
    """
    v = np.asarray(values, dtype=float)
    order = np.lexsort((codes, -v if reverse else v))
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    return 1 + (pos * bins) // len(order)


def _rfm_cells(r: np.ndarray, f: np.ndarray, m: np.ndarray, bins: int) -> np.ndarray:
    """``"545"``-style cells from a lookup of the ``bins**3`` possible labels."""
    labels = [f"{i}{j}{k}" for i in range(1, bins + 1) for j in range(1, bins + 1)
              for k in range(1, bins + 1)]
    idx = ((r - 1) * bins + (f - 1)) * bins + (m - 1)
    return np.asarray(labels, dtype=object)[idx]


@uses_customer
def rfm_scores(data: pd.DataFrame, *, customer: str = "customer_id", recency: str = "recency",
               frequency: str = "frequency", monetary: str = "monetary",
               bins: int = 5) -> pd.DataFrame:
    """Score recency, frequency and monetary value from 1 to ``bins``.

    Parameters
    ----------
    data : DataFrame
        One row per customer.
    customer : str
        Customer id column.
    recency : str
        Time since the last purchase (smaller = more recent = higher score).
    frequency : str
        Number of purchases (larger = higher score).
    monetary : str
        Spend or average spend (larger = higher score).
    bins : int
        Number of score levels, default 5 (quintiles).

    Returns
    -------
    DataFrame
        In the row order of ``data``: ``customer``, the three measures,
        ``r_score``, ``f_score``, ``m_score`` (ints), ``rfm_cell`` (e.g. ``"545"``,
        only for ``bins <= 9``) and ``rfm_score`` (sum of the three scores).

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": [1, 2], "recency": [5, 90],
    ...                    "frequency": [8, 1], "monetary": [120.0, 30.0]})
    >>> rfm_scores(df, bins=2)[["customer_id", "rfm_cell", "rfm_score"]]
       customer_id rfm_cell  rfm_score
    0            1      222          6
    1            2      111          3
    """
    codes = check_customer_codes(data, customer)
    bins = check_int(bins, "bins", minimum=2)
    cols = {"recency": recency, "frequency": frequency, "monetary": monetary}
    check_columns(data, cols)
    measures = {p: check_numeric_column(data, c, p).to_numpy() for p, c in cols.items()}
    out = {customer: data[customer].array}
    for p, c in cols.items():
        out[c] = measures[p]
    r = _scores_from_rank(measures["recency"], codes, bins, reverse=True)
    f = _scores_from_rank(measures["frequency"], codes, bins, reverse=False)
    m = _scores_from_rank(measures["monetary"], codes, bins, reverse=False)
    out.update(r_score=r, f_score=f, m_score=m)
    if bins <= 9:
        out["rfm_cell"] = _rfm_cells(r, f, m, bins)
    out["rfm_score"] = r + f + m
    out = pd.DataFrame(out)
    out.attrs["bins"] = bins
    return out


def _check_rules(rules: pd.DataFrame, bins: int) -> np.ndarray:
    """Return a bins x bins array of rule positions; raise on gaps or overlaps."""
    check_dataframe(rules, "rules")
    need = ["segment", "r_min", "r_max", "f_min", "f_max"]
    missing = [c for c in need if c not in rules.columns]
    if missing:
        raise ValueError(f"rules needs the columns {need}; missing {missing}.")
    grid = [[[] for _ in range(bins)] for _ in range(bins)]
    for i, row in enumerate(rules.itertuples(index=False)):
        lo_r, hi_r, lo_f, hi_f = (int(getattr(row, k)) for k in ("r_min", "r_max", "f_min", "f_max"))
        for r in range(max(lo_r, 1), min(hi_r, bins) + 1):
            for f in range(max(lo_f, 1), min(hi_f, bins) + 1):
                grid[r - 1][f - 1].append(i)
    gaps = [f"r={r + 1}, f={f + 1}" for r in range(bins) for f in range(bins) if not grid[r][f]]
    if gaps:
        raise ValueError(f"rules leave {len(gaps)} (r_score, f_score) cell(s) without a segment: "
                         f"{'; '.join(gaps)}. Every cell from 1 to {bins} needs exactly one rule.")
    overlaps = [f"r={r + 1}, f={f + 1}: " + " & ".join(str(rules.iloc[j]["segment"]) for j in grid[r][f])
                for r in range(bins) for f in range(bins) if len(grid[r][f]) > 1]
    if overlaps:
        raise ValueError(f"rules overlap in {len(overlaps)} cell(s): {'; '.join(overlaps)}. "
                         "Each (r_score, f_score) cell must belong to exactly one segment.")
    return np.array([[cell[0] for cell in row] for row in grid])


@uses_customer
def rfm_segments(scores: pd.DataFrame, rules: pd.DataFrame | None = None, *,
                 customer: str = "customer_id", r_score: str = "r_score",
                 f_score: str = "f_score", bins: int = 5) -> pd.DataFrame:
    """Name each customer's RFM segment from its r and f scores.

    Parameters
    ----------
    scores : DataFrame
        Output of :func:`rfm_scores` (or any table with r and f scores).
    rules : DataFrame, optional
        Segment rules with ``segment``, ``r_min``, ``r_max``, ``f_min``, ``f_max``
        (inclusive ranges) and optionally ``segment_zh``; default
        :data:`SEGMENT_RULES`. They must cover every cell of the
        ``bins x bins`` grid exactly once.
    customer, r_score, f_score : str
        Column names.
    bins : int
        Highest score, default 5. With the default rules (written for a 5 x 5
        grid) and another ``bins``, scores are first mapped onto 1-5 by
        ``ceil(score * 5 / bins)`` (so the top score is always 5), and the
        standard segments still apply; custom ``rules`` must cover the
        ``bins x bins`` grid themselves.

    Returns
    -------
    DataFrame
        A copy of ``scores`` with ``segment`` (ordered categorical in the order
        of the rules) and ``segment_zh`` added.
    """
    bins = check_int(bins, "bins", minimum=2)
    rescale = rules is None and bins != 5
    rules = SEGMENT_RULES if rules is None else rules
    check_customer(scores, customer, "scores")
    grid = _check_rules(rules, 5 if rescale else bins)
    check_columns(scores, {"r_score": r_score, "f_score": f_score}, "scores")
    r = check_numeric_column(scores, r_score, "r_score", "scores").to_numpy()
    f = check_numeric_column(scores, f_score, "f_score", "scores").to_numpy()
    for name, s in (("r_score", r), ("f_score", f)):
        if ((s < 1) | (s > bins) | (s != np.round(s))).any():
            raise ValueError(f"{name} must hold whole scores from 1 to bins={bins}, "
                             f"got values from {s.min()} to {s.max()}.")
    if rescale:  # default 5 x 5 rules on another grid: map scores onto 1-5
        r, f = np.ceil(r * 5 / bins), np.ceil(f * 5 / bins)
    which = grid[r.astype(int) - 1, f.astype(int) - 1]
    names = list(rules["segment"])
    out = scores.copy()
    out["segment"] = pd.Categorical(np.asarray(names, dtype=object)[which],
                                    categories=list(dict.fromkeys(names)), ordered=True)
    if "segment_zh" in rules.columns:
        out["segment_zh"] = rules["segment_zh"].to_numpy()[which]
    return out


class RFMScorer:
    """RFM scoring that learns value cut-offs on one period and applies them to another.

    ``fit`` runs :func:`rfm_scores` and records, per dimension, the values
    at which each score starts. For frequency and monetary value,
    ``cutoffs_.loc["frequency", k]`` is the smallest value that scored ``k``
    or more; for recency (smaller is better) it is the *largest* time since the
    last purchase that still scored ``k`` or more. ``transform`` gives each
    customer the highest score whose cut-off it reaches. On the fitting data
    this reproduces :func:`rfm_scores`, except where equal values were split
    across two scores (those go up).

    Parameters
    ----------
    bins : int
        Number of score levels.
    customer, recency, frequency, monetary : str
        Column names, as in :func:`rfm_scores`.

    Attributes
    ----------
    cutoffs_ : DataFrame
        Index ``recency``, ``frequency``, ``monetary``; columns ``2 .. bins``.
    """

    def __init__(self, bins: int = 5, *, customer: str = "customer_id", recency: str = "recency",
                 frequency: str = "frequency", monetary: str = "monetary") -> None:
        self.bins = bins
        self.customer = customer
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary

    def __repr__(self) -> str:
        return f"RFMScorer(bins={self.bins!r})"

    def _columns(self):
        return {"recency": self.recency, "frequency": self.frequency, "monetary": self.monetary}

    def fit(self, data: pd.DataFrame) -> RFMScorer:
        """Learn the cut-offs from ``data``; return ``self``."""
        scores = rfm_scores(data, customer=self.customer, bins=self.bins, **self._columns())
        rows = {}
        for dim, col in self._columns().items():
            s = scores[dim[0] + "_score"].to_numpy()
            v = scores[col].to_numpy()
            cuts = []
            for k in range(2, self.bins + 1):
                reached = v[s >= k]
                if len(reached) == 0:
                    cuts.append(np.inf if dim != "recency" else -np.inf)
                else:
                    cuts.append(reached.max() if dim == "recency" else reached.min())
            rows[dim] = cuts
        self.cutoffs_ = pd.DataFrame.from_dict(rows, orient="index",
                                               columns=list(range(2, self.bins + 1)))
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Score ``data`` with the learned cut-offs (same columns as :func:`rfm_scores`)."""
        check_is_fitted(self, "cutoffs_")
        check_customer(data, self.customer)
        out = pd.DataFrame({self.customer: data[self.customer].to_numpy()})
        values = {dim: check_numeric_column(data, col, dim).to_numpy()
                  for dim, col in self._columns().items()}
        for dim, col in self._columns().items():
            out[col] = values[dim]
        for dim, v in values.items():
            cuts = self.cutoffs_.loc[dim].to_numpy()
            hits = (v[:, None] <= cuts) if dim == "recency" else (v[:, None] >= cuts)
            out[dim[0] + "_score"] = 1 + hits.sum(axis=1)
        if self.bins <= 9:
            out["rfm_cell"] = _rfm_cells(out["r_score"].to_numpy(), out["f_score"].to_numpy(),
                                         out["m_score"].to_numpy(), self.bins)
        out["rfm_score"] = out["r_score"] + out["f_score"] + out["m_score"]
        return out

    def fit_transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``fit(data)`` then ``transform(data)``."""
        return self.fit(data).transform(data)
