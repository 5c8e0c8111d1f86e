"""The comparisons the course states as lessons, measured on one world.

Used by ``benchmarks/bench_lessons.py`` (200 seeds, two sizes) and by
``tests/test_lessons.py`` (a few seeds), so both check the same numbers the
notebooks compute.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["RETAIL_CLAIMS", "retail_lessons"]

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
    import tierlab as tl
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
