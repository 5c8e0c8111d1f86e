"""``python3 course.py start``: English or Chinese edition, JupyterLab's language and font."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course():
    spec = importlib.util.spec_from_file_location("course_under_test", ROOT / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.PY = Path(sys.executable)
    return mod


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({}, "en"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins
    ({"LC_ALL": "", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}, "zh"),
])
def test_system_lang_follows_the_locale(course, environ, lang):
    assert course.system_lang(environ) == lang


def test_lang_option_is_taken_off_the_jupyterlab_arguments(course):
    assert course._take_lang(["--lang", "zh", "--port", "8899"]) == ("zh", ["--port", "8899"])
    assert course._take_lang(["--no-browser", "--lang=en"]) == ("en", ["--no-browser"])
    assert course._take_lang(["--port", "8899"]) == (None, ["--port", "8899"])
    with pytest.raises(SystemExit, match="--lang must be zh or en, got 'fr'"):
        course._take_lang(["--lang", "fr"])


def test_zh_launch_opens_the_chinese_edition_in_chinese(course, tmp_path):
    cmd, env = course.lab_command("zh", config_dir=tmp_path / "zh", environ={"PATH": "/bin"})
    assert "notebooks/zh/00_welcome.ipynb" in cmd and "--LabApp.custom_css=True" in cmd
    paths = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths[:2] == [str(ROOT / "jupyter-config" / "zh"), str(ROOT / "jupyter-config")]
    assert env["JUPYTER_CONFIG_DIR"] == str(tmp_path / "zh")
    custom = tmp_path / "zh" / "custom"
    assert (custom / "custom.css").read_text() == (
        ROOT / "jupyter-config" / "custom" / "custom.css").read_text()
    font = custom / "NotoSansCJKsc-Regular.otf"
    assert font.is_file() and not font.is_symlink() and font.stat().st_size > 1_000_000
    assert 'url("NotoSansCJKsc-Regular.otf")' in (custom / "custom.css").read_text()


def test_en_launch_keeps_the_english_edition(course, tmp_path):
    cmd, env = course.lab_command("en", config_dir=tmp_path / "en", environ={})
    assert "notebooks/00_welcome.ipynb" in cmd
    assert env["JUPYTER_CONFIG_PATH"] == str(ROOT / "jupyter-config")


def test_language_overrides(course):
    def locale(folder):
        path = folder / "labconfig" / "default_setting_overrides.json"
        return json.loads(path.read_text())["@jupyterlab/translation-extension:plugin"]["locale"]

    assert locale(ROOT / "jupyter-config") == "en"
    assert locale(ROOT / "jupyter-config" / "zh") == "zh_CN"
