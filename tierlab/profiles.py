"""Customer profiles (客户画像): one row per customer with the usual measures.

Profiling is the first step of the current-state analysis (现状分析): before
any tiering, a manager wants one table with what each customer buys, how
often, how profitably, where, and what they say about us. The course
notebooks rebuilt that table in several cells; these functions build it once.

* :func:`member_profile` -- one row per member of a retail world: RFM
  measures and segment, profit under stated margin assumptions, repeat rate,
  returns, discounts, online share, main store, tenure and the latest survey
  answer. It extends :func:`tierlab.evaluate.retail_features` (same columns,
  same ``as_of`` rule), so it can be passed wherever those features are used.
* :func:`doctor_profile` -- one row per doctor of a pharma world over the last
  months: our units and value, competitor units, market share, potential
  (per month and over the window), price, calls per month, hospital grade,
  specialty and listing. Built on
  :func:`tierlab.strategy.pharma_panel`.
* :func:`nps` -- the net promoter score of a set of 0-10 answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._validation import check_choice, check_int, check_number
from tierlab.datasets import check_world

__all__ = ["doctor_profile", "member_profile", "nps"]

_SURVEY_COLUMNS = ["nps", "satisfaction", "need_clarity", "openness_new", "price_sensitivity"]
_DAYS_PER_MONTH = 30.44



# --------------------------------------------------------------------------- NPS
def nps(scores):
    """Net promoter score: share of promoters (9-10) minus share of detractors (0-6), in points.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers to "how likely are you to recommend us?" on the 0-10 scale.
        Missing answers (NaN) are left out.

    Returns
    -------
    float
        Between -100 (all detractors) and +100 (all promoters). Passives (7-8)
        count in the denominator only. NaN when there is no answer at all
        (empty or all missing), so a group nobody answered for stays visible.

    Raises
    ------
    TypeError
        If the scores are not numbers.
    ValueError
        If an answer is not a whole number from 0 to 10.

    Examples
    --------
    >>> nps([10, 9, 8, 3])
    25.0
    """
    s = pd.Series(scores) if not isinstance(scores, pd.Series) else scores
    if s.ndim != 1:
        raise ValueError(f"scores must be one-dimensional, got {s.ndim} dimensions.")
    if pd.api.types.is_bool_dtype(s) or not (pd.api.types.is_numeric_dtype(s) or s.dtype == object):
        raise TypeError(f"scores must be numbers from 0 to 10, got dtype {s.dtype}.")
    num = pd.to_numeric(s, errors="coerce")
    bad = s[num.isna() & s.notna()]
    if len(bad):
        raise TypeError(f"scores must be numbers from 0 to 10, got {len(bad)} non-numeric "
                        f"value(s), e.g. {bad.iloc[0]!r}.")
    v = num.dropna().to_numpy(dtype=float)
    if len(v) == 0:  # e.g. a tier in which nobody answered the survey
        return float("nan")
    wrong = v[(v < 0) | (v > 10) | (v != np.round(v))]
    if len(wrong):
        raise ValueError(f"scores must be whole numbers from 0 to 10, got {len(wrong)} "
                         f"value(s) outside that, e.g. {wrong[0]:g}.")
    return float(100.0 * ((v >= 9).mean() - (v <= 6).mean()))


# --------------------------------------------------------------------------- retail
def _main_store(t, by):
    """Each member's main store ("ONLINE" for the web shop); ties go to the smaller id."""
    if by == "spend":
        g = t.groupby(["member_id", "store_id"], as_index=False)["amount"].sum()
        key = "amount"
    else:  # visits: distinct purchase days per store (the mode of store_id by day)
        buys = t[~t["is_return"].astype(bool)]
        g = buys.groupby(["member_id", "store_id"], as_index=False)["date"].nunique()
        key = "date"
    g = g.sort_values(["member_id", key, "store_id"], ascending=[True, False, True], kind="stable")
    return g.drop_duplicates("member_id").set_index("member_id")["store_id"]


def member_profile(world, *, as_of=None, margin=0.3, cost_per_return=20.0,
                   main_store_by="spend"):
    """One row per member of a retail world: value, behaviour, channel and feedback.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world (``make_retail`` / ``load_retail``).
    as_of : date-like, optional
        Only transactions and surveys up to this day count, and only members
        who had joined by then are listed; default the last transaction day.
    margin : float
        Gross margin on sales (share of the gross amount we keep), for
        ``profit``. Default 0.3 (30 %), the course's assumption.
    cost_per_return : float
        Handling cost of one returned line (yuan), for ``profit``. Default 20.
    main_store_by : {"spend", "visits"}
        ``"spend"``: the store (or ``"ONLINE"``) with the largest net spend,
        as in notebooks 02 and 04; ``"visits"``: the store with the most
        purchase days (the mode of ``store_id``). Ties go to the smaller id.

    Returns
    -------
    pandas.DataFrame
        One row per member, sorted by ``member_id``. The columns of
        :func:`tierlab.evaluate.retail_features` -- ``recency`` (days since the
        last purchase day; members who never bought: days since joining),
        ``frequency`` (purchases = distinct purchase days), ``monetary`` (net
        spend, returns subtracted), ``tenure`` (days since joining),
        ``discount_share`` (share of purchase lines with a discount),
        ``online_share``, ``age``, ``level``, ``channel_preference``,
        ``r_score``, ``f_score``, ``m_score``, ``segment`` (RFM segment) --
        plus:

        ``first_purchase``, ``last_purchase``
            days of the first and last purchase (NaT if none).
        ``repeat_rate``
            share of the months since the first purchase in which the member
            bought (0-1; the loyalty measure of notebook 01).
        ``return_rate``
            value returned / value bought (0 if nothing was bought).
        ``profit``
            ``margin x gross amount - discounts - cost_per_return x returned
            lines`` over all rows (a return reverses its margin and discount).
        ``main_store``
            see ``main_store_by`` (missing if the member never bought).
        ``survey_date``, ``nps``, ``satisfaction``, ``need_clarity``, ``openness_new``, ``price_sensitivity``
            the latest survey answer up to ``as_of`` (missing if never surveyed).

    Notes
    -----
    The profit is an assumption-laden estimate, not accounting: change
    ``margin`` and ``cost_per_return`` to your company's figures.

    Examples
    --------
    >>> from tierlab.datasets import load_retail
    >>> profile = member_profile(load_retail())            # doctest: +SKIP
    >>> profile.groupby("segment")["profit"].mean()          # doctest: +SKIP
    """
    from tierlab.evaluate import retail_features
    from tierlab.summary import summarize_transactions

    check_world(world, "retail")
    margin = check_number(margin, "margin", 0, 1)
    cost_per_return = check_number(cost_per_return, "cost_per_return", 0)
    check_choice(main_store_by, "main_store_by", ["spend", "visits"])
    tx = world["transactions"]
    as_of = tx["date"].max() if as_of is None else pd.Timestamp(as_of)
    out = retail_features(world, as_of=as_of)
    t = tx[tx["date"] <= as_of]

    ids = out["member_id"]
    if len(t):
        daily = summarize_transactions(t, customer="member_id", observation_end=as_of).set_index(
            "member_id")
        monthly = summarize_transactions(t, customer="member_id", period="M",
                                         observation_end=as_of).set_index("member_id")
        repeat = (monthly["n_purchases"] / (monthly["T"] / _DAYS_PER_MONTH + 1)).clip(upper=1)
        ret = t["is_return"].astype(bool)
        bought = t.loc[~ret].groupby("member_id")["amount"].sum()
        returned = -t.loc[ret].groupby("member_id")["amount"].sum()
        profit = (margin * t["gross_amount"] - t["discount"]
                  - cost_per_return * ret.astype(float)).groupby(t["member_id"]).sum()
        store = _main_store(t, main_store_by)
    else:  # nothing bought yet: every measure is empty
        daily = pd.DataFrame(columns=["first_purchase", "last_purchase"])
        repeat = bought = returned = profit = store = pd.Series(dtype=float)
    out["first_purchase"] = pd.to_datetime(ids.map(daily["first_purchase"]))
    out["last_purchase"] = pd.to_datetime(ids.map(daily["last_purchase"]))
    out["repeat_rate"] = ids.map(repeat).astype(float).fillna(0.0)
    b = ids.map(bought).astype(float).fillna(0.0)
    r = ids.map(returned).astype(float).fillna(0.0)
    out["return_rate"] = np.where(b > 0, r / b.where(b > 0, 1.0), 0.0)
    out["profit"] = ids.map(profit).astype(float).fillna(0.0)
    out["main_store"] = ids.map(store)

    surveys = world["surveys"]
    s = surveys[surveys["survey_date"] <= as_of]
    s = s.sort_values(["member_id", "survey_date"], kind="stable").drop_duplicates(
        "member_id", keep="last").set_index("member_id")
    out["survey_date"] = pd.to_datetime(ids.map(s["survey_date"]))
    for col in _SURVEY_COLUMNS:
        if col in s.columns:
            out[col] = ids.map(s[col]).astype(float)
    return out.sort_values("member_id", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- pharma
def doctor_profile(world, *, months=12):
    """One row per doctor of a pharma world over the last ``months`` months.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world (``make_pharma`` / ``load_pharma``).
    months : int
        Length of the window, counted back from the last month of data.

    Returns
    -------
    pandas.DataFrame
        One row per doctor, sorted by ``doctor_id``: ``doctor_id``,
        ``doctor_name``, ``hospital_id``, ``territory_id``, ``rep_id``,
        ``specialty``, ``title``, ``grade`` (hospital grade), ``units`` and
        ``value`` (ours, summed over the window), ``competitor_units``,
        ``market_units`` (ours + competitor), ``share`` (our market share =
        units / market_units; NaN with no market), ``potential_units`` and
        ``potential_value`` (per month, from the ``potential`` table),
        ``potential_units_window`` and ``potential_value_window`` (the monthly
        potential x the months of the window, comparable with ``units`` and
        ``value``: use them for gaps and headroom), ``unit_price`` (the price
        of our product of the doctor's specialty), ``calls`` (summed over the
        window), ``calls_per_month``, ``listed`` (our product is listed in the
        doctor's hospital in the last month) and ``months`` (months in the
        window).

    Notes
    -----
    Units, market, calls, listing and price come from
    :func:`tierlab.strategy.pharma_panel`; ``value`` from the ``sales`` table.

    Examples
    --------
    >>> from tierlab.datasets import load_pharma
    >>> doc = doctor_profile(load_pharma())                      # doctest: +SKIP
    >>> doc["headroom"] = (doc["potential_value_window"] - doc["value"]).clip(lower=0)  # doctest: +SKIP
    """
    from tierlab.strategy import pharma_panel

    check_world(world, "pharma")
    months = check_int(months, "months", 1)
    panel = pharma_panel(world)
    last = panel["month"].max()
    window = panel[panel["month"] > last - pd.DateOffset(months=months)]
    n_months = window["month"].nunique()
    agg = window.groupby("doctor_id").agg(units=("units", "sum"),
                                          market_units=("market_units", "sum"),
                                          calls=("calls", "sum"))
    listed = window[window["month"] == last].set_index("doctor_id")["listed"]
    price = panel.drop_duplicates("doctor_id").set_index("doctor_id")["unit_price"]
    sales = world["sales"]
    ours = sales[(sales["company"] == "ours") & sales["month"].isin(window["month"].unique())]
    value = ours.groupby("doctor_id")["value"].sum()

    doctors = world["doctors"]
    keep = [c for c in ["doctor_id", "doctor_name", "hospital_id", "territory_id", "rep_id",
                        "specialty", "title"] if c in doctors.columns]
    out = doctors[keep].merge(world["hospitals"][["hospital_id", "grade"]], on="hospital_id",
                              how="left")
    ids = out["doctor_id"]
    out["units"] = ids.map(agg["units"]).astype(float).fillna(0.0)
    out["value"] = ids.map(value).astype(float).fillna(0.0)
    out["market_units"] = ids.map(agg["market_units"]).astype(float).fillna(0.0)
    out["competitor_units"] = out["market_units"] - out["units"]
    out["share"] = out["units"] / out["market_units"].where(out["market_units"] > 0)
    pot = world["potential"].drop_duplicates("doctor_id").set_index("doctor_id")
    out["potential_units"] = ids.map(pot["potential_units"]).astype(float)
    out["potential_value"] = ids.map(pot["potential_value"]).astype(float)
    out["potential_units_window"] = out["potential_units"] * n_months
    out["potential_value_window"] = out["potential_value"] * n_months
    out["unit_price"] = ids.map(price).astype(float)
    out["calls"] = ids.map(agg["calls"]).astype(float).fillna(0.0)
    out["calls_per_month"] = out["calls"] / n_months
    out["listed"] = ids.map(listed).fillna(False).astype(bool)
    out["months"] = n_months
    cols = keep + ["grade", "units", "value", "competitor_units", "market_units", "share",
                   "potential_units", "potential_value", "potential_units_window",
                   "potential_value_window", "unit_price", "calls", "calls_per_month", "listed",
                   "months"]
    return out[cols].sort_values("doctor_id", kind="stable").reset_index(drop=True)
