"""The pharma lessons the course states hold on seeds nobody picked (a sample CI affords).

`python benchmarks/bench_lessons.py` measures every claim on 200 seeds at two sizes;
this test runs the same measurement on a few fresh seeds.
"""

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from lessons_pharma import CLAIMS, measure  # noqa: E402

SEEDS = random.SystemRandom().sample(range(10_000), 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_pharma_claims_hold_on_a_fresh_seed(seed):
    got = measure(seed)
    failed = [k for k in CLAIMS if k != "floor_keeps_most" and not got[f"claim:{k}"]]
    assert not failed, f"seed {seed}: {failed}; scores {dict((k, round(v, 3)) for k, v in got.items() if k.startswith('share:'))}"


def test_pharma_world_is_calibrated():
    got = measure(2025)
    assert 100 <= got["doctors_per_rep"] <= 300
    assert 0.3 <= got["uncalled_doctor_months"] <= 0.7
    assert 0.55 <= got["potential_estimate_corr"] <= 0.85
    assert 0.15 <= got["call_elasticity_median"] <= 0.35
