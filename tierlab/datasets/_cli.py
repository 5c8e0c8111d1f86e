"""``tierlab data``: regenerate the worlds, e.g. one per workshop team."""

from __future__ import annotations

from pathlib import Path

__all__ = ["configure", "run", "generate", "readme_text"]

def readme_text(worlds) -> str:
    """The README of a datasets folder: what is where, and the data dictionary.

    Parameters
    ----------
    worlds : list of (folder name, World)
        The worlds in the folder (row counts are taken from the first of each case).
    """
    from tierlab.cases._world import data_dictionary

    seeds = sorted({str(w.seed) for _, w in worlds})
    lines = [
        "# datasets: tierlab worlds", "",
        f"Drawn with `random_state={', '.join(seeds)}` by `tierlab data` (the same command",
        "regenerates them, or a team's own worlds with `--seed N --out DIR`). Files are UTF-8",
        "CSV with a BOM, so Excel shows Chinese correctly. Read them offline with",
        "`tierlab.datasets.load_pharma()` / `load_retail()` (`path=` for another folder,",
        "`locale=\"zh_CN\"` for the Chinese-named twins in `*_zh/`).", "",
        "| folder | world | locale |", "|---|---|---|",
        *[f"| `{name}/` | {w.case} | {w.locale} |" for name, w in worlds], "",
        "The **hidden truth** of the generative model (marked *hidden* below) is not in these",
        "folders: a real company never sees it, and neither does a learner browsing the files.",
        "The course draws it again from the seed when the evaluation notebooks (05) reveal it",
        "(`world.hidden[...]`), to score a tiering and a plan against what was really there.", "",
        "## Data dictionary", "",
    ]
    dd = data_dictionary()
    for case in ("pharma", "retail"):
        world = next((w for _, w in worlds if w.case == case), None)
        if world is None:
            continue
        sizes = {**{k: len(v) for k, v in world.tables.items()},
                 **{k: len(v) for k, v in world.hidden.items()}}
        lines += [f"### {case}", ""]
        for table, g in dd[dd.case == case].groupby("table", sort=False):
            head = (f"#### {table} (hidden, {sizes[table]:,} rows; not a file)" if g.hidden.iloc[0]
                    else f"#### `{table}.csv` ({sizes[table]:,} rows)")
            lines += [head, "",
                      "| column | type | description | 说明 |", "|---|---|---|---|"]
            lines += [f"| `{r.column}` | {r.dtype} | {r.description} | {r.description_zh} |"
                      for r in g.itertuples()]
            lines.append("")
    return "\n".join(lines)



def configure(parser) -> None:
    parser.add_argument("--seed", type=int, default=None,
                        help="random seed (default: the course default, as in datasets/)")
    parser.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    parser.add_argument("--case", choices=["pharma", "retail", "both"], default="both")
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="both")
    parser.add_argument("--doctors", type=int, default=600, help="pharma: number of doctors")
    parser.add_argument("--members", type=int, default=3000, help="retail: number of members")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def generate(out, *, seed=None, cases=("pharma", "retail"), locales=("en_US", "zh_CN"),
             n_doctors=600, n_members=3000, progress=True) -> list[Path]:
    """Generate and save worlds into ``out/<case>[_zh]``; return the folders written."""
    from tqdm.auto import tqdm

    from tierlab.cases._world import save_world
    from tierlab.cases.pharma.world import make_pharma
    from tierlab.cases.retail.world import make_retail
    from tierlab.datasets._load import DEFAULT_SEEDS, snapshot_name

    jobs = [(c, loc) for c in cases for loc in locales]
    written, worlds = [], []
    with tqdm(total=len(jobs) * 2, desc="worlds", unit="step", disable=not progress) as bar:
        for case, locale in jobs:
            bar.set_postfix_str(f"{case} {locale}: drawing")
            case_seed = DEFAULT_SEEDS[case] if seed is None else seed
            if case == "pharma":
                world = make_pharma(n_doctors=n_doctors, random_state=case_seed, locale=locale)
            else:
                world = make_retail(n_members=n_members, random_state=case_seed, locale=locale)
            bar.update()
            bar.set_postfix_str(f"{case} {locale}: writing")
            written.append(save_world(world, Path(out) / snapshot_name(case, locale)))
            worlds.append((snapshot_name(case, locale), world))
            bar.update()
    (Path(out) / "README.md").write_text(readme_text(worlds), encoding="utf-8")
    return written


def run(args) -> int:
    cases = ("pharma", "retail") if args.case == "both" else (args.case,)
    locales = ("en_US", "zh_CN") if args.locale == "both" else (args.locale,)
    for folder in generate(args.out, seed=args.seed, cases=cases, locales=locales,
                           n_doctors=args.doctors, n_members=args.members,
                           progress=not args.quiet):
        print(f"wrote {folder}")
    return 0
