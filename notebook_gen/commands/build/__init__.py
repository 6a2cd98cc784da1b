"""``notebook-gen build``: its arguments (from the option table,
:mod:`notebook_gen.commands.options`). What it does is in :mod:`.run`, imported only when
the command runs (``--help`` and ``--version`` need none of the build)."""

from __future__ import annotations

from typing import Any

from notebook_gen.commands.options import add_options, lazy, settings_epilog


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "build", help="convert documentation pages into notebooks",
        description="Convert pages marked [[open-in-colab]] (or all pages) into notebooks, "
        "one per framework variant. Exit status: 0 done, 1 a page failed (the others are "
        "written) or --check found files out of date, 2 a usage mistake.",
        epilog=settings_epilog("build"))
    add_options(parser, "build")
    parser.set_defaults(func=lazy("notebook_gen.commands.build.run", "run"))
