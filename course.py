#!/usr/bin/env python3
"""One-file set-up for the tierlab course.

Usage (from the folder that holds this file, with Python 3.11 or newer)::

    python3 course.py start     # install everything, open JupyterLab on notebooks/00_welcome
    python3 course.py test      # install everything, run the whole test suite

Both commands create a private virtual environment in ``.venv`` the first
time, install tierlab and its dependencies into it (with ``uv`` when it can,
plain ``pip`` otherwise), and reuse it afterwards. Extra arguments are passed
on: ``python3 course.py start --port 8899`` or ``python3 course.py test -k rfm``.
Only the standard library is used here, so this file runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
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


def start(extra: list[str]) -> int:
    ensure_env()
    # The server's root is the course folder (so exercises/ and solutions/ are in the
    # file browser too); it opens on the first notebook of notebooks/.
    cmd = [BIN / "jupyter", "lab", f"--ServerApp.root_dir={ROOT}", "notebooks/00_welcome.ipynb"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    _say("starting JupyterLab; stop it with Ctrl+C (twice).")
    env = dict(os.environ)  # jupyter-config/: course settings such as no "Jupyter news" pop-up
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(ROOT / "jupyter-config")] + [p for p in [env.get("JUPYTER_CONFIG_PATH")] if p])
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
