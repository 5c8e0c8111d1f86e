#!/usr/bin/env python3
"""One-file set-up for the tierlab course.

Usage (from the folder that holds this file, with Python 3.11 or newer)::

    python3 course.py start     # install the course, open JupyterLab on notebooks/00_welcome
    python3 course.py start --lang zh   # the Chinese edition (notebooks/zh), JupyterLab in Chinese
    python3 course.py install   # install the course only (prepare a laptop, start later)
    python3 course.py test      # install the course and the test tools, run the test suite
    python3 course.py bundle [DIR] [--platform win_amd64 --python-version 3.12] [--with-tests]
                                # download every wheel the course needs into DIR (a trainer,
                                # once, online) for laptops that install offline

``start``/``install``/``test`` create a private virtual environment in ``.venv``
the first time, install tierlab and its dependencies into it (with ``uv`` when
it can, plain ``pip`` otherwise), and reuse it afterwards. ``start`` and
``install`` install only what the course needs; ``test`` adds the test and
benchmark tools (pytest, nbval, playwright, ruff, duckdb). ``--offline DIR``
(or ``$TIERLAB_WHEELHOUSE``) installs from a folder written by ``bundle``
without touching the internet; ``$PIP_INDEX_URL`` / ``$PIP_FIND_LINKS`` (a
local mirror) are honoured by pip and passed on to uv. Extra arguments are
passed on: ``python3 course.py start --port 8899`` or ``python3 course.py test
-k rfm``. Only the standard library is used here, so this file runs on a fresh
machine.

``start`` opens the Chinese edition by itself when the system locale is Chinese
(``LANG=zh_CN.UTF-8``); ``--lang en`` forces the English one.
"""

from __future__ import annotations

import hashlib
import os
import platform
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
# outputs not compared). The Chinese edition (notebooks/zh, solutions/zh, exercises/zh:
# the same code with LOCALE = "zh_CN") runs too, as those folders sit inside notebooks/,
# solutions/ and exercises/ (exercises/zh: about 40 s on 2 workers, measured).
TEST_PATHS = ["tierlab", "tests", "notebooks", "solutions", "exercises"]
# Timing-sensitive tests (marked ``quiet``, e.g. the explorers' input-to-redraw latency in
# the browser) would measure the other worker, not the code, on a 2-core machine: they are
# left out of the parallel run and run afterwards on their own, one at a time.
QUIET_MARKER = "quiet"


def _say(msg: str) -> None:
    print(f"[tierlab] {msg}", flush=True)


def _run(cmd: list[str], **kw) -> int:
    return subprocess.call([str(c) for c in cmd], **kw)


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


# What each command installs: the course alone, or the course with the test and
# benchmark tools (``[project.optional-dependencies]`` of pyproject.toml).
COURSE_EXTRAS: tuple[str, ...] = ()
TEST_EXTRAS = ("test", "bench", "engines")
# pyspark (a 430 MB download) only where its test can run: a Java runtime, or CI asking for it.
SPARK_EXTRAS = ("spark",)
# Build and install tools a wheelhouse must hold for an offline editable install.
TOOLS = ("setuptools>=69", "uv", "pip")


def _spec(extras) -> str:
    return f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT)


def _stamp() -> tuple[str, set[str]]:
    """(pyproject fingerprint, extras installed) recorded by the last install."""
    if not STAMP.exists():
        return "", set()
    fp, _, extras = STAMP.read_text().partition("\n")
    return fp, {e for e in extras.split(",") if e}


def install_commands(py, extras, wheelhouse=None, env=None) -> list[list[str]]:
    """The commands that install tierlab with ``extras`` into the environment of ``py``.

    The first that succeeds wins: ``uv`` (installed with pip first), then plain pip.
    With ``wheelhouse`` every command reads only that folder (``--no-index
    --find-links``); else ``$PIP_INDEX_URL`` / ``$PIP_FIND_LINKS`` (a local mirror)
    are passed on to uv, which does not read pip's variables.
    """
    env = os.environ if env is None else env
    py, spec = str(py), _spec(extras)
    if wheelhouse is not None:
        local = ["--no-index", "--find-links", str(wheelhouse)]
        uv_local, pip_local = local + ["--offline"], local
    else:
        uv_local, pip_local = [], []
        if env.get("PIP_INDEX_URL"):
            uv_local += ["--index-url", env["PIP_INDEX_URL"]]
        for link in env.get("PIP_FIND_LINKS", "").split():
            uv_local += ["--find-links", link]
    return [
        [py, "-m", "pip", "install", "-q", *pip_local, "uv"],
        [py, "-m", "uv", "pip", "install", "-q", "-p", py, *uv_local, "-e", spec],
        [py, "-m", "pip", "install", "-q", *pip_local, "-e", spec],
    ]


def ensure_env(extras=COURSE_EXTRAS, wheelhouse=None) -> None:
    """Create ``.venv`` and install tierlab with ``extras`` unless already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - course.py may run on an old Python
        sys.exit(f"tierlab needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if wheelhouse is None and os.environ.get("TIERLAB_WHEELHOUSE"):
        wheelhouse = os.environ["TIERLAB_WHEELHOUSE"]
    if wheelhouse is not None:
        wheelhouse = Path(wheelhouse).resolve()
        if not wheelhouse.is_dir() or not any(wheelhouse.glob("*.whl")):
            sys.exit(f"[tierlab] --offline {wheelhouse}: no wheels there; write one with "
                     "`python3 course.py bundle DIR` on a machine with internet.")
    if not PY.exists():
        _say(f"creating a virtual environment in {VENV} ...")
        venv.create(VENV, with_pip=True)
    fp, have = _stamp()
    if fp == _fingerprint() and set(extras) <= have:
        return
    what = "tierlab" + (f" with {', '.join(extras)}" if extras else "")
    where = f" from {wheelhouse}" if wheelhouse else ""
    _say(f"installing {what} and its dependencies{where} (first run only) ...")
    pip_uv, uv, pip = install_commands(PY, extras, wheelhouse)
    ok = _run(pip_uv) == 0 and _run(uv) == 0
    if not ok:
        _say("uv was not available; falling back to pip (slower) ...")
        if _run(pip) != 0:
            sys.exit("[tierlab] installation failed; see the messages above.")
    installed = (have | set(extras)) if fp == _fingerprint() else set(extras)
    STAMP.write_text(_fingerprint() + "\n" + ",".join(sorted(installed)))


def _requirements(extras) -> list[str]:
    """The course's requirements from pyproject.toml (dependencies and ``extras``)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return list(dict.fromkeys(reqs))


def download_command(py, dest, reqs, platform_tag=None, python_version=None) -> list[str]:
    """The ``pip download`` that fills ``dest`` with the wheels of ``reqs``.

    ``platform_tag`` (e.g. ``win_amd64``, ``macosx_11_0_arm64``,
    ``manylinux2014_x86_64``) and ``python_version`` (``3.12``) target the laptops
    when they differ from this machine: then ``reqs`` is the pinned list uv resolved
    for that platform (``-r FILE``; pip would judge the markers such as
    ``sys_platform == "win32"`` on this machine), dependencies are not resolved
    again, only wheels are accepted, and the pure-Python wheels built here from
    source-only packages are found in ``dest``.
    """
    cmd = [str(py), "-m", "pip", "download", "-q", "-d", str(dest)]
    if platform_tag or python_version:
        cmd += ["--no-deps", "--only-binary=:all:", "--implementation", "cp",
                "--find-links", str(dest)]
        if platform_tag:
            cmd += ["--platform", platform_tag]
        if python_version:
            cmd += ["--python-version", python_version]
    return cmd + list(reqs)


#: pip's platform tags -> uv's target platforms (``uv pip compile --python-platform``).
UV_PLATFORMS = (("win_amd64", "x86_64-pc-windows-msvc"), ("win32", "i686-pc-windows-msvc"),
                ("win_arm64", "aarch64-pc-windows-msvc"),
                ("macosx", "arm64", "aarch64-apple-darwin"),
                ("macosx", "x86_64", "x86_64-apple-darwin"),
                ("linux", "aarch64", "aarch64-unknown-linux-gnu"),
                ("linux", "x86_64", "x86_64-unknown-linux-gnu"))


def uv_platform(platform_tag: str | None) -> str | None:
    """uv's name of a pip platform tag (``win_amd64`` -> ``x86_64-pc-windows-msvc``)."""
    if platform_tag is None:
        return None
    for *parts, uv in UV_PLATFORMS:
        if all(p in platform_tag for p in parts):
            return uv
    sys.exit(f"[tierlab] --platform {platform_tag!r} is not one course.py knows; use e.g. "
             "win_amd64, macosx_11_0_arm64, macosx_10_12_x86_64, manylinux2014_x86_64.")


def compile_command(py, requirements_in, requirements_txt, platform_tag=None,
                    python_version=None) -> list[str]:
    """``uv pip compile``: pin every requirement for the target platform and Python."""
    cmd = [str(py), "-m", "uv", "pip", "compile", "-q", "--no-header"]
    if platform_tag:
        cmd += ["--python-platform", uv_platform(platform_tag)]
    cmd += ["--python-version", python_version or ".".join(platform.python_version_tuple()[:2])]
    return cmd + ["-o", str(requirements_txt), str(requirements_in)]


def report_command(py, report, reqs) -> list[str]:
    """Resolve ``reqs`` for this machine without installing, writing pip's JSON report."""
    return [str(py), "-m", "pip", "install", "-q", "--dry-run", "--ignore-installed",
            "--report", str(report), *reqs]


def wheel_command(py, dest, what) -> list[str]:
    """Build one wheel (no dependencies) into ``dest`` from a source package or ``name==v``."""
    return [str(py), "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dest), str(what)]


def source_only(report: dict) -> list[str]:
    """``name==version`` of the packages pip's report resolves to a source archive."""
    out = []
    for item in report.get("install", []):
        url = item.get("download_info", {}).get("url", "")
        if url and not url.endswith(".whl"):
            meta = item["metadata"]
            out.append(f"{meta['name']}=={meta['version']}")
    return out


def bundle(extra: list[str]) -> int:
    """``course.py bundle [DIR] [--platform TAG] [--python-version X.Y] [--with-tests]``."""
    import json

    args = list(extra)
    opts = {"--platform": None, "--python-version": None}
    for name in opts:
        if name in args:
            i = args.index(name)
            if i + 1 >= len(args):
                sys.exit(f"[tierlab] {name} needs a value, e.g. {name} "
                         f"{'win_amd64' if name == '--platform' else '3.12'}.")
            opts[name] = args[i + 1]
            del args[i:i + 2]
    extras = TEST_EXTRAS if "--with-tests" in args else COURSE_EXTRAS
    args = [a for a in args if a != "--with-tests"]
    unknown = [a for a in args if a.startswith("-")]
    if unknown or len(args) > 1:
        sys.exit(f"[tierlab] bundle takes [DIR] [--platform TAG] [--python-version X.Y] "
                 f"[--with-tests], got {extra}.")
    dest = Path(args[0] if args else ROOT / "wheelhouse").resolve()
    dest.mkdir(parents=True, exist_ok=True)
    if not PY.exists():
        _say(f"creating a virtual environment in {VENV} (for pip) ...")
        venv.create(VENV, with_pip=True)
    platform_tag, python_version = opts["--platform"], opts["--python-version"]
    reqs = [*_requirements(extras), *TOOLS]
    target = (f"{platform_tag or platform.machine() + ' (this machine)'}, Python "
              f"{python_version or platform.python_version()}")
    _say(f"downloading the course's wheels for {target} into {dest} ...")
    if platform_tag or python_version:
        uv_platform(platform_tag)  # a clear error for an unknown tag, before any download
        # packages published only as source: build their (pure-Python) wheels here first
        report = dest / ".resolve-report.json"
        if _run(report_command(PY, report, reqs)):
            sys.exit("[tierlab] bundle could not resolve the requirements; see above.")
        for spec in source_only(json.loads(report.read_text())):
            if _run(wheel_command(PY, dest, spec)):
                sys.exit(f"[tierlab] bundle could not build a wheel of {spec}.")
        report.unlink()
        # pin everything for the laptops' platform (uv judges markers for the target)
        req_in, req_txt = dest / ".requirements.in", dest / "requirements.txt"
        req_in.write_text("\n".join(reqs) + "\n")
        if _run([PY, "-m", "pip", "install", "-q", "uv"]) or _run(compile_command(
                PY, req_in, req_txt, platform_tag, python_version)):
            sys.exit("[tierlab] bundle could not pin the requirements for the target.")
        req_in.unlink()
        if _run(download_command(PY, dest, ["-r", str(req_txt)], platform_tag,
                                 python_version)):
            sys.exit("[tierlab] bundle failed; see the messages above.")
    else:
        if _run(download_command(PY, dest, reqs)):
            sys.exit("[tierlab] bundle failed; see the messages above.")
        for sdist in [*dest.glob("*.tar.gz"), *dest.glob("*.zip")]:  # no builds on laptops
            if _run(wheel_command(PY, dest, sdist)) == 0:
                sdist.unlink()
    impure = [p.name for p in dest.glob("*.whl") if platform_tag
              and not p.name.endswith("-none-any.whl") and platform_tag not in p.name]
    if impure:
        _say(f"warning: wheels that may not fit {target}: {', '.join(impure[:5])}")
    files = list(dest.iterdir())
    size = sum(p.stat().st_size for p in files) / 1e6
    _say(f"{len(files)} files, {size:.0f} MB in {dest}. On each laptop (no internet needed): "
         f"python3 course.py start --offline {dest}")
    return 0


def _offline(extra: list[str]) -> tuple[str | None, list[str]]:
    """Split ``--offline DIR`` off the arguments."""
    if "--offline" not in extra:
        return None, extra
    i = extra.index("--offline")
    if i + 1 >= len(extra):
        sys.exit("[tierlab] --offline needs the wheelhouse folder: --offline DIR.")
    return extra[i + 1], extra[:i] + extra[i + 2:]


def install(extra: list[str]) -> int:
    wheelhouse, extra = _offline(extra)
    if extra:
        sys.exit(f"[tierlab] install takes only --offline DIR, got {extra}.")
    ensure_env(COURSE_EXTRAS, wheelhouse)
    _say("installed; start the course with: python3 course.py start")
    return 0


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
    wheelhouse, extra = _offline(extra)
    lang, extra = _take_lang(extra)
    lang = lang or system_lang()
    ensure_env(COURSE_EXTRAS, wheelhouse)
    cmd, env = lab_command(lang)
    if lang == "zh":
        _say("中文版：notebooks/zh/，JupyterLab 界面为中文（英文版：--lang en）。")
    _say("starting JupyterLab; stop it with Ctrl+C (twice).")
    return _run(cmd + extra, cwd=ROOT, env=env)


def extras_for_tests(env=None, java: str | None = None) -> tuple[str, ...]:
    """The extras ``course.py test`` installs: the test tools, and Spark when Java is there.

    Spark's test needs a Java runtime; without one it is skipped, so pyspark is
    not downloaded, unless ``TIERLAB_REQUIRE_SPARK=1`` (CI) asks for the test.
    """
    env = os.environ if env is None else env
    java = shutil.which("java") if java is None else java
    wanted = bool(java) or env.get("JAVA_HOME") or env.get("TIERLAB_REQUIRE_SPARK") == "1"
    return TEST_EXTRAS + SPARK_EXTRAS if wanted else TEST_EXTRAS


def test(extra: list[str]) -> int:
    wheelhouse, extra = _offline(extra)
    # an offline wheelhouse (bundle --with-tests) holds no pyspark: the Spark test skips there
    offline = wheelhouse is not None or bool(os.environ.get("TIERLAB_WHEELHOUSE"))
    ensure_env(TEST_EXTRAS if offline else extras_for_tests(), wheelhouse)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # nbval needs the inline backend for figures
    env.setdefault("TIERLAB_PROGRESS_LOG", "off")  # tests must not write to ~/.tierlab
    rc = 0
    for i, cmd in enumerate(test_commands(PY, extra)):
        code = _run(cmd, cwd=ROOT, env=env)
        if i > 0 and code == 5:  # pytest's "no tests collected": `-k rfm` selects no quiet
            code = 0             # test, and that is fine
        rc = rc or code
    return rc


def test_commands(py, extra: list[str]) -> list[list]:
    """The pytest runs of ``course.py test``: the suite on 2 workers, then the quiet tests.

    The first run is the whole suite (docstring examples, unit tests, notebooks with
    nbval) on two workers without the tests marked ``quiet``; the second runs those
    alone, serially, on the machine the first run has left quiet. Extra arguments go
    to both; when they choose tests by marker themselves (``-m``), one plain run.
    """
    paths = [p for p in TEST_PATHS if (ROOT / p).exists()]
    base = [py, "-m", "pytest", "--nbval-lax", "--doctest-modules", *paths]
    parallel = base[:3] + ["-n", "2", "--dist", "loadfile"] + base[3:]
    if "-m" in extra or any(a.startswith("-m=") for a in extra):
        return [parallel + extra]
    return [parallel + ["-m", f"not {QUIET_MARKER}"] + extra,
            base + ["-m", QUIET_MARKER] + extra]


def main(argv: list[str]) -> int:
    commands = {"start": start, "install": install, "test": test, "bundle": bundle}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
