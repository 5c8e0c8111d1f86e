"""Strategy (策略制定): a service model per tier and the allocation of scarce resources.

Stage 03 of the course (怎么去). Two ideas:

* **Service models as data.** :data:`SERVICE_MODELS` (pharma, tiers A-D) (tiers A-D) and the retail
  case's ``RETAIL_SERVICE_MODELS`` (tiers MVC / STC / Other / BZ) are
  ordinary DataFrames (one row per tier: how we serve it, how often, who owns
  it, what a contact costs). Edit a copy like a spreadsheet and join it to a
  tiering with :func:`service_plan`.
* **Allocation under a capacity limit.** A rep team has so many calls a
  month. :func:`allocate_calls` splits them by a simple rule (equal, by
  decile, by the potential x share matrix, by tier). :func:`estimate_response`
  fits a response curve per customer from the historic calls/sales panel
  (:func:`tierlab.pharma_panel`; ``keep="unit_price"`` carries the price along) and
  :func:`optimise_allocation` hands out calls one at a time to the customer
  where the next call is predicted to earn most. :func:`compare_allocations`
  puts the plans side by side.
The case-specific inputs live with their case: the pharma doctor-month panel
(:func:`tierlab.pharma_panel`) and the retail value tiers and uplift scores
(:func:`tierlab.retail_value_tiers`, :func:`tierlab.retail_scores`,
:data:`tierlab.RETAIL_SERVICE_MODELS`).

The response curve
------------------
For customer *i* with monthly market ``M_i`` (all units, ours + competitors),
our share at ``c`` calls a month is modelled as

    share_i(c) = base_share_i + max_uplift_i * (1 - exp(-c / half_saturation))

so ``units_i(c) = M_i * share_i(c)``: calls help, with diminishing returns.
Without competitor sales, ``M_i = 1`` and the curve is fitted to our units.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from tierlab._validation import (
    check_choice,
    check_columns,
    check_dataframe,
    check_int,
    check_number,
    check_numeric_column,
    check_same_id_type,
    uses_customer,
)
from tierlab.matrix import POTENTIAL_SHARE_LABELS, factor_matrix
from tierlab.pareto import deciles

__all__ = [
    "ALLOCATION_RULES",
    "DECILE_CALL_WEIGHTS",
    "MATRIX_CALL_WEIGHTS",
    "SERVICE_MODELS",
    "allocate_calls",
    "compare_allocations",
    "estimate_response",
    "optimise_allocation",
    "predict_response",
    "service_plan",
]

SERVICE_MODELS = pd.DataFrame(
    [
        ("A", "lock in", "锁定", "dedicated manager", "专属客户经理", 4, "key account manager",
         "重点客户经理", 60.0, "quarterly business review; protect share", "季度业务回顾；守住份额"),
        ("B", "grow", "发展", "face-to-face", "面对面拜访", 2, "sales rep", "医药代表",
         40.0, "up-sell and cross-sell; raise share", "向上销售与交叉销售；提升份额"),
        ("C", "maintain", "维持", "phone", "电话拜访", 1, "inside sales", "电话销售",
         8.0, "keep in touch at low cost", "低成本保持联系"),
        ("D", "release", "战略性放弃", "online", "线上自助", 0.25, "marketing (digital)",
         "数字营销", 1.0, "self-service; no field time", "自助服务；不占用现场时间"),
    ],
    columns=["tier", "objective", "objective_zh", "contact_mode", "contact_mode_zh",
             "calls_per_month", "owner", "owner_zh", "cost_per_contact", "action", "action_zh"],
)
"""Default service model per tier (edit a copy freely).

Columns: ``tier``; ``objective`` (lock in the most valuable, grow the second
tier, maintain, strategically release below-zero customers) and its Chinese
name; ``contact_mode`` (dedicated manager / face-to-face / phone / online);
``calls_per_month``; ``owner`` (the role responsible); ``cost_per_contact``;
``action`` (what the contact is for). ``*_zh`` columns hold Chinese names.
"""


ALLOCATION_RULES = ("equal", "decile", "matrix", "tier")

DECILE_CALL_WEIGHTS = {1: 3.0, 2: 2.5, 3: 2.0, 4: 1.5, 5: 1.2, 6: 1.0, 7: 0.8, 8: 0.6, 9: 0.4,
                       10: 0.2}
"""Call weight per volume decile (decile 1 = the top prescribers, :func:`tierlab.pareto.deciles`)."""

MATRIX_CALL_WEIGHTS = {"WIN": 3.0, "DEFEND": 3.0, "GROW": 2.0, "MAINTAIN": 1.0, "LOWER": 0.5}
"""Call weight per cell label of :data:`tierlab.matrix.POTENTIAL_SHARE_LABELS`."""


# --------------------------------------------------------------------------- service models
@uses_customer
def service_plan(tiered: pd.DataFrame, models: pd.DataFrame | None = None, *,
                 customer: str = "customer_id", tier: str = "tier") -> pd.DataFrame:
    """Join each customer's tier to its service model.

    Parameters
    ----------
    tiered : pandas.DataFrame
        One row per customer with a ``tier`` column (from any tiering method).
    models : pandas.DataFrame, optional
        One row per tier with a ``tier`` column; default :data:`SERVICE_MODELS`.
    customer, tier : str
        Column names in ``tiered``.

    Returns
    -------
    pandas.DataFrame
        ``tiered`` plus the model columns and ``monthly_cost`` (the model's
        calls per month x cost per contact; a model column that ``tiered``
        already has, such as today's ``calls_per_month``, comes as
        ``calls_per_month_model``)
        (calls_per_month x cost_per_contact, when both exist).

    Raises
    ------
    ValueError
        If a tier in ``tiered`` has no row in ``models`` (names the tiers).
    """
    tiered = check_dataframe(tiered, "tiered")
    models = SERVICE_MODELS if models is None else check_dataframe(models, "models")
    check_columns(tiered, {"customer": customer, "tier": tier}, "tiered")
    check_columns(models, {"tier": "tier"}, "models")
    if models["tier"].duplicated().any():
        raise ValueError("models must have one row per tier; 'tier' has duplicates "
                         f"({sorted(map(str, models.loc[models['tier'].duplicated(), 'tier']))}).")
    known = set(models["tier"].astype(str))
    used = pd.Series(tiered[tier].astype(str).unique())
    missing = sorted(set(used) - known)
    if missing:
        raise ValueError(
            f"tier(s) {', '.join(map(repr, missing))} of tiered[{tier!r}] have no service model; "
            f"models has tiers {sorted(known)}. Add a row to models for each tier."
        )
    m = models.copy()
    m["__tier"] = m["tier"].astype(str)
    m = m.drop(columns=["tier"])
    clash = [c for c in m.columns if c in tiered.columns and c != "__tier"]
    m = m.rename(columns={c: f"{c}_model" for c in clash})
    out = tiered.assign(__tier=tiered[tier].astype(str)).merge(m, on="__tier", how="left")
    out = out.drop(columns="__tier")
    # the model's calls (renamed *_model when the tiering already had today's calls)
    calls = "calls_per_month_model" if "calls_per_month_model" in out else "calls_per_month"
    cost = "cost_per_contact_model" if "cost_per_contact_model" in out else "cost_per_contact"
    if calls in out and cost in out:
        out["monthly_cost"] = out[calls] * out[cost]
    return out


# --------------------------------------------------------------------------- integer split
def _apportion(weights, total: int, cap=None) -> np.ndarray:
    """Split ``total`` integer units in proportion to ``weights`` (largest remainder).

    ``cap`` (scalar or array) limits each share; capped units go to the others.
    """
    w = np.asarray(weights, dtype=float)
    n = len(w)
    cap = np.full(n, np.inf) if cap is None else np.broadcast_to(np.asarray(cap, float), n)
    out = np.zeros(n, dtype=np.int64)
    left = int(total)
    active = (w > 0) & (cap > 0)
    while left > 0 and active.any():
        share = np.where(active, w, 0.0)
        ideal = left * share / share.sum()
        room = cap - out
        ideal = np.minimum(ideal, room)
        base = np.floor(ideal + 1e-9).astype(np.int64)
        out += base
        left -= int(base.sum())
        rem = np.where(active & (out < cap), ideal - base, -1.0)
        k = min(left, int((rem >= 0).sum()))
        if k > 0:
            order = np.lexsort((np.arange(n), -rem))[:k]
            out[order] += 1
            left -= k
        active = active & (out < cap)
        if base.sum() == 0 and k == 0:
            break
    return out


# --------------------------------------------------------------------------- rules
@uses_customer
def allocate_calls(data: pd.DataFrame, *, customer: str = "customer_id", capacity: int,
                   rule: str = "equal", value: str | None = None, potential: str | None = None,
                   share: str | None = None, tier: str | None = None,
                   weights: Mapping | None = None, models: pd.DataFrame | None = None,
                   max_calls: int | None = None) -> pd.DataFrame:
    """Split a monthly call capacity across customers by a simple rule.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer.
    customer : str
        Customer id column.
    capacity : int
        Calls available per month (e.g. the reps' ``monthly_call_capacity`` summed).
    rule : {"equal", "decile", "matrix", "tier"}
        ``"equal"``: the same number of calls for everyone (remainder to the
        first customers in customer-id order; ties never depend on row order). ``"decile"``: by volume decile of
        ``value`` (:func:`tierlab.pareto.deciles`), weights
        :data:`DECILE_CALL_WEIGHTS`. ``"matrix"``: by the potential x share
        grid (:func:`tierlab.matrix.factor_matrix`, 3 x 3, labels
        :data:`tierlab.matrix.POTENTIAL_SHARE_LABELS`), weights
        :data:`MATRIX_CALL_WEIGHTS`; needs ``potential`` and ``share``.
        ``"tier"``: in proportion to the tier's ``calls_per_month`` in
        ``models`` (default :data:`SERVICE_MODELS`); needs ``tier``.
    value, potential, share, tier : str, optional
        Columns the rule needs.
    weights : mapping, optional
        Override the rule's default weights (decile -> weight, cell label ->
        weight, tier -> weight).
    models : pandas.DataFrame, optional
        Service models for ``rule="tier"``.
    max_calls : int, optional
        No customer gets more than this many calls.

    Returns
    -------
    pandas.DataFrame
        ``customer``, ``group`` (decile, cell label or tier; absent for
        ``"equal"``), ``weight`` and ``calls`` (integers summing to
        ``capacity``, or less when ``max_calls`` binds for everyone).
    """
    check_dataframe(data)
    check_columns(data, {"customer": customer, "value": value, "potential": potential,
                         "share": share, "tier": tier})
    check_choice(rule, "rule", ALLOCATION_RULES)
    capacity = check_int(capacity, "capacity", 0)
    if max_calls is not None:
        max_calls = check_int(max_calls, "max_calls", 0)
    if data[customer].duplicated().any():
        raise ValueError(f"customer={customer!r} must be unique in data (one row per customer).")
    if weights is not None and not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping {{group: weight}}, got {type(weights).__name__}.")
    out = pd.DataFrame({customer: data[customer].to_numpy()})
    if rule == "equal":
        w = np.ones(len(data))
    elif rule == "decile":
        if value is None:
            raise ValueError("rule='decile' needs value=, the column to rank customers by.")

        dec = deciles(data, customer=customer, value=value)
        group = data[[customer]].merge(dec[[customer, "decile"]], on=customer, how="left")["decile"]
        table = dict(DECILE_CALL_WEIGHTS if weights is None else weights)
        out["group"] = group.to_numpy()
        w = _weights_for(out["group"], table, "decile")
    elif rule == "matrix":
        if potential is None or share is None:
            raise ValueError("rule='matrix' needs potential= and share= columns.")

        grid = factor_matrix(data, customer=customer, x=share, y=potential, levels=3,
                             labels=POTENTIAL_SHARE_LABELS)
        out["group"] = grid["label"].to_numpy()
        table = dict(MATRIX_CALL_WEIGHTS if weights is None else weights)
        w = _weights_for(out["group"], table, "matrix cell")
    else:  # tier
        if tier is None:
            raise ValueError("rule='tier' needs tier=, the column with each customer's tier.")
        if weights is None:
            models = SERVICE_MODELS if models is None else check_dataframe(models, "models")
            check_columns(models, {"tier": "tier", "calls_per_month": "calls_per_month"}, "models")
            table = dict(zip(models["tier"].astype(str), models["calls_per_month"], strict=True))
        else:
            table = {str(k): v for k, v in weights.items()}
        out["group"] = data[tier].to_numpy()
        w = _weights_for(out["group"].astype(str), table, "tier")
    out["weight"] = w
    # leftover calls go by customer id, so the plan does not depend on row order
    ids = out[customer]
    try:
        by_id = np.argsort(ids.to_numpy(), kind="stable")
    except TypeError:
        by_id = np.argsort(ids.astype(str).to_numpy(), kind="stable")
    calls = np.empty(len(out), dtype=np.int64)
    calls[by_id] = _apportion(np.asarray(w, float)[by_id], capacity, max_calls)
    out["calls"] = calls
    return out


def _weights_for(groups: pd.Series, table: Mapping, what: str) -> np.ndarray:
    missing = sorted(set(map(str, groups.unique())) - set(map(str, table)))
    if missing:
        raise ValueError(f"weights have no value for {what}(s) {', '.join(missing)}; "
                         f"weights cover {sorted(map(str, table))}.")
    lookup = {str(k): float(v) for k, v in table.items()}
    w = np.array([lookup[str(g)] for g in groups], dtype=float)
    if (w < 0).any():
        raise ValueError("weights must be >= 0.")
    return w


# --------------------------------------------------------------------------- response curves


def _fit_given_k(c, y, seg, k, n_seg):
    """Per-customer OLS of y on g=1-exp(-c/k): returns a, b, sse, var_b, sxx."""
    g = 1.0 - np.exp(-c / k)
    cnt = np.bincount(seg, minlength=n_seg).astype(float)
    sg = np.bincount(seg, g, n_seg)
    sy = np.bincount(seg, y, n_seg)
    mg, my = sg / np.maximum(cnt, 1), sy / np.maximum(cnt, 1)
    dg = g - mg[seg]
    dy = y - my[seg]
    sxx = np.bincount(seg, dg * dg, n_seg)
    sxy = np.bincount(seg, dg * dy, n_seg)
    b = np.where(sxx > 1e-12, sxy / np.maximum(sxx, 1e-12), 0.0)
    a = my - b * mg
    res = y - a[seg] - b[seg] * g
    sse = np.bincount(seg, res * res, n_seg)
    return a, b, sse, sxx, mg, my, cnt


@uses_customer
def estimate_response(calls: pd.DataFrame, sales: pd.DataFrame | None = None, *,
                      customer: str = "customer_id", period: str = "month",
                      n_calls: str = "calls", units: str = "units",
                      market: str = "market_units", active: str = "listed", recent: int = 12,
                      half_saturation: float | None = None, shrink: bool = True,
                      n_share_bins: int = 5,
                      keep: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Fit a call-response curve per customer from the historic panel (observable data only).

    Model (see the module docstring): ``share_t = base_share + max_uplift *
    (1 - exp(-calls_t / half_saturation))`` with ``share_t = units_t / market_t``.
    The half-saturation is common to all customers (chosen on a grid by the
    pooled squared error); ``base_share`` and ``max_uplift`` are fitted per
    customer by least squares, and ``max_uplift`` is shrunk toward the average
    (empirical Bayes) so that noisy customers do not get extreme curves.

    Parameters
    ----------
    calls : pandas.DataFrame
        Customer-period rows with ``n_calls``; with ``sales=None`` it must
        also hold ``units`` (and optionally ``market``, ``active``), e.g.
        :func:`pharma_panel`.
    sales : pandas.DataFrame, optional
        Customer-period rows with ``units``; merged with ``calls`` on
        ``customer`` and ``period`` (units summed).
    customer, period, n_calls, units : str
        Column names.
    market : str or None
        Column with the customer's whole market (all companies) per period.
        If missing from the data, the curve is fitted to our units directly.
    active : str or None
        Boolean column; rows with False (e.g. product not yet listed) are
        left out of the fit. Ignored if missing from the data.
    recent : int
        The market size used for prediction is the mean of the last ``recent``
        periods.
    half_saturation : float, optional
        Fix the half-saturation instead of searching a grid.
    shrink : bool
        Shrink per-customer uplifts toward the mean uplift of customers with a
        similar average share.
    n_share_bins : int
        Number of share-level groups used for the shrinkage.
    keep : str or list of str, optional
        Columns of the panel to carry to the curves, with each customer's
        latest value -- e.g. ``keep="unit_price"`` (or ``["unit_price",
        "unit_margin"]``) from :func:`pharma_panel`, so that
        ``optimise_allocation(curves, capacity=capacity, value_per_unit="unit_price")``
        values a unit at its price without a merge. Default: none.

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``customer``, ``market`` (mean recent market),
        ``base_share``, ``max_uplift``, ``half_saturation``, ``active``
        (the product can sell now), ``n_periods`` (rows used), ``mean_calls``,
        then the ``keep`` columns.
        Use :func:`predict_response` to get units for any number of calls.
    """
    calls = check_dataframe(calls, "calls")
    check_columns(calls, {"customer": customer, "period": period, "n_calls": n_calls}, "calls")
    keep = [keep] if isinstance(keep, str) else list(keep or [])
    for col in keep:
        if col not in calls.columns:
            raise ValueError(f"keep={col!r} is not a column of calls; columns are "
                             f"{list(map(str, calls.columns))}.")
        if col in (customer, "market", "base_share", "max_uplift", "half_saturation", "active",
                   "n_periods", "mean_calls"):
            raise ValueError(f"keep={col!r} clashes with a column of the curves.")
    if sales is not None:
        sales = check_dataframe(sales, "sales")
        check_columns(sales, {"customer": customer, "period": period, "units": units}, "sales")
        s = sales.groupby([customer, period], as_index=False)[units].sum()
        panel = calls.drop(columns=[units], errors="ignore").merge(s, on=[customer, period],
                                                                   how="left")
        panel[units] = panel[units].fillna(0.0)
    else:
        check_columns(calls, {"units": units}, "calls")
        panel = calls
    c = check_numeric_column(panel, n_calls, "n_calls", "calls").to_numpy()
    y_units = check_numeric_column(panel, units, "units", "calls").to_numpy()
    if (c < 0).any():
        raise ValueError(f"n_calls={n_calls!r} has negative values.")
    has_market = market is not None and market in panel.columns
    m = check_numeric_column(panel, market, "market", "calls").to_numpy() if has_market \
        else np.ones(len(panel))
    ok = np.ones(len(panel), bool)
    if active is not None and active in panel.columns:
        ok &= panel[active].fillna(False).astype(bool).to_numpy()
    if has_market:
        ok &= m > 0
    ids, seg_all = np.unique(panel[customer].to_numpy(), return_inverse=True)
    n = len(ids)
    order_t = np.argsort(panel[period].to_numpy(), kind="stable")
    # recent market per customer (over all rows, active or not)
    rank_from_end = np.zeros(len(panel), int)
    seg_sorted = seg_all[order_t][::-1]
    seen = np.zeros(n, int)
    for pos, s_ in zip(order_t[::-1], seg_sorted, strict=True):
        rank_from_end[pos] = seen[s_]
        seen[s_] += 1
    use_recent = rank_from_end < recent
    mkt = np.bincount(seg_all, np.where(use_recent, m, 0), n) / np.maximum(
        np.bincount(seg_all, use_recent.astype(float), n), 1)
    seg = seg_all[ok]
    cc, y = c[ok], (y_units[ok] / m[ok])
    grid = [float(half_saturation)] if half_saturation is not None else \
        list(np.round(np.geomspace(0.5, 12, 25), 3))
    best = None
    for k in grid:
        a, b, sse, sxx, mg, my, cnt = _fit_given_k(cc, y, seg, k, n)
        if best is None or sse.sum() < best[0]:
            best = (sse.sum(), k, a, b, sse, sxx, mg, my, cnt)
    _, k, a, b, sse, sxx, mg, my, cnt = best
    fitted = (cnt >= 3) & (sxx > 1e-9)
    if shrink and fitted.sum() >= 5:
        # empirical Bayes: shrink each uplift toward the mean uplift of customers with a
        # similar average share (customers loyal to a competitor have a low share AND
        # respond little, so the prior depends on the share level)
        sigma2 = np.maximum(sse / np.maximum(cnt - 2, 1), 1e-4)
        var_b = np.where(fitted, sigma2 / np.maximum(sxx, 1e-12), np.inf)
        n_bins = int(np.clip(fitted.sum() // 40, 1, n_share_bins))
        edges = np.quantile(my[fitted], np.linspace(0, 1, n_bins + 1)[1:-1])
        level = np.searchsorted(edges, my, side="right")
        b_new = b.copy()
        for lv in range(n_bins):
            grp = level == lv
            f = grp & fitted
            if f.sum() == 0:
                continue
            mu = np.average(b[f], weights=1 / var_b[f])
            tau2 = max(np.average((b[f] - mu) ** 2, weights=1 / var_b[f])
                       - np.median(var_b[f]), 1e-6)
            wgt = tau2 / (tau2 + var_b[grp])
            b_new[grp] = np.where(fitted[grp], wgt * b[grp] + (1 - wgt) * max(mu, 0.0),
                                  max(mu, 0.0))
        a = np.where(cnt > 0, my - b_new * mg, 0.0)
        b = b_new
    b = np.maximum(b, 0.0)
    a = np.clip(a, 0.0, None)
    act_now = np.zeros(n, bool)
    last_pos = order_t[::-1]
    done = np.zeros(n, bool)
    ok_all = ok if not has_market else (ok | (m <= 0))
    for pos in last_pos:  # the most recent row of each customer decides "active now"
        s_ = seg_all[pos]
        if not done[s_]:
            act_now[s_] = ok_all[pos]
            done[s_] = True
    mean_calls = np.bincount(seg_all, c, n) / np.maximum(np.bincount(seg_all, minlength=n), 1)
    out = pd.DataFrame({customer: ids, "market": mkt, "base_share": a,
                        "max_uplift": np.where(cnt > 0, b, 0.0), "half_saturation": k,
                        "active": act_now, "n_periods": cnt.astype(int),
                        "mean_calls": mean_calls})
    if keep:  # each customer's latest value
        latest = (calls.sort_values(period, kind="stable")
                  .drop_duplicates(customer, keep="last").set_index(customer))
        for col in keep:
            out[col] = latest[col].reindex(ids).to_numpy()
    out.attrs["fitted_on"] = "share" if has_market else "units"
    return out


def _curve_column(curves, column) -> np.ndarray:
    """A response-curve column as float (numbers stored as text read; anything else named)."""
    return check_numeric_column(curves, column, column, "curves").to_numpy(dtype=float)


@uses_customer
def predict_response(curves: pd.DataFrame, calls: float | np.ndarray | pd.Series | pd.DataFrame,
                     *, customer: str = "customer_id") -> np.ndarray:
    """Predicted units per customer at the given calls (inactive customers: 0).

    Parameters
    ----------
    curves : pandas.DataFrame
        Output of :func:`estimate_response`.
    calls : scalar, array-like or pandas.DataFrame
        Calls per customer (in the row order of ``curves``), or a frame with
        ``customer`` and ``calls``.

    Returns
    -------
    numpy.ndarray
        Predicted units per customer, in the row order of ``curves``.
    """
    check_dataframe(curves, "curves")
    check_columns(curves, {"customer": customer, "market": "market",
                           "base_share": "base_share", "max_uplift": "max_uplift",
                           "half_saturation": "half_saturation"}, "curves")
    if isinstance(calls, pd.DataFrame):
        check_columns(calls, {"customer": customer, "calls": "calls"}, "calls")
        check_same_id_type(curves, customer, "curves", calls, customer, "calls")
        c = curves[[customer]].merge(calls[[customer, "calls"]], on=customer, how="left")[
            "calls"].fillna(0).to_numpy(float)
    else:
        c = np.broadcast_to(np.asarray(calls, dtype=float), (len(curves),))
    share = _curve_column(curves, "base_share") + _curve_column(curves, "max_uplift") * (
        1 - np.exp(-c / _curve_column(curves, "half_saturation")))
    units = _curve_column(curves, "market") * np.clip(share, 0, 1)
    if "active" in curves:
        units = units * _curve_column(curves, "active")
    return units


def _keyword_capacity(func: str, positional: object, capacity: object) -> object:
    """``capacity`` is keyword-only everywhere; the old positional form warns for one release."""
    if positional is None:
        if capacity is None:
            raise TypeError(f"{func}() needs the calls available per month as capacity=, "
                            f"e.g. {func}(curves, capacity=2000).")
        return capacity
    if capacity is not None:
        raise TypeError(f"{func}() got capacity twice (positionally and as capacity=); "
                        f"pass it once, as capacity=.")
    warnings.warn(f"Passing capacity positionally to {func}() is deprecated and will stop "
                  f"working in the next release; write {func}(curves, capacity={positional!r}).",
                  FutureWarning, stacklevel=4)
    return positional


def greedy_allocation(gain_fn, n, capacity, max_calls):
    """Top-``capacity`` marginal gains over an n x max_calls grid (concave -> optimal)."""
    grid = np.arange(max_calls + 1, dtype=float)
    values = gain_fn(grid)  # shape (n, max_calls+1)
    marg = np.diff(values, axis=1)  # (n, max_calls)
    flat = marg.ravel()
    positive = np.flatnonzero(flat > 1e-12)
    k = min(capacity, len(positive))
    calls = np.zeros(n, dtype=np.int64)
    if k == 0:
        return calls
    # ties broken by customer then call index: stable
    order = positive[np.lexsort((positive, -flat[positive]))][:k]
    np.add.at(calls, order // max_calls, 1)
    return calls


@uses_customer
def optimise_allocation(curves: pd.DataFrame, _positional_capacity: int | None = None, /, *,
                        capacity: int | None = None, customer: str = "customer_id",
                        value_per_unit: str | float | None = None,
                        max_calls: int = 30) -> pd.DataFrame:
    """Hand out ``capacity`` integer calls where the predicted next call earns most.

    With concave response curves (diminishing returns) the greedy rule "give
    the next call to the customer with the largest predicted marginal gain" is
    optimal for integer calls.

    Parameters
    ----------
    curves : pandas.DataFrame
        Output of :func:`estimate_response` (estimated from observable data).
    capacity : int
        Calls available per month, keyword-only like in :func:`allocate_calls`
        (``capacity=2000``). Passing it positionally still works for one release
        and warns (``FutureWarning``).
    customer : str
        Customer id column of ``curves``.
    value_per_unit : str, float or None
        Value of a unit: a column of ``curves``, a number, or None (units).
    max_calls : int
        Upper limit per customer.

    Returns
    -------
    pandas.DataFrame
        ``customer``, ``calls`` (summing to at most ``capacity``; calls that
        are predicted to earn nothing are not used), ``predicted_units``.
    """
    capacity = _keyword_capacity("optimise_allocation", _positional_capacity, capacity)
    check_dataframe(curves, "curves")
    check_columns(curves, {"customer": customer}, "curves")
    capacity = check_int(capacity, "capacity", 0)
    max_calls = check_int(max_calls, "max_calls", 1)
    if isinstance(value_per_unit, str):
        v = check_numeric_column(curves, value_per_unit, "value_per_unit", "curves").to_numpy()
    elif value_per_unit is None:
        v = np.ones(len(curves))
    else:
        v = np.full(len(curves), check_number(value_per_unit, "value_per_unit", 0))
    mkt = _curve_column(curves, "market") * v
    if "active" in curves:
        mkt = mkt * _curve_column(curves, "active")
    up = _curve_column(curves, "max_uplift")
    k = _curve_column(curves, "half_saturation")

    def gain(grid):
        return (mkt * up)[:, None] * (1 - np.exp(-grid[None, :] / k[:, None]))

    calls = greedy_allocation(gain, len(curves), capacity, max_calls)
    out = pd.DataFrame({customer: curves[customer].to_numpy(), "calls": calls})
    out["predicted_units"] = predict_response(curves, calls, customer=customer)
    return out


@uses_customer(data="curves")
def compare_allocations(plans: Mapping[str, pd.DataFrame], curves: pd.DataFrame | None = None,
                        *, customer: str = "customer_id") -> pd.DataFrame:
    """Put several call plans side by side.

    Parameters
    ----------
    plans : mapping of str -> pandas.DataFrame
        Name -> plan with ``customer`` and ``calls``.
    curves : pandas.DataFrame, optional
        Estimated curves; if given, each plan's predicted units are added.

    Returns
    -------
    pandas.DataFrame
        One row per plan: ``plan``, ``total_calls``, ``customers_called``,
        ``max_calls``, ``top10_share`` (share of calls going to the 10 % most
        called customers) and, with ``curves``, ``predicted_units``.
        Use :func:`tierlab.simulate.score_plan` to score plans against the hidden truth.
    """
    if not isinstance(plans, Mapping) or not plans:
        raise TypeError("plans must be a non-empty mapping {name: plan DataFrame}.")
    rows = []
    for name, plan in plans.items():
        check_dataframe(plan, f"plans[{name!r}]")
        check_columns(plan, {"customer": customer, "calls": "calls"}, f"plans[{name!r}]")
        c = plan["calls"].to_numpy(float)
        top = np.sort(c)[::-1][: max(1, len(c) // 10)].sum()
        row = {"plan": name, "total_calls": c.sum(), "customers_called": int((c > 0).sum()),
               "max_calls": c.max() if len(c) else 0.0,
               "top10_share": top / c.sum() if c.sum() else np.nan}
        if curves is not None:
            row["predicted_units"] = predict_response(curves, plan, customer=customer).sum()
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- retail targeting


