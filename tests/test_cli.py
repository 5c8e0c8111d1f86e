"""The tierlab command line routes to each command and fails politely."""

import os
import subprocess
import sys

import pytest

from tierlab.cli import COMMANDS, main
from tierlab.i18n import get_locale


def _cli(*args, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in ("TIERLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "tierlab.cli", *args], capture_output=True,
                          text=True, env={**base, "LANG": "C.UTF-8", **env})


def test_no_command_prints_help_and_returns_2(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command):
    proc = _cli(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "usage: tierlab " + command in proc.stdout


@pytest.mark.parametrize("command", ["data", "workshop", "grade"])
def test_trainer_commands_have_chinese_help_when_asked(command):
    proc = _cli("--lang", "zh", command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("用法：tierlab " + command)
    options = proc.stdout.split("选项:", 1)[1]
    assert "显示本帮助并退出" in options and "不显示进度条" in options
    assert "default" not in options and "folder" not in options  # every help line translated


def test_chinese_when_asked_by_flag_env_or_system_locale(capsys):
    assert main(["--lang", "zh"]) == 2
    out = capsys.readouterr().out
    assert "tierlab 课程工具" in out and "批改一个文件夹里学员提交的练习笔记本" in out
    assert get_locale() == "en_US"  # the notebook's locale is left as it was
    for env in ({"TIERLAB_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}):
        assert "为每个小组准备一个数据种子" in _cli(**env).stdout, env
    english = _cli(TIERLAB_LANG="en", LANG="zh_CN.UTF-8").stdout
    assert "prepare one dataset seed per team" in english and "小组" not in english
    assert "prepare one dataset seed per team" in _cli().stdout


def test_a_bad_language_is_named(capsys):
    assert main(["--lang", "fr"]) == 2
    assert "--lang must be zh or en, got 'fr'" in capsys.readouterr().err
    proc = _cli(TIERLAB_LANG="de")
    assert proc.returncode == 2 and "TIERLAB_LANG must be zh or en, got 'de'" in proc.stderr


def test_workshop_speaks_chinese_when_asked(tmp_path, capsys):
    args = ["workshop", "--teams", "2", "--seed", "3", "--no-data", "--no-key", "--quiet",
            "--out", str(tmp_path / "w")]
    assert main(["--lang", "zh", *args]) == 0
    out = capsys.readouterr().out
    assert f"已写入 {tmp_path / 'w' / 'teams.csv'} 和 " in out
    assert main(args) == 0
    assert "wrote " in capsys.readouterr().out
    assert main(["--lang", "zh", "workshop", "--teams", "0", "--no-key", "--quiet"]) == 2
    assert capsys.readouterr().err.startswith("tierlab workshop：")


def test_grade_and_data_speak_chinese_when_asked(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    assert main(["--lang", "zh", "grade", str(tmp_path / "subs"), "--no-progress"]) == 0
    assert "已批改 0 名学员；成绩榜：" in capsys.readouterr().out
    assert main(["--lang", "zh", "grade", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("tierlab grade：")
    assert main(["--lang", "zh", "data", "--out", str(tmp_path / "d"), "--case", "retail",
                 "--locale", "zh_CN", "--size", "60", "--quiet"]) == 0
    assert f"已写入 {tmp_path / 'd' / 'retail_zh'}" in capsys.readouterr().out
