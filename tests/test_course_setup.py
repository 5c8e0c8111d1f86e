"""course.py: what ``start``, ``install``, ``test`` and ``bundle`` install, and from where.

The commands are checked as command lines (no network, no real install); the
real offline install from a bundle is measured by hand (README, "Offline").
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def course(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("course_setup", ROOT / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    py = tmp_path / "venv" / "bin" / "python"
    py.parent.mkdir(parents=True)
    py.write_text("")  # the environment "exists": no venv is created
    monkeypatch.setattr(mod, "PY", py)
    monkeypatch.setattr(mod, "STAMP", tmp_path / "venv" / ".stamp")
    calls = []
    monkeypatch.setattr(mod, "_run", lambda cmd, **kw: calls.append([str(c) for c in cmd]) or 0)
    for var in ("PIP_INDEX_URL", "PIP_FIND_LINKS", "TIERLAB_WHEELHOUSE"):
        monkeypatch.delenv(var, raising=False)
    mod.calls = calls
    return mod


def _specs(calls):
    return [c[-1] for c in calls if "-e" in c]


def test_start_installs_only_the_course_and_test_adds_the_tools(course):
    course.ensure_env(course.COURSE_EXTRAS)
    assert _specs(course.calls) == [str(ROOT)]  # uv: no extras
    course.calls.clear()
    course.ensure_env(course.COURSE_EXTRAS)
    assert course.calls == []  # current: nothing to do
    course.ensure_env(course.TEST_EXTRAS)
    assert _specs(course.calls) == [f"{ROOT}[test,bench,engines]"]
    course.calls.clear()
    course.ensure_env(course.COURSE_EXTRAS)  # the test tools are a superset
    course.ensure_env(course.TEST_EXTRAS)
    assert course.calls == []


def test_pip_is_the_fallback_when_uv_fails(course, monkeypatch):
    def run(cmd, **kw):
        course.calls.append([str(c) for c in cmd])
        return 1 if "uv" in [str(c) for c in cmd][2:4] else 0
    monkeypatch.setattr(course, "_run", run)
    course.ensure_env(course.COURSE_EXTRAS)
    assert course.calls[-1][1:4] == ["-m", "pip", "install"] and course.calls[-1][-1] == str(ROOT)


def test_offline_installs_read_only_the_wheelhouse(course, tmp_path):
    wh = tmp_path / "wheelhouse"
    wh.mkdir()
    with pytest.raises(SystemExit, match="no wheels there"):
        course.ensure_env(course.COURSE_EXTRAS, wh)
    (wh / "uv-0.5-py3-none-any.whl").write_text("")
    course.ensure_env(course.COURSE_EXTRAS, wh)
    pip_uv, uv = course.calls
    for cmd in (pip_uv, uv):
        i = cmd.index("--find-links")
        assert "--no-index" in cmd and cmd[i + 1] == str(wh.resolve())
    assert "--offline" in uv
    _, _, pip = course.install_commands("py", (), wh)
    assert "--no-index" in pip and "--offline" not in pip


def test_a_local_mirror_in_pips_variables_reaches_uv(course):
    env = {"PIP_INDEX_URL": "http://mirror.local/simple",
           "PIP_FIND_LINKS": "/srv/wheels /mnt/more"}
    _, uv, pip = course.install_commands("py", (), None, env)
    assert uv[uv.index("--index-url") + 1] == "http://mirror.local/simple"
    assert [uv[i + 1] for i, a in enumerate(uv) if a == "--find-links"] == ["/srv/wheels",
                                                                          "/mnt/more"]
    assert "--index-url" not in pip  # pip reads its own variables


def test_offline_flag_and_environment_variable(course, tmp_path, monkeypatch):
    assert course._offline(["--port", "1", "--offline", "W"]) == ("W", ["--port", "1"])
    with pytest.raises(SystemExit, match="--offline needs"):
        course._offline(["--offline"])
    wh = tmp_path / "w"
    wh.mkdir()
    (wh / "x-1-py3-none-any.whl").write_text("")
    monkeypatch.setenv("TIERLAB_WHEELHOUSE", str(wh))
    course.ensure_env(course.COURSE_EXTRAS)
    assert all("--no-index" in c for c in course.calls)


def test_bundle_downloads_the_course_requirements_for_the_laptops(course, tmp_path):
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    cmd = course.bundle_command("py", tmp_path, course.COURSE_EXTRAS, "win_amd64", "3.12")
    assert cmd[:5] == ["py", "-m", "pip", "download", "-q"]
    assert cmd[cmd.index("--platform") + 1] == "win_amd64"
    assert cmd[cmd.index("--python-version") + 1] == "3.12"
    assert "--only-binary=:all:" in cmd
    for req in deps["dependencies"]:
        assert req in cmd
    assert "pytest>=8" not in cmd and "playwright>=1.45" not in cmd
    assert {"uv", "pip", "setuptools>=69"} <= set(cmd)
    here = course.bundle_command("py", tmp_path, course.TEST_EXTRAS)
    assert "--platform" not in here and "--only-binary=:all:" not in here
    assert "pytest>=8" in here and "duckdb>=1.0" in here


def test_bundle_command_line_parsing(course, tmp_path):
    dest = tmp_path / "wh"
    assert course.bundle([str(dest), "--platform", "win_amd64", "--python-version", "3.11",
                          "--with-tests"]) == 0
    cmd = course.calls[-1]
    assert cmd[cmd.index("-d") + 1] == str(dest.resolve()) and "pytest>=8" in cmd
    with pytest.raises(SystemExit, match="--platform needs a value"):
        course.bundle(["--platform"])
    with pytest.raises(SystemExit, match="bundle takes"):
        course.bundle(["--bogus"])
