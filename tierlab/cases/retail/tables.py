"""Retail tables built from the observable world: features, profile, value tiers, scores.

* :func:`retail_features` -- RFM measures, discounts, channel and the RFM
  segment per member, as of a day (no look-ahead).
* :func:`campaign_history` -- the randomised campaign contacts with the
  features each member had the day before the campaign.
* :func:`member_profile` -- one row per member (客户画像): the features plus
  profit, repeat rate, returns, main store and the latest survey answer.
* :func:`retail_value_tiers` / :func:`retail_scores` -- MVC / STC / Other / BZ
  value tiers, and next to them the uplift a model trained on the campaign
  history expects from a contact.
* :data:`RETAIL_SERVICE_MODELS` -- the default service model per value tier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import RandomState
from tierlab._validation import check_choice, check_int, check_number
from tierlab.cases._world import World, check_world
from tierlab.clv import clv_table
from tierlab.evaluate import estimate_uplift
from tierlab.matrix import mvc_stc_bz
from tierlab.rfm import rfm_scores, rfm_segments
from tierlab.summary import rfm_table, summarize_transactions

#: The observable columns the retail features are built from (checked, so a missing one is named).
FEATURE_COLUMNS = {
    "transactions": ["member_id", "date", "store_id", "channel", "gross_amount", "discount",
                     "amount", "is_return"],
    "members": ["member_id", "join_date", "age", "level", "channel_preference"],
}

__all__ = ["RETAIL_COST_PER_RETURN", "RETAIL_MARGIN", "RETAIL_SERVICE_MODELS", "campaign_history",
           "member_profile", "retail_features", "retail_scores", "retail_value_tiers"]

#: Default gross margin on sales (share of the gross amount kept) for retail profit and CLV.
RETAIL_MARGIN = 0.3
#: Default handling cost of one returned receipt line (yuan).
RETAIL_COST_PER_RETURN = 20.0


RETAIL_SERVICE_MODELS = pd.DataFrame(
    [
        ("MVC", "lock in", "锁定", "dedicated member manager", "专属会员经理", 2, "store manager",
         "门店经理", 30.0, "VIP events, early access, personal thank-you",
         "贵宾活动、优先购买、亲自致谢", "stays active; net sales vs goal", "保持活跃；净销售达成率"),
        ("STC", "grow", "发展", "personal app offers", "个性化 App 优惠", 1, "CRM team",
         "CRM 团队", 3.0, "cross-sell a second category; up-sell", "交叉销售第二个品类；向上销售",
         "net sales growth vs goal", "净销售增长达成率"),
        ("Other", "maintain", "维持", "automated app / e-mail", "自动 App / 邮件", 0.5, "CRM team",
         "CRM 团队", 0.3, "seasonal reminders", "季节性提醒", "buys again this quarter",
         "本季度再次购买"),
        ("BZ", "release", "战略性放弃", "online self-service", "线上自助", 0.25, "CRM team", "CRM 团队",
         0.1, "no coupons; self-service only", "不发优惠券；仅自助服务", "cost to serve",
         "服务成本"),
    ],
    columns=["tier", "objective", "objective_zh", "contact_mode", "contact_mode_zh",
             "calls_per_month", "owner", "owner_zh", "cost_per_contact", "action", "action_zh",
             "kpi", "kpi_zh"],
)
"""Default retail service model per MVC / STC / Other / BZ tier (edit a copy freely).

The same columns as :data:`SERVICE_MODELS` plus ``kpi`` / ``kpi_zh`` (used by
:func:`tierlab.actions.action_plan`). In retail a "call" is any planned
contact, so ``calls_per_month`` holds the planned contacts per member and
month (the name is shared with pharma so that :func:`service_plan`,
:func:`tierlab.actions.action_plan` and :func:`tierlab.actions.contact_calendar`
work for both cases). Tiers are those of :func:`tierlab.matrix.mvc_stc_bz`.
"""


def retail_features(world: World, *, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Observable features per member of a retail world, as of a day.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world.
    as_of : date-like, optional
        Only transactions up to this day count; default the last day.

    Returns
    -------
    pandas.DataFrame
        One row per member who had joined by ``as_of``: ``member_id``,
        ``recency`` (days; members with no purchase: days since joining),
        ``frequency``, ``monetary`` (net total), ``tenure`` (days),
        ``discount_share`` (share of purchase lines with a discount),
        ``online_share``, ``age``, ``level``, ``channel_preference``,
        ``r_score``, ``f_score``, ``m_score``, ``segment`` (RFM segment).
    """

    check_world(world, "retail", columns=FEATURE_COLUMNS)
    tx = world["transactions"]
    mem = world["members"]
    as_of = tx["date"].max() if as_of is None else pd.Timestamp(as_of)
    t = tx[tx["date"] <= as_of]
    members = mem[mem["join_date"] <= as_of][["member_id", "join_date", "age", "level",
                                              "channel_preference"]]
    if len(members) == 0:
        raise ValueError(f"no member had joined by as_of={str(as_of.date())!r}.")
    r = rfm_table(t, customer="member_id", date="date", value="amount", observation_end=as_of)
    buys = t[~t["is_return"].astype(bool)]
    extra = buys.assign(d=buys["discount"] > 0, o=buys["channel"] == "online").groupby(
        "member_id").agg(discount_share=("d", "mean"), online_share=("o", "mean")).reset_index()
    out = members.merge(r, on="member_id", how="left").merge(extra, on="member_id", how="left")
    out["tenure"] = (as_of - out["join_date"]).dt.days.astype(float)
    out["recency"] = out["recency"].astype(float).fillna(out["tenure"])
    out[["frequency", "monetary", "discount_share", "online_share"]] = out[
        ["frequency", "monetary", "discount_share", "online_share"]].astype(float).fillna(0.0)
    scores = rfm_scores(out, customer="member_id", monetary="monetary")
    seg = rfm_segments(scores, customer="member_id")
    out = out.merge(seg[["member_id", "r_score", "f_score", "m_score", "segment"]],
                    on="member_id", how="left")
    out = out.drop(columns="join_date")
    cols = ["member_id", "recency", "frequency", "monetary", "tenure", "discount_share",
            "online_share", "age", "level", "channel_preference", "r_score", "f_score",
            "m_score", "segment"]
    return out[cols].reset_index(drop=True)


def campaign_history(world: World) -> pd.DataFrame:
    """The randomised campaign contacts of a retail world with member features at the time.

    Each contact row gets :func:`retail_features` as of the day before its
    campaign started, so a model trained on it uses only what was known then.

    Returns
    -------
    pandas.DataFrame
        ``campaign_contacts`` columns (``campaign_id, member_id, treated,
        responded, spend_in_window``) plus the feature columns.
    """
    check_world(world, "retail", columns={"campaigns": ["campaign_id", "start_date"],
                                          "campaign_contacts": ["campaign_id", "member_id"]})
    contacts = world["campaign_contacts"]
    parts = []
    for _, c in world["campaigns"].iterrows():
        feats = retail_features(world, as_of=pd.Timestamp(c["start_date"]) - pd.Timedelta(days=1))
        rows = contacts[contacts["campaign_id"] == c["campaign_id"]]
        parts.append(rows.merge(feats, on="member_id", how="left"))
    if not parts:
        raise ValueError("this world has no campaigns (n_campaigns=0).")
    return pd.concat(parts, ignore_index=True)


_SURVEY_COLUMNS = ["nps", "satisfaction", "need_clarity", "openness_new", "price_sensitivity"]


_DAYS_PER_MONTH = 30.44


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


def member_profile(world: World, *, as_of: str | pd.Timestamp | None = None,
                   margin: float = RETAIL_MARGIN, cost_per_return: float = RETAIL_COST_PER_RETURN,
                   main_store_by: str = "spend") -> pd.DataFrame:
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

    check_world(world, "retail", columns={**FEATURE_COLUMNS, "surveys": ["member_id", "survey_date"]})
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


def _retail_values(world, margin, cost_per_return, horizon):
    """(member profile, profit + CLV per member who bought) -- the inputs of the value tiers."""
    check_world(world, "retail", columns=FEATURE_COLUMNS)
    horizon = check_int(horizon, "horizon", 1)
    profile = member_profile(world, margin=margin, cost_per_return=cost_per_return)
    clv = clv_table(summarize_transactions(world["transactions"], customer="member_id",
                                           time_unit="W"),
                    customer="member_id", horizon=horizon, margin=margin)
    clv = clv[["member_id", "clv", "p_alive", "expected_spend"]]
    values = profile[["member_id", "profit"]].merge(clv, on="member_id", how="inner")
    return profile, values


def retail_value_tiers(world: World, *, margin: float = RETAIL_MARGIN,
                       cost_per_return: float = RETAIL_COST_PER_RETURN,
                       horizon: int = 12) -> pd.DataFrame:
    """MVC / STC / Other / BZ per member of a retail world: profit today x predicted CLV.

    The value tiering of the retail strategy notebook (steps 1-3 of
    :func:`retail_scores`, without the uplift model): actual value = profit
    (:func:`tierlab.profiles.member_profile`), strategic value = predicted CLV
    (:func:`tierlab.clv.clv_table` on weekly time), tiers by
    :func:`tierlab.matrix.mvc_stc_bz`.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world.
    margin, cost_per_return : float
        Profit assumptions, see :func:`tierlab.profiles.member_profile`; the
        CLV uses the same ``margin``.
    horizon : int
        CLV horizon in months.

    Returns
    -------
    pandas.DataFrame
        The :func:`tierlab.matrix.mvc_stc_bz` table, one row per member who
        has bought: ``member_id``, ``profit``, ``clv``, ``actual_rank``,
        ``strategic_rank``, ``tier``, ``tier_zh``. Join it to
        :data:`RETAIL_SERVICE_MODELS` with :func:`service_plan`.

    Examples
    --------
    >>> from tierlab.datasets import load_retail
    >>> tiers = retail_value_tiers(load_retail())           # doctest: +SKIP
    >>> service_plan(tiers, RETAIL_SERVICE_MODELS, customer="member_id")  # doctest: +SKIP
    """
    _, values = _retail_values(world, margin, cost_per_return, horizon)
    return mvc_stc_bz(values[["member_id", "profit", "clv"]], customer="member_id",
                      actual_value="profit", strategic_value="clv")


def retail_scores(world: World, *, margin: float = RETAIL_MARGIN,
                  cost_per_return: float = RETAIL_COST_PER_RETURN, horizon: int = 12,
                  method: str = "two_model", random_state: RandomState = None) -> pd.DataFrame:
    """Value tier and estimated campaign uplift per member of a retail world.

    Puts together the steps of the retail strategy notebook, using observable
    data only:

    1. :func:`tierlab.profiles.member_profile` -- one row per member, with
       ``profit`` (``margin`` and ``cost_per_return`` assumptions);
    2. :func:`tierlab.clv.clv_table` -- predicted CLV, ``p_alive`` and
       ``expected_spend`` over ``horizon`` months (BG/NBD x Gamma-Gamma, on
       weekly time);
    3. :func:`tierlab.matrix.mvc_stc_bz` -- ``tier`` (MVC / STC / Other / BZ)
       with actual value = profit and strategic value = CLV;
    4. :func:`tierlab.evaluate.estimate_uplift` trained on
       :func:`tierlab.evaluate.campaign_history` (the randomised campaigns) --
       ``pred_treated``, ``pred_control`` and ``uplift`` (the estimated
       change in the probability of buying in a campaign window if contacted);
    5. ``contact_value = max(uplift, 0) x expected_spend x p_alive`` -- the
       extra spend a contact is expected to cause.

    Parameters
    ----------
    world : tierlab.datasets.World
        A retail world with campaign history.
    margin, cost_per_return : float
        Profit assumptions, see :func:`tierlab.profiles.member_profile`; the
        CLV uses the same ``margin``.
    horizon : int
        CLV horizon in months.
    method : {"two_model", "segment"}
        Uplift method of :func:`tierlab.evaluate.estimate_uplift`.
    random_state : None, int or numpy.random.Generator
        Seed of the uplift model.

    Returns
    -------
    pandas.DataFrame
        One row per member who has bought, sorted by ``member_id``:
        ``member_id``, ``tier``, ``profit``, ``clv``, ``p_alive``,
        ``expected_spend``, ``pred_treated``, ``pred_control``, ``uplift``,
        ``contact_value``, then the other columns of
        :func:`tierlab.profiles.member_profile` (``segment``,
        ``main_store``, ...). Sort by ``contact_value`` to pick a campaign
        list; the estimates carry prediction error, so keep a random control
        group when the campaign goes out.
    """

    check_choice(method, "method", ["two_model", "segment"])
    profile, values = _retail_values(world, margin, cost_per_return, horizon)
    tiers = mvc_stc_bz(values, customer="member_id", actual_value="profit",
                       strategic_value="clv")
    est = estimate_uplift(campaign_history(world), customer="member_id", method=method,
                          new_data=profile, random_state=random_state)
    out = (tiers[["member_id", "tier"]].merge(values, on="member_id")
           .merge(est[["member_id", "pred_treated", "pred_control", "uplift"]], on="member_id"))
    out["contact_value"] = out["uplift"].clip(lower=0) * out["expected_spend"] * out["p_alive"]
    rest = profile.drop(columns=["profit"])
    out = out.merge(rest, on="member_id", how="left")
    return out.sort_values("member_id", kind="stable").reset_index(drop=True)
