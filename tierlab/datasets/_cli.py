"""``tierlab data``: regenerate the worlds, e.g. one per workshop team."""

from __future__ import annotations

from pathlib import Path

__all__ = ["configure", "run", "generate"]


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

    from tierlab.datasets._load import DEFAULT_SEED, snapshot_name
    from tierlab.datasets._pharma import make_pharma
    from tierlab.datasets._retail import make_retail
    from tierlab.datasets._world import save_world

    seed = DEFAULT_SEED if seed is None else seed
    jobs = [(c, loc) for c in cases for loc in locales]
    written = []
    with tqdm(total=len(jobs) * 2, desc="worlds", unit="step", disable=not progress) as bar:
        for case, locale in jobs:
            bar.set_postfix_str(f"{case} {locale}: drawing")
            if case == "pharma":
                world = make_pharma(n_doctors=n_doctors, random_state=seed, locale=locale)
            else:
                world = make_retail(n_members=n_members, random_state=seed, locale=locale)
            bar.update()
            bar.set_postfix_str(f"{case} {locale}: writing")
            written.append(save_world(world, Path(out) / snapshot_name(case, locale)))
            bar.update()
    return written


def run(args) -> int:
    cases = ("pharma", "retail") if args.case == "both" else (args.case,)
    locales = ("en_US", "zh_CN") if args.locale == "both" else (args.locale,)
    for folder in generate(args.out, seed=args.seed, cases=cases, locales=locales,
                           n_doctors=args.doctors, n_members=args.members,
                           progress=not args.quiet):
        print(f"wrote {folder}")
    return 0
