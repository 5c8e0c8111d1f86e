"""``tierlab data``: regenerate the worlds, e.g. one per workshop team."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tierlab import cases as case_registry
from tierlab._validation import check_int
from tierlab.cases._world import World, data_dictionary, save_world
from tierlab.datasets._load import DEFAULT_SEEDS, snapshot_name
from tierlab.i18n import tr

__all__ = ["configure", "run", "generate", "readme_text"]


def readme_text(worlds: Sequence[tuple[str, World]]) -> str:
    """The README of a datasets folder: what is where, and the data dictionary.

    Parameters
    ----------
    worlds : list of (folder name, World)
        The worlds in the folder (row counts are taken from the first of each case).

    Returns
    -------
    str
        Markdown text.
    """
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
    for case in dict.fromkeys(w.case for _, w in worlds):  # each case once, in folder order
        world = next(w for _, w in worlds if w.case == case)
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



def _size(text: str) -> tuple[str | None, int]:
    """``--size 300`` (every case) or ``--size retail=300`` (one case)."""
    case, _, n = text.rpartition("=")
    try:
        return (case or None), int(n)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size takes a number of customers (300) or CASE=NUMBER (retail=300), "
            f"got {text!r}") from None


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``tierlab data`` to ``parser``."""
    names = case_registry.available()
    parser.add_argument("--seed", type=int, default=None,
                        help=tr("random seed (default: the course default, as in datasets/)",
                                "随机种子（默认：课程默认种子，与 datasets/ 相同）"))
    parser.add_argument("--out", default="datasets",
                        help=tr("output folder (default: datasets)", "输出文件夹（默认：datasets）"))
    parser.add_argument("--case", choices=[*names, "both", "all"], default="all",
                        help=tr("which case's worlds to draw (default: all)",
                                "生成哪个案例的数据（默认：全部）"))
    parser.add_argument("--locale", choices=["en_US", "zh_CN", "both"], default="both",
                        help=tr("names and places: English, Chinese or both (default: both)",
                                "姓名和地名：英文、中文或两者（默认：两者）"))
    parser.add_argument("--size", type=_size, action="append", default=[], metavar="[CASE=]N",
                        help=tr("number of customers (doctors, members, ...): N for every case or "
                                "CASE=N for one, repeatable (default: the case's own default)",
                                "客户数（医生、会员……）：N 对所有案例，CASE=N 只对一个案例，"
                                "可重复（默认：案例自己的默认值）"))
    for name in names:  # --doctors, --members, ...: the same per case, named by its customers
        table = case_registry.get(name).customer_table
        parser.add_argument(f"--{table}", type=int, default=None, dest=f"size__{name}",
                            metavar="N", help=tr(f"{name}: number of {table} (= --size {name}=N)",
                                                 f"{name}：{table} 的数量（= --size {name}=N）"))
    parser.add_argument("--quiet", action="store_true", help=tr("no progress bar", "不显示进度条"))


def generate(out: str | Path, *, seed: int | None = None,
             cases: Iterable[str] = ("pharma", "retail"),
             locales: Iterable[str] = ("en_US", "zh_CN"),
             sizes: int | Mapping[str, int] | None = None,
             progress: bool = True) -> list[Path]:
    """Generate and save worlds into ``out/<case>[_zh]``; return the folders written.

    Each case is drawn through its registered :class:`tierlab.cases.Case`
    (``tierlab.cases.get(name).make``), so a new case needs no change here.

    Parameters
    ----------
    out : str or Path
        The output folder (a README with the data dictionary is written there too).
    seed : int, optional
        Random seed of every world; default the case's course seed (``DEFAULT_SEEDS``).
    cases : iterable of str
        Case names (``tierlab.cases.available()``).
    locales : iterable of {"en_US", "zh_CN"}
        One world per case and locale.
    sizes : int or mapping of str -> int, optional
        Number of customers: one number for every case, or ``{case: number}``
        (passed to the case's :meth:`~tierlab.cases.Case.size_keyword`, e.g.
        ``n_doctors``); a case not named keeps its own default size.
    progress : bool
        Show a progress bar.

    Returns
    -------
    list of Path
        The folders written.
    """
    from tqdm.auto import tqdm  # the progress bar is only needed when worlds are drawn

    cases, locales = list(cases), list(locales)
    specs = {c: case_registry.get(c) for c in cases}  # an unknown case is named here
    if sizes is None:
        sizes = {}
    elif not isinstance(sizes, Mapping):
        sizes = dict.fromkeys(cases, sizes)
    unknown = set(sizes) - set(cases)
    if unknown:
        raise ValueError(f"sizes names cases that are not drawn: {sorted(unknown)}; "
                         f"cases are {cases}.")
    if seed is None and (missing := [c for c in cases if c not in DEFAULT_SEEDS]):
        raise ValueError(f"case(s) {missing} have no course seed; pass seed=.")
    jobs = [(c, loc) for c in cases for loc in locales]
    written, worlds = [], []
    with tqdm(total=len(jobs) * 2, desc=tr("worlds", "数据集"), unit=tr("step", "步"),
              disable=not progress) as bar:
        for case, locale in jobs:
            bar.set_postfix_str(f"{case} {locale}: drawing")
            spec = specs[case]
            kwargs = {}
            if case in sizes:
                kwargs[spec.size_keyword()] = check_int(sizes[case], f"sizes[{case!r}]", 1)
            case_seed = DEFAULT_SEEDS[case] if seed is None else seed
            world = spec.make(random_state=case_seed, locale=locale, **kwargs)
            bar.update()
            bar.set_postfix_str(f"{case} {locale}: writing")
            written.append(save_world(world, Path(out) / snapshot_name(case, locale)))
            worlds.append((snapshot_name(case, locale), world))
            bar.update()
    (Path(out) / "README.md").write_text(readme_text(worlds), encoding="utf-8")
    return written


def _sizes(args: argparse.Namespace, cases: Sequence[str]) -> dict[str, int]:
    """``{case: number of customers}`` from ``--size [CASE=]N`` and ``--doctors N`` etc."""
    sizes = {}
    for case, n in args.size:
        for c in (cases if case is None else [case]):
            sizes[c] = n
    for c in cases:
        if (n := getattr(args, f"size__{c}", None)) is not None:
            sizes[c] = n
    return sizes


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab data`` with parsed ``args``; return the exit code."""
    if args.case in ("both", "all"):
        cases = [c for c in DEFAULT_SEEDS if c in case_registry.available()]
    else:
        cases = [args.case]
    locales = ("en_US", "zh_CN") if args.locale == "both" else (args.locale,)
    for folder in generate(args.out, seed=args.seed, cases=cases, locales=locales,
                           sizes=_sizes(args, cases), progress=not args.quiet):
        print(tr(f"wrote {folder}", f"已写入 {folder}"))
    return 0
