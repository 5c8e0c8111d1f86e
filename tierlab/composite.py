"""Composite score: a weighted sum of tiering dimensions (value, potential, loyalty, needs).

Each dimension is first put on a common scale, then weighted:

- ``scale="rank"``: percentile rank from 0 (lowest) to 1 (highest); equal values
  share their average rank. Robust to outliers; the default.
- ``scale="minmax"``: ``(x - min) / (max - min)``, from 0 to 1 (0.5 if constant).
- ``scale="zscore"``: ``(x - mean) / std`` (population std; 0 if constant).

Weights are divided by their sum, so ``{"value": 2, "potential": 1}`` means
2/3 and 1/3. Weights must be >= 0; for a dimension where *less* is better
(e.g. price sensitivity) flip the column first (e.g. ``6 - x`` on a 1-5 scale).

With ``tiers`` the score is cut into equal-sized groups, top tier first.
:class:`CompositeScorer` learns the scaling and the tier cut-offs on one
period and applies them unchanged to another.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_customer,
    check_is_fitted,
    check_labels,
    check_number,
    check_numeric_column,
    uses_customer,
)

__all__ = ["CompositeScorer", "composite_score"]


def _check_weights(weights) -> dict:
    if not isinstance(weights, dict) or not weights:
        raise TypeError(f"weights must be a non-empty dict {{column: weight}}, got {weights!r}.")
    clean = {col: check_number(w, f"weights[{col!r}]") for col, w in weights.items()}
    negative = {c: w for c, w in clean.items() if w < 0}
    if negative:
        raise ValueError(f"weights must be >= 0, got {negative}; to reward low values flip the "
                         "column first (e.g. max - x).")
    total = sum(clean.values())
    if total <= 0:
        raise ValueError(f"weights must not all be 0, got {weights!r}.")
    return {c: w / total for c, w in clean.items()}


def _tier_labels(tiers):
    if tiers is None:
        return None
    if isinstance(tiers, numbers.Integral) and not isinstance(tiers, bool):
        if tiers < 2:
            raise ValueError(f"tiers must be at least 2, got {tiers}.")
        return [f"tier {k}" for k in range(1, int(tiers) + 1)]
    labels = list(tiers) if not isinstance(tiers, str) else None
    if labels is None or len(labels) < 2:
        raise TypeError(f"tiers must be None, an int >= 2 or a list of labels (top first), got {tiers!r}.")
    return check_labels(labels, len(labels), "tiers")


class CompositeScorer:
    """Weighted composite score with scaling and tier cut-offs learned by ``fit``.

    Parameters
    ----------
    weights : dict
        ``{column: weight}``; weights >= 0, normalised to sum to 1.
    scale : {"rank", "minmax", "zscore"}
        How each column is scaled before weighting (see the module notes).
        For new data, ``"rank"`` gives the percentile position among the
        *fitting* data (interpolated between neighbours, clipped to [0, 1]).
    tiers : None, int or list
        Number of equal-sized tiers, or their labels (top first).
    customer : str
        Customer id column.

    Attributes
    ----------
    weights_ : dict
        Normalised weights.
    params_ : DataFrame
        Per column: ``min``, ``max``, ``mean``, ``std`` of the fitting data.
    cutoffs_ : numpy.ndarray
        Score thresholds, one per tier boundary (non-increasing); a customer is
        in the highest tier whose threshold its score reaches. Empty without tiers.
    """

    def __init__(self, weights: Mapping[str, float], scale: str = "rank",
                 tiers: int | Sequence | None = None, *,
                 customer: str = "customer_id") -> None:
        self.weights = weights
        self.scale = scale
        self.tiers = tiers
        self.customer = customer

    def __repr__(self) -> str:
        return f"CompositeScorer(weights={self.weights!r}, scale={self.scale!r}, tiers={self.tiers!r})"

    def _read(self, data):
        check_customer(data, self.customer)
        weights = _check_weights(self.weights)
        check_columns(data, {f"weights key {c!r}": c for c in weights})
        return weights, {c: check_numeric_column(data, c, f"weights key {c!r}").to_numpy()
                         for c in weights}

    def fit(self, data: pd.DataFrame) -> CompositeScorer:
        """Learn scaling parameters and tier cut-offs from ``data``; return ``self``."""
        check_choice(self.scale, "scale", ["rank", "minmax", "zscore"])
        labels = _tier_labels(self.tiers)
        self.weights_, cols = self._read(data)
        self.params_ = pd.DataFrame(
            {c: {"min": v.min(), "max": v.max(), "mean": v.mean(), "std": v.std()}
             for c, v in cols.items()}).T
        self._sorted = {c: np.sort(v) for c, v in cols.items()}
        self.cutoffs_ = np.array([])
        if labels is not None:
            score = self._score(cols)
            ids = data[self.customer].to_numpy()
            frame = pd.DataFrame({"s": -score, "c": ids}).sort_values("c", kind="mergesort")
            order = frame.sort_values("s", kind="mergesort").index.to_numpy()
            n, k = len(order), len(labels)
            group = (np.arange(n) * k) // n  # equal-sized groups by rank
            ranked = score[order]
            self.cutoffs_ = np.array([ranked[group <= j].min() if (group <= j).any() else np.inf
                                      for j in range(k - 1)])
        self._labels = labels
        return self

    def _scaled(self, col: str, v: np.ndarray) -> np.ndarray:
        p = self.params_.loc[col]
        if self.scale == "minmax":
            span = p["max"] - p["min"]
            return (v - p["min"]) / span if span > 0 else np.full(len(v), 0.5)
        if self.scale == "zscore":
            return (v - p["mean"]) / p["std"] if p["std"] > 0 else np.zeros(len(v))
        ref = self._sorted[col]
        n = len(ref)
        if n == 1:
            return np.full(len(v), 0.5)
        lt = np.searchsorted(ref, v, side="left")
        le = np.searchsorted(ref, v, side="right")
        # average 0-based rank of equal values; a value between two others interpolates
        pos = np.where(le > lt, lt + (le - lt - 1) / 2, lt - 0.5)
        return np.clip(pos / (n - 1), 0.0, 1.0)

    def _score(self, cols: dict) -> np.ndarray:
        return sum(w * self._scaled(c, cols[c]) for c, w in self.weights_.items())

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Score (and tier) ``data`` with the learned parameters.

        Returns
        -------
        DataFrame
            In the row order of ``data``: ``customer``, ``<column>_scaled`` per
            weighted column, ``score``, ``rank`` (1 = highest score, ties by
            customer id) and, with tiers, ``tier`` (ordered categorical, top first).
        """
        check_is_fitted(self, "params_")
        _, cols = self._read(data)
        missing = [c for c in self.weights_ if c not in cols]
        if missing:
            raise ValueError(f"data lacks the fitted columns {missing}.")
        ids = data[self.customer].to_numpy()
        out = pd.DataFrame({self.customer: ids})
        for c in self.weights_:
            out[f"{c}_scaled"] = self._scaled(c, cols[c])
        score = self._score(cols)
        out["score"] = score
        frame = pd.DataFrame({"s": -score, "c": ids}).sort_values("c", kind="mergesort")
        order = frame.sort_values("s", kind="mergesort").index.to_numpy()
        rank = np.empty(len(ids), dtype=int)
        rank[order] = np.arange(1, len(ids) + 1)
        out["rank"] = rank
        if self._labels is not None:
            idx = (score[:, None] < self.cutoffs_[None, :] - 1e-12).sum(axis=1)
            out["tier"] = pd.Categorical(np.asarray(self._labels, dtype=object)[idx],
                                         categories=self._labels, ordered=True)
        return out

    def fit_transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``fit(data)`` then ``transform(data)``."""
        return self.fit(data).transform(data)


@uses_customer
def composite_score(data: pd.DataFrame, *, customer: str = "customer_id",
                    weights: Mapping[str, float] | None = None, scale: str = "rank",
                    tiers: int | Sequence | None = None) -> pd.DataFrame:
    """Weighted composite score of several dimensions, optionally cut into tiers.

    Parameters
    ----------
    data : DataFrame
        One row per customer with one numeric column per dimension.
    customer : str
        Customer id column.
    weights : dict
        ``{column: weight}``, e.g. ``{"value": 0.4, "potential": 0.3,
        "loyalty": 0.2, "needs": 0.1}`` (the default). Weights >= 0, normalised.
    scale : {"rank", "minmax", "zscore"}
        Scaling of each column before weighting.
    tiers : None, int or list
        ``3`` gives tiers "tier 1" (top) .. "tier 3" of equal size; a list such
        as ``["A", "B", "C"]`` names them, top first. Equal scores at a tier
        boundary go to the upper tier.

    Returns
    -------
    DataFrame
        See :meth:`CompositeScorer.transform`.

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": [1, 2, 3], "value": [10, 30, 20],
    ...                    "potential": [300, 100, 200]})
    >>> composite_score(df, weights={"value": 1, "potential": 1})["score"].tolist()
    [0.5, 0.5, 0.5]
    """
    if weights is None:
        weights = {"value": 0.4, "potential": 0.3, "loyalty": 0.2, "needs": 0.1}
    return CompositeScorer(weights, scale=scale, tiers=tiers, customer=customer).fit_transform(data)
