"""Pharma tables built from the observable world: the doctor-month panel and the doctor profile.

* :func:`pharma_panel` -- one row per doctor and month: calls, our units, the
  market's units, listing and price; the input of
  :func:`tierlab.strategy.estimate_response`.
* :func:`doctor_profile` -- one row per doctor over the last months (客户画像):
  units, value, share, potential, calls, grade, listing.
* :func:`pharma_value_tiers` -- MVC / STC / Other / BZ from profit and headroom.
"""

from __future__ import annotations

import pandas as pd

from tierlab._validation import check_columns, check_int, check_number
from tierlab.cases._world import check_world
from tierlab.matrix import mvc_stc_bz

__all__ = ["doctor_profile", "pharma_panel", "pharma_value_tiers"]

#: The observable columns the panel is built from (checked, so a missing one is named).
PANEL_COLUMNS = {
    "calls": ["month", "doctor_id", "calls"],
    "sales": ["month", "doctor_id", "company", "units", "value"],
    "doctors": ["doctor_id", "hospital_id", "specialty"],
    "products": ["product_id", "company", "specialty", "unit_price"],
    "listing": ["hospital_id", "product_id", "listed", "listed_since"],
}


def pharma_panel(world, *, margin=None):
    """The observable doctor-month panel of a pharma world, for :func:`estimate_response`.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world (``make_pharma`` / ``load_pharma``).
    margin : float, optional
        Our gross margin as a share of the price (e.g. 0.7). If given, the
        panel also holds ``unit_margin = margin x unit_price``.

    Returns
    -------
    pandas.DataFrame
        ``month, doctor_id, calls, units`` (ours), ``market_units`` (ours +
        competitor), ``listed`` (our product was listed in the doctor's
        hospital that month, from the ``listing`` table), ``unit_price`` (the
        price of our product of the doctor's specialty, from ``products``)
        and, with ``margin``, ``unit_margin``.

    Examples
    --------
    Response curves that carry the price, so the optimiser values a unit at
    its price in one line:

    >>> from tierlab.datasets import load_pharma
    >>> world = load_pharma()                                            # doctest: +SKIP
    >>> curves = estimate_response(pharma_panel(world), keep="unit_price")  # doctest: +SKIP
    >>> plan = optimise_allocation(curves, 2000, value_per_unit="unit_price")  # doctest: +SKIP
    """
    if margin is not None:
        margin = check_number(margin, "margin", 0, 1)
    check_world(world, "pharma", columns=PANEL_COLUMNS)
    calls = world["calls"][["month", "doctor_id", "calls"]]
    sales = world["sales"]
    ours = sales[sales["company"] == "ours"].groupby(["month", "doctor_id"], as_index=False)[
        "units"].sum()
    market = sales.groupby(["month", "doctor_id"], as_index=False)["units"].sum()
    market = market.rename(columns={"units": "market_units"})
    panel = calls.merge(ours, on=["month", "doctor_id"], how="left").merge(
        market, on=["month", "doctor_id"], how="left")
    panel[["units", "market_units"]] = panel[["units", "market_units"]].fillna(0)
    doctors = world["doctors"][["doctor_id", "hospital_id", "specialty"]]
    products = world["products"]
    ours_p = products[products["company"] == "ours"][["specialty", "product_id", "unit_price"]]
    dl = doctors.merge(ours_p, on="specialty").merge(
        world["listing"][["hospital_id", "product_id", "listed", "listed_since"]],
        on=["hospital_id", "product_id"], how="left")
    panel = panel.merge(dl[["doctor_id", "listed", "listed_since", "unit_price"]],
                        on="doctor_id", how="left")
    since = pd.to_datetime(panel["listed_since"])
    panel["listed"] = panel["listed"].fillna(False).astype(bool) & (panel["month"] >= since)
    panel["unit_price"] = panel["unit_price"].astype(float)
    if margin is not None:
        panel["unit_margin"] = margin * panel["unit_price"]
    return panel.drop(columns="listed_since")


def doctor_profile(world, *, months=12, market_only=False):
    """One row per doctor of a pharma world over the last ``months`` months.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world (``make_pharma`` / ``load_pharma``).
    months : int
        Length of the window, counted back from the last month of data.
    market_only : bool, default False
        Leave out the doctors with no market at all in the window (no prescription
        of the category, ours or the competitor's): their ``share`` is undefined, so
        a potential x share matrix cannot place them. Their ids are kept in
        ``result.attrs["no_market"]`` so they are set aside, not lost.

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
    check_world(world, "pharma", columns={**PANEL_COLUMNS, "hospitals": ["hospital_id", "grade"],
                                          "potential": ["doctor_id", "potential_units",
                                                        "potential_value"]})
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
    out = out[cols].sort_values("doctor_id", kind="stable").reset_index(drop=True)
    empty = out["market_units"] <= 0
    no_market = out.loc[empty, "doctor_id"].tolist()
    if market_only:
        out = out[~empty].reset_index(drop=True)
    out.attrs["no_market"] = no_market
    return out


def pharma_value_tiers(profile, *, margin=0.7, cost_per_call=60.0, stc_max_share=0.5):
    """MVC / STC / Other / BZ per doctor: profit today x headroom (the notebooks' value tiers).

    The actual value is the doctor's profit over the window, ``margin x value -
    cost_per_call x calls``; the strategic value is the headroom, the potential
    sales not yet ours, ``potential_value_window x (1 - share)``. Tiers by
    :func:`tierlab.matrix.mvc_stc_bz` with ``share`` as the share of wallet: a
    doctor where we already hold more than ``stc_max_share`` is not an STC.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`doctor_profile` (needs ``doctor_id, value, calls, share,
        potential_value_window``); doctors with no market (``share`` missing)
        are refused: pass ``doctor_profile(world, market_only=True)``.
    margin : float, default 0.7
        Our gross margin as a share of sales.
    cost_per_call : float, default 60
        What one call costs (yuan).
    stc_max_share : float, default 0.5
        See :func:`tierlab.matrix.mvc_stc_bz`.

    Returns
    -------
    pandas.DataFrame
        The :func:`tierlab.matrix.mvc_stc_bz` table: ``doctor_id``, ``profit``,
        ``headroom``, ``share``, ``actual_rank``, ``strategic_rank``, ``tier``,
        ``tier_zh``.
    """
    check_columns(profile, {"customer": "doctor_id", "value": "value", "calls": "calls",
                            "share": "share", "potential": "potential_value_window"},
                  "profile")
    margin = check_number(margin, "margin", 0, 1)
    cost_per_call = check_number(cost_per_call, "cost_per_call", 0)
    values = profile[["doctor_id", "share"]].assign(
        profit=margin * profile["value"] - cost_per_call * profile["calls"],
        headroom=profile["potential_value_window"] * (1 - profile["share"]))
    if values["share"].isna().any():
        raise ValueError(f"{int(values['share'].isna().sum())} doctor(s) in profile have no "
                         "market, so no share; use doctor_profile(world, market_only=True).")
    return mvc_stc_bz(values, customer="doctor_id", actual_value="profit",
                      strategic_value="headroom", share_of_wallet="share",
                      stc_max_share=stc_max_share)
