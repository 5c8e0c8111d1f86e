"""``tierlab workshop --teams N``: one reproducible dataset seed per team.

Writes to ``--out`` (default ``workshop``):

- ``teams.csv`` -- ``team, seed`` (plus the data folders written for the team);
- ``teams.md`` -- a handout: the line each team puts in its setup cell,
  ``world = tierlab.datasets.load_pharma(seed=SEED)`` (the same seed draws the
  same world on every laptop, so no files need to be copied);
- ``<team>/<case>/`` -- the team's worlds as CSV (as ``tierlab data`` writes them,
  readable with ``load_pharma(path=...)`` and in Excel), unless ``--no-data``.

Team seeds are distinct four-digit numbers drawn from ``--seed`` (so the same
``--seed`` gives the same teams again), never the course default seed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from tierlab._rng import check_random_state, seed_from
from tierlab._validation import check_int

__all__ = ["team_seeds", "workshop", "configure", "run"]

_LOW, _HIGH = 1000, 10_000


def _default_seed() -> int | None:
    try:
        from tierlab.datasets import DEFAULT_SEED
    except ImportError:  # pragma: no cover - datasets not installed
        return None
    return int(DEFAULT_SEED)


def team_seeds(n_teams: int, seed=None) -> list[int]:
    """``n_teams`` distinct four-digit seeds drawn from ``seed`` (never the default seed).

    Examples
    --------
    >>> team_seeds(3, seed=1) == team_seeds(3, seed=1)
    True
    """
    n_teams = check_int(n_teams, "teams", minimum=1, maximum=_HIGH - _LOW - 1)
    rng = check_random_state(seed)
    pool = pd.RangeIndex(_LOW, _HIGH)
    default = _default_seed()
    if default is not None:
        pool = pool[pool != default]
    return [int(s) for s in rng.choice(pool.to_numpy(), size=n_teams, replace=False)]


def _handout(teams: pd.DataFrame, master: int, cases) -> str:
    lines = [
        "# Workshop teams",
        "",
        f"Generated with `tierlab workshop --teams {len(teams)} --seed {master}`.",
        "Each team puts its own seed in the setup cell of every notebook, e.g.:",
        "",
        "```python",
        "import tierlab",
    ]
    for case in cases:
        lines.append(f"world = tierlab.datasets.load_{case}(seed=SEED)  # SEED from the table")
    lines += ["```", "", "| team | seed |", "|---|---|"]
    lines += [f"| {t} | {s} |" for t, s in zip(teams["team"], teams["seed"], strict=True)]
    return "\n".join(lines) + "\n"


def workshop(n_teams: int, *, seed=None, out="workshop", cases=("pharma", "retail"),
             locales=("en_US",), data: bool = True, progress: bool = True) -> pd.DataFrame:
    """Prepare a workshop: a seed per team, a handout, and (optionally) each team's data.

    Parameters
    ----------
    n_teams : int
        Number of teams (>= 1).
    seed : int, optional
        Master seed; the same value gives the same team seeds. ``None`` draws one
        (it is printed in ``teams.md`` so the table can be rebuilt).
    out : path-like
        Output folder.
    cases : sequence of {"pharma", "retail"}
        Worlds to write per team.
    locales : sequence of {"en_US", "zh_CN"}
        Name/place languages to write per team.
    data : bool
        Write each team's worlds as CSV folders (``<out>/<team>/<case>[_zh]``).
    progress : bool
        Show a progress bar while writing data.

    Returns
    -------
    pandas.DataFrame
        ``team, seed`` and, when data were written, ``folders``.
    """
    from tierlab._validation import check_choice

    for c in cases:
        check_choice(c, "cases", ("pharma", "retail"))
    master = seed if seed is not None else seed_from(check_random_state(None))
    seeds = team_seeds(n_teams, master)
    width = max(2, len(str(n_teams)))
    teams = pd.DataFrame({"team": [f"team{i:0{width}d}" for i in range(1, n_teams + 1)],
                          "seed": seeds})
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if data:
        from tqdm.auto import tqdm

        from tierlab.datasets._cli import generate

        folders = []
        for team, s in tqdm(list(zip(teams["team"], teams["seed"], strict=True)),
                            desc="teams", unit="team", disable=not progress):
            written = generate(out / team, seed=int(s), cases=tuple(cases),
                               locales=tuple(locales), progress=False)
            folders.append(";".join(str(Path(p).relative_to(out)) for p in written))
        teams["folders"] = folders
    teams.to_csv(out / "teams.csv", index=False)
    (out / "teams.md").write_text(_handout(teams, master, cases), encoding="utf-8")
    return teams


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``workshop`` options to ``parser``."""
    parser.add_argument("--teams", type=int, required=True, help="number of teams")
    parser.add_argument("--seed", type=int, default=None,
                        help="master seed (same seed, same team seeds; default: random)")
    parser.add_argument("--out", default="workshop", help="output folder (default: workshop)")
    parser.add_argument("--case", choices=["pharma", "retail", "both"], default="both",
                        help="worlds to write per team (default: both)")
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="en_US",
                        help="names and places (default: en_US)")
    parser.add_argument("--no-data", action="store_true",
                        help="only write teams.csv / teams.md (teams draw their world "
                             "from the seed)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab workshop``; 0 on success, 2 on bad arguments."""
    cases = ("pharma", "retail") if args.case == "both" else (args.case,)
    locales = ("en_US", "zh_CN") if args.locale == "both" else (args.locale,)
    try:
        teams = workshop(args.teams, seed=args.seed, out=args.out, cases=cases,
                         locales=locales, data=not args.no_data, progress=not args.quiet)
    except (TypeError, ValueError) as exc:
        print(f"tierlab workshop: {exc}", file=sys.stderr)
        return 2
    print(teams.to_string(index=False))
    print(f"wrote {Path(args.out) / 'teams.csv'} and {Path(args.out) / 'teams.md'}")
    return 0
