"""The pharma lessons the course states hold on seeds nobody picked (a sample CI affords).

`python benchmarks/bench_lessons.py` measures every claim on 200 seeds at two sizes (each
holds on at least 97% of them); this test runs the same measurement on a fixed sample CI
can afford, so it cannot fail by the luck of the draw. Fresh seeds are run by
tests/test_course_seeds_*.py, which execute the whole course on them.
"""

import pytest

from tierlab._lessons import PHARMA_CLAIMS as CLAIMS
from tierlab._lessons import pharma_lessons as measure

SEEDS = [0, 1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_pharma_claims_hold(seed):
    got = measure(seed)
    failed = [k for k in CLAIMS if not got[f"claim:{k}"]]
    assert not failed, f"seed {seed}: {failed}; scores {dict((k, round(v, 3)) for k, v in got.items() if k.startswith('share:'))}"


def test_pharma_world_is_calibrated():
    got = measure(2025)
    assert 100 <= got["doctors_per_rep"] <= 300
    assert 0.3 <= got["uncalled_doctor_months"] <= 0.7
    assert 0.55 <= got["potential_estimate_corr"] <= 0.85
    assert 0.15 <= got["call_elasticity_median"] <= 0.35
