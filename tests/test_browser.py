"""Real-browser test: JupyterLab + ipywidgets in Debian's headless Chromium.

The test starts JupyterLab on loopback (random port, random token, temporary
root folder and settings), opens a notebook in ``/usr/bin/chromium`` through the
Python ``playwright`` package (never ``playwright install``), runs all cells from
the *Run* menu, moves sliders with the keyboard and checks that the widget output
(figure image or table text) changed and that no widget failed to display.

Cases are data (:class:`BrowserCase`): the notebook path plus the sliders to
move. The fixture notebook ``tests/browser_fixture/slider_widgets.ipynb`` always
runs; the course notebook ``notebooks/01_current_state_pharma.ipynb`` runs too
when it exists (its first slider, or the one named by ``description``).

Without Chromium or playwright the test is skipped, unless the environment
variable ``TIERLAB_REQUIRE_BROWSER=1`` is set (CI sets it): then it fails.
Set ``TIERLAB_BROWSER_ARTIFACTS=<folder>`` to keep the screenshots.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
REQUIRE = os.environ.get("TIERLAB_REQUIRE_BROWSER", "") == "1"
SERVER_START_TIMEOUT = 90.0  # s, JupyterLab up and answering /api/status
NOTEBOOK_OPEN_TIMEOUT = 90_000  # ms, notebook cells rendered in the page
KERNEL_READY_TIMEOUT = 90_000  # ms, kernel started and idle


@dataclass(frozen=True)
class SliderCheck:
    """Move one slider and expect the widget output next to it to change.

    Parameters
    ----------
    description : str or None
        Regular expression matched against the slider's description label;
        ``None`` takes the first slider in the notebook.
    key : str
        Key pressed on the focused slider handle.
    presses : int
        How many times to press it.
    expect : callable, optional
        ``expect(readout, output_text) -> bool``: a check that the settled output
        matches the slider's final value (``output_text`` is the widget output's
        visible text plus image sources).
    """

    description: str | None = None
    key: str = "ArrowRight"
    presses: int = 2
    expect: Callable[[str, str], bool] | None = None


@dataclass(frozen=True)
class BrowserCase:
    """A notebook to open, run and poke in the browser."""

    id: str
    notebook: Path
    checks: tuple[SliderCheck, ...] = (SliderCheck(),)
    run_timeout: float = 180.0  # s, for Run All Cells to finish
    copy_folder: bool = False  # copy the notebook's whole folder (relative paths)


def _table_rows_match(readout: str, output: str) -> bool:
    """Fixture: the "Top N" table shows exactly N customer rows."""
    return len(re.findall(r"^C\d\d\s", output, flags=re.MULTILINE)) == int(readout)


def _abc_table_shown(readout: str, output: str) -> bool:
    """Fixture: the tierlab ABC explorer shows its tier table (the chart is a plotly widget)."""
    shares = [float(v) for v in re.findall(r"^A\t\d+\t[\d.]+%\t[\d.,]+\t([\d.]+)%", output,
                                           flags=re.MULTILINE)]
    # the A tier holds at least the cut-off (the customer crossing it is in A)
    return len(shares) == 1 and shares[0] >= float(readout.rstrip("%"))


CASES = [
    BrowserCase(
        id="fixture",
        notebook=ROOT / "tests" / "browser_fixture" / "slider_widgets.ipynb",
        checks=(SliderCheck(description=r"^Cut-off$", presses=2),
                SliderCheck(description=r"^Top N$", presses=3, expect=_table_rows_match),
                SliderCheck(description=r"^A cut-off$", presses=3, expect=_abc_table_shown)),
        run_timeout=120.0,
    ),
    BrowserCase(
        id="course-01-pharma",
        notebook=ROOT / "notebooks" / "01_current_state_pharma.ipynb",
        checks=(SliderCheck(description=None, presses=3),),
        run_timeout=420.0,
        copy_folder=True,
    ),
    BrowserCase(  # the RFM explorer's bins slider: 5 -> 7 bins re-scores and re-segments
        id="course-01-retail",
        notebook=ROOT / "notebooks" / "01_current_state_retail.ipynb",
        checks=(SliderCheck(description=None, presses=2),),
        run_timeout=420.0,
        copy_folder=True,
    ),
]


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"TIERLAB_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab (see the ``lab`` fixture)."""

    root: Path
    port: int
    token: str
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no server log)"


def _write_lab_settings(settings: Path) -> None:
    """User settings for a deterministic JupyterLab (all cells in the DOM).

    The news pop-up is turned off by the repository's ``jupyter-config`` folder
    (as for ``course.py start``), which the ``lab`` fixture puts on the config path.
    """
    files = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, content in files.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


def _stop(proc: subprocess.Popen, server: LabServer | None) -> None:
    if proc.poll() is None and server is not None:
        try:  # graceful: the server shuts its kernels down too
            req = urllib.request.Request(server.url("api/shutdown"), method="POST", data=b"")
            urllib.request.urlopen(req, timeout=5).close()
            proc.wait(timeout=15)
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            pass
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def _serve(cmd, env, *, root, base, port, token):
    """Run JupyterLab ``cmd``, wait until it answers, yield a :class:`LabServer`; stop it after."""
    log = base / "server.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log_file,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = LabServer(root=root, port=port, token=token, log=log, proc=proc)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n"
                            f"{server.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(server.url("api/status"), timeout=2) as r:
                    if r.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT:.0f}s:\n"
                            f"{server.log_tail()}", pytrace=False)
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc, server)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on 127.0.0.1 with a random token; always shut it down."""
    base = tmp_path_factory.mktemp("lab")
    root, settings = base / "root", base / "settings"
    root.mkdir()
    _write_lab_settings(settings)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               IPYTHONDIR=str(base / "ipython"), JUPYTER_PLATFORM_DIRS="1",
               PYTHONUNBUFFERED="1",
               JUPYTER_CONFIG_PATH=os.pathsep.join(
                   [str(ROOT / "jupyter-config"), *filter(None, [
                       os.environ.get("JUPYTER_CONFIG_PATH")])]))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={base / 'workspaces'}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    yield from _serve(cmd, env, root=root, base=base, port=port, token=token)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by playwright (module-wide)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                              timeout=60_000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def artifacts(tmp_path):
    folder = os.environ.get("TIERLAB_BROWSER_ARTIFACTS")
    path = Path(folder) if folder else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


# ----------------------------------------------------------------------------- page helpers
_EXECUTED_JS = """(expected) => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    if (prompts.some(p => p.includes('*'))) return false;
    return prompts.filter(p => /\\[\\d+\\]/.test(p)).length >= expected;
}"""

_KERNEL_IDLE_JS = """() => {
    const bar = document.querySelector('#jp-main-statusbar');
    const text = bar ? bar.innerText : '';
    return /\\|\\s*Idle/.test(text) && !/No Kernel/.test(text);
}"""

# What the user sees of the widgets around a slider: the Output / HTML / Image widgets
# in the same cell output (falling back to the whole notebook), text and image sources.
_SNAPSHOT_JS = """(slider) => {
    const sel = '.widget-output, .jupyter-widgets-output-area, .widget-html, '
              + '.widget-htmlmath, .widget-image';
    const collect = (host) => [...host.querySelectorAll(sel)].map(
        e => e.innerText + '|' + [...e.querySelectorAll('img')].map(i => i.src).join('|')
             + (e.tagName === 'IMG' ? e.src : ''));
    const cell = slider.closest('.jp-OutputArea-output');
    let parts = cell ? collect(cell) : [];
    if (parts.length === 0) parts = collect(document.querySelector('.jp-Notebook') || document.body);
    return parts.join('\\n#\\n');
}"""


def _page_problems(page) -> list[str]:
    text = page.inner_text(".jp-Notebook")
    problems = []
    if "Error displaying widget" in text:
        problems.append("'Error displaying widget' on the page")
    if "Traceback (most recent call last)" in text or re.search(r"\w+Error\s+Traceback", text):
        problems.append("a Python traceback in the outputs")
    return problems


def _run_all_cells(page) -> None:
    # A kernel chooser appears if the notebook has no kernelspec: accept the default.
    dialog_accept = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog_accept.wait_for(state="visible", timeout=1_500)
        dialog_accept.click()
    except Exception:  # noqa: BLE001 - no dialog is the normal case
        pass
    # Cells run before the kernel is connected are silently skipped: wait for "idle".
    # (The toolbar indicator says "idle" even before a kernel exists; the status bar
    # reads "No Kernel | Initializing", then "Python 3 (ipykernel) | Idle".)
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=KERNEL_READY_TIMEOUT, polling=250)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def _slider(page, check: SliderCheck):
    sliders = page.locator(".jp-Notebook .widget-slider")
    if check.description is not None:
        sliders = sliders.filter(
            has=page.locator(".widget-label", has_text=re.compile(check.description)))
    return sliders.first


def _kernel_idle(page) -> bool:
    return bool(page.evaluate(_KERNEL_IDLE_JS))


def _settled_snapshot(page, slider, timeout: float = 30.0, quiet: float = 0.6) -> str:
    """Wait until the kernel is idle and the output unchanged for ``quiet`` seconds.

    ipywidgets sends a buffered slider value only after the kernel reports idle, so
    one short idle moment does not mean the last value has been processed.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout * 1000, polling=100)
        first = slider.evaluate(_SNAPSHOT_JS)
        page.wait_for_timeout(quiet * 1000)
        if _kernel_idle(page) and slider.evaluate(_SNAPSHOT_JS) == first:
            return first
    raise AssertionError(f"widget output kept changing for {timeout:.0f}s")


def _exercise_notebook(page, lab: LabServer, case: BrowserCase, artifacts: Path) -> dict:
    """Open, run and poke the case's notebook; return timings in seconds."""
    timings = {}
    folder = lab.root / case.id
    if case.copy_folder:
        shutil.copytree(case.notebook.parent, folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        folder.mkdir(exist_ok=True)
        shutil.copy2(case.notebook, folder / case.notebook.name)
    nb = nbformat.read(case.notebook, as_version=4)
    n_code = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())

    t0 = time.monotonic()
    page.goto(lab.url(f"lab/tree/{case.id}/{case.notebook.name}?reset"),
              wait_until="domcontentloaded", timeout=60_000)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=NOTEBOOK_OPEN_TIMEOUT)
    timings["open"] = time.monotonic() - t0

    t0 = time.monotonic()
    _run_all_cells(page)
    page.wait_for_function(_EXECUTED_JS, arg=n_code, timeout=case.run_timeout * 1000,
                           polling=250)
    first = _slider(page, case.checks[0])
    first.wait_for(state="visible", timeout=30_000)
    timings["run_all"] = time.monotonic() - t0

    problems = _page_problems(page)
    assert not problems, f"{case.id}: after Run All Cells: {problems}"

    for k, check in enumerate(case.checks):
        t0 = time.monotonic()
        slider = _slider(page, check)
        slider.wait_for(state="visible", timeout=30_000)
        slider.scroll_into_view_if_needed()
        handle = slider.locator(".noUi-handle").first
        readout = slider.locator(".widget-readout").first
        # wait until the output next to the slider has rendered something
        page.wait_for_function(f"(s) => ({_SNAPSHOT_JS})(s).replace(/[|#\\s]/g, '').length > 0",
                               arg=slider.element_handle(), timeout=30_000)
        before = slider.evaluate(_SNAPSHOT_JS)
        value_before = readout.inner_text()
        handle.focus()
        for _ in range(check.presses):
            handle.press(check.key)
        page.wait_for_function(f"([s, b]) => ({_SNAPSHOT_JS})(s) !== b",
                               arg=[slider.element_handle(), before], timeout=30_000)
        after = _settled_snapshot(page, slider)
        value_after = readout.inner_text()
        if check.expect is not None:  # the last value may still be on its way: poll
            deadline = time.monotonic() + 30
            while not check.expect(value_after, after) and time.monotonic() < deadline:
                page.wait_for_timeout(300)
                after = _settled_snapshot(page, slider)
                value_after = readout.inner_text()
        label = check.description or "first slider"
        assert value_after != value_before, f"{case.id}: slider {label!r} did not move"
        assert after != before, f"{case.id}: output of slider {label!r} did not change"
        if check.expect is not None:
            assert check.expect(value_after, after), (
                f"{case.id}: output of slider {label!r} does not match its value "
                f"{value_after!r}:\n{after[:500]}")
        timings[f"slider_{k}"] = time.monotonic() - t0

    problems = _page_problems(page)
    assert not problems, f"{case.id}: after moving sliders: {problems}"
    page.screenshot(path=str(artifacts / f"browser_{case.id}.png"), full_page=True)
    return timings


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_notebook_widgets_in_real_browser(case, lab, browser, artifacts):
    if not case.notebook.exists():
        pytest.skip(f"{case.notebook.relative_to(ROOT)} does not exist yet")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    t0 = time.monotonic()
    try:
        timings = _exercise_notebook(page, lab, case, artifacts)
    except Exception as exc:
        shot = artifacts / f"browser_{case.id}_failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
        except Exception:  # noqa: BLE001 - best effort only
            pass
        raise AssertionError(
            f"{case.id}: {exc}\nscreenshot: {shot}\npage errors: {page_errors[:5]}\n"
            f"server log:\n{lab.log_tail()}") from exc
    finally:
        page.close()
    timings["total"] = time.monotonic() - t0
    print(f"[browser] {case.id}: " + ", ".join(f"{k}={v:.1f}s" for k, v in timings.items()))


# ----------------------------------------------------------------------------- explorers
EXPLORERS_NOTEBOOK = ROOT / "tests" / "browser_fixture" / "explorers.ipynb"
# The goal: median input event to redrawn chart on the default data <= 150 ms.
# The test is marked `quiet`: `course.py test` runs it alone after the parallel run (on 2
# cores a notebook run beside it would be measured too); the load is printed with the
# medians and in the failure message.
LATENCY_LIMIT_MS = 150.0
LATENCY_SAMPLES = 7
VIEWPORT = {"width": 1024, "height": 900}  # the narrowest screen the course supports
SCREENSHOTS = ROOT / "output" / "browser"  # ignored by git (/output/)
MIN_TRACK_PX = 150

# Start a measurement: t0 at the next input event of type `evt` (keydown / mouseup), then
# every plotly redraw of `plot` ("plotly_afterplot") or, without plotly events, every DOM
# change inside it, is recorded as milliseconds after t0.
_ARM_JS = """([plot, evt]) => {
    const m = {t0: null, hits: []};
    window.__tierlab_latency = m;
    document.addEventListener(evt, () => { if (m.t0 === null) m.t0 = performance.now(); },
                              {capture: true, once: true});
    const hit = () => { if (m.t0 !== null) m.hits.push(performance.now() - m.t0); };
    if (typeof plot.on === 'function') {
        if (!plot.__tierlab_hooked) {
            // a full redraw (Plotly.update) ends with plotly_afterplot; an instant
            // Plotly.animate that re-plots only the changed traces with plotly_transitioned
            for (const name of ['plotly_afterplot', 'plotly_transitioned']) {
                plot.on(name, () => window.__tierlab_latency &&
                        window.__tierlab_latency.hit && window.__tierlab_latency.hit());
            }
            plot.__tierlab_hooked = true;
        }
        m.hit = hit;
    } else {
        const obs = new MutationObserver(hit);
        obs.observe(plot, {subtree: true, childList: true, attributes: true, characterData: true});
        m.stop = () => obs.disconnect();
    }
}"""
_LATENCY_JS = """() => {
    const m = window.__tierlab_latency;
    if (m && m.stop) m.stop();
    window.__tierlab_latency = null;
    return m && m.hits.length ? m.hits[m.hits.length - 1] : null;
}"""


_DRAWN_JS = """(plot) => (plot.data || []).reduce(
    (n, t) => n + Math.max((t.x || []).length, (t.y || []).length), 0)"""


def _arm(page, plot, evt: str) -> None:
    page.evaluate(_ARM_JS, [plot.element_handle(), evt])


def _redraw_ms(page, plot, quiet: float = 0.5, timeout: float = 20.0) -> float:
    """Wait for the kernel to go idle and the chart to stay unchanged; last redraw in ms."""
    page.wait_for_function("() => window.__tierlab_latency && window.__tierlab_latency.hits"
                           ".length > 0", timeout=timeout * 1000, polling=20)
    deadline = time.monotonic() + timeout
    n = -1
    while time.monotonic() < deadline:
        page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout * 1000, polling=50)
        page.wait_for_timeout(quiet * 1000)
        hits = page.evaluate("() => window.__tierlab_latency.hits.length")
        if hits == n and _kernel_idle(page):
            break
        n = hits
    value = page.evaluate(_LATENCY_JS)
    assert value is not None, "the chart was not redrawn"
    return float(value)


def _aria(handle) -> float:
    return float(handle.get_attribute("aria-valuenow"))


def _drag_slider(page, slider, plot) -> tuple[float, float, float]:
    """Drag the handle a quarter of the track with the mouse.

    Returns the change of the value (``aria-valuenow``), how far the handle ended
    from the mouse as a share of the track, and the release-to-redraw time in ms.
    """
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-target").first
    box, hbox = track.bounding_box(), handle.bounding_box()
    before = _aria(handle)
    x0, y0 = hbox["x"] + hbox["width"] / 2, hbox["y"] + hbox["height"] / 2
    direction = 1 if x0 < box["x"] + box["width"] / 2 else -1
    dx = direction * box["width"] / 4
    _arm(page, plot, "mouseup")
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + dx, y0, steps=12)
    page.mouse.up()
    ms = _redraw_ms(page, plot)
    moved = _aria(handle) - before
    after = handle.bounding_box()
    # the handle ends under the mouse (aria values are rounded, so compare pixels)
    off = after["x"] + after["width"] / 2 - (x0 + dx)
    return moved, off / box["width"], ms


def _explorer_notebook(folder: Path, locale: str) -> Path:
    nb = nbformat.read(EXPLORERS_NOTEBOOK, as_version=4)
    setup = nb.cells[1]
    assert setup.source.startswith('LOCALE = "en_US"')
    setup.source = setup.source.replace('LOCALE = "en_US"', f'LOCALE = "{locale}"', 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"explorers_{locale}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.quiet
@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_explorers_answer_fast_and_drag_smoothly(locale, lab, browser):
    """Every explorer on the default data: latency, mouse drags, layout, screenshots."""
    path = _explorer_notebook(lab.root / "explorers", locale)
    n_code = sum(1 for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(30_000)
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on("console", lambda msg: page_errors.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    report, slow = [], []
    try:
        page.goto(lab.url(f"lab/tree/explorers/{path.name}?reset"),
                  wait_until="domcontentloaded", timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=NOTEBOOK_OPEN_TIMEOUT)
        _run_all_cells(page)
        page.wait_for_function(_EXECUTED_JS, arg=n_code, timeout=300_000, polling=250)
        explorers = page.locator(".jp-Notebook .tierlab-explorer")
        explorers.nth(4).locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        assert explorers.count() == 5
        assert "Jupyter news" not in page.inner_text("body")  # the news pop-up is off
        problems = _page_problems(page)
        assert not problems, problems
        for i in range(5):
            ex = explorers.nth(i)
            ex.scroll_into_view_if_needed()
            title = ex.locator(".widget-html").first.inner_text().strip()
            plot = ex.locator(".js-plotly-plot").first
            plot.wait_for(state="visible")
            page.wait_for_function(_KERNEL_IDLE_JS, timeout=60_000, polling=100)
            # the chart came up with its data (not the empty figure plotly starts from)
            drawn = plot.evaluate(_DRAWN_JS)
            assert drawn > 0, f"{title}: the chart shows no data points after Run All Cells"
            # layout: the chart uses the cell's width; labels stay out of the tracks
            ebox, pbox = ex.bounding_box(), plot.bounding_box()
            assert pbox["width"] >= 0.55 * ebox["width"], (title, pbox, ebox)
            sliders = ex.locator(".widget-slider")
            for k in range(sliders.count()):
                sl = sliders.nth(k)
                label = sl.locator(".widget-label").first
                lbox, tbox = label.bounding_box(), sl.locator(".noUi-target").first.bounding_box()
                assert tbox["width"] >= MIN_TRACK_PX, (title, k, tbox)
                assert lbox["x"] + lbox["width"] <= tbox["x"] + 1, (title, k, lbox, tbox)
                assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (
                    f"{title}: slider label {label.inner_text()!r} is cut or wraps")
            # latency: keyboard steps on the first slider, input event to redrawn chart
            first = sliders.first.locator(".noUi-handle").first
            samples = []
            for j in range(LATENCY_SAMPLES):
                _arm(page, plot, "keydown")
                first.focus()
                first.press("ArrowRight" if j % 2 == 0 else "ArrowLeft")
                samples.append(_redraw_ms(page, plot))
            print(f"[latency] {title}: {[round(x) for x in samples]} ms "
                  f"(load {os.getloadavg()[0]:.1f})")
            # mouse drags on every slider: the value follows the mouse
            drags, bad_drags = [], []
            for k in range(sliders.count()):
                sl = sliders.nth(k)
                sl.scroll_into_view_if_needed()
                readout = sl.locator(".widget-readout").first
                shown = readout.inner_text()
                moved, off, ms = _drag_slider(page, sl, plot)
                drags.append(ms)
                name = sl.locator(".widget-label").first.inner_text()
                print(f"[drag] {title} / {name}: {shown} -> {readout.inner_text()}, handle "
                      f"{off:+.1%} of the track from the mouse, redraw {ms:.0f} ms")
                # smooth: the value changed and the handle stayed under the mouse (no jump)
                if moved == 0 or readout.inner_text() == shown or abs(off) > 0.06:
                    bad_drags.append((name, shown, readout.inner_text(), f"{off:+.1%}"))
                text = page.inner_text(".jp-Notebook")
                assert "must increase" not in text and "必须递增" not in text
            assert not bad_drags, f"{title}: drags that did not follow the mouse: {bad_drags}"
            problems = _page_problems(page)
            assert not problems, (title, problems)
            ex.screenshot(path=str(SCREENSHOTS / f"{locale}_{i + 1}_{_slug(title)}.png"))
            median = statistics.median(samples)
            report.append((title, median, statistics.median(drags)))
            if median > LATENCY_LIMIT_MS:
                slow.append(f"{title}: {median:.0f} ms (samples {[round(x) for x in samples]})")
        # every explorer measured first, then judged together
        assert not slow, (
            f"median input-to-redraw latency above {LATENCY_LIMIT_MS:.0f} ms: {slow} (load "
            f"average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
            f"{os.cpu_count()} cores)")
    except Exception:
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{locale}_failure.png"), full_page=True)
        except Exception:  # noqa: BLE001 - best effort only
            pass
        raise
    finally:
        page.close()
        load = os.getloadavg()[0]
        print(f"[browser] explorers {locale} (load {load:.1f}): " + "; ".join(
            f"{t}: key {k:.0f} ms {'PASS' if k <= LATENCY_LIMIT_MS else 'FAIL'}, drag {d:.0f} ms"
            for t, k, d in report)
            + f" (median input-to-redraw; page errors: {page_errors[:8]})")


def np_sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "_", text).strip("_").lower() or "explorer"


# ----------------------------------------------------------------------------- presenting
PRESENT_NOTEBOOK = ROOT / "notebooks" / "00_welcome.ipynb"


def _not_blank(png: bytes) -> float:
    """Spread of grey levels of a screenshot (0 for a blank page)."""
    import io

    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0]


def _title_of(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source.splitlines()[0]
    assert first.startswith("# ")
    return first[2:].strip()


def test_slide_view_in_jupyterlab_presentation_mode(lab, browser):
    """A presenting copy (`tierlab slides --collapse`) in JupyterLab's presentation mode."""
    if not PRESENT_NOTEBOOK.exists():
        pytest.skip("notebooks/00_welcome.ipynb does not exist yet")
    folder = lab.root / "present"
    folder.mkdir(exist_ok=True)
    from tierlab.cli import main as tierlab_main

    assert tierlab_main(["slides", "--collapse", "--out", str(folder), str(PRESENT_NOTEBOOK)]) == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(30_000)
    try:
        page.goto(lab.url(f"lab/tree/present/{PRESENT_NOTEBOOK.name}?reset"),
                  wait_until="domcontentloaded", timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=NOTEBOOK_OPEN_TIMEOUT)
        def menu_item(label):
            return page.locator(".lm-Menu:visible .lm-Menu-item").filter(
                has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{label}$")))

        page.get_by_role("menuitem", name="View", exact=True).click()
        menu_item("Appearance").first.hover()
        menu_item("Presentation Mode").first.click()
        page.wait_for_function("() => document.querySelector('.jp-mod-presentationMode')",
                               timeout=10_000)
        title = _title_of(PRESENT_NOTEBOOK)
        heading = page.locator(".jp-Notebook h1").first
        heading.wait_for(state="visible")
        assert title in heading.inner_text()
        # the setup cell's code is collapsed (hide-input): its source is not on the slide
        shown_code = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-Notebook .jp-CodeCell .jp-InputArea-editor')]
            .filter(e => e.offsetParent !== null).map(e => e.innerText).join('\\n')""")
        assert "import tierlab" not in shown_code
        assert page.locator(".jp-Notebook .jp-InputPlaceholder").count() >= 1
        png = page.screenshot(path=str(SCREENSHOTS / "present_slide_view.png"))
        assert _not_blank(png) > 10
    finally:
        page.close()


def test_handout_renders_offline(browser, tmp_path):
    """`tierlab handout` of a course notebook opens without network, with text and figures."""
    if not PRESENT_NOTEBOOK.exists():
        pytest.skip("notebooks/00_welcome.ipynb does not exist yet")
    from tierlab.handout import write_handout

    out = write_handout(PRESENT_NOTEBOOK, tmp_path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        page.goto(out.as_uri(), wait_until="load", timeout=60_000)
        title = _title_of(PRESENT_NOTEBOOK)
        assert page.title() == title
        assert title in page.locator("h1").first.inner_text()
        text = page.inner_text("body")
        assert "Key points" in text and "import tierlab" not in text
        images = page.locator("img")
        assert images.count() >= 1
        assert images.first.evaluate("img => img.complete && img.naturalWidth > 100")
        png = page.screenshot(path=str(SCREENSHOTS / "present_handout.png"))
        assert _not_blank(png) > 10
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    finally:
        context.close()


def test_explorer_after_reload_shows_the_current_chart(lab, browser):
    """Reloading the page (or reopening the notebook) redraws the chart as the sliders are now."""
    nb = nbformat.read(EXPLORERS_NOTEBOOK, as_version=4)
    nb.cells = [nb.cells[1], nb.cells[4]]  # setup + the matrix explorer
    folder = lab.root / "reload"
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "reload.ipynb")
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(30_000)
    drawn_js = """(plot) => JSON.stringify((plot.data || []).map(t => [Array.from(
        (t.marker && t.marker.color) || []), Array.from(t.text || [])]))"""
    try:
        page.goto(lab.url("lab/tree/reload/reload.ipynb?reset"), wait_until="domcontentloaded",
                  timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=NOTEBOOK_OPEN_TIMEOUT)
        _run_all_cells(page)
        page.wait_for_function(_EXECUTED_JS, arg=2, timeout=300_000, polling=250)
        explorer = page.locator(".jp-Notebook .tierlab-explorer").first
        plot = explorer.locator(".js-plotly-plot").first
        plot.wait_for(state="visible", timeout=60_000)
        page.wait_for_function(_KERNEL_IDLE_JS, timeout=60_000, polling=100)
        first = plot.evaluate(drawn_js)
        handle = explorer.locator(".widget-slider").first.locator(".noUi-handle").first
        handle.focus()
        for _ in range(8):
            handle.press("ArrowRight")
        readout = explorer.locator(".widget-readout").first
        page.wait_for_function("([p, b]) => (" + drawn_js + ")(p) !== b",
                               arg=[plot.element_handle(), first], timeout=30_000)
        page.wait_for_function(_KERNEL_IDLE_JS, timeout=60_000, polling=100)
        page.wait_for_timeout(1500)
        moved, value = plot.evaluate(drawn_js), readout.inner_text()
        assert moved != first
        page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function("""() => !document.querySelector(
            '.jp-mod-current .jp-mod-dirty, .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')""",
                               timeout=30_000)
        page.wait_for_timeout(1000)
        page.reload(wait_until="domcontentloaded")
        explorer = page.locator(".jp-Notebook .tierlab-explorer").first
        plot = explorer.locator(".js-plotly-plot").first
        plot.wait_for(state="visible", timeout=60_000)
        page.wait_for_function(f"(p) => ({_DRAWN_JS})(p) > 0", arg=plot.element_handle(),
                               timeout=30_000)
        assert explorer.locator(".widget-readout").first.inner_text() == value
        assert plot.evaluate(drawn_js) == moved, "after a reload the chart shows an old state"
        page.screenshot(path=str(SCREENSHOTS / "explorer_after_reload.png"))
    finally:
        page.close()
