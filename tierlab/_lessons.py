"""The comparisons the course states as lessons, measured on one world, for both cases.

Used by ``benchmarks/bench_lessons.py`` (200 seeds, two sizes) and by
``tests/test_lessons.py`` and ``tests/test_lessons_pharma.py`` (a few seeds), so
both check the same numbers the notebooks compute. Each claim is a comparison a
notebook, the trainer guide or an exercise makes; the course states a claim as a
fact only if it holds on at least 95% of seeds at the default size and at 4x the
size, otherwise the notebook computes it from the learner's own world.
:func:`pharma_calibration` returns the realism figures of docs/worlds.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from tierlab.cases._world import World

__all__ = ["PHARMA_CLAIMS", "RETAIL_CLAIMS", "pharma_calibration", "pharma_lessons",
           "pharma_plans", "pharma_summary", "retail_lessons"]

RETAIL_CLAIMS = {
    "uplift_beats_champions": "uplift x value beats send-to-Champions (share of oracle)",
    "uplift_beats_top_clv": "uplift x value beats top CLV (share of oracle)",
    "uplift_beats_champions_sim": "uplift x value beats Champions in the simulated month",
    "uplift_beats_top_clv_sim": "uplift x value beats top CLV in the simulated month",
    "promise_too_high": "estimated extra spend (03) > true incremental spend (05)",
    "deal_seekers_uplift_higher": "high deal-seeking band has a larger uplift than the low band",
    "deal_seekers_uplift_2x": "high deal-seeking band uplift >= 1.5x the low band",
    "uplift_most_persuadables": "uplift plan reaches the most persuadables of the three rules",
    "uplift_fewest_sure_things": "uplift plan reaches the fewest sure things of the three rules",
    "champions_top_response": "Champions have the highest response rate of the RFM segments",
    "champions_control_over_third": "over a third of contacted Champions' control group bought",
}


def retail_lessons(seed: int, n_members: int = 3000, budget_share: float = 0.2) -> dict:
    """Measure the retail lessons on the world of one seed.

    Parameters
    ----------
    seed : int
        World seed.
    n_members : int
        World size.
    budget_share : float
        Contacts as a share of the members (the notebooks: 600 of 3,000).

    Returns
    -------
    dict
        The raw numbers and one bool per key of :data:`RETAIL_CLAIMS`.
    """
    import tierlab as tl  # tierlab's top level does not import this module: no cycle
    from tierlab.datasets import make_retail

    world = make_retail(n_members=n_members, random_state=seed)
    n = int(round(n_members * budget_share))
    scored = tl.retail_scores(world, margin=0.3, cost_per_return=20, random_state=1)
    plans = {
        "champions": scored.query("segment == 'Champions'").nlargest(n, "monetary")["member_id"],
        "top_clv": scored.nlargest(n, "clv")["member_id"],
        "uplift": scored.query("tier != 'BZ'").nlargest(n, "contact_value")["member_id"],
    }
    out = {"seed": seed, "n_members": n_members}
    score = {k: tl.score_plan(world, v, budget=n) for k, v in plans.items()}
    for k, s in score.items():
        out[f"share_{k}"] = float(s["share_of_optimum"])
    sim = {k: tl.simulate_retail(world, v, random_state=seed).attrs["total"]["spend"]
           for k, v in plans.items()}
    for k, v in sim.items():
        out[f"sim_{k}"] = v
    promise = scored.loc[scored["member_id"].isin(plans["uplift"]), "contact_value"].sum()
    out["promise"] = float(promise)
    out["delivered"] = float(score["uplift"]["incremental"])
    history = tl.campaign_history(world)
    history["deal_seeking"] = pd.qcut(history["discount_share"].rank(method="first"), 3,
                                      labels=["low", "medium", "high"])
    band = tl.uplift(history, treated="treated", outcome="responded",
                           by="deal_seeking").set_index("deal_seeking")["uplift"]
    out["uplift_high"], out["uplift_low"] = float(band["high"]), float(band["low"])
    seg = tl.uplift(history, treated="treated", outcome="responded",
                          by="segment").set_index("segment")
    types = world.hidden["member_truth"].set_index("member_id")["response_type"]
    mix = {k: types.reindex(v).value_counts(normalize=True) for k, v in plans.items()}
    pers = {k: m.get("persuadable", 0.0) for k, m in mix.items()}
    sure = {k: m.get("sure_thing", 0.0) for k, m in mix.items()}
    out.update({f"persuadable_{k}": v for k, v in pers.items()})
    out.update({f"sure_{k}": v for k, v in sure.items()})
    champ_ctrl = float(seg["mean_control"].get("Champions", np.nan))
    out["champions_mean_control"] = champ_ctrl
    out.update({
        "uplift_beats_champions": out["share_uplift"] > out["share_champions"],
        "uplift_beats_top_clv": out["share_uplift"] > out["share_top_clv"],
        "uplift_beats_champions_sim": sim["uplift"] > sim["champions"],
        "uplift_beats_top_clv_sim": sim["uplift"] > sim["top_clv"],
        "promise_too_high": promise > out["delivered"],
        "deal_seekers_uplift_higher": band["high"] > band["low"],
        "deal_seekers_uplift_2x": band["high"] >= 1.5 * max(band["low"], 1e-9),
        "uplift_most_persuadables": pers["uplift"] > max(pers["champions"], pers["top_clv"]),
        "uplift_fewest_sure_things": sure["uplift"] < min(sure["champions"], sure["top_clv"]),
        "champions_top_response": seg["mean_treated"].idxmax() == "Champions",
        "champions_control_over_third": champ_ctrl > 1 / 3,
    })
    return out


# --- pharma -------------------------------------------------------------------

#: pharma claim -> what the course says
PHARMA_CLAIMS = {
    "tier_beats_equal": "calls by potential x adoption tier beat an equal split",
    "optimised_beats_equal": "the account-level optimiser (split by potential) beats an equal split",
    "optimised_beats_today": "the account-level optimiser beats today's call plan",
    "optimised_not_perfect": "the optimiser stays below 97% of the oracle (estimation error)",
    "gain_plausible": "the optimiser improves on today's plan by +3% to +30% of margin",
    "floor_keeps_most": "optimised + floor keeps at least half of the optimiser's gain over equal",
}


def pharma_plans(world: World, *, floor: bool = True) -> tuple[dict[str, pd.DataFrame], int]:
    """The plans of notebooks 03 and 05, built as the notebooks build them.

    Parameters
    ----------
    world : World
        A pharma world.
    floor : bool, default True
        Also build "optimised + floor" (one call for every doctor, the rest optimised).

    Returns
    -------
    (dict, int)
        Plan name -> calls per doctor (``doctor_id``, ``calls``), and the capacity
        (calls per month of all reps) every plan spends.
    """
    import tierlab as tl  # tierlab's top level does not import this module: no cycle

    doctors = tl.doctor_profile(world)
    doctors["tier"] = tl.doctor_tiers(doctors)["tier"].to_numpy()
    capacity = int(world.reps["monthly_call_capacity"].sum())
    curves = tl.estimate_response(tl.pharma_panel(world), customer="account_id",
                                  keep="unit_price")
    acc = tl.optimise_allocation(curves, capacity=capacity, customer="account_id",
                                 value_per_unit="unit_price")
    out = {
        "today": doctors[["doctor_id"]].assign(calls=doctors["calls_per_month"].round()),
        "equal": tl.allocate_calls(doctors, customer="doctor_id", capacity=capacity,
                                   rule="equal"),
        "tier": tl.allocate_calls(doctors, customer="doctor_id", capacity=capacity,
                                  rule="tier", tier="tier"),
        "potential decile": tl.allocate_calls(doctors, customer="doctor_id", capacity=capacity,
                                              rule="decile", value="potential_value"),
        "optimised": tl.split_account_calls(acc, doctors, weight="potential_value"),
    }
    if not floor:
        return out, capacity
    floor = tl.allocate_calls(doctors, customer="doctor_id", capacity=capacity, rule="equal",
                              max_calls=1)
    acc_fair = tl.optimise_allocation(curves, capacity=capacity - int(floor["calls"].sum()),
                                      customer="account_id", value_per_unit="unit_price")
    fair = tl.split_account_calls(acc_fair, doctors, weight="potential_value")
    both = fair.merge(floor, on="doctor_id", how="outer", suffixes=("", "_floor")).fillna(0)
    out["optimised + floor"] = both.assign(calls=both["calls"] + both["calls_floor"])[
        ["doctor_id", "calls"]]
    return out, capacity


def pharma_lessons(seed: int, scale: int = 1) -> dict:
    """Measure the pharma lessons on the world of one seed.

    Parameters
    ----------
    seed : int
        World seed.
    scale : int
        World size as a multiple of the default (600 doctors, 80 hospitals, 5 territories).

    Returns
    -------
    dict
        Each plan's share of the oracle (``share:<plan>``), one bool per key of
        :data:`PHARMA_CLAIMS` (``claim:<key>``) and :func:`pharma_calibration`.
    """
    import tierlab as tl  # tierlab's top level does not import this module: no cycle
    from tierlab.cases.pharma.world import make_pharma

    world = make_pharma(n_doctors=600 * scale, n_hospitals=80 * scale,
                                    n_territories=5 * scale, random_state=seed)
    ps, capacity = pharma_plans(world)
    sc = {k: tl.score_plan(world, p, capacity=capacity) for k, p in ps.items()}
    share = {k: v["share_of_optimum"] for k, v in sc.items()}
    gain = sc["optimised"]["value"] / sc["today"]["value"] - 1
    kept = ((share["optimised + floor"] - share["equal"])
            / max(share["optimised"] - share["equal"], 1e-9))
    claims = {
        "tier_beats_equal": share["tier"] > share["equal"],
        "optimised_beats_equal": share["optimised"] > share["equal"],
        "optimised_beats_today": share["optimised"] > share["today"],
        "optimised_not_perfect": share["optimised"] < 0.97,
        "gain_plausible": 0.03 <= gain <= 0.30,
        "floor_keeps_most": kept >= 0.5,
    }
    out = {f"claim:{k}": bool(v) for k, v in claims.items()}
    out.update({f"share:{k}": float(v) for k, v in share.items()})
    out["gain_optimised_vs_today"] = float(gain)
    out.update(pharma_calibration(world))
    return out


def pharma_calibration(world: World) -> dict:
    """The realism figures of docs/worlds.md, measured on one world."""
    import tierlab as tl  # tierlab's top level does not import this module: no cycle
    from tierlab.cases.pharma.world import pharma_expected_units

    doc = tl.doctor_profile(world)
    truth = world.hidden["doctor_truth"].set_index("doctor_id").loc[doc["doctor_id"]]
    calls = world.calls
    c = doc["calls_per_month"].to_numpy()
    t = truth.reset_index()
    u0, u1 = pharma_expected_units(t, c), pharma_expected_units(t, c * 1.1)
    ok = (u0 > 0) & (c > 0)
    pot = np.sort(doc["potential_value"].to_numpy())[::-1]
    grades = world.hospitals["grade"].value_counts(normalize=True)
    return {
        "doctors_per_rep": len(world.doctors) / len(world.reps),
        "calls_per_rep_month": float(calls.groupby(["rep_id", "month"])["calls"].sum().mean()),
        "uncalled_doctor_months": float((calls["calls"] == 0).mean()),
        "never_called_last_year": float((doc["calls"] == 0).mean()),
        "potential_estimate_corr": float(np.corrcoef(doc["potential_units"],
                                                     truth["true_potential_units"])[0, 1]),
        "call_elasticity_median": float(np.median(np.log(u1[ok] / u0[ok]) / np.log(1.1))),
        "top20_potential_share": float(pot[: len(pot) // 5].sum() / pot.sum()),
        "our_share": float(world.flow["units"].sum() / _our_market(world)),
        "rep_estimate_over": float(_estimate_ratio(world)),
        **{f"stage_{k}_share": float((doc["stage"] == k).mean()) for k in range(1, 6)},
        "grade_3A_share": float(grades.get("3A", 0.0)),
        "competitor_loyal_share": float(truth["competitor_loyal"].mean()),
    }


def _our_market(world: World) -> float:
    ours = world.products[world.products["company"] == "ours"]
    m = world.market[world.market["specialty"].isin(ours["specialty"])]
    return float(m["market_units"].sum())


def _estimate_ratio(world: World) -> float:
    """Reps' estimates / true use, over doctors with an estimate in the last quarter."""
    a = world.adoption
    last = a["month"].max()
    est = a[a["month"] == last].set_index("doctor_id")["rep_estimate_units"].dropna()
    ds = world.hidden["doctor_sales"]
    q = ds[(ds["company"] == "ours") & (ds["month"] > last - pd.DateOffset(months=3))
           & (ds["month"] <= last)]
    true = q.groupby("doctor_id")["units"].sum().reindex(est.index, fill_value=0) / 3
    return est.sum() / max(true.sum(), 1e-9)


def pharma_summary(rows: list[dict]) -> pd.DataFrame:
    """Rate per claim over seeds (and the seeds where it failed)."""
    df = pd.DataFrame(rows)
    out = []
    for key, text in PHARMA_CLAIMS.items():
        col = df[f"claim:{key}"]
        out.append({"claim": key, "what": text, "rate": col.mean(),
                    "failed_seeds": ", ".join(map(str, df.loc[~col, "seed"].head(5)))})
    return pd.DataFrame(out)
