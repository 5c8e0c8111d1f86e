"""Pharma tables built from what a company in China really sees.

A drug company in China may not collect doctor-level prescriptions (统方). It
sees our sales per hospital from distributors' flow data (流向), the market per
hospital from audit data, and per doctor only what its reps record: calls, a
potential survey, the doctor's adoption stage (观念/支持度) and the rep's estimate
of the doctor's use. These functions build the course's working tables from
those observable tables:

* :func:`pharma_panel` -- one row per account (hospital x our product) and
  month: calls into the account, flow units, the hospital's market, listing and
  price; the input of :func:`tierlab.strategy.estimate_response`.
* :func:`hospital_profile` -- one row per hospital over the last months: grade,
  beds, flow sales, market, share, potential, calls.
* :func:`doctor_profile` -- one row per doctor over the last months (客户画像):
  potential, calls, adoption stage, the rep's estimate and that estimate
  reconciled with the hospital's flow sales.
* :func:`hospital_tiers` and :func:`doctor_tiers` -- A / B / C / D: hospitals
  by potential x share, doctors by potential x adoption.
* :func:`pharma_value_tiers` -- MVC / STC / Other / BZ from estimated profit and
  headroom.
* :func:`split_account_calls` -- turn calls planned per account into calls per
  doctor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._validation import check_columns, check_dataframe, check_int, check_number
from tierlab.cases._world import World, check_world
from tierlab.matrix import factor_matrix, mvc_stc_bz

__all__ = ["ADOPTION_TIER_LABELS", "doctor_profile", "doctor_tiers", "hospital_profile",
           "hospital_tiers", "pharma_panel", "pharma_value_tiers", "split_account_calls"]

#: The observable columns the tables are built from (checked, so a missing one is named).
PANEL_COLUMNS = {
    "calls": ["month", "doctor_id", "calls"],
    "flow": ["month", "hospital_id", "product_id", "units", "value"],
    "market": ["month", "hospital_id", "specialty", "market_units"],
    "doctors": ["doctor_id", "hospital_id", "specialty"],
    "products": ["product_id", "company", "specialty", "unit_price"],
    "listing": ["hospital_id", "product_id", "listed", "listed_since"],
}
PROFILE_COLUMNS = {
    **PANEL_COLUMNS,
    "hospitals": ["hospital_id", "grade"],
    "potential": ["doctor_id", "potential_units", "potential_value"],
    "adoption": ["month", "doctor_id", "stage", "rep_estimate_units"],
}

#: Potential x adoption (潜力 x 观念): the doctor tiers Chinese field teams use.
#: Rows: potential high / low; columns: adoption low (stage 1-3) / high (stage 4-5).
ADOPTION_TIER_LABELS = pd.DataFrame(
    [["B", "A"], ["D", "C"]], index=["high", "low"], columns=["low", "high"])


def _account_id(hospital, product) -> pd.Series:
    return pd.Series(hospital, dtype=object).astype(str).str.cat(
        pd.Series(product, dtype=object).astype(str).to_numpy(), sep="-")


def _our_products(world) -> pd.DataFrame:
    products = world["products"]
    return products[products["company"] == "ours"][["specialty", "product_id", "unit_price"]]


def pharma_panel(world: World, *, margin: float | None = None) -> pd.DataFrame:
    """The observable account-month panel of a pharma world, for :func:`estimate_response`.

    An account is a hospital and one of our products (its specialty's market):
    the level at which a Chinese company sees sales (flow data) and the market
    (hospital audit data). Calls are the reps' calls to the account's doctors.

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
        One row per account with target doctors and month: ``month``,
        ``account_id`` (``"<hospital_id>-<product_id>"``), ``hospital_id``,
        ``product_id``, ``specialty``, ``doctors`` (target doctors in the
        account), ``calls``, ``units`` (flow), ``market_units`` (audit),
        ``listed`` (our product was listed in the hospital that month),
        ``unit_price`` and, with ``margin``, ``unit_margin``.

    Examples
    --------
    Response curves per account that carry the price, so the optimiser values
    a unit at its price:

    >>> from tierlab.datasets import load_pharma
    >>> world = load_pharma()                                            # doctest: +SKIP
    >>> curves = estimate_response(pharma_panel(world), customer="account_id",
    ...                            keep="unit_price")                   # doctest: +SKIP
    """
    if margin is not None:
        margin = check_number(margin, "margin", 0, 1)
    check_world(world, "pharma", columns=PANEL_COLUMNS)
    doctors = world["doctors"][["doctor_id", "hospital_id", "specialty"]].merge(
        _our_products(world), on="specialty", how="left")
    calls = world["calls"][["month", "doctor_id", "calls"]].merge(
        doctors, on="doctor_id", how="left")
    panel = calls.groupby(["month", "hospital_id", "product_id", "specialty"], as_index=False,
                          observed=True).agg(doctors=("doctor_id", "nunique"),
                                             calls=("calls", "sum"))
    flow = world["flow"].groupby(["month", "hospital_id", "product_id"], as_index=False)[
        "units"].sum()
    panel = panel.merge(flow, on=["month", "hospital_id", "product_id"], how="left")
    market = world["market"].groupby(["month", "hospital_id", "specialty"], as_index=False)[
        "market_units"].sum()
    panel = panel.merge(market, on=["month", "hospital_id", "specialty"], how="left")
    panel[["units", "market_units"]] = panel[["units", "market_units"]].fillna(0).astype(float)
    listing = world["listing"][["hospital_id", "product_id", "listed", "listed_since"]]
    panel = panel.merge(listing, on=["hospital_id", "product_id"], how="left")
    since = pd.to_datetime(panel["listed_since"])
    panel["listed"] = panel["listed"].fillna(False).astype(bool) & (panel["month"] >= since)
    price = _our_products(world).set_index("product_id")["unit_price"]
    panel["unit_price"] = panel["product_id"].map(price).astype(float)
    panel.insert(1, "account_id", _account_id(panel["hospital_id"], panel["product_id"]))
    if margin is not None:
        panel["unit_margin"] = margin * panel["unit_price"]
    panel = panel.drop(columns="listed_since")
    return panel.sort_values(["month", "account_id"], kind="stable").reset_index(drop=True)


def _window(months_col: pd.Series, months: int) -> tuple[pd.Series, pd.Timestamp]:
    last = months_col.max()
    return months_col > last - pd.DateOffset(months=months), last


def hospital_profile(world: World, *, months: int = 12) -> pd.DataFrame:
    """One row per hospital of a pharma world over the last ``months`` months.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world.
    months : int, default 12
        Length of the window, counted back from the last month of data.

    Returns
    -------
    pandas.DataFrame
        One row per hospital, sorted by ``hospital_id``: ``hospital_id``,
        ``hospital_name``, ``city``, ``territory_id``, ``grade``, ``beds``,
        ``doctors`` (target doctors), ``units`` and ``value`` (our flow sales,
        summed over the window), ``market_units`` (the hospital's markets for
        our products, audit data), ``share`` (units / market_units; NaN
        without market), ``potential_units`` and ``potential_value`` (the
        doctors' surveyed monthly potential summed), ``potential_value_window``
        (x the months of the window, comparable with ``value``), ``calls``
        (window), ``calls_per_month``, ``products_listed`` (our products listed
        in the last month) and ``months``.
    """
    check_world(world, "pharma", columns={**PROFILE_COLUMNS,
                                          "hospitals": ["hospital_id", "hospital_name",
                                                        "grade"]})
    months = check_int(months, "months", 1)
    panel = pharma_panel(world)
    in_w, last = _window(panel["month"], months)
    window = panel[in_w]
    n_months = window["month"].nunique()
    agg = window.groupby("hospital_id").agg(units=("units", "sum"),
                                            market_units=("market_units", "sum"),
                                            calls=("calls", "sum"))
    flow = world["flow"]
    value = flow[flow["month"].isin(window["month"].unique())].groupby("hospital_id")[
        "value"].sum()
    listed = window[window["month"] == last].groupby("hospital_id")["listed"].sum()
    doctors = world["doctors"]
    pot = world["potential"].drop_duplicates("doctor_id").merge(
        doctors[["doctor_id", "hospital_id"]], on="doctor_id")
    pot = pot.groupby("hospital_id")[["potential_units", "potential_value"]].sum()
    hospitals = world["hospitals"]
    keep = [c for c in ["hospital_id", "hospital_name", "city", "territory_id", "grade", "beds"]
            if c in hospitals.columns]
    out = hospitals[keep].copy()
    ids = out["hospital_id"]
    out["doctors"] = ids.map(doctors.groupby("hospital_id").size()).fillna(0).astype(np.int64)
    out["units"] = ids.map(agg["units"]).astype(float).fillna(0.0)
    out["value"] = ids.map(value).astype(float).fillna(0.0)
    out["market_units"] = ids.map(agg["market_units"]).astype(float).fillna(0.0)
    out["share"] = out["units"] / out["market_units"].where(out["market_units"] > 0)
    out["potential_units"] = ids.map(pot["potential_units"]).astype(float).fillna(0.0)
    out["potential_value"] = ids.map(pot["potential_value"]).astype(float).fillna(0.0)
    out["potential_value_window"] = out["potential_value"] * n_months
    out["calls"] = ids.map(agg["calls"]).astype(float).fillna(0.0)
    out["calls_per_month"] = out["calls"] / n_months
    out["products_listed"] = ids.map(listed).fillna(0).astype(np.int64)
    out["months"] = n_months
    return out.sort_values("hospital_id", kind="stable").reset_index(drop=True)


def doctor_profile(world: World, *, months: int = 12) -> pd.DataFrame:
    """One row per doctor of a pharma world over the last ``months`` months (客户画像).

    What a Chinese field team knows about a doctor: the surveyed potential,
    our calls, the adoption stage the rep records each quarter (观念/支持度:
    1 unaware, 2 aware, 3 trial, 4 regular use, 5 advocate) and the rep's
    estimate of the doctor's monthly use of our product. No doctor-level
    sales: collecting them (统方) is not allowed. The rep's estimate is
    reconciled with the hospital's flow sales: within each account (hospital x
    product), the estimates are scaled so that they add up to what the
    account's flow data says the target doctors used.

    Parameters
    ----------
    world : tierlab.datasets.World
        A pharma world (``make_pharma`` / ``load_pharma``).
    months : int, default 12
        Length of the window, counted back from the last month of data.

    Returns
    -------
    pandas.DataFrame
        One row per doctor, sorted by ``doctor_id``: ``doctor_id``,
        ``doctor_name``, ``hospital_id``, ``account_id``, ``territory_id``,
        ``rep_id``, ``specialty``, ``title``, ``grade`` (hospital grade),
        ``potential_units`` and ``potential_value`` (per month, survey),
        ``potential_units_window`` and ``potential_value_window`` (x the
        months of the window), ``unit_price``, ``calls`` (window),
        ``calls_per_month``, ``stage`` and ``stage_name`` (the latest adoption
        stage), ``stage_change`` (latest stage minus the stage recorded at the
        start of the window), ``rep_estimate_units`` (the rep's latest monthly
        estimate; NaN if the rep has none), ``est_units`` and ``est_value``
        (our estimated sales to the doctor over the window: the rep's
        estimates reconciled with the account's flow sales), ``est_share``
        (``est_units / potential_units_window``, capped at 1), ``listed`` and
        ``months``.

    Examples
    --------
    >>> from tierlab.datasets import load_pharma
    >>> doc = doctor_profile(load_pharma())                      # doctest: +SKIP
    >>> doc.groupby("stage_name")["potential_value"].sum()        # doctest: +SKIP
    """
    check_world(world, "pharma", columns=PROFILE_COLUMNS)
    months = check_int(months, "months", 1)
    panel = pharma_panel(world)
    in_w, last = _window(panel["month"], months)
    window_months = panel.loc[in_w, "month"].unique()
    n_months = len(window_months)
    calls = world["calls"]
    calls = calls[calls["month"].isin(window_months)].groupby("doctor_id")["calls"].sum()
    doctors = world["doctors"]
    keep = [c for c in ["doctor_id", "doctor_name", "hospital_id", "territory_id", "rep_id",
                        "specialty", "title"] if c in doctors.columns]
    out = doctors[keep].merge(world["hospitals"][["hospital_id", "grade"]], on="hospital_id",
                              how="left")
    ours = _our_products(world)
    prod = out["specialty"].map(ours.set_index("specialty")["product_id"])
    out.insert(3, "account_id", _account_id(out["hospital_id"], prod).to_numpy())
    ids = out["doctor_id"]
    pot = world["potential"].drop_duplicates("doctor_id").set_index("doctor_id")
    out["potential_units"] = ids.map(pot["potential_units"]).astype(float)
    out["potential_value"] = ids.map(pot["potential_value"]).astype(float)
    out["potential_units_window"] = out["potential_units"] * n_months
    out["potential_value_window"] = out["potential_value"] * n_months
    out["unit_price"] = out["specialty"].map(ours.set_index("specialty")["unit_price"]).astype(
        float)
    out["calls"] = ids.map(calls).astype(float).fillna(0.0)
    out["calls_per_month"] = out["calls"] / n_months
    # adoption: the latest record, and the change since the start of the window
    adoption = world["adoption"]
    adoption = adoption[adoption["month"] <= last].sort_values("month", kind="stable")
    latest = adoption.drop_duplicates("doctor_id", keep="last").set_index("doctor_id")
    start = adoption[adoption["month"] > last - pd.DateOffset(months=months)]
    first = start.drop_duplicates("doctor_id", keep="first").set_index("doctor_id")
    out["stage"] = ids.map(latest["stage"]).astype("Int64")
    if "stage_name" in latest.columns:
        out["stage_name"] = ids.map(latest["stage_name"])
    out["stage_change"] = (out["stage"] - ids.map(first["stage"]).astype("Int64"))
    out["rep_estimate_units"] = ids.map(latest["rep_estimate_units"]).astype(float)
    # the rep's estimates over the window (monthly use x 3 per quarter), reconciled with
    # the flow of the account: scaled so that each account's target doctors add up to
    # the account's flow (the rest of the flow is used outside the target list)
    q = start.groupby("doctor_id")["rep_estimate_units"].agg(["sum", "count"])
    est_raw = ids.map(q["sum"] * 3 * n_months / np.maximum(q["count"] * 3, 1)).astype(float)
    est_raw = est_raw.fillna(0.0)
    flow = panel[in_w].groupby("account_id")["units"].sum()
    acc = out["account_id"]
    acc_est = est_raw.groupby(acc).transform("sum")
    acc_flow = acc.map(flow).astype(float).fillna(0.0)
    scale = np.where(acc_est > acc_flow, acc_flow / acc_est.where(acc_est > 0, 1.0), 1.0)
    out["est_units"] = (est_raw * scale).round(1)
    out["est_value"] = (out["est_units"] * out["unit_price"]).round(2)
    out["est_share"] = (out["est_units"] / out["potential_units_window"]).clip(upper=1.0)
    listed = panel[panel["month"] == last].set_index("account_id")["listed"]
    out["listed"] = acc.map(listed).fillna(False).astype(bool)
    out["months"] = n_months
    return out.sort_values("doctor_id", kind="stable").reset_index(drop=True)


def doctor_tiers(profile: pd.DataFrame, *, potential: str = "potential_value",
                 top_potential: float = 0.3, adopted_stage: int = 4) -> pd.DataFrame:
    """Doctor tiers A / B / C / D by potential x adoption (潜力 x 观念), as Chinese field teams tier.

    Without doctor-level sales (统方), a field team tiers doctors by what it can
    know: the surveyed potential and the adoption stage its reps record.
    High potential means the top ``top_potential`` share of doctors by
    ``potential``; adopted means stage ``adopted_stage`` (regular use) or
    above. Labels: :data:`ADOPTION_TIER_LABELS` -- A high potential and
    adopted (lock in), B high potential, not yet adopted (develop), C low
    potential and adopted (maintain), D low and not adopted (release). The
    tiers match the ``tier`` column of :data:`tierlab.strategy.SERVICE_MODELS`.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`doctor_profile` (needs ``doctor_id``, ``stage`` and ``potential``).
    potential : str, default "potential_value"
        The potential column (value, so that markets with different prices
        compare).
    top_potential : float, default 0.3
        Share of doctors counted as high potential.
    adopted_stage : int, default 4
        The first stage counted as adopted.

    Returns
    -------
    pandas.DataFrame
        The :func:`tierlab.matrix.factor_matrix` table (``doctor_id``,
        ``stage``, ``potential``, ``x_level``, ``y_level``, ``cell``) with the
        tier in ``tier``, in the row order of ``profile``; the cuts are in
        ``result.attrs`` for :func:`tierlab.plotting.matrix_scatter`.

    Examples
    --------
    >>> doc = pd.DataFrame({"doctor_id": ["D1", "D2", "D3", "D4"], "stage": [5, 2, 4, 1],
    ...                     "potential_value": [900.0, 800.0, 50.0, 40.0]})
    >>> doctor_tiers(doc, top_potential=0.5)["tier"].tolist()
    ['A', 'B', 'C', 'D']
    """
    check_dataframe(profile, "profile")
    check_columns(profile, {"customer": "doctor_id", "stage": "stage", "potential": potential},
                  "profile")
    top_potential = check_number(top_potential, "top_potential", 0, 1)
    adopted_stage = check_int(adopted_stage, "adopted_stage", 1, 5)
    stage = pd.to_numeric(profile["stage"], errors="coerce").astype(float)
    if stage.isna().any():
        raise ValueError(f"{int(stage.isna().sum())} doctor(s) in profile have no adoption "
                         "stage; fill them in (e.g. 1, unaware) before tiering.")
    pot = pd.to_numeric(profile[potential], errors="coerce")
    grid = factor_matrix(pd.DataFrame({"doctor_id": profile["doctor_id"].to_numpy(),
                                       "stage": stage.to_numpy(), potential: pot.to_numpy()}),
                         customer="doctor_id", x="stage", y=potential,
                         x_cut=adopted_stage - 0.5, y_cut=float(pot.quantile(1 - top_potential)),
                         labels=ADOPTION_TIER_LABELS)
    return grid.rename(columns={"label": "tier"})


def hospital_tiers(profile: pd.DataFrame, *, potential: str = "potential_value",
                   share: str = "share") -> pd.DataFrame:
    """Hospital tiers A / B / C / D by potential x our share, cut at the medians.

    The account view of notebook 01: a hospital with a large market where we
    sell little is a B (develop), one with a large market and a high share an
    A (lock in), small markets are C (high share, maintain) and D (release).
    A hospital without market in the window has share 0. Labels:
    :data:`ADOPTION_TIER_LABELS`, as :func:`doctor_tiers`, so one service model
    table serves both.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`hospital_profile` (needs ``hospital_id``, ``potential`` and ``share``).
    potential : str, default "potential_value"
        The potential column (value, so that markets with different prices compare).
    share : str, default "share"
        Our share of the hospital's market.

    Returns
    -------
    pandas.DataFrame
        The :func:`tierlab.matrix.factor_matrix` table (``hospital_id``,
        ``share``, ``potential``, ``x_level``, ``y_level``, ``cell``) with the
        tier in ``tier``, in the row order of ``profile``; the cuts (the
        medians) are in ``result.attrs``. ``profile`` is not changed.

    Examples
    --------
    >>> hosp = pd.DataFrame({"hospital_id": ["H1", "H2", "H3", "H4"],
    ...                      "share": [0.5, 0.1, 0.6, None],
    ...                      "potential_value": [900.0, 800.0, 50.0, 40.0]})
    >>> hospital_tiers(hosp)["tier"].tolist()
    ['A', 'B', 'C', 'D']
    """
    check_dataframe(profile, "profile")
    check_columns(profile, {"customer": "hospital_id", "share": share, "potential": potential},
                  "profile")
    shares = pd.to_numeric(profile[share], errors="coerce").fillna(0.0)
    table = pd.DataFrame({"hospital_id": profile["hospital_id"].to_numpy(),
                          share: shares.to_numpy(),
                          potential: profile[potential].to_numpy()})
    grid = factor_matrix(table, customer="hospital_id", x=share, y=potential,
                         labels=ADOPTION_TIER_LABELS)
    return grid.rename(columns={"label": "tier"})


def split_account_calls(plan: pd.DataFrame, profile: pd.DataFrame, *,
                        weight: str = "potential_value", account: str = "account_id",
                        calls: str = "calls") -> pd.DataFrame:
    """Turn calls planned per account (hospital x product) into calls per doctor.

    Each account's calls go to its doctors in proportion to ``weight``
    (integers, largest remainder; ties by doctor id), so a plan from
    :func:`tierlab.strategy.optimise_allocation` on :func:`pharma_panel`
    curves becomes a call list a rep can work through.

    Parameters
    ----------
    plan : pandas.DataFrame
        One row per account with ``account`` and ``calls``.
    profile : pandas.DataFrame
        :func:`doctor_profile` (needs ``doctor_id``, ``account`` and ``weight``).
    weight : str, default "potential_value"
        Column of ``profile`` that shares an account's calls among its doctors
        (e.g. potential, or a tier weight you computed).
    account, calls : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``doctor_id``, ``account_id`` and ``calls`` (integers; each account's
        sum equals its planned calls, or 0 for an account without doctors).
    """
    from tierlab.strategy import _apportion

    check_dataframe(plan, "plan")
    check_dataframe(profile, "profile")
    check_columns(plan, {"account": account, "calls": calls}, "plan")
    check_columns(profile, {"customer": "doctor_id", "account": account, "weight": weight},
                  "profile")
    if plan[account].duplicated().any():
        raise ValueError(f"plan must have one row per account; {account!r} has duplicates.")
    w = pd.to_numeric(profile[weight], errors="coerce")
    if w.isna().any() or (w < 0).any():
        raise ValueError(f"weight={weight!r} must be numbers >= 0 in profile.")
    per_acc = plan.set_index(account)[calls]
    doc = profile[["doctor_id", account]].assign(_w=w.to_numpy()).sort_values(
        [account, "doctor_id"], kind="stable")
    out = np.zeros(len(doc), dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, doc[account].to_numpy()[1:] != doc[account].to_numpy()[:-1]])
    ends = np.r_[starts[1:], len(doc)]
    wv = doc["_w"].to_numpy()
    accs = doc[account].to_numpy()
    for a, b in zip(starts, ends, strict=True):
        total = int(round(float(per_acc.get(accs[a], 0))))
        ww = wv[a:b] if wv[a:b].sum() > 0 else np.ones(b - a)
        out[a:b] = _apportion(ww, total)
    res = pd.DataFrame({"doctor_id": doc["doctor_id"].to_numpy(), account: accs, "calls": out})
    return res.sort_values("doctor_id", kind="stable").reset_index(drop=True)


def pharma_value_tiers(profile: pd.DataFrame, *, margin: float = 0.7, cost_per_call: float = 60.0,
                       stc_max_share: float = 0.5) -> pd.DataFrame:
    """MVC / STC / Other / BZ per doctor: estimated profit today x headroom.

    The actual value is the doctor's estimated profit over the window,
    ``margin x est_value - cost_per_call x calls`` (``est_value``: the rep's
    estimate reconciled with flow sales, see :func:`doctor_profile`); the
    strategic value is the headroom, the potential not yet ours,
    ``potential_value_window x (1 - est_share)``. Tiers by
    :func:`tierlab.matrix.mvc_stc_bz` with ``est_share`` as the share of
    wallet: a doctor where we already hold more than ``stc_max_share`` is not
    an STC.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`doctor_profile` (needs ``doctor_id, est_value, calls,
        est_share, potential_value_window``).
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
    check_columns(profile, {"customer": "doctor_id", "value": "est_value", "calls": "calls",
                            "share": "est_share", "potential": "potential_value_window"},
                  "profile")
    margin = check_number(margin, "margin", 0, 1)
    cost_per_call = check_number(cost_per_call, "cost_per_call", 0)
    values = pd.DataFrame({
        "doctor_id": profile["doctor_id"].to_numpy(),
        "share": profile["est_share"].to_numpy(dtype=float),
        "profit": (margin * profile["est_value"] - cost_per_call * profile["calls"]).to_numpy(),
        "headroom": (profile["potential_value_window"] * (1 - profile["est_share"])).to_numpy(),
    })
    if values[["share", "profit", "headroom"]].isna().any().any():
        raise ValueError("profile has missing est_share, est_value, calls or "
                         "potential_value_window; build it with doctor_profile(world).")
    return mvc_stc_bz(values, customer="doctor_id", actual_value="profit",
                      strategic_value="headroom", share_of_wallet="share",
                      stc_max_share=stc_max_share)
