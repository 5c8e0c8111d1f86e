"""Slide structure for the course notebooks: ``tierlab slides``.

A notebook presents well when its cells carry slide metadata (JupyterLab's
property inspector, RISE and ``jupyter nbconvert --to slides`` read
``metadata.slideshow.slide_type``) and the cells a trainer does not want on the
projector are marked. The metadata is *derived* from the notebook's own text,
so the tool can be re-run after any edit and a test can check that every
notebook carries what the tool would produce (:func:`slide_problems`).

The rules (:func:`slide_plan`):

- the title cell (``# ...``) and every ``## ...`` section start a **slide**;
- a ``### ...`` heading starts a **sub-slide**, and so does a cell that would
  overfill the current (sub-)slide (an estimate of the cell's height on a
  1024 x 768 projector, with its figure, table or widget);
- "What to notice" paragraphs and "💬 Discussion" prompts are **fragments**
  (they appear on the next click, after the figure they talk about);
- the setup cell (``# Setup ...``) and a ``## Setup`` heading are **skip**:
  they run but are not shown;
- the setup cell and the cells that only draw a figure (matplotlib / seaborn /
  ``tl.plotting`` plumbing) get the cell tag ``hide-input``: handouts
  (``tierlab handout``) and a presenting copy (``--collapse``) show their
  output without the code. Other tags are left alone.

Examples
--------
>>> tierlab slides --apply notebooks/           # doctest: +SKIP
>>> tierlab slides --check notebooks/           # doctest: +SKIP
>>> tierlab slides --collapse --out talk/ notebooks/01_current_state_pharma.ipynb  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat

__all__ = [
    "HIDE_INPUT",
    "TOOL_TAGS",
    "apply_slides",
    "notebook_paths",
    "slide_plan",
    "slide_problems",
]

HIDE_INPUT = "hide-input"
TOOL_TAGS = frozenset({HIDE_INPUT})  # the tags this tool sets and removes; others are kept
SLIDE_BUDGET = 30  # height units (about text lines) that fit one slide at 1024 x 768
_WRAP = 100  # characters per projected text line
_FIGURE_UNITS, _WIDGET_UNITS, _TABLE_UNITS = 16, 24, 9

_SETUP_RE = re.compile(r"^#\s*setup\b", re.IGNORECASE)
_FRAGMENT_RE = re.compile(r"^(>\s*(\*\*)?💬|\*\*What to notice)", re.IGNORECASE)
_WIDGET_RE = re.compile(r"\bwidgets\.\w+_explorer\(")
# code that only draws: a figure is its output, the code is plumbing
_PLOT_RE = re.compile(
    r"(\bplt\.|\bsns\.|\.plot\(|\.plot\.\w+\(|\bplotting\.(?!tr\b|set_theme)\w+\(|"
    r"\bax\.set|\bfig,\s*axes?\s*=|plot_gap_waterfall\()")


def _first_line(source: str) -> str:
    lines = source.strip().splitlines()
    return lines[0].strip() if lines else ""


def _is_setup(cell) -> bool:
    first = _first_line(cell.source)
    if cell.cell_type == "code":
        return bool(_SETUP_RE.match(first))
    return cell.cell_type == "markdown" and re.match(r"^##\s+setup\s*$", first, re.I) is not None


def _is_plot_plumbing(cell) -> bool:
    return (cell.cell_type == "code" and not _is_setup(cell)
            and _PLOT_RE.search(cell.source) is not None
            and _WIDGET_RE.search(cell.source) is None)


def _height(cell) -> int:
    """Estimated height of a cell on a slide, in text lines (code, output, markdown)."""
    lines = cell.source.splitlines() or [""]
    text = sum(1 + len(ln) // _WRAP for ln in lines)
    if cell.cell_type != "code":
        return text
    if _WIDGET_RE.search(cell.source):
        return text + _WIDGET_UNITS
    if _is_plot_plumbing(cell):
        return _FIGURE_UNITS  # shown without its code
    return text + _TABLE_UNITS


def slide_plan(nb: nbformat.NotebookNode) -> list[tuple[str, frozenset]]:
    """The slide type and the tool's tags for every cell of a notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (version 4).

    Returns
    -------
    list of (str, frozenset)
        Per cell: ``slide_type`` (``"slide"``, ``"subslide"``, ``"fragment"``,
        ``"-"`` or ``"skip"``) and the subset of :data:`TOOL_TAGS` it carries.
    """
    if not hasattr(nb, "cells"):
        raise TypeError(f"nb must be a notebook (nbformat.NotebookNode), got "
                        f"{type(nb).__name__}.")
    plan = []
    used = 0  # height of the current (sub-)slide so far
    for k, cell in enumerate(nb.cells):
        first = _first_line(cell.source)
        tags = frozenset({HIDE_INPUT}) if (cell.cell_type == "code" and _is_setup(cell)) or \
            _is_plot_plumbing(cell) else frozenset()
        height = _height(cell)
        if _is_setup(cell):
            kind = "skip"
            height = 0
        elif cell.cell_type == "markdown" and (first.startswith("# ") or k == 0
                                               or first.startswith("## ")):
            kind, used = "slide", 0
        elif cell.cell_type == "markdown" and first.startswith("### "):
            kind, used = "subslide", 0
        elif used > 0 and used + height > SLIDE_BUDGET:
            kind, used = "subslide", 0
        elif cell.cell_type == "markdown" and _FRAGMENT_RE.match(first):
            kind = "fragment"
        else:
            kind = "-"
        used += height
        plan.append((kind, tags))
    return plan


def apply_slides(nb: nbformat.NotebookNode, *,
                 collapse: bool = False) -> nbformat.NotebookNode:
    """Write the slide metadata of :func:`slide_plan` into a copy of the notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    collapse : bool, default False
        Also collapse the code of the ``hide-input`` cells in JupyterLab
        (``metadata.jupyter.source_hidden``), for a presenting copy. The
        course notebooks keep their code visible (learners edit the setup cell).

    Returns
    -------
    nbformat.NotebookNode
        The new notebook; ``nb`` is not changed.
    """
    out = copy.deepcopy(nb)
    for cell, (kind, tags) in zip(out.cells, slide_plan(out), strict=True):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
        kept = [t for t in cell.metadata.get("tags", []) if t not in TOOL_TAGS]
        new = kept + sorted(tags)
        if new:
            cell.metadata["tags"] = new
        else:
            cell.metadata.pop("tags", None)
        if collapse and HIDE_INPUT in tags:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    # RISE: long slides scroll instead of being cut at the bottom of the screen
    out.metadata.setdefault("rise", {})["scroll"] = True
    return out


def slide_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Where a notebook's slide metadata differs from what :func:`apply_slides` writes.

    Returns
    -------
    list of str
        One readable line per differing cell (empty when up to date).
    """
    problems = []
    for k, (cell, (kind, tags)) in enumerate(zip(nb.cells, slide_plan(nb), strict=True)):
        have = cell.metadata.get("slideshow", {}).get("slide_type")
        have_tags = frozenset(cell.metadata.get("tags", [])) & TOOL_TAGS
        where = f"cell {k} ({_first_line(cell.source)[:40]!r})"
        if have != kind:
            problems.append(f"{where}: slide_type {have!r}, expected {kind!r}")
        if have_tags != tags:
            problems.append(f"{where}: tags {sorted(have_tags)}, expected {sorted(tags)}")
    if not nb.metadata.get("rise", {}).get("scroll"):
        problems.append("notebook metadata: rise.scroll is not set")
    return problems


def notebook_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the ``.ipynb`` files they name (folders: not recursive).

    Raises
    ------
    FileNotFoundError
        A path that does not exist, or a folder without notebooks.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.glob("*.ipynb") if not q.name.startswith("."))
            if not found:
                raise FileNotFoundError(f"no .ipynb notebooks in folder {str(p)!r}")
            out += found
        elif p.is_file():
            if p.suffix != ".ipynb":
                raise ValueError(f"expected a .ipynb notebook, got {str(p)!r}")
            out.append(p)
        else:
            raise FileNotFoundError(f"notebook or folder {str(p)!r} does not exist")
    return out


# ----------------------------------------------------------------------------- CLI
def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``tierlab slides``."""
    parser.add_argument("paths", nargs="+", metavar="NOTEBOOK_OR_FOLDER")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--apply", action="store_true",
                      help="write the slide metadata into the notebooks (default: check)")
    mode.add_argument("--check", action="store_true",
                      help="report notebooks whose slide metadata is out of date (exit 1)")
    parser.add_argument("--collapse", action="store_true",
                        help="also collapse the code of hide-input cells (a presenting copy; "
                             "needs --out)")
    parser.add_argument("--out", metavar="DIR",
                        help="write the notebooks into DIR instead of in place")


def run(args: argparse.Namespace) -> int:
    """``tierlab slides``: apply or check the slide metadata; exit 1 if a check fails."""
    try:
        paths = notebook_paths(args.paths)
    except (FileNotFoundError, ValueError) as exc:
        print(f"tierlab slides: {exc}", file=sys.stderr)
        return 2
    if args.collapse and not args.out:
        print("tierlab slides: --collapse writes a presenting copy; give --out DIR "
              "(the course notebooks keep their code visible).", file=sys.stderr)
        return 2
    if args.apply or args.out:
        out_dir = Path(args.out) if args.out else None
        if out_dir:
            out_dir.mkdir(parents=True, exist_ok=True)
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            new = apply_slides(nb, collapse=args.collapse)
            target = out_dir / path.name if out_dir else path
            if out_dir or new != nb:
                nbformat.write(new, target)
                print(f"wrote {target}")
            else:
                print(f"up to date: {target}")
        return 0
    failed = 0
    for path in paths:
        problems = slide_problems(nbformat.read(path, as_version=4))
        if problems:
            failed += 1
            print(f"{path}: {len(problems)} difference(s); run `tierlab slides --apply {path}`")
            for line in problems[:10]:
                print(f"  {line}")
    if not failed:
        print(f"slide metadata up to date in {len(paths)} notebook(s)")
    return 1 if failed else 0
