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
    reqs = [*course._requirements(course.COURSE_EXTRAS), *course.TOOLS]
    for req in deps["dependencies"]:
        assert req in reqs
    assert "pytest>=8" not in reqs and "playwright>=1.45" not in reqs
    assert {"uv", "pip", "setuptools>=69"} <= set(reqs)
    assert "pytest>=8" in course._requirements(course.TEST_EXTRAS)
    cmd = course.download_command("py", tmp_path, reqs, "win_amd64", "3.12")
    assert cmd[:5] == ["py", "-m", "pip", "download", "-q"]
    assert cmd[cmd.index("--platform") + 1] == "win_amd64"
    assert cmd[cmd.index("--python-version") + 1] == "3.12"
    assert cmd[cmd.index("--find-links") + 1] == str(tmp_path)  # wheels built here
    assert "--only-binary=:all:" in cmd and "--no-deps" in cmd and cmd[-len(reqs):] == reqs
    here = course.download_command("py", tmp_path, reqs)
    assert "--platform" not in here and "--only-binary=:all:" not in here


def test_source_only_packages_are_found_in_pips_report(course):
    report = {"install": [
        {"download_info": {"url": "https://x/numpy-2.0-cp311-manylinux.whl"},
         "metadata": {"name": "numpy", "version": "2.0"}},
        {"download_info": {"url": "https://x/fontmeta-1.6.1.tar.gz"},
         "metadata": {"name": "fontmeta", "version": "1.6.1"}}]}
    assert course.source_only(report) == ["fontmeta==1.6.1"]
    assert course.source_only({}) == []


def _fake_pip(course, monkeypatch, sdist_in_dest=False):
    import json

    def run(cmd, **kw):
        cmd = [str(c) for c in cmd]
        course.calls.append(cmd)
        if "--report" in cmd:
            Path(cmd[cmd.index("--report") + 1]).write_text(json.dumps({"install": [
                {"download_info": {"url": "https://x/fontmeta-1.6.1.tar.gz"},
                 "metadata": {"name": "fontmeta", "version": "1.6.1"}}]}))
        if cmd[3] == "download" and sdist_in_dest:
            (Path(cmd[cmd.index("-d") + 1]) / "fontmeta-1.6.1.tar.gz").write_text("")
        return 0
    monkeypatch.setattr(course, "_run", run)


def test_bundle_for_other_laptops_builds_source_packages_first(course, tmp_path,
                                                                monkeypatch):
    _fake_pip(course, monkeypatch)
    dest = tmp_path / "wh"
    assert course.bundle([str(dest), "--platform", "win_amd64", "--python-version", "3.11",
                          "--with-tests"]) == 0
    report, wheel, uv, compile_, download = course.calls
    assert "--dry-run" in report and "pytest>=8" in report
    assert wheel[3] == "wheel" and wheel[-1] == "fontmeta==1.6.1"
    assert uv[-1] == "uv" and compile_[2:5] == ["uv", "pip", "compile"]
    # markers such as sys_platform == "win32" are judged for the laptops, by uv
    assert compile_[compile_.index("--python-platform") + 1] == "x86_64-pc-windows-msvc"
    assert compile_[compile_.index("--python-version") + 1] == "3.11"
    pinned = compile_[compile_.index("-o") + 1]
    assert download[3] == "download" and "--platform" in download and "--no-deps" in download
    assert download[-2:] == ["-r", pinned]
    assert download[download.index("-d") + 1] == str(dest.resolve())
    assert not (dest / ".resolve-report.json").exists()
    assert not (dest / ".requirements.in").exists()


def test_platform_tags_map_to_uv_platforms(course):
    assert course.uv_platform("win_amd64") == "x86_64-pc-windows-msvc"
    assert course.uv_platform("macosx_11_0_arm64") == "aarch64-apple-darwin"
    assert course.uv_platform("macosx_10_12_x86_64") == "x86_64-apple-darwin"
    assert course.uv_platform("manylinux2014_x86_64") == "x86_64-unknown-linux-gnu"
    assert course.uv_platform(None) is None
    with pytest.raises(SystemExit, match="not one course.py knows"):
        course.uv_platform("solaris_sparc")


def test_bundle_for_this_machine_turns_source_packages_into_wheels(course, tmp_path,
                                                                    monkeypatch):
    _fake_pip(course, monkeypatch, sdist_in_dest=True)
    dest = tmp_path / "wh"
    assert course.bundle([str(dest)]) == 0
    download, wheel = course.calls
    assert "--platform" not in download and "pytest>=8" not in download
    assert wheel[3] == "wheel" and wheel[-1] == str(dest.resolve() / "fontmeta-1.6.1.tar.gz")
    assert not (dest / "fontmeta-1.6.1.tar.gz").exists()  # laptops never build


def test_bundle_command_line_errors(course):
    with pytest.raises(SystemExit, match="--platform needs a value"):
        course.bundle(["--platform"])
    with pytest.raises(SystemExit, match="bundle takes"):
        course.bundle(["--bogus"])


def test_the_test_run_installs_spark_only_where_its_test_can_run(course):
    no_java = course.extras_for_tests(env={}, java="")
    assert no_java == course.TEST_EXTRAS and "spark" not in no_java
    assert "spark" in course.extras_for_tests(env={}, java="/usr/bin/java")
    assert "spark" in course.extras_for_tests(env={"JAVA_HOME": "/opt/jdk"}, java="")
    assert "spark" in course.extras_for_tests(env={"TIERLAB_REQUIRE_SPARK": "1"}, java="")
    reqs = course._requirements(course.extras_for_tests(env={}, java="/usr/bin/java"))
    assert any(r.startswith("pyspark") for r in reqs)


def test_test_runs_the_suite_in_parallel_then_the_quiet_tests_alone(course):
    """`course.py test`: the whole suite on 2 workers without the timing tests, then those
    serially; extra arguments reach both runs; the exit code fails if either fails."""
    parallel, quiet = course.test_commands("py", ["-k", "explorers"])
    assert parallel[:7] == ["py", "-m", "pytest", "-n", "2", "--dist", "loadfile"]
    assert "-n" not in quiet
    for cmd in (parallel, quiet):
        assert {"--nbval-lax", "--doctest-modules", "tests", "notebooks"} <= set(cmd)
        assert cmd[-2:] == ["-k", "explorers"]
    assert parallel[parallel.index("-m", 2) + 1] == "not quiet"
    assert quiet[quiet.index("-m", 2) + 1] == "quiet"
    # the same paths and options apart from the workers and the marker
    strip = {"-n", "2", "--dist", "loadfile", "-m", "not quiet", "quiet"}
    assert [c for c in parallel if c not in strip] == [c for c in quiet if c not in strip]
    # a marker chosen on the command line: one run, as asked
    (only,) = course.test_commands("py", ["-m", "slow"])
    assert only[-2:] == ["-m", "slow"] and "not quiet" not in only

    codes = iter([0, 5])  # no quiet test selected (pytest exit code 5) is fine
    course._run = lambda cmd, **kw: next(codes)
    course.ensure_env = lambda *a, **k: None
    assert course.test([]) == 0
    for first, second, want in ((1, 0, 1), (0, 1, 1), (5, 0, 5)):
        codes = iter([first, second])
        assert course.test([]) == want


def test_the_quiet_marker_is_registered():
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"]["markers"]
    assert any(m.startswith("quiet:") for m in markers)
