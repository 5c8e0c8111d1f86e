"""``tierlab build-exercises``: make ``exercises/*.ipynb`` from ``solutions/*.ipynb``.

The solution notebook is the only source; the exercise is derived from it:

- every code line ending in ``# SOLUTION`` is a solution line. A run of
  consecutive solution lines (blank lines inside a run belong to it) is
  replaced, at the run's indentation, by ``name = ____`` for each plain name
  the run assigns at that indentation (``a, b = ...`` gives ``a, b = ____, ____``),
  or by ``# YOUR CODE HERE`` (``pass  # YOUR CODE HERE`` inside a block) when it
  assigns none. Continuation lines of a multi-line statement must carry the
  marker too;
- cells tagged ``solution`` (markdown or code) are dropped;
- outputs are cleared and execution counts set to None.

``--check`` builds in memory and exits with status 1, listing the notebooks
whose ``exercises/`` copy is missing, stale or has no source.

Examples
--------
>>> strip_solution("t = abc_table(sales)  # SOLUTION\\nq1.check(t)")
't = ____\\nq1.check(t)'
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tierlab._nbsync import SyncReport, notebooks_in, put

if TYPE_CHECKING:  # nbformat is loaded on first use only
    import nbformat

__all__ = [
    "MARKER",
    "SOLUTION_TAG",
    "strip_solution",
    "build_notebook",
    "build_text",
    "build",
    "out_of_sync",
    "BuildReport",
    "configure",
    "run",
]

MARKER = "# SOLUTION"
SOLUTION_TAG = "solution"

_MARK_RE = re.compile(r"\s*#\s*SOLUTION\s*$", re.IGNORECASE)
_ASSIGN_RE = re.compile(
    r"^(?P<targets>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*,?\s*(?::[^=]+)?=(?!=)")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _targets(line: str) -> str | None:
    """``"a, b"`` for ``a, b = ...``; None when the line is not a plain assignment."""
    m = _ASSIGN_RE.match(line.strip())
    if not m:
        return None
    names = [n.strip() for n in m["targets"].split(",")]
    return ", ".join(names)


def _replacement(run: list[str]) -> list[str]:
    code = [ln for ln in run if ln.strip()]
    base = min(len(_indent(ln)) for ln in code)
    indent = " " * base
    seen: dict[str, None] = {}
    for ln in code:
        if len(_indent(ln)) == base:
            t = _targets(ln)
            if t:
                seen.setdefault(t, None)
    if not seen:
        return [indent + ("pass  # YOUR CODE HERE" if base else "# YOUR CODE HERE")]
    return [f"{indent}{t} = {', '.join(['____'] * (t.count(',') + 1))}" for t in seen]


def strip_solution(source: str) -> str:
    """Replace the ``# SOLUTION`` lines of one code cell; see the module docstring."""
    lines = source.split("\n")
    marked = [bool(_MARK_RE.search(ln)) for ln in lines]
    if not any(marked):
        return source
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not marked[i]:
            out.append(lines[i])
            i += 1
            continue
        run, j = [], i
        while j < len(lines):
            if marked[j]:
                run.append(_MARK_RE.sub("", lines[j]))
                j += 1
            elif not lines[j].strip():
                k = j
                while k < len(lines) and not lines[k].strip():
                    k += 1
                if k < len(lines) and marked[k]:
                    run.extend(lines[j:k])
                    j = k
                else:
                    break
            else:
                break
        out.extend(_replacement(run))
        i = j
    return "\n".join(out)


def _syntax_problem(source: str) -> str | None:
    code = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln
                     for ln in source.split("\n"))
    try:
        ast.parse(code)
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}"
    return None


def build_notebook(nb: nbformat.NotebookNode, *, source_name: str | None = None,
                   warnings: list | None = None) -> nbformat.NotebookNode:
    """Return the exercise version of solution notebook ``nb`` (a NotebookNode copy).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The solution notebook (not modified).
    source_name : str, optional
        Recorded in the exercise's metadata (``metadata.tierlab.generated_from``).
    warnings : list, optional
        Receives a message for each built code cell that no longer parses
        (a sign of a marker on only part of a statement).
    """
    out = copy.deepcopy(nb)
    cells = []
    for idx, cell in enumerate(out.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags:
            continue
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            before = cell.source
            cell.source = strip_solution(before)
            cell.outputs = []
            cell.execution_count = None
            if warnings is not None and cell.source != before:
                problem = _syntax_problem(cell.source)
                if problem:
                    warnings.append(f"{source_name or 'notebook'} cell {idx + 1}: the exercise "
                                    f"cell does not parse ({problem}); mark every line of "
                                    f"the solution statement with {MARKER}.")
        cells.append(cell)
    out.cells = cells
    out.metadata.pop("widgets", None)
    if source_name:
        out.metadata["tierlab"] = {"generated_from": source_name,
                                   "edit": "edit the solution notebook, then run "
                                           "`tierlab build-exercises`"}
    return out


def build_text(solution_path: str | Path, *, warnings: list | None = None) -> str:
    """The exercise notebook built from ``solution_path``, as the text to write."""
    import nbformat

    path = Path(solution_path)
    nb = nbformat.read(path, as_version=4)
    built = build_notebook(nb, source_name=f"{path.parent.name}/{path.name}",
                           warnings=warnings)
    return nbformat.writes(built) + "\n"


@dataclass
class BuildReport(SyncReport):
    """What :func:`build` did (or, with ``check=True``, would do), with the build's warnings."""

    warnings: list[str] = field(default_factory=list)


def build(solutions: str | Path = "solutions", exercises: str | Path = "exercises", *,
          check: bool = False) -> BuildReport:
    """Build every ``solutions/*.ipynb`` into ``exercises/`` (or only compare, ``check=True``).

    Parameters
    ----------
    solutions, exercises : path-like
        Source and target folders (only ``*.ipynb`` directly inside are used).
    check : bool
        Write nothing; report the exercise notebooks that are out of sync.

    Returns
    -------
    BuildReport
    """
    src, dst = Path(solutions), Path(exercises)
    if not src.is_dir():
        raise FileNotFoundError(f"solutions={str(src)!r} is not a folder.")
    report = BuildReport()
    names = set()
    for sol in notebooks_in(src):
        names.add(sol.name)
        text = build_text(sol, warnings=report.warnings)
        put(report, dst / sol.name, sol.name, text, check)
    if dst.is_dir():
        report.orphans = [p.name for p in notebooks_in(dst) if p.name not in names]
    return report


def out_of_sync(solutions: str | Path = "solutions",
                exercises: str | Path = "exercises") -> list[str]:
    """Names of exercise notebooks that differ from what the build would write.

    This is the helper the test suite uses (``tests/test_exercises_sync.py``).
    """
    return build(solutions, exercises, check=True).out_of_sync


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``build-exercises`` options to ``parser``."""
    parser.add_argument("--solutions", default="solutions",
                        help="folder of solution notebooks (the source; default: solutions)")
    parser.add_argument("--exercises", default="exercises",
                        help="folder to write the exercise notebooks to (default: exercises)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any exercise notebook is out of sync")


def run(args: argparse.Namespace) -> int:
    """Run ``tierlab build-exercises``; 0 = done / in sync, 1 = out of sync, 2 = bad folder."""
    try:
        report = build(args.solutions, args.exercises, check=args.check)
    except FileNotFoundError as exc:
        print(f"tierlab build-exercises: {exc}", file=sys.stderr)
        return 2
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.check:
        if report.out_of_sync:
            print("exercise notebooks out of sync with their solutions "
                  "(run `tierlab build-exercises`):", file=sys.stderr)
            for name in report.stale:
                print(f"  {name}: differs from the build of {args.solutions}/{name}",
                      file=sys.stderr)
            for name in report.missing:
                print(f"  {name}: missing from {args.exercises}/", file=sys.stderr)
            for name in report.orphans:
                print(f"  {name}: has no source in {args.solutions}/", file=sys.stderr)
            return 1
        print(f"{len(report.unchanged)} exercise notebook(s) in sync.")
        return 0
    for name in report.written:
        print(f"wrote {args.exercises}/{name}")
    print(f"{len(report.written)} written, {len(report.unchanged)} unchanged.")
    for name in report.orphans:
        print(f"note: {args.exercises}/{name} has no source in {args.solutions}/",
              file=sys.stderr)
    return 0
