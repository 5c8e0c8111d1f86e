"""The retail world: a chain with members, stores, an online shop and a mini-program.

One behavioural model drives everything: the two years of history, the
historic campaigns and the simulator's next 30-day window
(:func:`simulate_retail_window`, :func:`retail_window_expected`) all run the
same daily process from the same member parameters.

The daily process of one member
-------------------------------
A member is *active* or *dormant*. Each day, first the state may change:

* active -> dormant with a hazard that is high in the first weeks after
  joining and falls with tenure (``early_hazard x (FLOOR + (1 - FLOOR) x
  exp(-tenure / TAU))``);
* dormant -> active (re-activation) with a small daily probability that the
  sales calendar raises (Spring Festival shopping, 618, Double 11, Double 12).

Then an active member buys (one basket a day at most) with probability
``1 - exp(-rate x season(day))``. The basket's net amount is the member's
mean spend times a log-normal factor. The rates, hazards and spends differ
between members (Gamma and log-normal heterogeneity). This is *not* the
BG/NBD model, so a BG/NBD fit is an approximation that can be checked.

A campaign contact changes that process during its window, differently for
different members; the effect is part of the hidden truth. The historic
campaigns kept a random control group, and ``responded`` /
``spend_in_window`` are read off the generated transactions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state
from tierlab._validation import check_int
from tierlab.cases._names import NamePool
from tierlab.cases._world import World, apply_schema

__all__ = [
    "CAMPAIGN_CHANNELS",
    "RESPONSE_TYPES",
    "make_retail",
    "retail_response_probability",
    "retail_season",
    "retail_window_expected",
    "simulate_retail_window",
]

RESPONSE_TYPES = ("persuadable", "sure_thing", "lost_cause", "do_not_disturb")
CATEGORIES = np.array(["Apparel", "Beauty", "Home", "Food", "Electronics", "Kids"],
                      dtype=object)
CATEGORY_P = np.array([0.26, 0.2, 0.16, 0.2, 0.08, 0.1])
CATEGORY_PRICE = np.array([1.0, 0.8, 1.3, 0.5, 2.5, 0.9])
LEVELS = np.array(["Regular", "Silver", "Gold", "Platinum"], dtype=object)
CAMPAIGN_CHANNELS = ("mini_program", "wecom", "app_push", "sms")
"""Campaign channels: WeChat mini-program (小程序), 企业微信 (WeCom), app push, SMS."""
WINDOW_DAYS = 30

# the process (hidden constants)
_FLOOR = 0.12        # long-run share of the early dropout hazard
_TAU = 45.0          # days over which the early hazard fades
_BASKET_SIGMA = 0.75  # log-normal spread of basket values around a member's mean
_RETURN_P = {"store": 0.04, "online": 0.16}  # share of baskets returned, by channel
_DND_RATE, _DND_HAZARD = 0.35, 3.0  # do-not-disturb: buys less, drops out more when contacted
_TYPE_CODE = {"persuadable": 1, "do_not_disturb": 2}

# Spring Festival (春节) dates, for the sales calendar (offline table).
_SPRING_FESTIVAL = {
    2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16",
    2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01",
    2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17",
    2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03",
    2031: "2031-01-23", 2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19",
    2035: "2035-02-08",
}


def retail_season(dates: pd.DatetimeIndex | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sales calendar of a Chinese chain: a demand factor and an online boost per day.

    Spring Festival (春节): New-Year shopping in the three weeks before, a dip in
    the holiday week; 618 (June 1-18, peak on the 18th); National Day golden
    week; Double 11 (Nov 1-11, peak on the 11th); Double 12.

    Parameters
    ----------
    dates : array-like of datetime
        Days.

    Returns
    -------
    factor : numpy.ndarray
        Multiplier of the purchase and re-activation rates (about 1 on an
        ordinary day).
    online_boost : numpy.ndarray
        Extra probability that a basket is bought online (e-commerce festivals).
    """
    d = pd.DatetimeIndex(pd.to_datetime(np.asarray(dates)))
    factor = np.ones(len(d))
    boost = np.zeros(len(d))
    month, day = d.month.to_numpy(), d.day.to_numpy()
    for year in np.unique(d.year):
        sf = pd.Timestamp(_SPRING_FESTIVAL.get(int(year), f"{int(year)}-02-05"))
        off = (d - sf).days.to_numpy()
        factor = np.where((off >= -21) & (off <= -8), 1.35, factor)  # 年货 shopping
        factor = np.where((off >= -7) & (off <= -1), 1.15, factor)
        factor = np.where((off >= 0) & (off <= 6), 0.45, factor)     # holiday week
        factor = np.where((off >= 7) & (off <= 13), 0.8, factor)
    june = month == 6
    factor = np.where(june & (day <= 17), factor * 1.12, factor)
    factor = np.where(june & (day == 18), factor * 2.2, factor)
    boost = np.where(june & (day >= 16) & (day <= 18), 0.3, boost)
    factor = np.where((month == 10) & (day <= 7), factor * 1.2, factor)
    nov = month == 11
    factor = np.where(nov & (day <= 10), factor * 1.15, factor)
    factor = np.where(nov & (day == 11), factor * 3.0, factor)
    boost = np.where(nov & (day >= 9) & (day <= 11), 0.35, boost)
    factor = np.where((month == 12) & (day == 12), factor * 1.8, factor)
    boost = np.where((month == 12) & (day == 12), 0.25, boost)
    return factor, boost


def _hazard(early, tenure):
    return early * (_FLOOR + (1 - _FLOOR) * np.exp(-tenure / _TAU))


def _buy_prob(rate, factor, extra=0.0):
    return 1.0 - np.exp(-(rate * factor + extra))


# --------------------------------------------------------------------------- the process
def _run(p, state, days, t_first, factor, rng, *, joins=None, effects=()):
    """Run the daily process for ``days`` days; return purchase events and the final state.

    ``p``: dict of member arrays (rate, early_hazard, react, join_day, lift,
    wake, kind). ``state``: int8 array (0 not joined, 1 active, 2 dormant),
    changed in place. Day ``t`` runs from ``t_first`` to ``t_first + days - 1``
    (days since the start of the history); ``factor[t - t_first]`` is the
    calendar. ``joins``: member indices sorted by join day (they join active,
    with their first purchase). ``effects``: ``(start, end, members)`` campaign
    contacts, active on days ``start..end``.
    Returns ``(member, day)`` of the purchases and the day each member last
    went dormant (``-1`` if never).
    """
    n = state.size
    rate_m = np.ones(n)
    haz_m = np.ones(n)
    extra = np.zeros(n)
    went_dormant = np.full(n, -1, dtype=np.int64)
    ev_m, ev_d = [], []
    starts = {}
    for e in effects:
        starts.setdefault(e[0], []).append(e)
    ends = {}
    if joins is not None:
        jd = p["join_day"][joins]
        jpos = np.searchsorted(jd, np.arange(t_first, t_first + days + 1))
    # the early-life hazard curve by tenure, tabulated once
    t_last = t_first + days - 1
    curve = _hazard(1.0, np.arange(max(t_last - int(p["join_day"].min()), 0) + 1))
    # Re-activation by thinning: a dormant member's next *candidate* day comes from
    # a geometric draw at the highest daily probability of the run; on that day it
    # is accepted with probability (today's / highest). Exactly a daily Bernoulli
    # draw, but only candidates are touched.
    react = p["react"]
    p_max = np.clip(react * float(np.max(factor[:days])), 1e-12, 1.0)
    never = np.iinfo(np.int64).max
    wake_at = np.full(n, never, dtype=np.int64)
    asleep0 = np.flatnonzero(state == 2)
    wake_at[asleep0] = t_first - 1 + rng.geometric(p_max[asleep0])
    for i in range(days):
        t = t_first + i
        f = factor[i]
        for _start, end, who in starts.get(t, ()):
            kind = p["kind"][who]
            pers, dnd = who[kind == 1], who[kind == 2]
            extra[pers] = p["lift"][pers]
            rate_m[dnd] = _DND_RATE
            haz_m[dnd] = _DND_HAZARD
            asleep = pers[state[pers] == 2]
            woke = asleep[rng.random(asleep.size) < p["wake"][asleep]]
            state[woke] = 1
            wake_at[woke] = never
            ends.setdefault(end, []).append(who)
        # state changes at the start of the day
        act = np.flatnonzero(state == 1)
        h = p["early_hazard"][act] * curve[t - p["join_day"][act]] * haz_m[act]
        sleep = act[rng.random(act.size) < np.minimum(h, 1.0)]
        cand = np.flatnonzero(wake_at == t)
        ok = rng.random(cand.size) * p_max[cand] < np.minimum(react[cand] * f, 1.0)
        wake, again = cand[ok], cand[~ok]
        wake_at[again] = t + rng.geometric(p_max[again])
        wake_at[wake] = never
        state[sleep] = 2
        went_dormant[sleep] = t
        wake_at[sleep] = t + rng.geometric(p_max[sleep])
        state[wake] = 1
        # purchases of the active members
        act = np.flatnonzero(state == 1)
        q = _buy_prob(p["rate"][act] * rate_m[act], f, extra[act])
        buy = act[rng.random(act.size) < q]
        ev_m.append(buy)
        ev_d.append(np.full(buy.size, t, dtype=np.int64))
        if joins is not None:  # new members join active, with their first purchase
            new = joins[jpos[i]:jpos[i + 1]]
            state[new] = 1
            ev_m.append(new)
            ev_d.append(np.full(new.size, t, dtype=np.int64))
        for who in ends.pop(t, ()):
            extra[who] = 0.0
            rate_m[who] = 1.0
            haz_m[who] = 1.0
    member = np.concatenate(ev_m) if ev_m else np.zeros(0, np.int64)
    day = np.concatenate(ev_d) if ev_d else np.zeros(0, np.int64)
    return member, day, went_dormant


def _truth_params(truth):
    kind = truth["response_type"].map(_TYPE_CODE).fillna(0).to_numpy(dtype=np.int8)
    return {"rate": truth["purchase_rate"].to_numpy(dtype=float) / 7.0,
            "early_hazard": truth["early_hazard"].to_numpy(dtype=float),
            "react": truth["reactivation_rate"].to_numpy(dtype=float),
            "lift": truth["campaign_lift"].to_numpy(dtype=float) / 7.0,
            "wake": truth["wake_prob"].to_numpy(dtype=float),
            "kind": kind}


def _window(truth, start, days):
    start = pd.Timestamp(start).normalize()
    dates = pd.date_range(start, periods=days, freq="D")
    factor, _ = retail_season(dates)
    tenure0 = (start - pd.to_datetime(truth["join_date"])).dt.days.to_numpy()
    return factor, tenure0


def _check_treated(truth, treated):
    treated = np.asarray(treated, dtype=bool)
    if treated.ndim == 0:
        treated = np.full(len(truth), bool(treated))
    if treated.shape != (len(truth),):
        raise ValueError(f"treated must have one value per member ({len(truth)}), "
                         f"got shape {treated.shape}.")
    return treated


def retail_window_expected(truth: pd.DataFrame, treated: bool | np.ndarray,
                           start: str | pd.Timestamp,
                           days: int = WINDOW_DAYS) -> dict[str, np.ndarray]:
    """Exact expectations of the member process over a window, contacted or not.

    The same daily process as the history, started from each member's state
    at the end of the history (``truth["active_at_end"]``), computed exactly
    by a forward recursion over the days (no sampling).

    Parameters
    ----------
    truth : pandas.DataFrame
        ``world.hidden["member_truth"]`` (or rows of it).
    treated : bool or array-like of bool
        Whether each member is contacted at the start of the window.
    start : date-like
        First day of the window (the day after the history ends).
    days : int
        Length of the window.

    Returns
    -------
    dict of numpy.ndarray
        ``p_buy`` (probability of at least one purchase), ``purchases``
        (expected purchases) and ``spend`` (expected net spend, CNY).
    """
    treated = _check_treated(truth, treated)
    days = check_int(days, "days", minimum=1, maximum=3660)
    p = _truth_params(truth)
    factor, tenure0 = _window(truth, start, days)
    kind = np.where(treated, p["kind"], 0)
    pers, dnd = kind == 1, kind == 2
    active = truth["active_at_end"].to_numpy(dtype=bool).astype(float)
    # a contact wakes a dormant persuadable member with probability `wake`
    active = active + (1 - active) * np.where(pers, p["wake"], 0.0)
    a, b = active.copy(), 1 - active          # no purchase yet: active / dormant
    pa, pd_ = active.copy(), 1 - active       # state probabilities
    rate = p["rate"] * np.where(dnd, _DND_RATE, 1.0)
    extra = np.where(pers, p["lift"], 0.0)
    haz_m = np.where(dnd, _DND_HAZARD, 1.0)
    purchases = np.zeros(len(truth))
    for i in range(days):
        h = np.minimum(_hazard(p["early_hazard"], tenure0 + i) * haz_m, 1.0)
        r = np.minimum(p["react"] * factor[i], 1.0)
        a, b = a * (1 - h) + b * r, a * h + b * (1 - r)
        pa, pd_ = pa * (1 - h) + pd_ * r, pa * h + pd_ * (1 - r)
        q = _buy_prob(rate, factor[i], extra)
        purchases += pa * q
        a = a * (1 - q)
    spend = purchases * truth["spend_mean"].to_numpy(dtype=float)
    return {"p_buy": 1 - (a + b), "purchases": purchases, "spend": spend}


def simulate_retail_window(truth: pd.DataFrame, treated: bool | np.ndarray,
                           start: str | pd.Timestamp, days: int = WINDOW_DAYS,
                           random_state: RandomState = None) -> dict[str, np.ndarray]:
    """Simulate the member process over a window after the history, contacted or not.

    Runs the same daily process as the history generator from each member's
    state at the end of the history.

    Parameters
    ----------
    truth : pandas.DataFrame
        ``world.hidden["member_truth"]``.
    treated : bool or array-like of bool
        Whether each member is contacted at the start of the window.
    start : date-like
        First day of the window.
    days : int
        Length of the window.
    random_state : None, int or numpy.random.Generator
        Seed.

    Returns
    -------
    dict of numpy.ndarray
        ``purchases`` (baskets bought in the window) and ``spend`` (net CNY).
    """
    treated = _check_treated(truth, treated)
    days = check_int(days, "days", minimum=1, maximum=3660)
    rng = check_random_state(random_state)
    p = _truth_params(truth)
    factor, tenure0 = _window(truth, start, days)
    p["join_day"] = -tenure0.astype(np.int64)  # window day 0 is t = 0
    state = np.where(truth["active_at_end"].to_numpy(dtype=bool), 1, 2).astype(np.int8)
    who = np.flatnonzero(treated)
    member, _, _ = _run(p, state, days, 0, factor, rng, effects=[(0, days - 1, who)])
    n = len(truth)
    count = np.bincount(member, minlength=n)
    value = _basket_factor(rng, member.size) * truth["spend_mean"].to_numpy(dtype=float)[member]
    spend = np.bincount(member, weights=np.round(value, 2), minlength=n)
    return {"purchases": count, "spend": spend}


def _basket_factor(rng, k):
    return rng.lognormal(-_BASKET_SIGMA ** 2 / 2, _BASKET_SIGMA, k)


def retail_response_probability(truth: pd.DataFrame, treated: bool | np.ndarray) -> np.ndarray:
    """Probability that each member buys within the 30-day window after the history.

    Parameters
    ----------
    truth : DataFrame
        ``world.hidden["member_truth"]`` (or rows of it).
    treated : bool or array-like of bool
        Whether each member is contacted.

    Returns
    -------
    numpy.ndarray
        ``p_buy_treated`` where treated, else ``p_buy_control`` (both computed
        with :func:`retail_window_expected`).
    """
    treated = np.broadcast_to(np.asarray(treated, dtype=bool), (len(truth),))
    return np.where(treated, truth["p_buy_treated"].to_numpy(),
                    truth["p_buy_control"].to_numpy())


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def make_retail(n_members: int = 3000, n_stores: int = 12, start: str = "2023-01-01",
                end: str = "2024-12-31", n_campaigns: int = 4,
                random_state: RandomState = None, locale: str = "en_US",
                progress: Callable[[str], object] | None = None) -> World:
    """Draw a retail world: members, stores, transactions, surveys, campaigns.

    Parameters
    ----------
    n_members : int, default 3000
        Members (the customers to tier). About 3.5 transaction lines per member
        are drawn over two years, so 300,000 members give about a million lines.
    n_stores : int, default 12
        Physical stores (plus the online shop, store_id ``"ONLINE"``).
    start, end : str
        First and last day of the history (at least 180 days apart).
    n_campaigns : int, default 4
        Historic campaigns with a random control group.
    random_state : None, int or numpy.random.Generator
        Seed: the same seed gives the same world on every machine.
    locale : {"en_US", "zh_CN"}
        Language of names and places (Faker).
    progress : callable, optional
        Called with a short message as each stage finishes (the CLI's progress bar).

    Returns
    -------
    World
        Tables ``members, stores, transactions, surveys, campaigns,
        campaign_contacts``; hidden ``member_truth``.
    """
    n_members = check_int(n_members, "n_members", minimum=10)
    n_stores = check_int(n_stores, "n_stores", minimum=1)
    n_campaigns = check_int(n_campaigns, "n_campaigns", minimum=0, maximum=24)
    try:
        t0, t1 = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    except (ValueError, TypeError) as exc:
        raise ValueError(f"start and end must be dates, got {start!r} and {end!r}.") from exc
    span = (t1 - t0).days
    if span < 180:
        raise ValueError(f"end must be at least 180 days after start, got {span} days.")
    step = progress or (lambda msg: None)
    rng = check_random_state(random_state)
    seed = random_state if isinstance(random_state, int) else None
    names = NamePool(locale, rng)
    zh = names.zh
    n = n_members

    # -- stores
    s_ids = _ids("S", n_stores, 3)
    s_city = names.city_sample(rng, n_stores, k=max(3, n_stores // 2))
    fmt = np.array(["flagship", "standard", "mini"], dtype=object)[
        rng.choice(3, size=n_stores, p=[0.15, 0.6, 0.25])]
    fmt_name = ({"flagship": "旗舰店", "standard": "店", "mini": "便利店"} if zh
                else {"flagship": "Flagship", "standard": "Store", "mini": "Express"})
    s_name = [f"{c}{'' if zh else ' '}{fmt_name[f]} {i + 1}"
              for i, (c, f) in enumerate(zip(s_city, fmt, strict=True))]
    stores = pd.DataFrame({"store_id": np.r_[s_ids, ["ONLINE"]],
                           "store_name": s_name + ["网上商城" if zh else "Online shop"],
                           "city": np.r_[s_city, ["-"]], "format": np.r_[fmt, ["online"]]})
    # -- members: traits of the process
    m_ids = _ids("M", n, 6)
    join_day = np.floor(rng.beta(1.0, 1.4, n) * (span - 30)).astype(np.int64)
    rate = rng.gamma(shape=2.5, scale=1 / (2.5 * 70.0), size=n)  # purchases per day, active
    early = rng.gamma(shape=2.0, scale=1 / (2.0 * 28.0), size=n)  # early dropout hazard per day
    react = rng.gamma(shape=1.0, scale=1 / 1200.0, size=n)  # re-activation per day
    spend_mean = np.round(rng.lognormal(np.log(150.0), 0.65, n), 2)
    promo = rng.beta(0.7, 1.3, n)  # deal-seeking
    pref = rng.choice(3, size=n, p=[0.5, 0.2, 0.3])
    channel_pref = np.array(["store", "online", "omni"], dtype=object)[pref]
    p_online = np.array([0.08, 0.85, 0.45])[pref]
    home_store = rng.integers(0, n_stores, n)
    fav_cat = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_P)
    # how a contact changes the process: persuadable (buys more, may come back),
    # do-not-disturb (buys less, leaves sooner) or unaffected
    pct = pd.Series(rate).rank(pct=True).to_numpy()
    value = (pct + pd.Series(spend_mean).rank(pct=True).to_numpy()) / 2
    w_pers = (0.04 + 3.0 * promo ** 1.5) * (1 - value) ** 1.5
    w_dnd = 0.02 + 0.25 * value ** 2
    w_none = 0.5 + 0.6 * pct
    u = rng.random(n) * (w_pers + w_dnd + w_none)
    kind = np.where(u < w_pers, 1, np.where(u < w_pers + w_dnd, 2, 0)).astype(np.int8)
    lift = np.where(kind == 1, rng.uniform(0.6, 1.4, n) / 30.0, 0.0)  # extra baskets per day
    wake = np.where(kind == 1, rng.uniform(0.3, 0.7, n), 0.0)
    needs = rng.choice(3, size=n, p=[0.35, 0.4, 0.25])
    step("members")

    # -- campaign calendar and random contacts (drawn before the process runs)
    c_rows, c_effects, c_info = [], [], []
    offers = (["满300减50", "会员双倍积分", "新品8折", "免运费"] if zh
              else ["50 off 300", "double points", "20% off new arrivals", "free delivery"])
    costs = {"mini_program": 0.1, "wecom": 0.5, "app_push": 0.02, "sms": 0.05}
    for c in range(n_campaigns):
        c_start = int(span * (0.35 + 0.6 * c / max(1, n_campaigns)))
        c_end = min(span, c_start + WINDOW_DAYS - 1)
        eligible = np.flatnonzero(join_day < c_start)
        pick = eligible[rng.random(eligible.size) < 0.9]
        treated = rng.random(pick.size) < 0.5
        cid = f"C{c + 1:02d}"
        chan = CAMPAIGN_CHANNELS[c % 4]
        c_rows.append((cid, f"{'活动' if zh else 'Campaign'} {c + 1}: {offers[c % 4]}",
                       t0 + pd.Timedelta(days=c_start), t0 + pd.Timedelta(days=c_end),
                       chan, offers[c % 4], costs[chan]))
        c_effects.append((c_start, c_end, pick[treated]))
        c_info.append((cid, c_start, c_end, pick, treated))

    # -- the process, day by day
    p = {"rate": rate, "early_hazard": early, "react": react, "join_day": join_day,
         "lift": lift, "wake": wake, "kind": kind}
    factor, boost = retail_season(pd.date_range(t0, periods=span + 1, freq="D"))
    state = np.zeros(n, dtype=np.int8)
    joins = np.argsort(join_day, kind="stable")
    member, day, went_dormant = _run(p, state, span + 1, 0, factor, rng, joins=joins,
                                     effects=c_effects)
    order = np.lexsort((member, day))
    member, day = member[order], day[order]
    active_end = state == 1
    step("purchases")
    # -- basket content
    k = member.size
    online = rng.random(k) < np.minimum(p_online[member] + boost[day], 0.97)
    store_idx = np.where(rng.random(k) < 0.75, home_store[member], rng.integers(0, n_stores, k))
    store = np.where(online, n_stores, store_idx)  # code; n_stores is the web shop
    cat_idx = np.where(rng.random(k) < 0.55, fav_cat[member],
                       rng.choice(len(CATEGORIES), size=k, p=CATEGORY_P))
    cat_norm = 0.55 * CATEGORY_PRICE[fav_cat] + 0.45 * (CATEGORY_P @ CATEGORY_PRICE)
    net = (spend_mean[member] * _basket_factor(rng, k) * CATEGORY_PRICE[cat_idx]
           / cat_norm[member])
    net = np.round(np.maximum(net, 3.0), 2)
    discounted = rng.random(k) < 0.05 + 0.85 * promo[member]
    disc_rate = np.where(discounted, np.array([0.05, 0.1, 0.2])[rng.integers(0, 3, k)], 0.0)
    gross = np.round(net / (1 - disc_rate), 2)
    discount = np.round(gross - net, 2)
    quantity = 1 + rng.poisson(np.minimum(gross / 180.0, 20))
    # -- returns: online baskets come back far more often than store baskets
    is_ret = rng.random(k) < np.where(online, _RETURN_P["online"], _RETURN_P["store"])
    ret_day = day[is_ret] + rng.integers(1, 21, int(is_ret.sum()))
    ok = ret_day <= span
    r_src = np.flatnonzero(is_ret)[ok]
    tx_id = np.arange(1, k + 1, dtype=np.int64)
    # campaign outcomes: read off the purchases themselves
    contact_parts = []
    for cid, c_start, c_end, pick, treated in c_info:
        inwin = (day >= c_start) & (day <= c_end)
        bought = np.bincount(member[inwin], minlength=n)
        spent = np.bincount(member[inwin], weights=net[inwin], minlength=n)
        contact_parts.append(pd.DataFrame({
            "campaign_id": cid, "member_id": m_ids[pick], "treated": treated,
            "responded": bought[pick] > 0, "spend_in_window": np.round(spent[pick], 2)}))
    lines = {
        "member_id": np.r_[member, member[r_src]],
        "day": np.r_[day, ret_day[ok]],
        "store": np.r_[store, store[r_src]],
        "online": np.r_[online, online[r_src]],
        "cat": np.r_[cat_idx, cat_idx[r_src]],
        "quantity": np.r_[quantity, -quantity[r_src]],
        "gross": np.r_[gross, -gross[r_src]],
        "discount": np.r_[discount, -discount[r_src]],
        "is_return": np.r_[np.zeros(k, bool), np.ones(r_src.size, bool)],
        "orig": np.r_[np.zeros(k, np.int64), tx_id[r_src]],
    }
    key = (lines["day"] * (n + 1) + lines["member_id"]) * 2 + lines["is_return"]
    order = np.argsort(key, kind="stable")
    del key, member, day, store, online, cat_idx, quantity, gross, discount, net
    lines = {name: v[order] for name, v in lines.items()}
    total = order.size
    # ids: purchases keep theirs, returns get new ones after them; then renumber by time
    old_id = np.r_[tx_id, k + 1 + np.arange(r_src.size)][order]
    new_id = np.empty(total + 1, dtype=np.int64)
    new_id[old_id] = np.arange(1, total + 1)
    orig = np.where(lines["is_return"], new_id[np.maximum(lines["orig"], 1)], 0)
    transactions = pd.DataFrame({
        "transaction_id": np.arange(1, total + 1, dtype=np.int64),
        "member_id": m_ids[lines["member_id"]],
        "date": t0.to_datetime64() + lines["day"].astype("timedelta64[D]"),
        "store_id": np.r_[s_ids, np.array(["ONLINE"], dtype=object)][lines["store"]],
        "channel": np.array(["store", "online"], dtype=object)[lines["online"].astype(np.int8)],
        "category": CATEGORIES[lines["cat"]],
        "quantity": lines["quantity"],
        "gross_amount": lines["gross"],
        "discount": lines["discount"],
        "amount": np.round(lines["gross"] - lines["discount"], 2),
        "is_return": lines["is_return"],
        "original_transaction_id": pd.arrays.IntegerArray(orig, ~lines["is_return"]),
    })
    del orig, old_id, new_id, order
    step("transactions")

    # -- hidden truth, and the next window's expectations from the same process
    churn_day = np.where(active_end, -1, went_dormant)
    truth = pd.DataFrame({
        "member_id": m_ids,
        "join_date": t0.to_datetime64() + join_day.astype("timedelta64[D]"),
        "purchase_rate": (rate * 7).round(6), "early_hazard": early.round(6),
        "reactivation_rate": react.round(7), "active_at_end": active_end,
        "churned": ~active_end,
        "churn_date": pd.Series(t0 + pd.to_timedelta(churn_day, unit="D")).where(~active_end),
        "spend_mean": spend_mean,
        "response_type": np.where(kind == 1, "persuadable",
                                  np.where(kind == 2, "do_not_disturb", "sure_thing")),
        "campaign_lift": (lift * 7).round(6), "wake_prob": wake.round(4),
        "needs_type": np.array(["clear", "fuzzy", "latent"], dtype=object)[needs],
    })
    nxt = t1 + pd.Timedelta(days=1)
    ctrl = retail_window_expected(truth, False, nxt)["p_buy"]
    treat = retail_window_expected(truth, True, nxt)["p_buy"]
    # unaffected members: sure things if they are likely to buy anyway, else lost causes
    truth.loc[(kind == 0) & (ctrl < 0.3), "response_type"] = "lost_cause"
    truth["p_buy_control"] = ctrl.round(4)
    truth["p_buy_treated"] = treat.round(4)
    # -- members table: level from spend in the last 365 days
    recent = lines["day"] > span - 365
    spend12 = np.bincount(lines["member_id"][recent],
                          weights=(lines["gross"] - lines["discount"])[recent], minlength=n)
    cuts = np.quantile(spend12, [0.6, 0.85, 0.96])
    level = LEVELS[np.searchsorted(cuts, spend12, side="right")]
    members = pd.DataFrame({
        "member_id": m_ids, "member_name": names.people(rng, n),
        "gender": np.where(rng.random(n) < 0.62, "F", "M"),
        "age": np.clip(np.round(rng.normal(38, 11, n)), 18, 85).astype(np.int64),
        "city": s_city[home_store],
        "join_date": t0.to_datetime64() + join_day.astype("timedelta64[D]"),
        "channel_preference": channel_pref, "level": level,
    })
    # -- surveys: a third answer once. Satisfaction follows the member's lasting
    # loyalty trait (not what happens after the survey); needs follow the needs type.
    answered = np.flatnonzero(rng.random(n) < 0.33)
    a = answered.size
    s_day = join_day[answered] + np.floor(rng.random(a) * (span - join_day[answered]))
    loyal = np.clip(1 - early[answered] * 15, 0, 1) * np.minimum(1, rate[answered] * 30)
    sat_latent = 2.4 + 2.0 * loyal + rng.normal(0, 0.7, a)
    clarity_mean = np.array([4.2, 2.8, 1.9])[needs[answered]]
    open_mean = np.array([2.4, 3.0, 4.1])[needs[answered]]
    price_mean = 1.8 + 2.6 * promo[answered]
    surveys = pd.DataFrame({
        "member_id": m_ids[answered],
        "survey_date": t0.to_datetime64() + s_day.astype(np.int64).astype("timedelta64[D]"),
        "nps": np.clip(np.round(sat_latent * 2.2 + rng.normal(0, 1.2, a)), 0, 10).astype(int),
        "satisfaction": np.clip(np.round(sat_latent), 1, 5).astype(int),
        "need_clarity": np.clip(np.round(clarity_mean + rng.normal(0, 0.8, a)), 1, 5).astype(int),
        "openness_new": np.clip(np.round(open_mean + rng.normal(0, 0.8, a)), 1, 5).astype(int),
        "price_sensitivity": np.clip(np.round(price_mean + rng.normal(0, 1.0, a)), 1,
                                     5).astype(int),
    }).sort_values(["survey_date", "member_id"], kind="stable")
    step("surveys")
    campaigns = pd.DataFrame(c_rows, columns=["campaign_id", "campaign", "start_date",
                                              "end_date", "channel", "offer",
                                              "cost_per_contact"])
    contacts = (pd.concat(contact_parts, ignore_index=True) if contact_parts else
                pd.DataFrame(columns=["campaign_id", "member_id", "treated", "responded",
                                      "spend_in_window"]))
    step("campaigns")
    S = "retail"
    tables = {
        "members": apply_schema(members, S, "members"),
        "stores": apply_schema(stores, S, "stores"),
        "transactions": apply_schema(transactions, S, "transactions"),
        "surveys": apply_schema(surveys, S, "surveys"),
        "campaigns": apply_schema(campaigns, S, "campaigns"),
        "campaign_contacts": apply_schema(contacts, S, "campaign_contacts"),
    }
    hidden = {"member_truth": apply_schema(truth, S, "member_truth")}
    params = {"n_members": n, "n_stores": n_stores, "start": str(t0.date()),
              "end": str(t1.date()), "n_campaigns": n_campaigns}
    return World(S, tables, hidden, seed=seed, locale=locale, params=params)
