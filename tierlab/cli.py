"""The ``tierlab`` command line.

Sub-commands live in the module of their family; this file only routes.
Each command module defines ``configure(parser)`` and ``run(args) -> int``.

    tierlab data --seed 7 --out worlds/team7      regenerate the two worlds
    tierlab build-exercises                        solutions/ -> exercises/
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

# command name -> (module, one-line help)
COMMANDS = {
    "data": ("tierlab.datasets._cli", "generate the pharma and retail worlds into a folder"),
    "build-exercises": ("tierlab.exercises._build", "make exercises/ from solutions/"),
    "grade": ("tierlab.exercises._grade", "grade a folder of submitted exercise notebooks"),
    "workshop": ("tierlab.exercises._workshop", "prepare one dataset seed per team"),
    "slides": ("tierlab.slides", "set or check the notebooks' slide metadata"),
    "handout": ("tierlab.handout", "write offline HTML handouts of notebooks (no code)"),
}


def build_parser() -> argparse.ArgumentParser:
    """The ``tierlab`` argument parser, one sub-command per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(prog="tierlab", description="tierlab course tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(_module=module)
        try:
            importlib.import_module(module).configure(p)
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
    return int(importlib.import_module(args._module).run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
