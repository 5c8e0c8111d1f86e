"""The Chinese edition of the course, built from the English notebooks and one catalog each.

The English notebooks (``notebooks/*.ipynb``, ``solutions/*.ipynb``) stay the only
source of code and cell structure. The Chinese text lives in one translation
catalog per notebook, ``i18n/zh/<folder>/<name>.yml``, keyed by cell id::

    cells:
      2722ea2a:                 # the cell's id in the English notebook
        en_hash: 9c1f0e2a7b3d   # hash of the English text this translates
        en: |                   # that English text (for review and diffs)
          # 01 · Current state ...
        zh: |                   # the Chinese cell (markdown cells: the whole cell)
          # 01 · 现状分析 ...
        todo: new cell          # optional: present while the translation needs work
      51ef84d0:                 # code cells need no entry; one may add replacements
        en_hash: 0d4e...
        en: ...
        replace:
        - ["# Setup — run this cell first", "# 设置：请先运行这个单元格"]

:func:`build` writes ``notebooks/zh/``, ``solutions/zh/`` and ``exercises/zh/``
(the last from ``solutions/zh/`` exactly as ``exercises/`` comes from
``solutions/``). Markdown cells take their ``zh`` text; code cells are copied
with ``LOCALE = "en_US"`` set to ``"zh_CN"`` and the entry's replacements
applied. Notebooks listed in ``i18n/zh/pending.txt`` are not translated yet and
have no Chinese edition; :func:`status` names them.

Command line (``tierlab build-editions``, ``tierlab translations``)::

    tierlab translations status        # missing, stale and to-do cells per notebook
    tierlab translations extract       # add new/changed English cells as `todo` entries
    tierlab build-editions             # write notebooks/zh, solutions/zh, exercises/zh
    tierlab build-editions --check     # exit 1 when a zh notebook is not what the build makes
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tierlab._nbsync import SyncReport, notebooks_in, put

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "LANG",
    "SOURCES",
    "Problem",
    "EditionReport",
    "en_hash",
    "catalog_path",
    "load_catalog",
    "save_catalog",
    "pending",
    "translate_notebook",
    "build",
    "status",
    "extract",
    "configure_build",
    "run_build",
    "configure_translations",
    "run_translations",
]

LANG = "zh"
LOCALE = "zh_CN"
SOURCES = ("notebooks", "solutions")
_LOCALE_RE = re.compile(r'^(\s*LOCALE\s*=\s*)"en_US"', re.MULTILINE)
_BUILD_CMD = "tierlab build-editions"
_EXTRACT_CMD = "tierlab translations extract"


def en_hash(text: str) -> str:
    """Short hash (12 hex digits) of an English cell's source text.

    Examples
    --------
    >>> en_hash("# Title")
    '79aeaf7ba450'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _root(root) -> Path:
    return Path(root) if root is not None else Path(__file__).resolve().parents[1]


def catalog_path(root: str | Path | None, folder: str, name: str, lang: str = LANG) -> Path:
    """``<root>/i18n/<lang>/<folder>/<stem>.yml`` for notebook ``<folder>/<name>``."""
    return _root(root) / "i18n" / lang / folder / (Path(name).stem + ".yml")


# ----------------------------------------------------------------------------- catalogs
def _yaml():
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper, data):
        if "\n" in data:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return dumper.represent_scalar("tag:yaml.org,2002:str", data)

    _Dumper.add_representer(str, _str)
    return yaml, _Dumper


def load_catalog(path: str | Path) -> dict:
    """The catalog at ``path`` as ``{"source": ..., "cells": {id: entry}}`` (empty if absent).

    Raises
    ------
    ValueError
        When the file is not a catalog (names the file and what is wrong).
    """
    path = Path(path)
    if not path.exists():
        return {"cells": {}}
    yaml, _ = _yaml()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from None
    cells = data.get("cells") or {}
    if not isinstance(cells, dict):
        raise ValueError(f"{path}: `cells` must map cell ids to entries, got "
                         f"{type(cells).__name__}.")
    for cid, entry in cells.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: cell {cid}: expected a mapping with en_hash/zh, got "
                             f"{type(entry).__name__}.")
        for pair in entry.get("replace") or []:
            if not (isinstance(pair, list) and len(pair) == 2
                    and all(isinstance(s, str) for s in pair)):
                raise ValueError(f"{path}: cell {cid}: each `replace` item must be "
                                 f"[english, chinese], got {pair!r}.")
    data["cells"] = {str(k): v for k, v in cells.items()}
    return data


def save_catalog(path: str | Path, catalog: dict) -> None:
    """Write ``catalog`` to ``path`` as readable YAML (block text, cells in notebook order)."""
    yaml, dumper = _yaml()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = ("# Chinese text for {src}. Edit `zh` (and `replace` for code cells); delete a\n"
            "# `todo` line once its translation is done. Then: tierlab build-editions\n"
            ).format(src=catalog.get("source", "the English notebook"))
    body = yaml.dump(catalog, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(head + body, encoding="utf-8")


def pending(root: str | Path | None = None, lang: str = LANG) -> list[str]:
    """Notebooks (``folder/name.ipynb``) listed in ``i18n/<lang>/pending.txt``: not translated yet."""
    path = _root(root) / "i18n" / lang / "pending.txt"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


# ----------------------------------------------------------------------------- translate
@dataclass
class Problem:
    """One cell whose translation needs work."""

    notebook: str
    cell: str
    kind: str  # missing | stale | todo | unmatched | orphan
    detail: str = ""

    def __str__(self) -> str:
        what = {
            "missing": "no Chinese text yet",
            "stale": "the English cell changed since it was translated",
            "todo": "marked todo in the catalog",
            "unmatched": "a `replace` text is not in the English code any more",
            "orphan": "the catalog has an entry for a cell the notebook no longer has",
        }[self.kind]
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.notebook} cell {self.cell}: {what}{extra}"


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def translate_notebook(nb: nbformat.NotebookNode, catalog: dict, *, name: str = "notebook",
                       source: str = "") -> tuple[nbformat.NotebookNode, list[str]]:
    """Return ``(zh_notebook, problems)`` for English notebook ``nb`` and its ``catalog``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The English notebook (not modified).
    catalog : dict
        As returned by :func:`load_catalog`.
    name : str
        Used in the problems (``"notebooks/01_current_state_retail.ipynb"``).
    source : str
        Recorded in the Chinese notebook's metadata.
    """
    cells = catalog.get("cells", {})
    out = copy.deepcopy(nb)
    problems: list[Problem] = []
    seen = set()
    for cell in out.cells:
        cid = cell.get("id")
        if cid is None:
            raise ValueError(f"{name}: a cell has no id; save the notebook with nbformat>=4.5.")
        seen.add(cid)
        en = _source(cell)
        entry = cells.get(cid)
        if entry is not None and entry.get("en_hash") != en_hash(en):
            problems.append(Problem(name, cid, "stale"))
        elif entry is not None and entry.get("todo"):
            problems.append(Problem(name, cid, "todo", str(entry["todo"]).strip()))
        if cell.cell_type == "markdown":
            zh = (entry or {}).get("zh")
            if not zh:
                if entry is None or not entry.get("todo"):
                    problems.append(Problem(name, cid, "missing"))
                continue
            cell.source = zh.rstrip("\n")
        elif cell.cell_type == "code":
            code = _LOCALE_RE.sub(rf'\1"{LOCALE}"', en)
            for old, new in (entry or {}).get("replace") or []:
                if old not in code:
                    problems.append(Problem(name, cid, "unmatched", repr(old)))
                    continue
                code = code.replace(old, new)
            cell.source = code
            cell.outputs = []
            cell.execution_count = None
    for cid in cells:
        if cid not in seen:
            problems.append(Problem(name, cid, "orphan"))
    out.metadata.pop("widgets", None)
    out.metadata["tierlab"] = {
        "edition": LANG,
        "generated_from": source or name,
        "edit": f"edit the English notebook or its catalog, then run `{_BUILD_CMD}`",
    }
    return out, problems


# ----------------------------------------------------------------------------- build
@dataclass
class EditionReport(SyncReport):
    """What :func:`build` did (or, with ``check=True``, would do).

    Besides the notebooks written, unchanged, stale, missing and orphaned, it
    lists the translation ``problems``, the ``pending`` notebooks and, per
    notebook, the translated and total markdown cells (``counts``).
    """

    problems: list[Problem] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def build(root: str | Path | None = None, *, check: bool = False) -> EditionReport:
    """Build the Chinese edition (or only compare it, ``check=True``).

    Writes ``notebooks/zh/`` and ``solutions/zh/`` from the English notebooks and
    their catalogs, then ``exercises/zh/`` from ``solutions/zh/``. The report's
    ``problems`` list the cells whose translation is missing, stale or marked todo.
    """
    import nbformat

    from tierlab.exercises._build import build_notebook

    root = _root(root)
    report = EditionReport(pending=pending(root))
    skip = set(report.pending)
    expected: dict[str, set] = {"notebooks": set(), "solutions": set(), "exercises": set()}
    for folder in SOURCES:
        for path in notebooks_in(root / folder):
            rel = f"{folder}/{path.name}"
            if rel in skip:
                continue
            nb = nbformat.read(path, as_version=4)
            catalog = load_catalog(catalog_path(root, folder, path.name))
            zh, problems = translate_notebook(nb, catalog, name=rel, source=rel)
            report.problems.extend(problems)
            n_md = sum(c.cell_type == "markdown" for c in nb.cells)
            bad = {p.cell for p in problems if p.kind in ("missing", "stale", "todo")}
            report.counts[rel] = (n_md - len(bad & {c.id for c in nb.cells
                                                    if c.cell_type == "markdown"}), n_md)
            text = nbformat.writes(zh) + "\n"
            expected[folder].add(path.name)
            put(report, root / folder / LANG / path.name, f"{folder}/{LANG}/{path.name}",
                 text, check)
            if folder == "solutions":
                ex = build_notebook(zh, source_name=f"solutions/{LANG}/{path.name}")
                ex.metadata["tierlab"] = {
                    "edition": LANG, "generated_from": f"solutions/{LANG}/{path.name}",
                    "edit": f"edit solutions/{path.name} or its catalog, then run "
                            f"`{_BUILD_CMD}`"}
                expected["exercises"].add(path.name)
                put(report, root / "exercises" / LANG / path.name,
                     f"exercises/{LANG}/{path.name}", nbformat.writes(ex) + "\n", check)
    for folder, names in expected.items():
        target = root / folder / LANG
        if target.is_dir():
            report.orphans += [f"{folder}/{LANG}/{p.name}" for p in notebooks_in(target)
                               if p.name not in names]
    return report


def status(root: str | Path | None = None) -> EditionReport:
    """The translation state of every notebook: :func:`build` with ``check=True``."""
    return build(root, check=True)


def extract(root: str | Path | None = None, names: list[str] | None = None) -> dict[str, list[str]]:
    """Add a ``todo`` entry for every new or changed English cell to the catalogs.

    New markdown cells get ``en``, ``en_hash`` and ``zh: ''``; changed cells (markdown or
    code with an entry) get the new ``en``/``en_hash`` and keep their old ``zh`` and
    ``replace`` to edit; entries of cells the notebook no longer has are removed.
    Pending notebooks are skipped.

    Parameters
    ----------
    names : list of str, optional
        Only these notebooks (``"notebooks/01_current_state_retail.ipynb"`` or a bare
        file name); default all.

    Returns
    -------
    dict
        ``{notebook: [what changed, ...]}`` for the catalogs that were written.
    """
    import nbformat

    root = _root(root)
    skip = set(pending(root))
    done: dict[str, list[str]] = {}
    for folder in SOURCES:
        for path in notebooks_in(root / folder):
            rel = f"{folder}/{path.name}"
            if rel in skip or (names and rel not in names and path.name not in names):
                continue
            nb = nbformat.read(path, as_version=4)
            cpath = catalog_path(root, folder, path.name)
            catalog = load_catalog(cpath)
            old = catalog.get("cells", {})
            new: dict[str, dict] = {}
            changes = []
            for cell in nb.cells:
                en = _source(cell)
                entry = old.get(cell.id)
                if entry is None:
                    if cell.cell_type != "markdown" or not en.strip():
                        continue
                    entry = {"en_hash": en_hash(en), "en": en, "zh": "", "todo": "new cell"}
                    changes.append(f"{cell.id}: new cell")
                elif entry.get("en_hash") != en_hash(en):
                    entry = dict(entry)
                    before = entry.get("en", "")
                    entry.update(en_hash=en_hash(en), en=en)
                    entry["todo"] = "English changed; it was:\n" + before if before else \
                        "English changed"
                    changes.append(f"{cell.id}: English changed")
                new[cell.id] = entry
            for cid in old:
                if cid not in new:
                    changes.append(f"{cid}: removed (no such cell any more)")
            if changes or not cpath.exists():
                save_catalog(cpath, {"source": rel, "cells": new})
                done[rel] = changes
    return done


# ----------------------------------------------------------------------------- commands
def configure_build(parser: argparse.ArgumentParser) -> None:
    """Options of ``tierlab build-editions``."""
    parser.add_argument("--root", default=".", help="the course folder (default: .)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a Chinese notebook is out of sync or a "
                             "translation is missing or stale")


def _print_problems(problems: list[Problem], file) -> None:
    for p in problems:
        print(f"  {p}", file=file)


def _no_course(root, command: str) -> bool:
    if any((Path(root) / folder).is_dir() for folder in SOURCES):
        return False
    print(f"tierlab {command}: {Path(root).resolve()} has no notebooks/ or solutions/ folder; "
          "run it in the course folder or pass --root.", file=sys.stderr)
    return True


def run_build(args: argparse.Namespace) -> int:
    """Run ``tierlab build-editions``; 0 = done / in sync, 1 = out of sync or stale, 2 = no course."""
    if _no_course(args.root, "build-editions"):
        return 2
    report = build(args.root, check=args.check)
    if args.check:
        bad = report.out_of_sync
        if bad:
            print(f"Chinese notebooks out of sync (run `{_BUILD_CMD}`):", file=sys.stderr)
            for rel in bad:
                print(f"  {rel}", file=sys.stderr)
        if report.problems:
            print(f"translations that need work (run `{_EXTRACT_CMD}`, edit the catalogs "
                  f"in i18n/{LANG}/, then `{_BUILD_CMD}`):", file=sys.stderr)
            _print_problems(report.problems, sys.stderr)
        if bad or report.problems:
            return 1
        print(f"{len(report.unchanged)} Chinese notebook(s) in sync.")
        return 0
    for rel in report.written:
        print(f"wrote {rel}")
    print(f"{len(report.written)} written, {len(report.unchanged)} unchanged.")
    for rel in report.orphans:
        print(f"note: {rel} has no English source (or is pending); delete it", file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} cell(s) still need translation work; see "
              f"`tierlab translations status`.", file=sys.stderr)
    return 0


def configure_translations(parser: argparse.ArgumentParser) -> None:
    """Options of ``tierlab translations``."""
    parser.add_argument("action", choices=["status", "extract"],
                        help="status: list missing/stale/todo cells; extract: add new and "
                             "changed English cells to the catalogs as todo entries")
    parser.add_argument("notebooks", nargs="*",
                        help="extract only these notebooks (e.g. notebooks/03_strategy_retail"
                             ".ipynb); default all")
    parser.add_argument("--root", default=".", help="the course folder (default: .)")


def run_translations(args: argparse.Namespace) -> int:
    """Run ``tierlab translations status|extract``; status exits 1 when work is left."""
    if _no_course(args.root, "translations"):
        return 2
    if args.action == "extract":
        done = extract(args.root, args.notebooks or None)
        for rel, changes in done.items():
            print(f"{catalog_path(args.root, *rel.split('/'))}:")
            for c in changes or ["created"]:
                print(f"  {c}")
        if not done:
            print("all catalogs are up to date with the English notebooks.")
        else:
            print("now translate the `todo` entries, delete their `todo` lines, then run "
                  f"`{_BUILD_CMD}`.")
        return 0
    report = status(args.root)
    by_nb: dict[str, list[Problem]] = {}
    for p in report.problems:
        by_nb.setdefault(p.notebook, []).append(p)
    for rel, (done_md, n_md) in sorted(report.counts.items()):
        probs = by_nb.get(rel, [])
        mark = "ok " if not probs else "!! "
        print(f"{mark}{rel}: {done_md}/{n_md} markdown cells translated"
              + (f", {len(probs)} problem(s)" if probs else ""))
        _print_problems(probs, sys.stdout)
    for rel in report.pending:
        print(f"-- {rel}: pending (listed in i18n/{LANG}/pending.txt, no Chinese edition yet)")
    for rel in report.out_of_sync:
        print(f"!! {rel}: not what the build makes; run `{_BUILD_CMD}`")
    if report.problems:
        print(f"\nnext: `{_EXTRACT_CMD}`, translate the todo entries in i18n/{LANG}/, "
              f"then `{_BUILD_CMD}`.")
    return 1 if report.problems or report.out_of_sync else 0
