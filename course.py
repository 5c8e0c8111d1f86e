#!/usr/bin/env python3
"""One-file set-up for the tierlab course.

Usage (from the folder that holds this file, with Python 3.11 or newer)::

    python3 course.py start     # install everything, open JupyterLab on notebooks/00_welcome
    python3 course.py start --lang zh   # the Chinese edition (notebooks/zh), JupyterLab in Chinese
    python3 course.py test      # install everything, run the whole test suite

``start`` opens the Chinese edition by itself when the system locale is Chinese
(``LANG=zh_CN.UTF-8``); ``--lang en`` forces the English one.

Both commands create a private virtual environment in ``.venv`` the first
time, install tierlab and its dependencies into it (with ``uv`` when it can,
plain ``pip`` otherwise), and reuse it afterwards. Extra arguments are passed
on: ``python3 course.py start --port 8899`` or ``python3 course.py test -k rfm``.
Only the standard library is used here, so this file runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".tierlab-installed"

# What `python3 course.py test` runs: the docstring examples of the library, the unit
# tests, then every notebook, exercise and solution top to bottom (nbval, lax mode:
# outputs not compared). The Chinese edition (notebooks/zh, solutions/zh: same code with
# LOCALE = "zh_CN") runs too, as those folders sit inside notebooks/ and solutions/;
# exercises/zh is skipped: it is solutions/zh with blanks, whose code already runs in English
# (exercises/) and in Chinese (solutions/zh), and it would add about a third to the zh time.
TEST_PATHS = ["tierlab", "tests", "notebooks", "solutions", "exercises"]
TEST_IGNORE = ["exercises/zh"]


def _say(msg: str) -> None:
    print(f"[tierlab] {msg}", flush=True)


def _run(cmd: list[str], **kw) -> int:
    return subprocess.call([str(c) for c in cmd], **kw)


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> None:
    """Create ``.venv`` and install tierlab[test] into it unless already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - course.py may run on an old Python
        sys.exit(f"tierlab needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        _say(f"creating a virtual environment in {VENV} ...")
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    _say("installing tierlab and its dependencies (first run only) ...")
    spec = f"{ROOT}[test,bench,engines]"
    ok = _run([PY, "-m", "pip", "install", "-q", "uv"]) == 0
    if ok:
        ok = _run([PY, "-m", "uv", "pip", "install", "-q", "-p", PY, "-e", spec]) == 0
    if not ok:
        _say("uv was not available; falling back to pip (slower) ...")
        if _run([PY, "-m", "pip", "install", "-q", "-e", spec]) != 0:
            sys.exit("[tierlab] installation failed; see the messages above.")
    STAMP.write_text(_fingerprint())


def system_lang(environ=None) -> str:
    """``"zh"`` when the system locale is Chinese (LC_ALL, LC_MESSAGES or LANG), else ``"en"``."""
    environ = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _take_lang(extra: list[str]) -> tuple[str | None, list[str]]:
    """Split ``--lang zh`` / ``--lang=zh`` off the arguments passed on to JupyterLab."""
    rest, lang, i = [], None, 0
    while i < len(extra):
        arg = extra[i]
        if arg == "--lang" and i + 1 < len(extra):
            lang, i = extra[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    if lang is not None and lang not in ("zh", "en"):
        sys.exit(f"[tierlab] --lang must be zh or en, got {lang!r}.")
    return lang, rest


def _font_file() -> Path | None:
    """The CJK font the course ships for its figures (Noto Sans CJK SC, package mplfonts)."""
    code = ("import importlib.util, os; s = importlib.util.find_spec('mplfonts'); "
            "print(os.path.join(list(s.submodule_search_locations)[0], 'fonts', "
            "'NotoSansCJKsc-Regular.otf') if s else '')")
    try:
        out = subprocess.run([str(PY), "-c", code], capture_output=True, text=True).stdout.strip()
    except OSError:
        return None
    return Path(out) if out and os.path.isfile(out) else None


def prepare_config_dir(lang: str, config_dir: Path | None = None) -> Path:
    """The course's own Jupyter folder for the ``lang`` edition (default ``.venv/jupyter/<lang>``).

    JupyterLab serves ``<config dir>/custom/custom.css`` (``LabApp.custom_css``) and the files
    next to it; the course puts jupyter-config/custom/custom.css there with the shipped CJK font
    beside it (a hard link, or a copy on another drive). Each edition keeps its own
    JupyterLab settings in this folder, so the Chinese launch does not change the English one.
    """
    config_dir = Path(config_dir) if config_dir else VENV / "jupyter" / lang
    custom = config_dir / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "jupyter-config" / "custom" / "custom.css", custom / "custom.css")
    font = _font_file()
    target = custom / font.name if font is not None else None
    if target is not None and (not target.exists() or target.is_symlink()):
        target.unlink(missing_ok=True)
        try:  # a hard link costs no space; the server refuses symbolic links out of custom/
            os.link(font, target)
        except OSError:
            shutil.copyfile(font, target)
    return config_dir


def lab_command(lang: str, config_dir: Path | None = None, environ=None) -> tuple[list[str], dict]:
    """The ``jupyter lab`` command and environment for the ``lang`` edition (``"en"``/``"zh"``).

    The server's root is the course folder (so exercises/ and solutions/ are in the file
    browser too); it opens on the edition's first notebook. jupyter-config/ holds the course
    settings (no "Jupyter news" pop-up, JupyterLab in English); for ``zh``, jupyter-config/zh/
    comes first and sets JupyterLab's language to Chinese, for this launch only. The custom
    CSS (see :func:`prepare_config_dir`) serves the course's CJK font, so Chinese text renders
    without a system Chinese font.
    """
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_CONFIG_DIR"] = str(prepare_config_dir(lang, config_dir))
    first = "notebooks/zh/00_welcome.ipynb" if lang == "zh" else "notebooks/00_welcome.ipynb"
    cmd = [str(BIN / "jupyter"), "lab", f"--ServerApp.root_dir={ROOT}", first,
           "--LabApp.custom_css=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    dirs = [str(ROOT / "jupyter-config")]
    if lang == "zh":
        dirs.insert(0, str(ROOT / "jupyter-config" / "zh"))
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        dirs + [p for p in [env.get("JUPYTER_CONFIG_PATH")] if p])
    return cmd, env


def start(extra: list[str]) -> int:
    lang, extra = _take_lang(extra)
    lang = lang or system_lang()
    ensure_env()
    cmd, env = lab_command(lang)
    if lang == "zh":
        _say("中文版：notebooks/zh/，JupyterLab 界面为中文（英文版：--lang en）。")
    _say("starting JupyterLab; stop it with Ctrl+C (twice).")
    return _run(cmd + extra, cwd=ROOT, env=env)


def test(extra: list[str]) -> int:
    ensure_env()
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # nbval needs the inline backend for figures
    env.setdefault("TIERLAB_PROGRESS_LOG", "off")  # tests must not write to ~/.tierlab
    paths = [p for p in TEST_PATHS if (ROOT / p).exists()]
    cmd = [PY, "-m", "pytest", "-n", "2", "--dist", "loadfile", "--nbval-lax", "--doctest-modules",
           *paths, *(f"--ignore={p}" for p in TEST_IGNORE if (ROOT / p).exists())]
    return _run(cmd + extra, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    return {"start": start, "test": test}[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
