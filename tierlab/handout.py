"""Offline HTML handouts of the course notebooks: ``tierlab handout``.

A handout is what a trainee takes home from a session: the notebook's text
(objectives, explanations, "What to notice", discussion prompts, key points),
its figures and its tables, in the course's language, without code and
without anything that needs a network or a running kernel. It is one HTML
file: figures are embedded as images, styles are inline, there is no
JavaScript (interactive explorers are replaced by a one-line note).

The notebook is executed first (in a temporary folder, so files it writes do
not land next to it) unless ``execute=False`` and it already has outputs.
``lang`` and ``seed`` rewrite the ``LOCALE = ...`` and ``SEED = ...`` lines of
its setup cell before it runs, so a trainer can print a team's handout in
Chinese on the team's own world.

Examples
--------
>>> tierlab handout notebooks/01_current_state_pharma.ipynb --out handouts/  # doctest: +SKIP
>>> tierlab handout --all --lang zh_CN --out handouts/zh/                    # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

from tierlab.i18n import LOCALES

__all__ = ["external_references", "handout_notebook", "notebook_locale", "write_handout"]

_LOCALE_RE = re.compile(r"""^(LOCALE\s*=\s*)(["'])([A-Za-z_]+)\2""", re.MULTILINE)
_SEED_RE = re.compile(r"^(SEED\s*=\s*)(None|\d+)", re.MULTILINE)
_ALIASES = {"en": "en_US", "zh": "zh_CN", "en-US": "en_US", "zh-CN": "zh_CN", "cn": "zh_CN"}
# output types a static page cannot show (they need the kernel or JavaScript)
_LIVE_MIME = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json",
              "application/javascript", "application/vnd.plotly.v1+json",
              "application/vnd.bokehjs_exec.v0+json")
_TEXT = {
    "en_US": {"widget": "Interactive explorer: open the notebook in JupyterLab to use it.",
              "footer": "Handout of {name} · made with tierlab · locale {locale}{seed}"},
    "zh_CN": {"widget": "交互式探索工具：请在 JupyterLab 中打开笔记本使用。",
              "footer": "讲义：{name} · tierlab 生成 · 语言 {locale}{seed}"},
}


def _check_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    value = _ALIASES.get(str(lang), str(lang))
    if value not in LOCALES:
        raise ValueError(f"lang must be one of {', '.join(LOCALES)} (or en / zh), got {lang!r}.")
    return value


def notebook_locale(nb: nbformat.NotebookNode) -> str:
    """The locale a notebook's setup sets (``LOCALE = "..."``), ``"en_US"`` if none."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            m = _LOCALE_RE.search(cell.source)
            if m:
                return _check_lang(m.group(3)) or "en_US"
    return "en_US"


def _set_setup(nb, *, lang: str | None, seed: int | None) -> None:
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if lang is not None:
            cell.source = _LOCALE_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{lang}{m.group(2)}",
                                         cell.source)
        if seed is not None:
            cell.source = _SEED_RE.sub(lambda m: f"{m.group(1)}{int(seed)}", cell.source)


def _has_outputs(nb) -> bool:
    return any(c.cell_type == "code" and c.get("outputs") for c in nb.cells)


def _static_outputs(nb, locale: str) -> None:
    """Replace what needs a kernel or JavaScript by static text, in place."""
    note = _TEXT[locale]["widget"]
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if any(m in data for m in _LIVE_MIME) and "application/vnd.jupyter.widget-view+json" \
                    in data:
                outputs.append(nbformat.v4.new_output(
                    "display_data", data={"text/html": f"<p class='tierlab-widget-note'><em>"
                                                        f"{html.escape(note)}</em></p>"}))
                continue
            if data:
                for mime in list(data):
                    if mime in _LIVE_MIME or (mime == "text/html" and "<script" in
                                              "".join(data[mime]).lower()):
                        del data[mime]
                if not data:
                    continue
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                continue  # warnings and progress bars are not for the handout
            outputs.append(out)
        cell.outputs = outputs


def handout_notebook(path: str | Path, *, lang: str | None = None, seed: int | None = None,
                     execute: bool = True, timeout: int = 900) -> nbformat.NotebookNode:
    """Read (and run) a notebook, ready for the handout exporter.

    Parameters
    ----------
    path : str or Path
        The ``.ipynb`` notebook.
    lang : {"en_US", "zh_CN"}, optional
        The locale to run it in (default: the one its setup cell sets).
    seed : int, optional
        A world seed to run it on (default: the one its setup cell sets).
    execute : bool, default True
        Run the notebook. With ``False`` its saved outputs are used (an
        error if it has none).
    timeout : int, default 900
        Seconds one cell may take.

    Returns
    -------
    (nbformat.NotebookNode, str)
        The notebook with static outputs, and its locale.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {str(path)!r} does not exist")
    lang = _check_lang(lang)
    if seed is not None and (isinstance(seed, bool) or int(seed) != seed or seed < 0):
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}.")
    nb = nbformat.read(path, as_version=4)
    _set_setup(nb, lang=lang, seed=seed)
    locale = notebook_locale(nb)
    if execute:
        from nbclient import NotebookClient

        # figures are drawn by the kernel's inline backend: a non-GUI backend set for tests
        # or scripts (MPLBACKEND=Agg) would leave the handout without figures
        saved = os.environ.pop("MPLBACKEND", None)
        try:
            with tempfile.TemporaryDirectory(prefix="tierlab-handout-") as tmp:
                NotebookClient(nb, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": tmp}}).execute()
        finally:
            if saved is not None:
                os.environ["MPLBACKEND"] = saved
    elif not _has_outputs(nb):
        raise ValueError(f"{path.name} has no outputs; run it first or use execute=True.")
    _static_outputs(nb, locale)
    return nb, locale


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _is_remote(value: str) -> bool:
    """An address that loads from a network (``http(s)://``, ``//host``), not a ``data:`` URI."""
    return re.match(r"\s*(https?:)?//", value, re.IGNORECASE) is not None


def external_references(page: str) -> list[str]:
    """The network addresses a page would load (``src``, ``<link href>``, CSS ``url()``, imports).

    Plain ``<a href>`` links in the text are not loads and are not listed.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attr in ("src", "data-src", "srcset", "poster", "data", "action"):
            value = str(tag.get(attr) or "")
            if any(_is_remote(v) for v in value.split(",")):
                found.append(f"<{tag.name} {attr}={value[:80]}>")
        href = str(tag.get("href") or "")
        if tag.name != "a" and _is_remote(href):
            found.append(f"<{tag.name} href={href[:80]}>")
    for style in [s.get_text() for s in soup.find_all("style")] + \
            [t.get("style", "") for t in soup.find_all(style=True)]:
        for url in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""",
                              style):
            found.append(f"css {url}")
    return found


def write_handout(path: str | Path, out_dir: str | Path, *, lang: str | None = None,
                  seed: int | None = None, execute: bool = True, timeout: int = 900) -> Path:
    """Write the offline HTML handout of a notebook; return the file written.

    The file is ``out_dir / <notebook name>.html`` (``.<locale>.html`` when
    ``lang`` is given): the notebook's markdown, figures (embedded images) and
    tables, no code, no JavaScript, no network address to load.

    Parameters
    ----------
    path : str or Path
        The notebook.
    out_dir : str or Path
        Folder for the handout (created if missing).
    lang, seed, execute, timeout
        See :func:`handout_notebook`.

    Returns
    -------
    Path
    """
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    path = Path(path)
    nb, locale = handout_notebook(path, lang=lang, seed=seed, execute=execute, timeout=timeout)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    title = _title(nb, path.stem)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.find_all(["script", "noscript"]):  # no JavaScript: MathJax, require.js ...
        tag.decompose()
    for tag in soup.find_all("link"):
        if _is_remote(str(tag.get("href", ""))):
            tag.decompose()
    # code cells that show nothing (no output) would leave empty boxes
    for cell in soup.select(".jp-CodeCell"):
        if not cell.select(".jp-OutputArea-output"):
            cell.decompose()
    if soup.html is not None:
        soup.html["lang"] = "zh-CN" if locale == "zh_CN" else "en"
    if soup.title is not None:
        soup.title.string = title
    if soup.head is not None:
        style = soup.new_tag("style")
        style.string = (
            "body{max-width:1100px;margin:0 auto;padding:24px}"
            ".jp-Notebook{padding:0}.jp-OutputArea-output img{max-width:100%;height:auto}"
            ".jp-RenderedHTMLCommon table{font-size:13px}"
            ".tierlab-handout-footer{color:#5b6770;font-size:12px;margin-top:32px}"
            "@media print{body{padding:0}.jp-Cell{break-inside:avoid}}")
        soup.head.append(style)
    if soup.body is not None:
        footer = soup.new_tag("p", attrs={"class": "tierlab-handout-footer"})
        footer.string = _TEXT[locale]["footer"].format(
            name=path.name, locale=locale, seed="" if seed is None else f" · seed {seed}")
        soup.body.append(footer)
    page = str(soup)
    leaks = external_references(page)
    if leaks:  # a template change would put a network load back: refuse to write it
        raise RuntimeError(f"the handout of {path.name} would load from the network: "
                           f"{leaks[:5]}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = f".{locale}" if lang is not None else ""
    target = out_dir / f"{path.stem}{suffix}.html"
    target.write_text(page, encoding="utf-8")
    return target


# ----------------------------------------------------------------------------- CLI
def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``tierlab handout``."""
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK")
    parser.add_argument("--all", action="store_true",
                        help="every notebook in notebooks/ (of the current folder)")
    parser.add_argument("--out", default="handouts", metavar="DIR",
                        help="folder for the HTML files (default: handouts)")
    parser.add_argument("--lang", metavar="LOCALE",
                        help="en_US or zh_CN (default: the notebook's LOCALE)")
    parser.add_argument("--seed", type=int, help="run on this world seed (a team's seed)")
    parser.add_argument("--no-execute", action="store_true",
                        help="use the notebooks' saved outputs instead of running them")


def run(args: argparse.Namespace) -> int:
    """``tierlab handout``: write one HTML handout per notebook; exit 1 if one failed."""
    from tierlab.slides import notebook_paths

    paths = list(args.notebooks)
    if args.all:
        paths.append("notebooks")
    if not paths:
        print("tierlab handout: give NOTEBOOK... or --all", file=sys.stderr)
        return 2
    try:
        notebooks = notebook_paths(paths)
        _check_lang(args.lang)
    except (FileNotFoundError, ValueError) as exc:
        print(f"tierlab handout: {exc}", file=sys.stderr)
        return 2
    failed = 0
    for nb_path in notebooks:
        try:
            target = write_handout(nb_path, args.out, lang=args.lang, seed=args.seed,
                                   execute=not args.no_execute)
        except Exception as exc:  # noqa: BLE001 - reported per notebook, the rest go on
            failed += 1
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else ""
            print(f"FAILED {nb_path}: {type(exc).__name__}: {first}", file=sys.stderr)
            continue
        print(f"wrote {target}")
    return 1 if failed else 0


