"""Real-browser test of the Chinese working environment (``python3 course.py start --lang zh``).

JupyterLab is started exactly as ``course.py`` starts the Chinese edition
(:func:`course.lab_command`: the course's own Jupyter folder with ``custom.css`` and the
shipped Noto Sans CJK SC font, ``jupyter-config/zh`` first on the config path), on loopback
with a random port and token, and ``notebooks/zh/00_welcome.ipynb`` is opened in Debian's
headless Chromium (``/usr/bin/chromium`` through the ``playwright`` package; never
``playwright install``). The test checks that

- JupyterLab's own interface is Chinese (the zh_CN language pack, menus 文件 / 运行);
- the notebook's Chinese text is drawn with the *shipped* font: ``document.fonts`` has the
  course's face ("Tierlab Noto Sans CJK SC") loaded, the text's CSS names it first, and
  Chromium reports (DevTools ``CSS.getPlatformFontsForNode``) that the glyphs of a Chinese
  heading and of a widget label come from that web font, not from a system font. This
  machine may have fonts-noto-cjk installed; the check still fails if the course's font is
  not served or not used;
- a widget works: moving the ABC explorer's "A类分界" slider changes its table.

Skipped without Chromium or playwright unless ``TIERLAB_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.test_browser import (  # noqa: F401 - `browser` is a fixture used by name
    _SNAPSHOT_JS,
    LabServer,
    _free_port,
    _serve,
    _write_lab_settings,
    browser,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "zh" / "00_welcome.ipynb"
FACE = "Tierlab Noto Sans CJK SC"
RUN_TIMEOUT = 300_000  # ms, Run All Cells of 00_welcome

_KERNEL_IDLE_JS = """() => {
    const bar = document.querySelector('#jp-main-statusbar');
    const text = bar ? bar.innerText : '';
    return /\\|\\s*(Idle|空闲)/.test(text) && !/(No Kernel|无内核)/.test(text);
}"""

_EXECUTED_JS = """(expected) => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    if (prompts.some(p => p.includes('*'))) return false;
    return prompts.filter(p => /\\[\\d+\\]/.test(p)).length >= expected;
}"""

_FONTS_JS = """async (face) => {
    await document.fonts.ready;
    const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === face);
    return {statuses: faces.map(f => f.status),
            check: document.fonts.check(`16px "${face}"`, '客户分级管理')};
}"""


def _load_course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    course.PY = Path(sys.executable)  # the test's environment, not the course's own .venv
    return course


@pytest.fixture(scope="module")
def lab_zh(tmp_path_factory):
    """JupyterLab as ``course.py start --lang zh`` starts it, on a temporary root."""
    if not NOTEBOOK.exists():
        pytest.skip("notebooks/zh/00_welcome.ipynb not built (tierlab build-editions)")
    course = _load_course()
    base = tmp_path_factory.mktemp("labzh")
    root, settings = base / "root", base / "settings"
    (root / "zh").mkdir(parents=True)
    shutil.copy2(NOTEBOOK, root / "zh" / NOTEBOOK.name)
    _write_lab_settings(settings)
    cmd, env = course.lab_command("zh", config_dir=base / "config")
    assert cmd[1] == "lab" and "notebooks/zh/00_welcome.ipynb" in cmd
    assert "--LabApp.custom_css=True" in cmd
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(ROOT / "jupyter-config" / "zh")
    port, token = _free_port(), secrets.token_hex(16)
    keep = [c for c in cmd[2:] if c.startswith("--") and not c.startswith("--ServerApp.root_dir")]
    cmd = [sys.executable, "-m", "jupyterlab", *keep, "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={base / 'workspaces'}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in cmd:
        cmd.append("--allow-root")
    env.pop("MPLBACKEND", None)
    env.update(JUPYTER_RUNTIME_DIR=str(base / "runtime"), IPYTHONDIR=str(base / "ipython"),
               PYTHONUNBUFFERED="1", TIERLAB_PROGRESS_LOG="off",
               PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])]))
    yield from _serve(cmd, env, root=root, base=base, port=port, token=token)


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really used for the text of the first element matching ``selector``."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        doc = cdp.send("DOM.getDocument", {"depth": -1})
        node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                              "selector": selector})["nodeId"]
        assert node, f"no element matches {selector!r}"
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def _uses_shipped_font(fonts: list[dict]) -> bool:
    return any(f.get("isCustomFont") and "Noto Sans CJK SC" in f.get("familyName", "")
               for f in fonts)


def test_chinese_notebook_in_chinese_jupyterlab_with_the_shipped_font(
        lab_zh, browser, tmp_path):  # noqa: F811 - the browser fixture of test_browser
    # the server side first: the font is served next to custom.css
    with urllib.request.urlopen(lab_zh.url("custom/custom.css")) as r:
        css = r.read().decode()
    assert re.search(rf'--jp-content-font-family:\s*"{FACE}"', css), "the face is not first"
    with urllib.request.urlopen(lab_zh.url("custom/NotoSansCJKsc-Regular.otf")) as r:
        assert r.status == 200 and len(r.read()) > 1_000_000

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(lab_zh.url("lab/tree/zh/00_welcome.ipynb?reset"),
                  wait_until="domcontentloaded", timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
        # JupyterLab's own interface is Chinese
        menubar = page.locator("#jp-menu-panel, .lm-MenuBar").first.inner_text()
        assert "文件" in menubar and "运行" in menubar, f"menus are not Chinese: {menubar!r}"

        # the notebook's Chinese text uses the shipped font
        heading = ".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown h1"
        page.locator(heading).first.wait_for()
        assert "客户分级管理" in page.locator(heading).first.inner_text()
        family = page.locator(heading).first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.replace('"', "").startswith(FACE), family
        fonts = page.evaluate(_FONTS_JS, FACE)
        assert "loaded" in fonts["statuses"] and fonts["check"], fonts
        used = _platform_fonts(page, heading)
        assert _uses_shipped_font(used), f"Chinese heading not drawn with the web font: {used}"

        # run everything, then move the ABC explorer's slider
        page.wait_for_function(_KERNEL_IDLE_JS, timeout=90_000, polling=250)
        page.get_by_role("menuitem", name="运行", exact=True).click()
        page.get_by_role("menuitem", name="运行所有单元格", exact=True).click()
        n_code = page.locator(".jp-Notebook .jp-CodeCell").count()
        page.wait_for_function(_EXECUTED_JS, arg=n_code, timeout=RUN_TIMEOUT, polling=250)
        slider = page.locator(".jp-Notebook .widget-slider").filter(
            has=page.locator(".widget-label", has_text="A类分界")).first
        slider.wait_for(state="visible", timeout=60_000)
        slider.scroll_into_view_if_needed()
        page.wait_for_function(f"(s) => ({_SNAPSHOT_JS})(s).replace(/[|#\\s]/g, '').length > 0",
                               arg=slider.element_handle(), timeout=60_000)
        label_fonts = _platform_fonts(page, ".jp-Notebook .widget-slider .widget-label")
        assert _uses_shipped_font(label_fonts), f"widget label not in the web font: {label_fonts}"
        readout = slider.locator(".widget-readout").first
        before, value_before = slider.evaluate(_SNAPSHOT_JS), readout.inner_text()
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowRight")
        page.wait_for_function(f"([s, b]) => ({_SNAPSHOT_JS})(s) !== b",
                               arg=[slider.element_handle(), before], timeout=60_000)
        assert readout.inner_text() != value_before, "the slider did not move"
        text = page.inner_text(".jp-Notebook")
        assert "Error displaying widget" not in text and "Traceback" not in text
        keep = os.environ.get("TIERLAB_BROWSER_ARTIFACTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(keep) / "browser_zh.png"))
    except Exception as exc:
        shot = tmp_path / "browser_zh_failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
        except Exception:  # noqa: BLE001 - best effort only
            pass
        raise AssertionError(f"{exc}\nscreenshot: {shot}\npage errors: {errors[:5]}\n"
                             f"server log:\n{lab_zh.log_tail()}") from exc
    finally:
        page.close()
