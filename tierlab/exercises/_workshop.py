"""``tierlab workshop --teams N``: one reproducible dataset seed per team.

Writes to ``--out`` (default ``workshop``):

- ``teams.csv`` -- ``team, seed``, ``replaced`` (seeds that failed the check and
  why) and the data folders written for the team;
- ``teams.md`` -- a handout: the line each team puts in its setup cell,
  ``world = tierlab.datasets.load_pharma(seed=SEED)`` (the same seed draws the
  same world on every laptop, so no files need to be copied);
- ``trainer/<team>.md`` and ``trainer/key.csv`` -- the trainer's key (not for the
  teams): per team the tier sizes, the plan comparison against the hidden
  truth's optimum and the reference answer of every exercise question, all
  computed on the team's own seed;
- ``<team>/<case>/`` -- the team's observable tables as CSV (readable with
  ``read_world`` / ``load_pharma(path=...)`` and in Excel), unless ``--no-data``.
  The hidden truth is never written there (no ``hidden/`` folder, no hidden column).

Every team seed is checked first (unless ``--no-key``): the world is drawn, the
tiers, the plan comparison and every exercise question's reference answer are
computed; a seed on which one fails or gives an empty answer is replaced by the
next seed drawn from the master seed, and the replacement is recorded.

Team seeds are distinct four-digit numbers drawn from ``--seed`` (so the same
``--seed`` gives the same teams again), never the course default seed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tierlab._rng import check_random_state, seed_from
from tierlab._validation import check_int
from tierlab.i18n import tr

__all__ = ["team_seeds", "team_key", "describe_answer", "SeedCheckError", "workshop",
           "configure", "run"]

_LOW, _HIGH = 1000, 10_000


def _default_seed() -> int | None:
    try:
        from tierlab.datasets import DEFAULT_SEED
    except ImportError:  # pragma: no cover - datasets not installed
        return None
    return int(DEFAULT_SEED)


def team_seeds(n_teams: int, seed: int | None = None) -> list[int]:
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
    lines += ["```", "", "Every seed below was checked: the worlds, the tiers, the plan "
              "comparison and every exercise question compute on it.", "",
              "| team | seed |", "|---|---|"]
    lines += [f"| {t} | {s} |" for t, s in zip(teams["team"], teams["seed"], strict=True)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# the trainer's key: what each debrief needs, computed on the team's own world
# ---------------------------------------------------------------------------------------
class SeedCheckError(RuntimeError):
    """A team seed on which a key computation fails or gives an unusable result."""


def _fmt_number(x) -> str:
    x = float(x)
    if x != x:
        return "nan"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) < 1 else f"{x:,.2f}"


def describe_answer(value: object, *, limit: int = 8) -> str:
    """A short, readable summary of a reference answer for the trainer's key.

    Numbers are formatted, choices shown as they are, lists/sets by size and
    first items, tables by shape plus the counts of a ``tier``/``segment``-like
    column (or their first rows).

    Examples
    --------
    >>> describe_answer(0.123456)
    '0.1235'
    >>> describe_answer(["D001", "D007"])
    '2 items: D001, D007'
    """
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _fmt_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    if isinstance(value, pd.DataFrame):
        cols = ", ".join(map(str, value.columns[:8])) + (", ..." if value.shape[1] > 8 else "")
        head = f"table {value.shape[0]:,} x {value.shape[1]} ({cols})"
        if len(value) <= 6:  # a summary table: its rows are the answer
            return head + "; " + "; ".join(
                ", ".join(f"{k} {describe_answer(v)}" for k, v in row.items())
                for row in value.head(6).to_dict("records"))
        for col in ("tier", "segment", "label", "tier_after"):
            if col in value.columns:
                counts = value[col].value_counts().sort_index()
                return head + f"; {col}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        return head + "; first row: " + ", ".join(
            f"{k} {describe_answer(v)}" for k, v in value.iloc[0].items())
    if isinstance(value, pd.Series):
        if len(value) <= limit:
            return ", ".join(f"{k}: {describe_answer(v)}" for k, v in value.items())
        return f"series of {len(value):,}; first: " + ", ".join(
            f"{k}: {describe_answer(v)}" for k, v in value.head(limit).items())
    if isinstance(value, dict):
        return ", ".join(f"{k}: {describe_answer(v)}" for k, v in list(value.items())[:limit])
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        more = ", ..." if len(items) > limit else ""
        return f"{len(items)} items: " + ", ".join(str(v) for v in items[:limit]) + more
    return repr(value)[:300]


def _unusable(value) -> bool:
    import numpy as np

    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return not np.isfinite(value)
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.empty
    return False


def _tier_sizes(world) -> pd.DataFrame:
    if world.case == "pharma":
        from tierlab.exercises.questions.ex02_goals_and_gaps_pharma import (
            tiered_doctors,
            tiered_hospitals,
        )
        from tierlab.pareto import abc_classify

        hosp = tiered_hospitals(world)
        abc = abc_classify(hosp, customer="hospital_id", value="value")
        rows = [("ABC on 12-month flow sales (hospitals)", abc, "tier", "value"),
                ("potential x share (hospitals)", hosp, "tier", "value"),
                ("potential x adoption (doctors)", tiered_doctors(world), "tier",
                 "potential_value")]
    else:
        from tierlab import retail_value_tiers
        from tierlab.exercises.questions.ex02_goals_and_gaps_retail import retail_base

        base = retail_base(world)
        vt = retail_value_tiers(world)
        rows = [("ABC on net spend (members)", base, "tier", "history"),
                ("value tiers MVC/STC/Other/BZ (members)", vt, "tier", None)]
    out = []
    for name, df, col, value in rows:
        g = df.groupby(col, observed=True)
        part = pd.DataFrame({"tiering": name, "tier": list(g.groups),
                             "customers": g.size().to_numpy()})
        if value is not None and value in df.columns:
            total = df[value].sum()
            part["value_share"] = (g[value].sum() / total).to_numpy() if total else float("nan")
        out.append(part)
    sizes = pd.concat(out, ignore_index=True)
    abc = sizes[sizes["tiering"] == rows[0][0]]
    if set(abc["tier"].astype(str)) < {"A", "B", "C"} or (abc["customers"] <= 0).any():
        raise SeedCheckError(f"the ABC tiering has tiers {sorted(abc['tier'].astype(str))}, "
                             "not A, B and C")
    return sizes


def _plan_comparison(world) -> pd.DataFrame:
    from tierlab.simulate import compare_plans

    if world.case == "pharma":
        from tierlab._lessons import pharma_plans

        built, capacity = pharma_plans(world, floor=False)  # the plans of notebooks 03 and 05
        plans = {"today": built["today"], "decile": built["potential decile"],
                 "tier": built["tier"], "optimised": built["optimised"][["doctor_id", "calls"]]}
        scores = compare_plans(world, plans, capacity=capacity)
    else:
        from tierlab.exercises.questions.ex06_capstone_retail import BUDGET, champions_plan

        members = world["members"]["member_id"]
        rng = check_random_state(1)
        plans = {"Champions, top spend": champions_plan(world, BUDGET),
                 f"random {BUDGET}": rng.choice(members.to_numpy(), size=BUDGET,
                                                replace=False).tolist()}
        scores = compare_plans(world, plans)
    if scores["share_of_optimum"].isna().any():
        raise SeedCheckError("the plan comparison has no optimum to compare with")
    return scores


def _answers(world) -> pd.DataFrame:
    from tierlab.exercises._core import _find, available

    rows = []
    for name in available():
        if not name.endswith("_" + world.case):
            continue
        ex = _find(name).bind(world, lang="en")
        for bq in ex.questions:
            try:
                value = bq._q.expected(ex.ctx)
            except Exception as exc:  # noqa: BLE001 - a failing seed, named
                raise SeedCheckError(f"{name} {bq.qid}: {type(exc).__name__}: {exc}") from exc
            if _unusable(value):
                raise SeedCheckError(f"{name} {bq.qid}: the reference answer is empty or "
                                     "not a number")
            rows.append({"exercise": name, "question": bq.qid,
                         "answer": describe_answer(value)})
    return pd.DataFrame(rows, columns=["exercise", "question", "answer"])


def team_key(seed: int, cases: Sequence[str] = ("pharma", "retail")) -> dict:
    """Run the key computations of one team seed; raise :class:`SeedCheckError` if one fails.

    Parameters
    ----------
    seed : int
        The team's seed (as in ``load_pharma(seed=SEED)``).
    cases : sequence of {"pharma", "retail"}

    Returns
    -------
    dict
        ``{case: {"tiers": DataFrame, "plans": DataFrame, "answers": DataFrame}}``.
    """
    from tierlab.datasets import load_pharma, load_retail

    key = {}
    for case in cases:
        try:
            world = (load_pharma if case == "pharma" else load_retail)(seed=int(seed))
            key[case] = {"tiers": _tier_sizes(world), "plans": _plan_comparison(world),
                         "answers": _answers(world)}
        except SeedCheckError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise SeedCheckError(f"{case}: {type(exc).__name__}: {exc}") from exc
    return key


def _md_table(df: pd.DataFrame) -> list[str]:
    def cell(v):
        if isinstance(v, float):
            if v != v:
                return ""
            return _fmt_number(v) if abs(v) >= 1 or v == 0 else f"{v:.1%}"
        return str(v).replace("|", "\\|")

    lines = ["| " + " | ".join(map(str, df.columns)) + " |",
             "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in df.itertuples(index=False)]
    return lines


def _key_markdown(team: str, seed: int, key: dict) -> str:
    lines = [f"# Trainer's key · 讲师答案: {team} (seed {seed})", "",
             "For the trainer only: do not hand this out. Computed with the reference functions "
             "on the team's own world (`load_<case>(seed=" + str(seed) + ")`).",
             "仅供讲师使用，请勿分发。用参考函数在该组自己的数据上计算。", ""]
    for case, k in key.items():
        lines += [f"## {case}", "", "### Tier sizes · 各层级客户数", "", *_md_table(k["tiers"]),
                  "", "### Plan comparison · 方案对比 (share of the best possible plan, "
                  "hidden truth · 占隐藏真相下最优方案的比例)", "",
                  *_md_table(k["plans"]), "", "### Exercise answers · 练习答案", "",
                  *_md_table(k["answers"]), ""]
    return "\n".join(lines)


def _write_team_data(folder: Path, seed: int, cases, locales) -> list[str]:
    """The team's observable tables as CSV (no hidden truth), readable with ``read_world``."""
    from tierlab.datasets import data_dictionary, load_pharma, load_retail, save_world
    from tierlab.datasets._load import snapshot_name

    written = []
    for case in cases:
        for locale in locales:
            world = (load_pharma if case == "pharma" else load_retail)(locale=locale,
                                                                       seed=int(seed))
            # observable tables only: no hidden/ folder, no hidden column
            out = save_world(world, folder / snapshot_name(case, locale), hidden=False)
            written.append(out)
    dd = data_dictionary()
    dd = dd[~dd["hidden"] & dd["case"].isin(cases)]
    lines = [f"# Team data (seed {seed})", "",
             "UTF-8 CSV with a BOM (Excel shows Chinese correctly). The notebooks draw the same",
             f"world from the seed: `load_pharma(seed={seed})` / `load_retail(seed={seed})`;",
             "`read_world(FOLDER)` reads a folder. Only what a real company sees is here.", ""]
    for (case, table), g in dd.groupby(["case", "table"], sort=False):
        lines += [f"## {case} / `{table}.csv`", "", "| column | description | 说明 |",
                  "|---|---|---|"]
        lines += [f"| `{r.column}` | {r.description} | {r.description_zh} |"
                  for r in g.itertuples()]
        lines.append("")
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return written


def workshop(n_teams: int, *, seed: int | None = None, out: str | Path = "workshop",
             cases: Sequence[str] = ("pharma", "retail"), locales: Sequence[str] = ("en_US",), data: bool = True, key: bool = True,
             progress: bool = True) -> pd.DataFrame:
    """Prepare a workshop: a checked seed per team, a handout, the trainer's key, team data.

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
        Worlds the teams work on.
    locales : sequence of {"en_US", "zh_CN"}
        Name/place languages of the team data.
    data : bool
        Write each team's observable tables as CSV (``<out>/<team>/<case>[_zh]``);
        the hidden truth is never written there.
    key : bool
        Check every seed (worlds, tiers, plan comparison, every exercise question) and
        write the trainer's key to ``<out>/trainer/``; a seed that fails is replaced by
        the next one drawn from the master seed (``replaced`` in ``teams.csv``).
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        ``team, seed`` plus ``replaced`` (seeds that failed the check, with why) and,
        when data were written, ``folders``.
    """
    from tqdm.auto import tqdm

    from tierlab._validation import check_choice

    for c in cases:
        check_choice(c, "cases", ("pharma", "retail"))
    n_teams = check_int(n_teams, "teams", minimum=1, maximum=_HIGH - _LOW - 1)
    master = seed if seed is not None else seed_from(check_random_state(None))
    # a longer draw from the same master seed: the spares replace seeds that fail
    seeds = team_seeds(n_teams, master)
    spares = [s for s in team_seeds(min(_HIGH - _LOW - 1, n_teams + max(20, n_teams)), master)
              if s not in seeds]
    width = max(2, len(str(n_teams)))
    names = [f"team{i:0{width}d}" for i in range(1, n_teams + 1)]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    replaced, keys = [], []
    if key:
        (out / "trainer").mkdir(exist_ok=True)
        for i in tqdm(range(n_teams), desc=tr("checking seeds", "检查种子"), unit=tr("team", "组"),
                      disable=not progress):
            why = []
            while True:
                try:
                    k = team_key(seeds[i], cases)
                    break
                except SeedCheckError as exc:
                    why.append(f"{seeds[i]}: {exc}")
                    if len(why) >= 3 and len({w.split(": ", 1)[1] for w in why[-3:]}) == 1:
                        raise SeedCheckError(
                            f"the same failure on {len(why)} seeds in a row (a problem of the "
                            f"course code or installation, not of the seeds): {exc}") from exc
                    if not spares:
                        raise SeedCheckError("no working seed left; last: " + why[-1]) from exc
                    seeds[i] = spares.pop(0)
            replaced.append("; ".join(why))
            keys.append(k)
            (out / "trainer" / f"{names[i]}.md").write_text(
                _key_markdown(names[i], seeds[i], k), encoding="utf-8")
        rows = []
        for team, s, k in zip(names, seeds, keys, strict=True):
            for case, parts in k.items():
                for r in parts["answers"].itertuples(index=False):
                    rows.append({"team": team, "seed": s, "case": case, "what": "answer",
                                 "item": f"{r.exercise}:{r.question}", "value": r.answer})
                for r in parts["tiers"].itertuples(index=False):
                    rows.append({"team": team, "seed": s, "case": case, "what": "tier size",
                                 "item": f"{r.tiering}: {r.tier}", "value": r.customers})
                for r in parts["plans"].itertuples(index=False):
                    rows.append({"team": team, "seed": s, "case": case,
                                 "what": "plan share of optimum", "item": r.plan,
                                 "value": round(float(r.share_of_optimum), 4)})
        pd.DataFrame(rows).to_csv(out / "trainer" / "key.csv", index=False,
                                  encoding="utf-8-sig")
    teams = pd.DataFrame({"team": names, "seed": seeds})
    if key:
        teams["replaced"] = replaced
    if data:
        folders = []
        for team, s in tqdm(list(zip(teams["team"], teams["seed"], strict=True)),
                            desc=tr("team data", "各组数据"), unit=tr("team", "组"),
                            disable=not progress):
            written = _write_team_data(out / team, int(s), tuple(cases), tuple(locales))
            folders.append(";".join(str(Path(p).relative_to(out)) for p in written))
        teams["folders"] = folders
    teams.to_csv(out / "teams.csv", index=False)
    (out / "teams.md").write_text(_handout(teams, master, cases), encoding="utf-8")
    return teams


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``workshop`` options to ``parser``."""
    parser.add_argument("--teams", type=int, required=True,
                        help=tr("number of teams", "小组数"))
    parser.add_argument("--seed", type=int, default=None,
                        help=tr("master seed (same seed, same team seeds; default: random)",
                                "总种子（总种子相同，各组种子就相同；默认：随机）"))
    parser.add_argument("--out", default="workshop",
                        help=tr("output folder (default: workshop)", "输出文件夹（默认：workshop）"))
    parser.add_argument("--case", choices=["pharma", "retail", "both"], default="both",
                        help=tr("worlds to write per team (default: both)",
                                "每组写出哪个案例的数据（默认：两者）"))
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="en_US",
                        help=tr("names and places (default: en_US)",
                                "姓名和地名的语言（默认：en_US；中文团队用 zh_CN）"))
    parser.add_argument("--no-data", action="store_true",
                        help=tr("only write teams.csv / teams.md (teams draw their world "
                                "from the seed)",
                                "只写 teams.csv / teams.md（各组用种子自己生成数据）"))
    parser.add_argument("--no-key", action="store_true",
                        help=tr("skip the seed check and the trainer's key (faster)",
                                "跳过种子检查和讲师答案（更快）"))
    parser.add_argument("--quiet", action="store_true", help=tr("no progress bar", "不显示进度条"))


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab workshop``; 0 on success, 2 on bad arguments."""
    cases = ("pharma", "retail") if args.case == "both" else (args.case,)
    locales = ("en_US", "zh_CN") if args.locale == "both" else (args.locale,)
    try:
        teams = workshop(args.teams, seed=args.seed, out=args.out, cases=cases,
                         locales=locales, data=not args.no_data, key=not args.no_key,
                         progress=not args.quiet)
    except (TypeError, ValueError, SeedCheckError) as exc:
        print(tr(f"tierlab workshop: {exc}", f"tierlab workshop：{exc}"), file=sys.stderr)
        return 2
    print(teams.to_string(index=False))
    csv, md = Path(args.out) / "teams.csv", Path(args.out) / "teams.md"
    print(tr(f"wrote {csv} and {md}", f"已写入 {csv} 和 {md}"))
    if not args.no_key:
        key = Path(args.out) / "trainer"
        print(tr(f"trainer's key (do not hand out): {key}", f"讲师答案（不要发给学员）：{key}"))
    return 0
