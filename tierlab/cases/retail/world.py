"""The retail world: a chain with members, stores and an online shop.

Generative model (hidden truth in ``world.hidden["member_truth"]``):

* Purchases follow the BG/NBD story: while alive a member buys at a personal
  rate (Gamma-distributed across members) and after each purchase drops out
  with a personal probability (Beta-distributed).
* Spend per purchase follows the Gamma-Gamma story: a personal mean spend,
  with purchase-to-purchase variation.
* Each member has a campaign response type: *persuadable* (buys only if
  contacted), *sure thing* (buys anyway), *lost cause* (never buys) and
  *do-not-disturb* (buys less if contacted). Frequent buyers are mostly sure
  things, so "send the campaign to the best RFM segment" wastes budget.
* Deal-seekers (who use many discounts) are the most persuadable ones.
* Historic campaigns were sent to a random half of a random sample, the other
  half held out as a control group, so uplift can be estimated from data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import check_random_state
from tierlab._validation import check_int
from tierlab.cases._names import NamePool
from tierlab.cases._world import World, apply_schema

__all__ = ["make_retail", "retail_response_probability", "RESPONSE_TYPES"]

RESPONSE_TYPES = ("persuadable", "sure_thing", "lost_cause", "do_not_disturb")
CATEGORIES = np.array(["Apparel", "Beauty", "Home", "Food", "Electronics", "Kids"],
                      dtype=object)
CATEGORY_P = np.array([0.26, 0.2, 0.16, 0.2, 0.08, 0.1])
CATEGORY_PRICE = np.array([1.0, 0.8, 1.3, 0.5, 2.5, 0.9])
LEVELS = np.array(["Regular", "Silver", "Gold", "Platinum"], dtype=object)
WINDOW_WEEKS = 30 / 7


def retail_response_probability(truth: pd.DataFrame, treated) -> np.ndarray:
    """Probability that each member buys within a 30-day campaign window.

    Parameters
    ----------
    truth : DataFrame
        ``world.hidden["member_truth"]`` (or rows of it).
    treated : bool or array-like of bool
        Whether each member is contacted.

    Returns
    -------
    numpy.ndarray
        ``p_buy_treated`` where treated, else ``p_buy_control``.
    """
    treated = np.broadcast_to(np.asarray(treated, dtype=bool), (len(truth),))
    return np.where(treated, truth["p_buy_treated"].to_numpy(),
                    truth["p_buy_control"].to_numpy())


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def make_retail(n_members: int = 3000, n_stores: int = 12, start: str = "2023-01-01",
                end: str = "2024-12-31", n_campaigns: int = 4, random_state=None,
                locale: str = "en_US", progress=None) -> World:
    """Draw a retail world: members, stores, transactions, surveys, campaigns.

    Parameters
    ----------
    n_members : int, default 3000
        Members (the customers to tier). About 20 transaction lines per member
        are drawn, so 50,000 members give about a million lines.
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
    # -- members and their hidden processes
    m_ids = _ids("M", n, 6)
    join_day = np.floor(rng.beta(1.0, 1.6, n) * (span - 30)).astype(np.int64)
    rate = rng.gamma(shape=1.2, scale=1 / 3.0, size=n)  # purchases per week
    p_drop = rng.beta(0.7, 9.0, n)
    nu = rng.gamma(shape=4.0, scale=1 / 160.0, size=n)  # Gamma-Gamma scale
    spend_mean = 6.0 / nu
    pref = rng.choice(3, size=n, p=[0.5, 0.2, 0.3])
    channel_pref = np.array(["store", "online", "omni"], dtype=object)[pref]
    p_online = np.array([0.08, 0.85, 0.45])[pref]
    home_store = rng.integers(0, n_stores, n)
    fav_cat = rng.choice(len(CATEGORIES), size=n, p=CATEGORY_P)
    step("members")

    # -- purchases: Poisson events while alive, dropout after each purchase.
    # Given N events in the window, their times are uniform order statistics;
    # the first m of them are S_1..S_m / (S_m + G) with S_k cumulated Exp(1)
    # draws and G ~ Gamma(N + 1 - m): no sort needed, only kept events drawn.
    weeks_obs = (span - join_day) / 7.0
    n_events = rng.poisson(rate * weeks_obs)
    max_repeat = rng.geometric(p_drop) - 1
    n_repeat = np.minimum(n_events, max_repeat)
    churned = n_events > max_repeat
    rep_member = np.repeat(np.arange(n, dtype=np.int64), n_repeat)
    csum = np.cumsum(rng.exponential(1.0, rep_member.size))
    group_end = np.cumsum(n_repeat)
    base = np.r_[0.0, csum][group_end - n_repeat]  # cumulated sum before each member
    s_k = csum - base[rep_member]
    s_m = np.r_[0.0, csum][group_end] - base
    denom = s_m + rng.gamma(np.maximum(n_events + 1 - n_repeat, 1).astype(float))
    frac = s_k / denom[rep_member]
    rep_day = join_day[rep_member] + np.floor(frac * (span - join_day)[rep_member]) + 1
    # each member: the joining purchase first, then the repeats (already in time order)
    member = np.repeat(np.arange(n, dtype=np.int64), n_repeat + 1)
    first = np.r_[0, np.cumsum(n_repeat + 1)[:-1]]
    is_first = np.zeros(member.size, dtype=bool)
    is_first[first] = True
    day = np.empty(member.size, dtype=np.int64)
    day[is_first] = join_day
    day[~is_first] = np.minimum(rep_day, span).astype(np.int64)
    last_day = day[np.cumsum(n_repeat + 1) - 1]
    # deal-seeking: visible in the discounts a member uses, and (hidden) tied to
    # how persuadable a campaign makes them
    promo = rng.beta(1.2, 2.5, n)
    step("purchases")
    # -- basket content
    k = member.size
    online = rng.random(k) < p_online[member]
    store_idx = np.where(rng.random(k) < 0.75, home_store[member], rng.integers(0, n_stores, k))
    store = np.where(online, n_stores, store_idx)  # code; n_stores is the web shop
    cat_idx = np.where(rng.random(k) < 0.55, fav_cat[member],
                       rng.choice(len(CATEGORIES), size=k, p=CATEGORY_P))
    gross = rng.gamma(6.0, 1.0, k) / nu[member] * CATEGORY_PRICE[cat_idx]
    gross = np.round(np.maximum(gross, 5.0), 2)
    discounted = rng.random(k) < 0.1 + 0.7 * promo[member]
    disc_rate = np.where(discounted, np.array([0.05, 0.1, 0.2])[rng.integers(0, 3, k)], 0.0)
    discount = np.round(gross * disc_rate, 2)
    quantity = 1 + rng.poisson(np.minimum(gross / 180.0, 20))
    # -- returns: a small share of purchases comes back a few days later
    is_ret = rng.random(k) < 0.035
    ret_day = day[is_ret] + rng.integers(1, 21, int(is_ret.sum()))
    ok = ret_day <= span
    r_src = np.flatnonzero(is_ret)[ok]
    tx_id = np.arange(1, k + 1, dtype=np.int64)
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
    # free the unsorted copies before sorting: at 10M lines each is 10-80 MB
    del key, member, day, store, online, cat_idx, quantity, gross, discount
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

    # -- response types: frequent buyers are mostly sure things
    pct = pd.Series(rate).rank(pct=True).to_numpy()
    probs = np.where(pct[:, None] > 0.7, [0.05, 0.85, 0.05, 0.05],
                     np.where(pct[:, None] > 0.3, [0.60, 0.10, 0.20, 0.10],
                              [0.35, 0.02, 0.53, 0.10]))
    probs[:, 0] *= 0.2 + 2 * promo  # deal-seekers are the persuadable ones
    probs /= probs.sum(axis=1, keepdims=True)
    u = rng.random(n)
    rtype = (u[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)
    rtype = np.where(churned, 2, rtype)  # a member who has dropped out is a lost cause
    v = rng.random(n)
    p_ctrl = np.select([rtype == 0, rtype == 1, rtype == 2, rtype == 3],
                       [0.08 + 0.1 * v, 0.6 + 0.3 * v, 0.02 + 0.04 * v, 0.3 + 0.2 * v])
    lift = np.select([rtype == 0, rtype == 1, rtype == 2, rtype == 3],
                     [0.3 + 0.15 * v, 0.0, 0.0, -0.2])
    p_treat = np.clip(p_ctrl + lift, 0, 1)
    needs = rng.choice(3, size=n, p=[0.35, 0.4, 0.25])
    churn_day = np.where(churned, last_day, -1)
    truth = pd.DataFrame({
        "member_id": m_ids, "purchase_rate": rate.round(5), "dropout_prob": p_drop.round(5),
        "churned": churned,
        "churn_date": pd.Series(t0 + pd.to_timedelta(churn_day, unit="D")).where(churned),
        "spend_mean": spend_mean.round(2),
        "response_type": np.array(RESPONSE_TYPES, dtype=object)[rtype],
        "needs_type": np.array(["clear", "fuzzy", "latent"], dtype=object)[needs],
        "p_buy_control": p_ctrl.round(4), "p_buy_treated": p_treat.round(4),
    })
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
    # -- surveys: a third answer once; satisfaction tracks loyalty, needs the hidden type
    answered = np.flatnonzero(rng.random(n) < 0.33)
    a = answered.size
    s_day = join_day[answered] + np.floor(rng.random(a) * (span - join_day[answered]))
    loyal = (1 - p_drop[answered]) * np.minimum(1, rate[answered] * 4)
    sat_latent = 2.2 + 2.2 * loyal - 0.8 * churned[answered] + rng.normal(0, 0.7, a)
    clarity_mean = np.array([4.2, 2.8, 1.9])[needs[answered]]
    open_mean = np.array([2.4, 3.0, 4.1])[needs[answered]]
    surveys = pd.DataFrame({
        "member_id": m_ids[answered],
        "survey_date": t0.to_datetime64() + s_day.astype(np.int64).astype("timedelta64[D]"),
        "nps": np.clip(np.round(sat_latent * 2.2 + rng.normal(0, 1.2, a)), 0, 10).astype(int),
        "satisfaction": np.clip(np.round(sat_latent), 1, 5).astype(int),
        "need_clarity": np.clip(np.round(clarity_mean + rng.normal(0, 0.8, a)), 1, 5).astype(int),
        "openness_new": np.clip(np.round(open_mean + rng.normal(0, 0.8, a)), 1, 5).astype(int),
        "price_sensitivity": rng.integers(1, 6, a),
    }).sort_values(["survey_date", "member_id"], kind="stable")
    step("surveys")
    # -- historic campaigns with a random control group
    offers = (["满300减50", "会员双倍积分", "新品8折", "免运费"] if zh
              else ["50 off 300", "double points", "20% off new arrivals", "free delivery"])
    chans = np.array(["sms", "app", "email", "mail"], dtype=object)
    c_rows, contact_parts = [], []
    for c in range(n_campaigns):
        c_start = int(span * (0.35 + 0.6 * c / max(1, n_campaigns)))
        c_end = min(span, c_start + 29)
        eligible = np.flatnonzero(join_day < c_start)
        pick = eligible[rng.random(eligible.size) < 0.8]
        treated = rng.random(pick.size) < 0.5
        alive = ~churned[pick] | (churn_day[pick] >= c_start)
        p = np.where(treated, p_treat[pick], p_ctrl[pick]) * alive
        responded = rng.random(pick.size) < p
        spend = np.where(responded, np.round(rng.gamma(6.0, 1.0, pick.size) / nu[pick], 2), 0.0)
        cid = f"C{c + 1:02d}"
        c_rows.append((cid, f"{'活动' if zh else 'Campaign'} {c + 1}: {offers[c % 4]}",
                       t0 + pd.Timedelta(days=c_start), t0 + pd.Timedelta(days=c_end),
                       chans[c % 4], offers[c % 4], [0.1, 0.3, 0.05, 2.5][c % 4]))
        contact_parts.append(pd.DataFrame({"campaign_id": cid, "member_id": m_ids[pick],
                                           "treated": treated, "responded": responded,
                                           "spend_in_window": spend}))
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
