"""The pharma world: a drug company selling into hospitals and doctors.

Generative model (the hidden truth is kept in ``world.hidden["doctor_truth"]``):

* Each doctor sees ``patients`` with the condition per month; a share
  ``indication_rate`` is indicated; each treated patient uses
  ``units_per_patient`` boxes a month. Their product is the market potential
  (the field's own formula). The true potential differs from that estimate.
* A share ``penetration`` of the potential is actually treated; our share of it is
  ``base_share + max_uplift * (1 - exp(-calls / half_saturation_calls))``:
  calls help with diminishing returns, and each doctor responds differently.
* Some high-volume doctors are loyal to a competitor: tiny share, and calls
  hardly move it. Chasing the top decile alone is a trap ("majority fallacy").
* Our product sells only where the hospital has listed it (准入).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tierlab._rng import RandomState, check_random_state
from tierlab._validation import check_int
from tierlab.cases._names import NamePool
from tierlab.cases._world import World, apply_schema

__all__ = ["ADOPTION_STAGES_EN", "ADOPTION_STAGES_ZH", "MAX_SHARE", "make_pharma",
           "market_factor", "pharma_expected_units"]

MAX_SHARE = 0.95
#: Spread (log scale) of the true potential around the field's survey estimate.
POTENTIAL_NOISE = 0.6
#: Calls a rep can make per month, per doctor in the territory (about 8 calls a working day).
CALLS_PER_DOCTOR = 1.4
#: Market growth per month, and the seasonal swing (winter high, summer low).
MARKET_TREND = 0.004
SEASON_AMPLITUDE = 0.06
#: Typical calls a month at which a doctor's response is half used up.
HALF_SATURATION = 1.6
#: Carry-over of calls: this month's effect is ``(1 - CARRYOVER) x calls + CARRYOVER x last
#: month's effect`` (a call is remembered for a while). A constant plan reaches its
#: steady state, which is what the simulator and the oracle use.
CARRYOVER = 0.5
#: Hospital-level data: hospitals buy in batches (flow noise, gamma with this CV) and the
#: audit of each hospital's market is a little off (log scale).
FLOW_BATCH_NOISE = 0.2
AUDIT_NOISE = 0.08
#: Adoption stages (观念/支持度) that reps record each quarter, from our true share of the
#: doctor's patients: below 5% aware (unaware if called less than once a quarter), up to 25%
#: trial, up to 60% regular use, above that advocate. The rep's judgement is noisy
#: (log-share scale).
ADOPTION_STAGES_EN = ["unaware", "aware", "trial", "regular", "advocate"]
ADOPTION_STAGES_ZH = ["不了解", "了解", "试用", "常规使用", "倡导"]
STAGE_SHARES = [0.05, 0.25, 0.6]
STAGE_NOISE = 0.45
#: The rep's estimate of a doctor's monthly use: log-normal noise, and rosier for the
#: doctors the rep knows well (relation ** ESTIMATE_OPTIMISM).
ESTIMATE_NOISE = 0.7
ESTIMATE_OPTIMISM = 0.3


def market_factor(months: int | np.ndarray | list[int]) -> np.ndarray:
    """The market's size in given months relative to the first month of history.

    Parameters
    ----------
    months : array-like of int
        Months counted from the first month of history (0 = the first month; the
        month after a 24-month history is 24).

    Returns
    -------
    numpy.ndarray
        ``(1 + MARKET_TREND * m) * (1 + SEASON_AMPLITUDE * sin(2 pi (calendar month - 1) / 12))``,
        with calendar months counted from January (the history starts in January).

    Examples
    --------
    >>> market_factor([0, 24]).round(3).tolist()
    [1.0, 1.096]
    """
    m = np.asarray(months, dtype=float)
    return (1 + MARKET_TREND * m) * (1 + SEASON_AMPLITUDE * np.sin(2 * np.pi * (m % 12) / 12))

GRADES = np.array(["3A", "3B", "2A", "2B", "1"], dtype=object)
GRADE_P = [0.2, 0.15, 0.3, 0.15, 0.2]
GRADE_BEDS = {"3A": 1500, "3B": 800, "2A": 450, "2B": 220, "1": 70}
GRADE_DEPTS = {"3A": 45, "3B": 32, "2A": 22, "2B": 14, "1": 6}
GRADE_FACTOR = {"3A": 2.2, "3B": 1.5, "2A": 1.0, "2B": 0.7, "1": 0.4}
GRADE_ZH = {"3A": "第一人民医院", "3B": "中心医院", "2A": "人民医院", "2B": "中医院",
            "1": "社区卫生服务中心"}
GRADE_EN = {"3A": "University Hospital", "3B": "Central Hospital", "2A": "General Hospital",
            "2B": "District Hospital", "1": "Community Clinic"}

SPECIALTIES = np.array(["Cardiology", "Endocrinology", "Respiratory", "Oncology"], dtype=object)
SPECIALTY_P = [0.3, 0.3, 0.25, 0.15]
TITLES = np.array(["Chief", "Associate Chief", "Attending", "Resident"], dtype=object)
TITLE_P = [0.1, 0.2, 0.4, 0.3]
TITLE_FACTOR = {"Chief": 1.8, "Associate Chief": 1.4, "Attending": 1.0, "Resident": 0.5}

# market -> (our brand, competitor brand, our price, competitor price, units/patient, indication)
MARKETS = {
    "Cardiology": ("Cardiva", "Hartex", 86.0, 92.0, 1.0, 0.35),
    "Endocrinology": ("Glucora", "Metabax", 120.0, 110.0, 1.2, 0.40),
    "Respiratory": ("Pneumix", "Aerolin", 65.0, 70.0, 1.5, 0.25),
    "Oncology": ("Onkolux", "Tumera", 980.0, 1050.0, 0.6, 0.20),
}
REGIONS_EN = ["North", "East", "South", "West", "Central"]
REGIONS_ZH = ["华北", "华东", "华南", "西部", "华中"]
#: Mainland cities of Faker's zh_CN list by sales region (东北 counts to 华北 here), so that a
#: Chinese territory sits in its real region.
CITY_REGIONS_ZH = {
    "华北": ["北京", "天津", "石家庄", "太原", "呼和浩特", "沈阳", "哈尔滨", "长春", "邯郸",
             "通辽", "齐齐哈尔", "阜新", "辽阳", "辛集", "兴城", "北镇", "兴安盟"],
    "华东": ["上海", "南京", "杭州", "济南", "合肥", "福州", "南昌", "淮安", "张家港", "海门",
             "马鞍山", "六安", "巢湖", "宁德", "永安"],
    "华南": ["广州", "深圳", "佛山", "东莞", "海口", "南宁", "惠州", "潮州", "汕尾", "柳州",
             "梧州", "合山"],
    "西部": ["成都", "重庆", "西安", "昆明", "贵阳", "兰州", "乌鲁木齐", "银川", "西宁", "拉萨",
             "六盘水", "关岭"],
    "华中": ["武汉", "郑州", "长沙", "荆门", "宜都", "大冶", "潜江", "嘉禾"],
}


def _zh_territory_cities(n: int) -> np.ndarray:
    """One city per territory, in the territory's region, the region's big cities first."""
    out = []
    for i in range(n):
        cities = CITY_REGIONS_ZH[REGIONS_ZH[i % len(REGIONS_ZH)]]
        j = i // len(REGIONS_ZH)
        city = cities[j % len(cities)]
        out.append(city if j < len(cities) else f"{city}{j // len(cities) + 1}")
    return np.array(out, dtype=object)


def pharma_expected_units(truth: pd.DataFrame, calls: float | np.ndarray | pd.Series) -> np.ndarray:
    """Our expected monthly units per doctor for a given number of calls.

    ``units = true_potential_units * penetration * listed *
    min(MAX_SHARE, base_share + max_uplift * (1 - exp(-calls / half_saturation_calls)))``

    Parameters
    ----------
    truth : DataFrame
        ``world.hidden["doctor_truth"]`` (or rows of it).
    calls : array-like of float
        Calls per month for each row of ``truth`` (>= 0).

    Returns
    -------
    numpy.ndarray
        Expected units, one per row of ``truth``.
    """
    calls = np.asarray(calls, dtype=float)
    if calls.shape != (len(truth),):
        raise ValueError(
            f"calls must have one value per row of truth ({len(truth)}), got shape {calls.shape}."
        )
    if (calls < 0).any():
        raise ValueError("calls must be >= 0.")
    share = truth["base_share"].to_numpy() + truth["max_uplift"].to_numpy() * (
        1.0 - np.exp(-calls / truth["half_saturation_calls"].to_numpy())
    )
    share = np.minimum(share, MAX_SHARE)
    market = truth["true_potential_units"].to_numpy() * truth["penetration"].to_numpy()
    return market * share * truth["listed"].to_numpy(dtype=float)


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    width = max(width, len(str(n)))  # ids sort in creation order, e.g. T100 after T099
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def make_pharma(n_doctors: int = 600, n_hospitals: int = 80, n_territories: int = 5,
                reps_per_territory: int = 1, n_months: int = 24, start: str = "2023-01",
                random_state: RandomState = None, locale: str = "en_US") -> World:
    """Draw a pharma world: territories, reps, hospitals, doctors, sales, calls.

    Parameters
    ----------
    n_doctors : int, default 600
        Doctors (HCPs), the customers to tier.
    n_hospitals : int, default 80
        Hospitals (accounts); doctors are spread over them by size.
    n_territories : int, default 5
        Sales territories.
    reps_per_territory : int, default 1
        Representatives per territory (the defaults give 120 doctors per rep, as in
        the field, where a rep covers 100-300 doctors).
    n_months : int, default 24
        Months of history (sales and calls), at least 12.
    start : str, default "2023-01"
        First month of the history.
    random_state : None, int or numpy.random.Generator
        Seed: the same seed gives the same world on every machine.
    locale : {"en_US", "zh_CN"}
        Language of names and places (Faker).

    Returns
    -------
    World
        Tables ``territories, reps, hospitals, doctors, products, potential,
        sales, listing, calls``; hidden ``doctor_truth``.

    Examples
    --------
    >>> world = make_pharma(random_state=7)
    >>> world.sales.head()  # doctest: +SKIP
    """
    n_doctors = check_int(n_doctors, "n_doctors", minimum=10)
    n_hospitals = check_int(n_hospitals, "n_hospitals", minimum=1)
    n_territories = check_int(n_territories, "n_territories", minimum=1)
    reps_per_territory = check_int(reps_per_territory, "reps_per_territory", minimum=1)
    n_months = check_int(n_months, "n_months", minimum=12, maximum=120)
    try:
        first_month = pd.Timestamp(start).to_period("M").to_timestamp()
    except (ValueError, TypeError) as exc:
        raise ValueError(f"start must be a month such as '2023-01', got {start!r}.") from exc
    rng = check_random_state(random_state)
    seed = random_state if isinstance(random_state, int) else None
    names = NamePool(locale, rng)
    zh = names.zh

    # -- territories and reps
    t_ids = _ids("T", n_territories, 2)
    regions = REGIONS_ZH if zh else REGIONS_EN
    t_cities = names.cities[:n_territories] if n_territories <= len(names.cities) else \
        names.city_sample(rng, n_territories)
    if zh:  # Chinese territories sit in their real regions (the same draws: same numbers)
        t_cities = _zh_territory_cities(n_territories)
    territories = pd.DataFrame({
        "territory_id": t_ids,
        "territory": [f"{c}{'区' if zh else ''}" for c in t_cities],
        "region": [regions[i % len(regions)] for i in range(n_territories)],
    })
    n_reps = n_territories * reps_per_territory
    r_ids = _ids("R", n_reps, 3)
    rep_territory = np.repeat(t_ids, reps_per_territory)
    # -- hospitals
    h_ids = _ids("H", n_hospitals, 4)
    grade = GRADES[rng.choice(len(GRADES), size=n_hospitals, p=GRADE_P)]
    beds = np.array([GRADE_BEDS[g] for g in grade]) * rng.lognormal(0, 0.3, n_hospitals)
    beds = np.maximum(20, np.round(beds)).astype(np.int64)
    outpatients = np.round(beds * 650 * rng.lognormal(0, 0.25, n_hospitals)).astype(np.int64)
    departments = np.array([GRADE_DEPTS[g] for g in grade]) + rng.integers(-3, 4, n_hospitals)
    h_territory = t_ids[rng.integers(0, n_territories, n_hospitals)]
    h_city = t_cities[np.searchsorted(t_ids, h_territory)]
    kind = GRADE_ZH if zh else GRADE_EN
    h_name = [f"{c}{'' if zh else ' '}{kind[g]}" for c, g in zip(h_city, grade, strict=True)]
    seen: dict[str, int] = {}
    for i, nm in enumerate(h_name):  # make names unique: "... Hospital (2)"
        seen[nm] = seen.get(nm, 0) + 1
        if seen[nm] > 1:
            h_name[i] = f"{nm}{'分院' if zh else ' Branch'} {seen[nm] - 1}"
    hospitals = pd.DataFrame({
        "hospital_id": h_ids, "hospital_name": h_name, "city": h_city,
        "territory_id": h_territory, "grade": grade, "beds": beds,
        "outpatients": outpatients, "departments": np.maximum(departments, 2).astype(np.int64),
    })
    # -- doctors: more in bigger hospitals
    w = beds ** 0.8
    d_hosp_idx = rng.choice(n_hospitals, size=n_doctors, p=w / w.sum())
    d_ids = _ids("D", n_doctors, 5)
    specialty = SPECIALTIES[rng.choice(len(SPECIALTIES), size=n_doctors, p=SPECIALTY_P)]
    title = TITLES[rng.choice(len(TITLES), size=n_doctors, p=TITLE_P)]
    d_territory = h_territory[d_hosp_idx]
    t_pos = np.searchsorted(t_ids, d_territory)
    d_rep = r_ids[t_pos * reps_per_territory + rng.integers(0, reps_per_territory, n_doctors)]
    doctors = pd.DataFrame({
        "doctor_id": d_ids, "doctor_name": names.people(rng, n_doctors),
        "hospital_id": h_ids[d_hosp_idx], "territory_id": d_territory, "rep_id": d_rep,
        "specialty": specialty, "title": title,
    })
    # -- products: one market per specialty, ours and a competitor
    prod_rows = []
    for k, (sp, (ours, comp, p_o, p_c, upp, _)) in enumerate(MARKETS.items()):
        prod_rows.append((f"P{2 * k + 1:02d}", ours, "ours", sp, p_o, upp))
        prod_rows.append((f"P{2 * k + 2:02d}", comp, "competitor", sp, p_c, upp))
    products = pd.DataFrame(prod_rows, columns=["product_id", "product", "company", "specialty",
                                                "unit_price", "units_per_patient"])
    ours = products[products.company == "ours"].set_index("specialty")
    comp = products[products.company == "competitor"].set_index("specialty")
    # -- potential (observable field estimate) and the hidden truth
    gfac = np.array([GRADE_FACTOR[g] for g in grade[d_hosp_idx]])
    tfac = np.array([TITLE_FACTOR[t] for t in title])
    patients = np.round(40 * gfac * tfac * rng.lognormal(0, 0.7, n_doctors)).astype(np.int64) + 1
    ind_mean = np.array([MARKETS[s][5] for s in specialty])
    indication = np.clip(ind_mean * rng.lognormal(0, 0.15, n_doctors), 0.05, 0.9).round(3)
    upp = ours.loc[specialty, "units_per_patient"].to_numpy()
    price = ours.loc[specialty, "unit_price"].to_numpy()
    potential_units = patients * indication * upp
    potential = pd.DataFrame({
        "doctor_id": d_ids, "specialty": specialty, "patients": patients,
        "indication_rate": indication, "units_per_patient": upp,
        "potential_units": potential_units.round(2),
        "potential_value": (potential_units * price).round(2),
    })
    # the field's survey is a rough estimate: it correlates about 0.7 with the truth
    true_pot = potential_units * rng.lognormal(0, POTENTIAL_NOISE, n_doctors)
    penetration = rng.beta(6, 3, n_doctors)
    # competitor loyalty: more likely among the biggest prescribers (majority fallacy)
    vol_rank = pd.Series(true_pot).rank(pct=True).to_numpy()
    loyal = rng.random(n_doctors) < np.where(vol_rank > 0.8, 0.35, 0.08)
    base_share = np.where(loyal, rng.beta(1, 25, n_doctors), rng.beta(1.6, 5, n_doctors))
    max_uplift = np.where(loyal, rng.beta(1, 40, n_doctors), 0.8 * rng.beta(2.5, 3, n_doctors))
    half_sat = rng.lognormal(np.log(HALF_SATURATION), 0.35, n_doctors)
    # -- listing of our products (competitors are listed everywhere)
    months = pd.date_range(first_month, periods=n_months, freq="MS")
    listed_from = np.where(rng.random((n_hospitals, len(MARKETS))) < 0.7, 0,
                           rng.integers(1, int(n_months * 1.4), (n_hospitals, len(MARKETS))))
    listing = pd.DataFrame({
        "hospital_id": np.repeat(h_ids, len(MARKETS)),
        "product_id": np.tile(ours["product_id"].to_numpy(), n_hospitals),
        "listed": (listed_from < n_months).ravel(),
        "listed_since": pd.Series(
            [months[m] if m < n_months else pd.NaT for m in listed_from.ravel()]),
    })
    spec_idx = pd.Index(list(MARKETS)).get_indexer(specialty)
    doc_listed_from = listed_from[d_hosp_idx, spec_idx]
    truth = pd.DataFrame({
        "doctor_id": d_ids, "true_potential_units": true_pot.round(3),
        "penetration": penetration.round(4), "base_share": base_share.round(4),
        "max_uplift": max_uplift.round(4), "half_saturation_calls": half_sat.round(3),
        "competitor_loyal": loyal, "listed": doc_listed_from < n_months,
        "unit_price": price, "margin_per_unit": (price * 0.7).round(2),
    })
    # -- historic calls. Reps call the doctors they know and who already prescribe
    # (calls follow our base business), partly the field's potential estimate; some
    # doctors are never called. Month-to-month noise and vacancies (a rep's post
    # empty for a few months, calls covered only a little) are the exogenous
    # variation a careful analysis can use.
    base_units = true_pot * penetration * base_share
    relation = rng.lognormal(0, 0.8, n_doctors)
    # reps also learn who responds: part of today's plan already follows the response
    knows = (max_uplift / max_uplift.mean()) ** 0.5
    pull = (0.6 * np.sqrt(base_units) + 0.4 * np.sqrt(potential_units)) * relation * knows
    pull = np.where(rng.random(n_doctors) < 0.12, 0.0, pull)  # never visited
    rep_pos = pd.Index(r_ids).get_indexer(d_rep)
    rep_pull = np.bincount(rep_pos, weights=pull, minlength=n_reps)
    n_per_rep = np.bincount(rep_pos, minlength=n_reps)
    capacity = np.maximum(40, np.round(n_per_rep * CALLS_PER_DOCTOR / 10) * 10).astype(np.int64)
    mean_calls = pull / np.maximum(rep_pull[rep_pos], 1e-9) * capacity[rep_pos] * 0.9
    month_noise = rng.lognormal(0, 0.45, (n_months, n_doctors))
    vacant = np.ones((n_months, n_reps))
    for r in np.flatnonzero(rng.random(n_reps) < 0.5):  # about half the posts were vacant once
        first, length = rng.integers(0, n_months - 2), rng.integers(2, 5)
        vacant[first:first + length, r] = 0.15
    calls = rng.poisson(mean_calls[None, :] * month_noise * vacant[:, rep_pos])
    meetings = rng.poisson(0.05 + 0.04 * calls)
    reps = pd.DataFrame({"rep_id": r_ids, "rep_name": names.people(rng, n_reps),
                         "territory_id": rep_territory, "monthly_call_capacity": capacity})
    # -- monthly sales: ours and competitor's
    m_idx = np.arange(n_months)[:, None]
    listed_m = m_idx >= doc_listed_from[None, :]
    season = 1 + SEASON_AMPLITUDE * np.sin(2 * np.pi * (months.month.to_numpy() - 1) / 12)[:, None]
    trend = (1 + MARKET_TREND * m_idx)
    market = true_pot[None, :] * penetration[None, :] * season * trend
    market = market * rng.lognormal(0, 0.15, market.shape)
    effect = np.empty(calls.shape)
    prev = mean_calls.copy()  # the effect of calls before the history: its steady state
    for m in range(n_months):
        prev = (1 - CARRYOVER) * calls[m] + CARRYOVER * prev
        effect[m] = prev
    share = np.minimum(MAX_SHARE, base_share + max_uplift * (1 - np.exp(-effect / half_sat)))
    share = share * listed_m * rng.lognormal(0, 0.25, share.shape)
    share = np.minimum(share, MAX_SHARE)
    our_units = rng.poisson(market * share)
    comp_units = rng.poisson(market * (1 - share))
    n_rows = n_months * n_doctors
    month_col = np.repeat(months.to_numpy(), n_doctors)
    doc_col = np.tile(d_ids, n_months)
    hosp_col = np.tile(h_ids[d_hosp_idx], n_months)
    our_pid = np.tile(ours.loc[specialty, "product_id"].to_numpy(), n_months)
    comp_pid = np.tile(comp.loc[specialty, "product_id"].to_numpy(), n_months)
    comp_price = np.tile(comp.loc[specialty, "unit_price"].to_numpy(), n_months)
    # doctor-level prescriptions exist, but a company in China may not collect them (统方):
    # they are part of the hidden truth
    sales = pd.DataFrame({
        "month": np.concatenate([month_col, month_col]),
        "doctor_id": np.concatenate([doc_col, doc_col]),
        "hospital_id": np.concatenate([hosp_col, hosp_col]),
        "product_id": np.concatenate([our_pid, comp_pid]),
        "company": np.repeat(np.array(["ours", "competitor"], dtype=object), n_rows),
        "units": np.concatenate([our_units.ravel(), comp_units.ravel()]),
        "value": np.concatenate([our_units.ravel() * np.tile(price, n_months),
                                 comp_units.ravel() * comp_price]).round(2),
    }).sort_values(["month", "doctor_id", "company"], ascending=[True, True, False],
                   kind="stable")
    calls_df = pd.DataFrame({"month": month_col, "doctor_id": doc_col,
                             "rep_id": np.tile(d_rep, n_months),
                             "calls": calls.ravel(), "meetings": meetings.ravel()})
    # -- what the company sees at hospital level. Flow data (流向): distributors report
    # what each hospital bought of our products; hospitals buy in batches and other
    # departments (doctors we do not target) use the product too. The market of each
    # hospital and specialty comes from hospital audit data (医院终端数据), a little noisy.
    other = rng.uniform(0.05, 0.35, n_hospitals)  # use by doctors outside our target list
    acc_codes = d_hosp_idx * len(MARKETS) + spec_idx  # hospital x market
    n_acc = n_hospitals * len(MARKETS)
    acc_units = np.zeros((n_months, n_acc))
    acc_market = np.zeros((n_months, n_acc))
    for m in range(n_months):
        acc_units[m] = np.bincount(acc_codes, weights=our_units[m], minlength=n_acc)
        acc_market[m] = np.bincount(acc_codes, weights=our_units[m] + comp_units[m],
                                    minlength=n_acc)
    acc_other = np.repeat(1 + other, len(MARKETS))[None, :]
    batch = rng.gamma(1 / FLOW_BATCH_NOISE ** 2, FLOW_BATCH_NOISE ** 2, acc_units.shape)
    flow_units = np.round(acc_units * acc_other * batch)
    audit = np.round(acc_market * acc_other * rng.lognormal(0, AUDIT_NOISE, acc_market.shape))
    audit = np.maximum(audit, flow_units)
    has_doctors = np.bincount(acc_codes, minlength=n_acc) > 0
    keep_acc = np.flatnonzero(has_doctors)
    acc_h = keep_acc // len(MARKETS)
    acc_s = np.array(list(MARKETS), dtype=object)[keep_acc % len(MARKETS)]
    acc_pid = ours.loc[acc_s, "product_id"].to_numpy()
    acc_price = ours.loc[acc_s, "unit_price"].to_numpy()
    n_keep = len(keep_acc)
    f_units = flow_units[:, keep_acc]
    flow = pd.DataFrame({
        "month": np.repeat(months.to_numpy(), n_keep),
        "hospital_id": np.tile(h_ids[acc_h], n_months),
        "product_id": np.tile(acc_pid, n_months),
        "units": f_units.ravel().astype(np.int64),
        "value": (f_units * acc_price[None, :]).ravel().round(2),
    })
    flow = flow[flow["units"] > 0].reset_index(drop=True)
    market_df = pd.DataFrame({
        "month": np.repeat(months.to_numpy(), n_keep),
        "hospital_id": np.tile(h_ids[acc_h], n_months),
        "specialty": np.tile(acc_s, n_months),
        "market_units": audit[:, keep_acc].ravel().astype(np.int64),
    })
    # -- what reps record per doctor each quarter: the adoption stage (观念/支持度) and
    # their estimate of the doctor's monthly use of our product. Both come from our true
    # share of the doctor's patients, seen through the rep's eyes: noisy, and rosier
    # for the doctors a rep likes to visit.
    q_end = np.flatnonzero(months.month.to_numpy() % 3 == 0)
    q_rows = []
    seen_calls = np.zeros(n_doctors)
    optimism = np.clip(relation, 0.5, 2.0) ** ESTIMATE_OPTIMISM
    for qi, m in enumerate(q_end):
        lo = q_end[qi - 1] + 1 if qi > 0 else max(0, m - 2)
        q_calls = calls[lo:m + 1].sum(axis=0)
        seen_calls = seen_calls + q_calls
        true_share = our_units[lo:m + 1].sum(axis=0) / np.maximum(
            (our_units[lo:m + 1] + comp_units[lo:m + 1]).sum(axis=0), 1)
        latent = np.log(true_share + 0.01) + rng.normal(0, STAGE_NOISE, n_doctors)
        stage = 2 + np.searchsorted(np.log(np.array(STAGE_SHARES) + 0.01), latent)
        rarely = seen_calls / (m + 1) < 1 / 3  # met less than once a quarter: 不了解
        stage = np.where(rarely & (stage <= 2), 1, stage)
        est = (our_units[lo:m + 1].mean(axis=0) * optimism
               * rng.lognormal(0, ESTIMATE_NOISE, n_doctors))
        est = np.where(q_calls > 0, np.round(est), np.nan)  # no call: the rep cannot say
        q_rows.append(pd.DataFrame({
            "month": months[m], "doctor_id": d_ids, "rep_id": d_rep,
            "stage": stage.astype(np.int64),
            "rep_estimate_units": est,
        }))
    adoption = pd.concat(q_rows, ignore_index=True)
    stage_names = ADOPTION_STAGES_ZH if zh else ADOPTION_STAGES_EN
    adoption.insert(4, "stage_name", np.array(stage_names, dtype=object)[adoption["stage"] - 1])
    S = "pharma"
    tables = {
        "territories": apply_schema(territories, S, "territories"),
        "reps": apply_schema(reps, S, "reps"),
        "hospitals": apply_schema(hospitals, S, "hospitals"),
        "doctors": apply_schema(doctors, S, "doctors"),
        "products": apply_schema(products, S, "products"),
        "potential": apply_schema(potential, S, "potential"),
        "flow": apply_schema(flow, S, "flow"),
        "market": apply_schema(market_df, S, "market"),
        "listing": apply_schema(listing, S, "listing"),
        "calls": apply_schema(calls_df, S, "calls"),
        "adoption": apply_schema(adoption, S, "adoption"),
    }
    hidden = {"doctor_truth": apply_schema(truth, S, "doctor_truth"),
              "doctor_sales": apply_schema(sales, S, "doctor_sales")}
    params = {"n_doctors": n_doctors, "n_hospitals": n_hospitals,
              "n_territories": n_territories, "reps_per_territory": reps_per_territory,
              "n_months": n_months, "start": str(first_month.date())}
    return World(S, tables, hidden, seed=seed, locale=locale, params=params)
