"""The pharma lessons the course states, measured on one world (used by bench_lessons.py).

Each claim is a comparison a notebook, the trainer guide or an exercise makes. The
course states a claim as a fact only if it holds on at least 95% of seeds at the
default size and at 4x the size; otherwise the notebook computes it from the
learner's own world. ``calibration`` returns the realism figures of docs/worlds.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import tierlab as tl
from tierlab.cases.pharma.world import pharma_expected_units

#: claim -> what the course says
CLAIMS = {
    "matrix_beats_equal": "the potential x share matrix beats an equal split of the calls",
    "decile_beats_equal": "the sales-decile rule beats an equal split",
    "optimised_beats_equal": "the optimiser on estimated curves beats an equal split",
    "optimised_beats_today": "the optimiser beats today's call plan",
    "optimised_not_perfect": "the optimiser stays below 97% of the oracle (estimation error)",
    "gain_plausible": "the optimiser improves on today's plan by +3% to +30% of margin",
    "floor_keeps_most": "optimised + floor keeps at least half of the optimiser's gain over equal",
}


def plans(world):
    """The plans of notebooks 03 and 05, built as the notebooks build them."""
    doctors = tl.doctor_profile(world, market_only=True)
    capacity = int(world.reps["monthly_call_capacity"].sum())
    curves = tl.estimate_response(tl.pharma_panel(world), keep="unit_price")
    out = {
        "today": doctors[["doctor_id"]].assign(calls=(doctors["calls"] / 12).round()),
        "equal": tl.allocate_calls(doctors, capacity=capacity, rule="equal"),
        "decile": tl.allocate_calls(doctors, capacity=capacity, rule="decile", value="value"),
        "matrix": tl.allocate_calls(doctors, capacity=capacity, rule="matrix",
                                    potential="potential_value", share="share"),
        "optimised": tl.optimise_allocation(curves, capacity=capacity, value_per_unit="unit_price"),
    }
    floor = tl.allocate_calls(doctors, capacity=capacity, rule="equal", max_calls=1)
    fair = tl.optimise_allocation(curves, capacity=capacity - int(floor["calls"].sum()),
                                  value_per_unit="unit_price", max_calls=7)
    both = fair.merge(floor, on="doctor_id", how="outer", suffixes=("", "_floor")).fillna(0)
    out["optimised + floor"] = both.assign(calls=both["calls"] + both["calls_floor"])[
        ["doctor_id", "calls"]]
    return out, capacity


def measure(seed: int, scale: int = 1) -> dict:
    """Scores of every plan, the claims (bool) and the calibration on one seed."""
    world = tl.datasets.make_pharma(n_doctors=600 * scale, n_hospitals=80 * scale,
                                    n_territories=5 * scale, random_state=seed)
    ps, capacity = plans(world)
    sc = {k: tl.score_plan(world, p, capacity=capacity) for k, p in ps.items()}
    share = {k: v["share_of_optimum"] for k, v in sc.items()}
    gain = sc["optimised"]["value"] / sc["today"]["value"] - 1
    kept = ((share["optimised + floor"] - share["equal"])
            / max(share["optimised"] - share["equal"], 1e-9))
    claims = {
        "matrix_beats_equal": share["matrix"] > share["equal"],
        "decile_beats_equal": share["decile"] > share["equal"],
        "optimised_beats_equal": share["optimised"] > share["equal"],
        "optimised_beats_today": share["optimised"] > share["today"],
        "optimised_not_perfect": share["optimised"] < 0.97,
        "gain_plausible": 0.03 <= gain <= 0.30,
        "floor_keeps_most": kept >= 0.5,
    }
    out = {f"claim:{k}": bool(v) for k, v in claims.items()}
    out.update({f"share:{k}": float(v) for k, v in share.items()})
    out["gain_optimised_vs_today"] = float(gain)
    out.update(calibration(world))
    return out


def calibration(world) -> dict:
    """The realism figures of docs/worlds.md, measured on one world."""
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
        "our_share": float(doc["units"].sum() / doc["market_units"].sum()),
        "grade_3A_share": float(grades.get("3A", 0.0)),
        "competitor_loyal_share": float(truth["competitor_loyal"].mean()),
    }


def summary(rows: list[dict]) -> pd.DataFrame:
    """Rate per claim over seeds (and the seeds where it failed)."""
    df = pd.DataFrame(rows)
    out = []
    for key, text in CLAIMS.items():
        col = df[f"claim:{key}"]
        out.append({"claim": key, "what": text, "rate": col.mean(),
                    "failed_seeds": ", ".join(map(str, df.loc[~col, "seed"].head(5)))})
    return pd.DataFrame(out)
