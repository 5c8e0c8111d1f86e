"""Every retail notebook and solution runs on a seed nobody has used (drawn at each run)."""

import pytest

from tests._course_run import course_notebooks, fresh_seed, run_on_seed


@pytest.mark.parametrize("path", course_notebooks("retail"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_runs_on_a_fresh_seed(path, monkeypatch):
    seed = fresh_seed(path.stem)
    print(f"{path.name}: seed {seed}")
    run_on_seed(path, seed, monkeypatch)
