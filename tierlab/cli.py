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
"""

from __future__ import annotations

import argparse
import importlib
import sys

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


def _fn(kind: str, suffix: str) -> str:
    """``configure``/``run``, or ``configure_<suffix>`` for a module serving several commands."""
    return f"{kind}_{suffix}" if suffix else kind


def build_parser() -> argparse.ArgumentParser:
    """The ``tierlab`` argument parser, one sub-command per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="tierlab", description="tierlab course tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(_module=module)
        try:
            mod, _, suffix = module.partition(":")
            getattr(importlib.import_module(mod), _fn("configure", suffix))(p)
        except ModuleNotFoundError as exc:  # a command whose module is not installed
            p.set_defaults(_missing=str(exc))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``tierlab COMMAND ...``; return the exit code (2 for usage errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "_missing", None):
        print(f"tierlab {args.command}: not available ({args._missing}).", file=sys.stderr)
        return 2
    mod, _, suffix = args._module.partition(":")
    return int(getattr(importlib.import_module(mod), _fn("run", suffix))(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
