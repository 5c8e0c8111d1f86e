"""``tierlab workshop``: one reproducible seed (and world) per team."""

from __future__ import annotations

import pandas as pd
import pytest

from tierlab.cli import main
from tierlab.datasets import DEFAULT_SEED, make_pharma, read_world
from tierlab.exercises._workshop import team_seeds, workshop


def test_team_seeds_are_reproducible_distinct_and_not_the_default():
    a, b = team_seeds(50, seed=11), team_seeds(50, seed=11)
    assert a == b and len(set(a)) == 50
    assert all(1000 <= s < 10_000 for s in a) and DEFAULT_SEED not in a
    assert team_seeds(50, seed=12) != a
    with pytest.raises(ValueError, match="teams must be >= 1"):
        team_seeds(0)
    with pytest.raises(TypeError, match="teams must be an integer"):
        team_seeds(2.5)


def test_workshop_without_data_writes_seed_table_and_handout(tmp_path):
    assert main(["workshop", "--teams", "3", "--seed", "4", "--out", str(tmp_path),
                 "--no-data"]) == 0
    teams = pd.read_csv(tmp_path / "teams.csv")
    assert list(teams.columns) == ["team", "seed"]
    assert list(teams["team"]) == ["team01", "team02", "team03"]
    assert list(teams["seed"]) == team_seeds(3, seed=4)
    handout = (tmp_path / "teams.md").read_text()
    assert "--seed 4" in handout and f"| team02 | {teams['seed'][1]} |" in handout
    assert "load_pharma(seed=SEED)" in handout
    assert not (tmp_path / "team01").exists()


def test_workshop_writes_each_teams_world(tmp_path):
    teams = workshop(1, seed=9, out=tmp_path, cases=("pharma",), progress=False)
    seed = int(teams.loc[0, "seed"])
    assert teams.loc[0, "folders"] == "team01/pharma"
    world = read_world(tmp_path / "team01" / "pharma")
    assert world.seed == seed and world.case == "pharma"
    fresh = make_pharma(random_state=seed)
    pd.testing.assert_frame_equal(world.doctors.reset_index(drop=True),
                                  fresh.doctors.reset_index(drop=True), check_dtype=False)
    with pytest.raises(ValueError, match="cases"):
        workshop(1, seed=1, out=tmp_path / "x", cases=("bank",), data=False)
