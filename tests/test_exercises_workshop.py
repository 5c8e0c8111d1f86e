"""``tierlab workshop``: checked seeds, the trainer's key, team data without hidden truth."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import tierlab as tl
from tierlab.cli import main
from tierlab.datasets import (
    DEFAULT_SEED,
    data_dictionary,
    load_pharma,
    make_pharma,
    read_world,
)
from tierlab.exercises import _workshop
from tierlab.exercises._core import _find, available
from tierlab.exercises._workshop import (
    SeedCheckError,
    describe_answer,
    team_seeds,
    workshop,
)


def test_team_seeds_are_reproducible_distinct_and_not_the_default():
    a, b = team_seeds(50, seed=11), team_seeds(50, seed=11)
    assert a == b and len(set(a)) == 50
    assert all(1000 <= s < 10_000 for s in a) and DEFAULT_SEED not in a
    assert team_seeds(50, seed=12) != a
    with pytest.raises(ValueError, match="teams must be >= 1"):
        team_seeds(0)
    with pytest.raises(TypeError, match="teams must be an integer"):
        team_seeds(2.5)


def test_workshop_without_data_or_key_writes_seed_table_and_handout(tmp_path):
    assert main(["workshop", "--teams", "3", "--seed", "4", "--out", str(tmp_path),
                 "--no-data", "--no-key", "--quiet"]) == 0
    teams = pd.read_csv(tmp_path / "teams.csv")
    assert list(teams.columns) == ["team", "seed"]
    assert list(teams["team"]) == ["team01", "team02", "team03"]
    assert list(teams["seed"]) == team_seeds(3, seed=4)
    handout = (tmp_path / "teams.md").read_text()
    assert "--seed 4" in handout and f"| team02 | {teams['seed'][1]} |" in handout
    assert "load_pharma(seed=SEED)" in handout
    assert not (tmp_path / "team01").exists() and not (tmp_path / "trainer").exists()


def test_describe_answer_is_short_and_readable():
    assert describe_answer(0.123456) == "0.1235" and describe_answer(1234.0) == "1,234"
    assert describe_answer("b") == "b"
    assert describe_answer({"D2", "D1"}) == "2 items: D1, D2"
    tiers = pd.DataFrame({"id": range(10), "tier": list("AABBBCCCCC")})
    assert describe_answer(tiers).endswith("tier: A 2, B 3, C 5")
    small = pd.DataFrame({"tier": ["A", "B"], "gap": [1500.0, 0.25]})
    assert "tier A, gap 1,500" in describe_answer(small)


@pytest.fixture(scope="module")
def pharma_workshop(tmp_path_factory):
    out = tmp_path_factory.mktemp("ws")
    teams = workshop(1, seed=9, out=out, cases=("pharma",), progress=False)
    return out, teams


def test_workshop_writes_the_trainers_key_on_the_teams_own_world(pharma_workshop):
    out, teams = pharma_workshop
    seed = int(teams.loc[0, "seed"])
    assert seed == team_seeds(1, seed=9)[0] and teams.loc[0, "replaced"] == ""
    key = pd.read_csv(out / "trainer" / "key.csv", keep_default_na=False)
    world = load_pharma(seed=seed)
    answers = key[key["what"] == "answer"].set_index("item")["value"]
    # every question of every pharma exercise has an answer in the key
    expected = {f"{name}:{q.qid}" for name in available() if name.endswith("_pharma")
                for q in _find(name).questions}
    assert set(answers.index) == expected
    assert answers["00_welcome_pharma:q1"] == f"{len(world.doctors):,}"
    # tier sizes: the hospital and doctor tiers of the team's world
    from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import (
        tiered_doctors,
        tiered_hospitals,
    )

    sizes = key[key["what"] == "tier size"].set_index("item")["value"].astype(int)
    abc = tl.abc_classify(tiered_hospitals(world), customer="hospital_id", value="value")
    counts = abc["tier"].value_counts()
    for tier in "ABC":
        assert sizes[f"ABC on 12-month flow sales (hospitals): {tier}"] == counts[tier]
    counts = tiered_doctors(world)["tier"].value_counts()
    for tier in "ABCD":
        assert sizes[f"potential x adoption (doctors): {tier}"] == counts[tier]
    plans = key[key["what"] == "plan share of optimum"].set_index("item")["value"]
    assert set(plans.index) == {"today", "decile", "tier", "optimised"}
    assert all(0 < float(v) <= 1.0 + 1e-9 for v in plans)
    page = (out / "trainer" / "team01.md").read_text()
    assert f"seed {seed}" in page and "Plan comparison" in page and "Tier sizes" in page


def test_team_folders_carry_no_hidden_truth(pharma_workshop):
    out, teams = pharma_workshop
    folder = out / "team01"
    assert not list(folder.rglob("hidden")), "a hidden/ folder was written"
    dd = data_dictionary()  # column names, hidden tables flagged
    observable = set(dd.loc[~dd["hidden"], "column"])
    secret = set(dd.loc[dd["hidden"], "column"]) - observable
    hidden_tables = set(dd.loc[dd["hidden"], "table"])
    assert "true_potential_units" in secret and "doctor_truth" in hidden_tables
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".csv" for p in files)
    for p in files:
        text = p.read_text(encoding="utf-8-sig")
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
        assert not words & (secret | hidden_tables), f"{p} names hidden truth"
        if p.suffix == ".csv":
            header = set(pd.read_csv(p, nrows=0).columns)
            assert not header & secret, f"{p} has hidden columns"
    # the folder is still a world the team (or Excel) can read
    world = read_world(folder / "pharma")
    fresh = make_pharma(random_state=int(teams.loc[0, "seed"]))
    pd.testing.assert_frame_equal(world.doctors.reset_index(drop=True),
                                  fresh.doctors.reset_index(drop=True), check_dtype=False)


def _fake_key(bad: set):
    def team_key(seed, cases=("pharma",)):
        if seed in bad:
            raise SeedCheckError("the ABC tiering has tiers ['A', 'C'], not A, B and C")
        frame = pd.DataFrame({"exercise": ["x_pharma"], "question": ["q1"], "answer": ["1"]})
        return {"pharma": {
            "tiers": pd.DataFrame({"tiering": ["abc"], "tier": ["A"], "customers": [5]}),
            "plans": pd.DataFrame({"plan": ["today"], "share_of_optimum": [0.5]}),
            "answers": frame}}
    return team_key


def test_a_failing_seed_is_replaced_and_the_replacement_recorded(tmp_path, monkeypatch):
    first = team_seeds(3, seed=5)
    monkeypatch.setattr(_workshop, "team_key", _fake_key({first[1]}))
    teams = workshop(3, seed=5, out=tmp_path, cases=("pharma",), data=False, progress=False)
    seeds = list(teams["seed"])
    assert seeds[0] == first[0] and seeds[2] == first[2]
    assert seeds[1] not in first and len(set(seeds)) == 3
    assert str(first[1]) in teams.loc[1, "replaced"] and "not A, B and C" in teams.loc[1,
                                                                                      "replaced"]
    assert teams.loc[0, "replaced"] == ""
    assert f"seed {seeds[1]}" in (tmp_path / "trainer" / "team02.md").read_text()
    # the same master seed gives the same (checked) teams again
    again = workshop(3, seed=5, out=tmp_path / "again", cases=("pharma",), data=False,
                     progress=False)
    assert list(again["seed"]) == seeds


def test_the_same_failure_on_every_seed_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(_workshop, "team_key", _fake_key(set(range(10_000))))
    with pytest.raises(SeedCheckError, match="same failure on 3 seeds in a row"):
        workshop(1, seed=5, out=tmp_path, cases=("pharma",), data=False, progress=False)
    assert main(["workshop", "--teams", "1", "--seed", "5", "--out", str(tmp_path / "x"),
                 "--case", "pharma", "--no-data", "--quiet"]) == 2
    assert "not of the seeds" in capsys.readouterr().err
    with pytest.raises(ValueError, match="cases"):
        workshop(1, seed=1, out=tmp_path / "y", cases=("bank",), data=False)
