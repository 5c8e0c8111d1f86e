"""Evaluation (效果评估): did the plan work, and did the tiering find the value?

Stage 05 of the course (closing the loop).

* :func:`kpi_by_tier` -- KPIs per (baseline) tier before and after.
* :func:`tierlab.migration.migration_matrix` -- tier migration between periods
  (re-exported here for convenience).
* :func:`uplift` -- treated minus control, with a confidence interval, from a
  randomised control group.
* :func:`diff_in_diff` -- difference-in-differences with a bootstrap interval
  when the groups were not randomised.
* :func:`estimate_uplift` -- who is persuadable? Uplift per segment or a
  two-model estimate from a randomised campaign history (e.g. the retail
  case's :func:`tierlab.campaign_history`).
* :func:`tiering_capture` -- how much of the hidden true value a tiering put
  in its top tiers, with precision and recall against the true top customers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state, seed_from
from tierlab._validation import (
    UNASSIGNED,
    check_choice,
    check_columns,
    check_dataframe,
    check_group_column,
    check_int,
    check_number,
    check_numeric_column,
    check_same_id_type,
    uses_customer,
)
from tierlab.migration import migration_matrix

__all__ = [
    "control_group_size",
    "random_holdout",
    "diff_in_diff",
    "estimate_uplift",
    "kpi_by_tier",
    "migration_matrix",
    "tiering_capture",
    "uplift",
]


def _tier_order(values: pd.Series, order):
    if order is not None:
        return list(order)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [c for c in values.cat.categories if c in set(values)]
    uniq = pd.unique(values)
    try:
        return sorted(uniq)
    except TypeError:
        return sorted(uniq, key=str)


# --------------------------------------------------------------------------- KPIs
@uses_customer
def kpi_by_tier(before: pd.DataFrame, after: pd.DataFrame | None = None, *,
                customer: str = "customer_id", tier: str = "tier", value: str = "amount",
                order: Sequence | None = None, total: bool = True) -> pd.DataFrame:
    """KPIs per tier, before and after, for the customers of the baseline tiers.

    Customers keep their *baseline* tier (the tier the plan was made for), so
    the table answers "what happened to the customers we put in tier A?".

    Parameters
    ----------
    before : pandas.DataFrame
        One row per customer: ``customer``, ``tier`` and ``value`` (baseline).
    after : pandas.DataFrame, optional
        ``customer`` and ``value`` in the later period (customers missing
        here count as 0, e.g. lost customers).
    customer, tier, value : str
        Column names (``value`` has the same name in both tables).
    order : list, optional
        Tier order (best first); default the categorical order or sorted.
    total : bool
        Append a "Total" row.

    Returns
    -------
    pandas.DataFrame
        ``tier``, ``customers``, ``value_before``, ``share_before``,
        ``mean_before`` and, with ``after``, ``value_after``, ``share_after``,
        ``mean_after``, ``change``, ``change_pct``, ``active_after`` (customers
        with a positive value after).
    """
    before = check_dataframe(before, "before")
    check_columns(before, {"customer": customer, "tier": tier, "value": value}, "before")
    if before[tier].isna().any():   # customers without a tier: an explicit "unassigned" row
        before = before.assign(**{tier: check_group_column(before, tier, "tier", "before")})
        order = None if order is None else [*order, UNASSIGNED]
    vb = check_numeric_column(before, value, "value", "before")
    if before[customer].duplicated().any():
        raise ValueError(f"before must have one row per customer; {customer!r} has duplicates.")
    df = pd.DataFrame({"__c": before[customer].to_numpy(), "__t": before[tier].to_numpy(),
                       "before": vb.to_numpy()})
    if after is not None:
        after = check_dataframe(after, "after")
        check_columns(after, {"customer": customer, "value": value}, "after")
        va = check_numeric_column(after, value, "value", "after")
        check_same_id_type(before, customer, "before", after, customer, "after")
        a = pd.DataFrame({"__c": after[customer].to_numpy(), "after": va.to_numpy()})
        a = a.groupby("__c", as_index=False)["after"].sum()
        df = df.merge(a, on="__c", how="left")
        df["after"] = df["after"].fillna(0.0)
    tiers = _tier_order(before[tier], order)
    g = df.groupby("__t", sort=False)
    out = pd.DataFrame({tier: tiers})
    out["customers"] = out[tier].map(g.size()).fillna(0).astype(int).to_numpy()
    out["value_before"] = out[tier].map(g["before"].sum()).fillna(0.0).to_numpy()
    if after is not None:
        out["value_after"] = out[tier].map(g["after"].sum()).fillna(0.0).to_numpy()
        out["active_after"] = out[tier].map(g["after"].apply(lambda s: int((s > 0).sum()))
                                            ).fillna(0).astype(int).to_numpy()
    if total:
        row = {tier: "Total", "customers": out["customers"].sum(),
               "value_before": out["value_before"].sum()}
        if after is not None:
            row["value_after"] = out["value_after"].sum()
            row["active_after"] = out["active_after"].sum()
        out = pd.concat([out.astype({tier: object}), pd.DataFrame([row])], ignore_index=True)
    tot_b = df["before"].sum()
    out["share_before"] = out["value_before"] / tot_b if tot_b else np.nan
    out["mean_before"] = out["value_before"] / out["customers"].where(out["customers"] > 0)
    if after is not None:
        tot_a = df["after"].sum()
        out["share_after"] = out["value_after"] / tot_a if tot_a else np.nan
        out["mean_after"] = out["value_after"] / out["customers"].where(out["customers"] > 0)
        out["change"] = out["value_after"] - out["value_before"]
        out["change_pct"] = 100 * out["change"] / out["value_before"].where(
            out["value_before"] != 0)
        cols = [tier, "customers", "value_before", "value_after", "change", "change_pct",
                "share_before", "share_after", "mean_before", "mean_after", "active_after"]
        out = out[cols]
    return out


# --------------------------------------------------------------------------- uplift (RCT)
def _bool_col(data, col, param, name="data"):
    check_columns(data, {param: col}, name)
    s = data[col]
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=bool)
    vals = set(pd.unique(s.dropna()))
    if s.isna().any() or not vals <= {0, 1}:
        raise ValueError(f"{param}={col!r} must be boolean (True/False or 1/0), got values "
                         f"{sorted(map(str, vals))[:5]}.")
    return s.to_numpy().astype(bool)


def uplift(data: pd.DataFrame, *, treated: str = "treated", outcome: str = "responded",
           by: str | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """Treated minus control: the effect of a campaign measured with a random control group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per contacted-or-held-out customer.
    treated : str
        Boolean column: True = received the campaign, False = control.
    outcome : str
        Numeric or boolean outcome (bought, spend).
    by : str, optional
        Estimate the uplift per group (e.g. RFM segment or tier). Rows whose
        group is missing form an explicit ``"unassigned"`` group (last).
    confidence : float
        Level of the confidence interval (normal approximation with Welch's
        standard error).

    Returns
    -------
    pandas.DataFrame
        (``by``), ``n_treated``, ``n_control``, ``mean_treated``,
        ``mean_control``, ``uplift``, ``se``, ``ci_low``, ``ci_high``, ``p_value``.
    """
    data = check_dataframe(data)
    t = _bool_col(data, treated, "treated")
    y = data[outcome].astype(float) if outcome in data.columns and pd.api.types.is_bool_dtype(
        data[outcome]) else check_numeric_column(data, outcome, "outcome")
    y = np.asarray(y, dtype=float)
    confidence = check_number(confidence, "confidence", 0, 1, inclusive=False)
    from scipy.special import ndtr, ndtri  # normal cdf and quantile, without scipy.stats

    z = float(ndtri(0.5 + confidence / 2))
    check_columns(data, {"by": by})
    if by is not None:  # rows without a group form an explicit "unassigned" group
        data = data.assign(**{by: check_group_column(data, by, "by")})
    groups = [(None, np.ones(len(data), bool))] if by is None else [
        (g, (data[by] == g).to_numpy()) for g in _tier_order(data[by].dropna(), None)]
    rows = []
    for g, mask in groups:
        yt, yc = y[mask & t], y[mask & ~t]
        row = {} if by is None else {by: g}
        row.update(n_treated=len(yt), n_control=len(yc),
                   mean_treated=yt.mean() if len(yt) else np.nan,
                   mean_control=yc.mean() if len(yc) else np.nan)
        row["uplift"] = row["mean_treated"] - row["mean_control"]
        if len(yt) > 1 and len(yc) > 1:
            se = np.sqrt(yt.var(ddof=1) / len(yt) + yc.var(ddof=1) / len(yc))
        else:
            se = np.nan
        row["se"] = se
        row["ci_low"] = row["uplift"] - z * se
        row["ci_high"] = row["uplift"] + z * se
        row["p_value"] = 2 * ndtr(-abs(row["uplift"] / se)) if se and se > 0 else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- DiD
@uses_customer(param="unit")
def diff_in_diff(panel: pd.DataFrame, *, unit: str = "customer_id", period: str = "period",
                 treated: str = "treated", outcome: str = "amount", post: object = None,
                 n_boot: int = 1000, confidence: float = 0.95,
                 random_state: RandomState = None) -> pd.DataFrame:
    """Difference-in-differences with a bootstrap confidence interval.

    ``DiD = (treated after - treated before) - (control after - control before)``,
    computed on unit means; the interval resamples units (with replacement)
    within the treated and the control group.

    Parameters
    ----------
    panel : pandas.DataFrame
        Unit-period rows (long format).
    unit, period, treated, outcome : str
        Column names; ``treated`` must be constant within a unit.
    post : scalar, optional
        First period of the "after" window (periods >= post are after). If
        omitted, ``period`` must have exactly two values (the later is after).
    n_boot : int
        Bootstrap resamples.
    confidence : float
        Level of the percentile interval.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        One row: ``estimate``, ``ci_low``, ``ci_high``, ``n_treated``,
        ``n_control``, ``treated_before``, ``treated_after``,
        ``control_before``, ``control_after``.
    """
    panel = check_dataframe(panel, "panel")
    check_columns(panel, {"unit": unit, "period": period, "treated": treated,
                          "outcome": outcome}, "panel")
    y = check_numeric_column(panel, outcome, "outcome", "panel").to_numpy()
    t = _bool_col(panel, treated, "treated", "panel")
    n_boot = check_int(n_boot, "n_boot", 0)
    confidence = check_number(confidence, "confidence", 0, 1, inclusive=False)
    rng = check_random_state(random_state)
    periods = panel[period]
    if post is None:
        vals = sorted(pd.unique(periods.dropna()))
        if len(vals) != 2:
            raise ValueError(f"period={period!r} has {len(vals)} distinct values; pass post= "
                             "the first period of the 'after' window.")
        post = vals[1]
    after = (periods >= post).to_numpy()
    if after.all() or not after.any():
        raise ValueError(f"post={post!r} leaves no periods before or after; check post=.")
    df = pd.DataFrame({"u": panel[unit].to_numpy(), "t": t, "a": after, "y": y})
    tcheck = df.groupby("u")["t"].nunique()
    if (tcheck > 1).any():
        raise ValueError(f"treated={treated!r} must be constant within each unit; unit "
                         f"{tcheck[tcheck > 1].index[0]!r} has both values.")
    m = df.pivot_table(index="u", columns="a", values="y", aggfunc="mean")
    if m.shape[1] < 2 or m.isna().any().any():
        miss = m.index[m.isna().any(axis=1)] if m.shape[1] == 2 else m.index
        raise ValueError(f"every unit needs rows before and after post={post!r}; "
                         f"{len(miss)} unit(s) do not, e.g. {miss[0]!r}.")
    grp = df.groupby("u")["t"].first().reindex(m.index).to_numpy()
    d = (m[True] - m[False]).to_numpy()
    dt, dc = d[grp], d[~grp]
    if len(dt) == 0 or len(dc) == 0:
        raise ValueError("diff_in_diff needs treated and control units.")
    est = dt.mean() - dc.mean()
    if n_boot > 0:
        bt = dt[rng.integers(0, len(dt), (n_boot, len(dt)))].mean(axis=1)
        bc = dc[rng.integers(0, len(dc), (n_boot, len(dc)))].mean(axis=1)
        boot = bt - bc
        lo, hi = np.quantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    else:
        lo = hi = np.nan
    before_m, after_m = m[False].to_numpy(), m[True].to_numpy()
    return pd.DataFrame([{
        "estimate": est, "ci_low": lo, "ci_high": hi,
        "n_treated": int(grp.sum()), "n_control": int((~grp).sum()),
        "treated_before": before_m[grp].mean(), "treated_after": after_m[grp].mean(),
        "control_before": before_m[~grp].mean(), "control_after": after_m[~grp].mean(),
    }])


# --------------------------------------------------------------------------- retail features


UPLIFT_FEATURES = ["recency", "frequency", "monetary", "tenure", "discount_share",
                   "online_share", "age"]


@uses_customer
def estimate_uplift(data: pd.DataFrame, *, customer: str = "customer_id",
                    treated: str = "treated", outcome: str = "responded",
                    method: str = "two_model", features: Sequence[str] | None = None,
                    segment: str = "segment", new_data: pd.DataFrame | None = None,
                    random_state: RandomState = None) -> pd.DataFrame:
    """Estimate each customer's uplift (effect of being contacted) from a randomised history.

    Parameters
    ----------
    data : pandas.DataFrame
        Randomised history: one row per contact with ``treated``, ``outcome``
        and the features or segment (e.g. :func:`campaign_history`).
    customer, treated, outcome : str
        Column names.
    method : {"two_model", "segment"}
        ``"segment"``: uplift = response rate of treated minus control within
        each ``segment`` (simple, transparent). ``"two_model"``: one gradient
        boosting model for the treated and one for the control group, uplift
        = difference of their predictions (uses ``features``).
    features : list of str, optional
        Numeric feature columns for ``"two_model"``; default the columns of
        :func:`retail_features` that exist in ``data``.
    segment : str
        Segment column for ``"segment"``.
    new_data : pandas.DataFrame, optional
        Customers to score (e.g. ``retail_features(world)`` today); default ``data``.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        One row per row of ``new_data``: ``customer``, (``segment``),
        ``pred_treated``, ``pred_control``, ``uplift``; sort by ``uplift`` to
        pick the most persuadable customers.
    """
    data = check_dataframe(data)
    check_choice(method, "method", ["two_model", "segment"])
    t = _bool_col(data, treated, "treated")
    check_columns(data, {"outcome": outcome})
    y = data[outcome].astype(float).to_numpy() if pd.api.types.is_bool_dtype(
        data[outcome]) else check_numeric_column(data, outcome, "outcome").to_numpy()
    if t.all() or not t.any():
        raise ValueError(f"treated={treated!r} needs both treated and control rows.")
    new = data if new_data is None else check_dataframe(new_data, "new_data")
    check_columns(new, {"customer": customer}, "new_data" if new_data is not None else "data")
    out = pd.DataFrame({customer: new[customer].to_numpy()})
    if method == "segment":
        check_columns(data, {"segment": segment})
        check_columns(new, {"segment": segment}, "new_data")
        s = data[segment].astype(str).to_numpy()
        tab = pd.DataFrame({"s": s, "t": t, "y": y}).groupby(["s", "t"])["y"].mean().unstack()
        overall_t, overall_c = y[t].mean(), y[~t].mean()
        pt = tab.get(True, pd.Series(dtype=float))
        pc = tab.get(False, pd.Series(dtype=float))
        keys = new[segment].astype(str)
        out[segment] = new[segment].to_numpy()
        out["pred_treated"] = keys.map(pt).fillna(overall_t).to_numpy()
        out["pred_control"] = keys.map(pc).fillna(overall_c).to_numpy()
    else:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        from threadpoolctl import threadpool_limits

        if features is None:
            features = [f for f in UPLIFT_FEATURES if f in data.columns]
            if not features:
                raise ValueError("method='two_model' needs features=, a list of numeric columns.")
        features = list(features)
        X = np.column_stack([check_numeric_column(data, f, "features", allow_nan=True)
                             for f in features])
        Xn = np.column_stack([check_numeric_column(new, f, "features", "new_data",
                                                   allow_nan=True) for f in features])
        binary = set(np.unique(y)) <= {0.0, 1.0}
        rng = check_random_state(random_state)
        preds = {}
        with threadpool_limits(limits=1):  # small data: threads only add overhead
            for flag in (True, False):
                kw = dict(max_depth=3, learning_rate=0.05, max_iter=150, min_samples_leaf=50,
                          random_state=seed_from(rng))
                mask = t == flag
                if binary and len(np.unique(y[mask])) < 2:
                    preds[flag] = np.full(len(new), y[mask].mean())
                elif binary:
                    model = HistGradientBoostingClassifier(**kw).fit(X[mask], y[mask])
                    preds[flag] = model.predict_proba(Xn)[:, 1]
                else:
                    model = HistGradientBoostingRegressor(**kw).fit(X[mask], y[mask])
                    preds[flag] = model.predict(Xn)
        out["pred_treated"] = preds[True]
        out["pred_control"] = preds[False]
    out["uplift"] = out["pred_treated"] - out["pred_control"]
    return out


# --------------------------------------------------------------------------- capture
@uses_customer
def tiering_capture(tiers: pd.DataFrame, truth: pd.DataFrame, *, customer: str = "customer_id",
                    tier: str = "tier", value: str = "value", order: Sequence | None = None,
                    true_top: float | None = None) -> pd.DataFrame:
    """How well a tiering found the hidden value.

    Parameters
    ----------
    tiers : pandas.DataFrame
        One row per customer with ``customer`` and ``tier``.
    truth : pandas.DataFrame
        The hidden truth with ``customer`` and the true ``value`` (e.g. true
        potential, or what a call would earn).
    customer, tier, value : str
        Column names.
    order : list, optional
        Tiers from best to worst; default the categorical order or sorted
        (``"A" < "B" < "C"``).
    true_top : float in (0, 1], optional
        The "true top" customers are the top ``true_top`` share by true
        value; default the share of customers in the best tier.

    Returns
    -------
    pandas.DataFrame
        One row per tier (cumulative from the best tier down): ``tier``,
        ``customers``, ``customer_share``, ``true_value`` (the tier's net true
        value, negative values included), ``true_value_share``,
        ``cum_customer_share``, ``cum_true_value_share`` (share of the true
        value captured by this tier and the tiers above),
        ``best_possible_share`` (what the same number of customers could
        capture at best), ``negative_share`` and ``cum_negative_share`` (the
        tier's -- and the tiers above's -- share of the total *negative*
        value: customers whom the treatment harms, e.g. retail
        do-not-disturb members; 0 when no value is negative), ``precision``
        and ``recall`` of "this tier and above" against the true top
        customers. ``attrs["true_top_n"]`` holds the size of the true top set.

    Notes
    -----
    The value shares are shares of the **positive** true value, the most
    any set of customers can capture (picking exactly the customers with a
    value above 0): ``true_value_share = sum(max(v, 0) over the tier) /
    sum(max(v, 0) over everyone)``. So every share lies in [0, 1],
    ``cum_true_value_share <= best_possible_share <= 1``, and the last row's
    ``cum_true_value_share`` is 1. With non-negative values (e.g. true
    potential) this is the plain share of the total. Value that a tier
    destroys is reported separately in ``negative_share``: a good tiering has
    a high ``cum_true_value_share`` and a low ``cum_negative_share`` in its
    top tiers.

    Examples
    --------
    >>> import pandas as pd
    >>> tiers = pd.DataFrame({"customer_id": [1, 2, 3], "tier": ["A", "B", "B"]})
    >>> truth = pd.DataFrame({"customer_id": [1, 2, 3], "value": [6.0, 2.0, -1.0]})
    >>> tiering_capture(tiers, truth)[["tier", "cum_true_value_share", "cum_negative_share"]]
      tier  cum_true_value_share  cum_negative_share
    0    A                  0.75                 0.0
    1    B                  1.00                 1.0
    """
    tiers = check_dataframe(tiers, "tiers")
    truth = check_dataframe(truth, "truth")
    check_columns(tiers, {"customer": customer, "tier": tier}, "tiers")
    check_columns(truth, {"customer": customer, "value": value}, "truth")
    tv = check_numeric_column(truth, value, "value", "truth")
    if tiers[customer].duplicated().any():
        raise ValueError(f"tiers must have one row per customer; {customer!r} has duplicates.")
    check_same_id_type(tiers, customer, "tiers", truth, customer, "truth")
    df = tiers[[customer, tier]].merge(
        pd.DataFrame({customer: truth[customer].to_numpy(), "__v": tv.to_numpy()}),
        on=customer, how="left")
    if df["__v"].isna().any():
        miss = df.loc[df["__v"].isna(), customer].iloc[0]
        raise ValueError(f"truth has no {value!r} for {int(df['__v'].isna().sum())} customer(s) "
                         f"of tiers, e.g. {miss!r}.")
    levels = _tier_order(tiers[tier], order)
    n = len(df)
    v = df["__v"].to_numpy(dtype=float)
    pos, harm = np.clip(v, 0, None), np.clip(-v, 0, None)
    sorted_pos = np.sort(pos)[::-1]
    total, total_harm = pos.sum(), harm.sum()
    n_best = int((df[tier] == levels[0]).sum())
    if true_top is None:
        k = max(1, n_best)
    else:
        true_top = check_number(true_top, "true_top", 0, 1, inclusive=True)
        k = max(1, int(round(true_top * n)))
    rank = df["__v"].rank(ascending=False, method="first").to_numpy()
    is_top = rank <= k
    rows, cum_mask = [], np.zeros(n, bool)
    for lv in levels:
        mask = (df[tier] == lv).to_numpy()
        cum_mask |= mask
        cn = int(cum_mask.sum())
        hits = int((cum_mask & is_top).sum())
        rows.append({
            tier: lv, "customers": int(mask.sum()), "customer_share": mask.sum() / n,
            "true_value": v[mask].sum(),
            "true_value_share": pos[mask].sum() / total if total else np.nan,
            "cum_customer_share": cn / n,
            "cum_true_value_share": pos[cum_mask].sum() / total if total else np.nan,
            "best_possible_share": sorted_pos[:cn].sum() / total if total else np.nan,
            "negative_share": harm[mask].sum() / total_harm if total_harm else 0.0,
            "cum_negative_share": harm[cum_mask].sum() / total_harm if total_harm else 0.0,
            "precision": hits / cn if cn else np.nan,
            "recall": hits / k,
        })
    out = pd.DataFrame(rows)
    out.attrs["true_top_n"] = k
    return out


# --------------------------------------------------------------------------- design
def _detectable(n_t, n_c, p, z_a, z_b):
    """Smallest uplift in a response rate ``p`` detectable with n_t treated and n_c control."""
    return (z_a + z_b) * np.sqrt(p * (1 - p) * (1 / n_t + 1 / n_c))


def control_group_size(n_customers: int, *, base_rate: float, min_uplift: float,
                       confidence: float = 0.95, power: float = 0.8) -> int:
    """How many of a campaign list to hold back so that a chosen uplift can be detected.

    The campaign list of ``n_customers`` is split at random into a treated group
    and a control group that gets nothing. This returns the smallest control
    group for which a response-rate uplift of ``min_uplift`` (e.g. 0.05 = five
    percentage points over ``base_rate``) is found with the given confidence
    (two-sided) and power, by the normal approximation for two proportions.

    Parameters
    ----------
    n_customers : int
        Customers on the campaign list (treated + control).
    base_rate : float
        Expected response rate without the campaign, in (0, 1) (e.g. the share
        of these customers who bought last month).
    min_uplift : float
        Smallest uplift in the response rate worth detecting, in (0, 1).
    confidence, power : float
        Default 0.95 and 0.8.

    Returns
    -------
    int
        The control group size (the rest are treated).

    Raises
    ------
    ValueError
        When even a 50/50 split cannot detect ``min_uplift``; the message gives
        the uplift the list can detect and how many customers would be needed.

    Examples
    --------
    >>> control_group_size(2000, base_rate=0.10, min_uplift=0.04)
    658
    """
    n = check_int(n_customers, "n_customers", 2)
    p = check_number(base_rate, "base_rate", 0, 1, inclusive=False)
    d = check_number(min_uplift, "min_uplift", 0, 1, inclusive=False)
    confidence = check_number(confidence, "confidence", 0, 1, inclusive=False)
    power = check_number(power, "power", 0, 1, inclusive=False)
    from scipy.special import ndtri

    z_a, z_b = float(ndtri(0.5 + confidence / 2)), float(ndtri(power))
    half = n // 2
    if _detectable(n - half, half, p, z_a, z_b) > d:
        best = _detectable(n - half, half, p, z_a, z_b)
        need = int(np.ceil(4 * p * (1 - p) * ((z_a + z_b) / d) ** 2))
        raise ValueError(
            f"a list of {n} customers cannot detect an uplift of {d:.1%} (base rate {p:.1%}): "
            f"even a 50/50 split detects only {best:.1%}. Choose min_uplift >= {best:.3f}, or "
            f"a list of at least {need} customers, or run the test over more months."
        )
    lo, hi = 1, half  # detectable uplift falls as the control group grows towards n/2
    while lo < hi:
        mid = (lo + hi) // 2
        if _detectable(n - mid, mid, p, z_a, z_b) <= d:
            hi = mid
        else:
            lo = mid + 1
    return int(lo)


def random_holdout(customers: Sequence | pd.Series | pd.DataFrame, n_control: int, *,
                   random_state: RandomState = None,
                   customer: str = "customer_id") -> pd.DataFrame:
    """Split a campaign list at random into treated and control customers.

    Parameters
    ----------
    customers : sequence, pandas.Series or pandas.DataFrame
        The campaign list (ids, or a frame with a ``customer`` column).
    n_control : int
        How many to hold back (see :func:`control_group_size`).
    random_state : int or numpy.random.Generator, optional
        Seed; the same seed and list (in any order) give the same split.
    customer : str
        Id column name (in and out).

    Returns
    -------
    pandas.DataFrame
        ``customer`` and ``treated`` (False for the control group), in the
        list's order.
    """
    if isinstance(customers, pd.DataFrame):
        check_columns(customers, {"customer": customer}, "customers")
        ids = customers[customer]
    else:
        ids = pd.Series(list(customers) if not isinstance(customers, pd.Series) else customers)
    if ids.isna().any() or ids.duplicated().any():
        raise ValueError("customers must list each customer once, with no missing id.")
    n_control = check_int(n_control, "n_control", 0, len(ids))
    rng = check_random_state(random_state)
    try:
        order = np.argsort(ids.to_numpy(), kind="stable")
    except TypeError:
        order = np.argsort(ids.astype(str).to_numpy(), kind="stable")
    control = np.zeros(len(ids), bool)
    control[order[rng.permutation(len(ids))[:n_control]]] = True
    return pd.DataFrame({customer: ids.to_numpy(), "treated": ~control})
