"""The ``tierlab`` command line.

Sub-commands live in the module of their family; this file only routes.
Each command module defines ``configure(parser)`` and ``run(args) -> int``.

    tierlab data --seed 7 --out worlds/team7      regenerate the two worlds
    tierlab build-exercises                        solutions/ -> exercises/
    tierlab build-editions                         English + i18n/zh -> notebooks/zh ...
    tierlab translations status|extract            what is left to translate
    tierlab grade SUBMISSIONS_DIR                  scoreboard for a folder of notebooks
    tierlab workshop --teams 6                     one dataset seed per team
    tierlab slides --apply notebooks/              slide metadata for presenting
    tierlab handout notebooks/01_*.ipynb --out h/  offline HTML handouts (no code)

Messages and help are in Chinese when asked: ``tierlab --lang zh ...``, ``TIERLAB_LANG=zh``
or a Chinese system locale (``LANG=zh_CN.UTF-8``); see :func:`tierlab.i18n.cli_locale`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from tierlab.i18n import cli_locale, get_locale, set_locale, tr

__all__ = ["main", "COMMANDS"]

# command name -> (module, one-line help); "module:x" uses configure_x/run_x
COMMANDS = {
    "data": ("tierlab.datasets._cli", "generate the pharma and retail worlds into a folder"),
    "build-exercises": ("tierlab.exercises._build", "make exercises/ from solutions/"),
    "build-editions": ("tierlab.editions:build",
                       "write the Chinese edition (notebooks/zh, solutions/zh, exercises/zh)"),
    "translations": ("tierlab.editions:translations",
                     "status of the Chinese catalogs (i18n/zh), or extract new English cells"),
    "grade": ("tierlab.exercises._grade", "grade a folder of submitted exercise notebooks"),
    "workshop": ("tierlab.exercises._workshop", "prepare one dataset seed per team"),
    "slides": ("tierlab.slides", "set or check the notebooks' slide metadata"),
    "handout": ("tierlab.handout", "write offline HTML handouts of notebooks (no code)"),
}
# the one-line helps in Chinese (``--lang zh``)
_HELP_ZH = {
    "data": "生成医药和零售两个模拟数据集，写入一个文件夹",
    "build-exercises": "由 solutions/ 生成 exercises/",
    "build-editions": "生成中文版（notebooks/zh、solutions/zh、exercises/zh）",
    "translations": "中文翻译目录（i18n/zh）的状态，或提取新的英文单元格",
    "grade": "批改一个文件夹里学员提交的练习笔记本",
    "workshop": "为每个小组准备一个数据种子",
    "slides": "设置或检查笔记本的幻灯片元数据",
    "handout": "把笔记本导出为离线 HTML 讲义（不含代码）",
}


def _help(name: str) -> str:
    return tr(COMMANDS[name][1], _HELP_ZH[name])


def _take_lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """Split ``--lang X`` / ``--lang=X`` given before the command off ``argv``.

    After the command, ``--lang`` belongs to the command (``tierlab handout --lang zh_CN``).
    """
    lang, i = None, 0
    head = []
    while i < len(argv) and argv[i].startswith("-"):
        arg = argv[i]
        if arg == "--lang" and i + 1 < len(argv):
            lang, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            head.append(arg)
        i += 1
    return lang, head + argv[i:]


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with its own words ("usage:") in the current locale."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:  # a sub-command's name line is made with prefix ""
            prefix = tr("usage: ", "用法：")
        super().add_usage(usage, actions, groups, prefix=prefix)


def _localize(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Chinese section titles and ``-h`` help for ``parser`` when the locale is zh_CN."""
    parser.formatter_class = _Formatter
    parser._positionals.title = tr("positional arguments", "位置参数")
    parser._optionals.title = tr("options", "选项")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = tr("show this help message and exit", "显示本帮助并退出")
    return parser


def _fn(kind: str, suffix: str) -> str:
    """``configure``/``run``, or ``configure_<suffix>`` for a module serving several commands."""
    return f"{kind}_{suffix}" if suffix else kind


def build_parser() -> argparse.ArgumentParser:
    """The ``tierlab`` argument parser, one sub-command per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="tierlab", description=tr("tierlab course tools", "tierlab 课程工具"),
        epilog=tr("--lang zh (or TIERLAB_LANG=zh, or a Chinese system locale): messages in "
                  "Chinese.", "--lang en（或 TIERLAB_LANG=en）：英文信息。"))
    _localize(parser)
    parser.add_argument("--lang", choices=["zh", "en"],
                        help=tr("language of the messages (default: TIERLAB_LANG, then the "
                                "system locale)", "信息的语言（默认：TIERLAB_LANG，其次是系统区域设置）"))
    sub = parser.add_subparsers(dest="command", metavar=tr("COMMAND", "命令"))
    for name, (module, _) in COMMANDS.items():
        help_ = _help(name)
        p = _localize(sub.add_parser(name, help=help_, description=help_))
        p.set_defaults(_module=module)
        try:
            mod, _, suffix = module.partition(":")
            getattr(importlib.import_module(mod), _fn("configure", suffix))(p)
        except ModuleNotFoundError as exc:  # a command whose module is not installed
            p.set_defaults(_missing=str(exc))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``tierlab COMMAND ...``; return the exit code (2 for usage errors).

    ``--lang zh`` (or ``$TIERLAB_LANG``, or the system locale) makes the help and the
    messages of the trainer's commands (``data``, ``workshop``, ``grade``) Chinese.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang, rest = _take_lang(argv)
    try:
        locale = cli_locale(lang)
    except ValueError as exc:
        print(f"tierlab: {exc}", file=sys.stderr)
        return 2
    before = get_locale()
    set_locale(locale)
    try:
        parser = build_parser()
        args = parser.parse_args(rest)
        if args.command is None:
            parser.print_help()
            return 2
        if getattr(args, "_missing", None):
            print(tr(f"tierlab {args.command}: not available ({args._missing}).",
                     f"tierlab {args.command}：不可用（{args._missing}）。"), file=sys.stderr)
            return 2
        mod, _, suffix = args._module.partition(":")
        return int(getattr(importlib.import_module(mod), _fn("run", suffix))(args) or 0)
    finally:
        set_locale(before)


if __name__ == "__main__":
    sys.exit(main())
