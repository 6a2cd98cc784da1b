"""``notebook-gen build``: its arguments. What it does is in :mod:`.run`, imported
only when the command runs (``--help`` and ``--version`` need none of the build)."""

from __future__ import annotations

import argparse
from typing import Any

from notebook_gen.commands.options import SETTINGS_EPILOG, add_shared, lazy
from notebook_gen.convert.options import LAYOUTS


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "build", help="convert documentation pages into notebooks",
        description="Convert pages marked [[open-in-colab]] (or all pages) into notebooks, "
        "one per framework variant. Exit status: 0 done, 1 a page failed (the others are "
        "written) or --check found files out of date, 2 a usage mistake.",
        epilog=SETTINGS_EPILOG)
    add_shared(parser, "source")
    parser.add_argument("-o", "--out", help="output folder (default: notebooks_out)")
    parser.add_argument("--all", dest="all_pages", action="store_true", default=None,
                        help="convert every page, not only those marked [[open-in-colab]]")
    parser.add_argument("--lang", help="only these languages, comma-separated (e.g. ko,ja)")
    parser.add_argument("--page", dest="page_glob", metavar="GLOB",
                        help="only pages whose path in their language folder (tasks/asr.md) "
                        "or in the docs root (en/tasks/asr.md) matches this glob")
    parser.add_argument("-j", "--jobs", type=jobs_count,
                        help="worker processes, 0 or more (default and 0: one per core; never "
                        "more than the pages to convert)")
    parser.add_argument("--force", action="store_true", default=None,
                        help="rebuild every page, even unchanged ones")
    parser.add_argument("--clean", action="store_true", default=None,
                        help="remove the notebooks this tool wrote for pages that are gone "
                        "(deleted, or no longer marked [[open-in-colab]]); pages converted "
                        "only because of --all are kept unless --all is given again")
    parser.add_argument("--check", action="store_true", default=None,
                        help="write nothing; list notebooks that would change; exit 1 if any")
    add_shared(parser, "docs_url", "package", "doc_version", "raw_base", "external")
    parser.add_argument("--no-links", dest="links", action="store_false", default=None,
                        help="keep links as written")
    parser.add_argument("--strict", action="store_true", default=None,
                        help="treat lint warnings (missing-install, framework-leak) and "
                        "recovered page structure as errors")
    parser.add_argument("--variants", choices=LAYOUTS,
                        help="framework notebooks per page: 'site' (default: PyTorch and "
                        "TensorFlow for every page, as the docs site's Colab menu links "
                        "them, JAX with JAX blocks) or 'present' (only frameworks the page "
                        "has blocks for)")
    add_shared(parser, "strict_links")
    parser.add_argument("--repository", metavar="OWNER/NAME",
                        help="GitHub repository of the output folder, for the index's Colab "
                        "links (default: from git remote origin when it is on GitHub; '' for "
                        "relative links)")
    parser.add_argument("--branch", help="branch for the index's Colab links (default: main)")
    parser.add_argument("--notebooks-path", dest="notebooks_path", metavar="PATH",
                        help="the output folder's path from the repository root (default: "
                        "--out, taken from the git top level or else the working folder)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    parser.set_defaults(func=lazy("notebook_gen.commands.build.run", "run"))


def jobs_count(value: str) -> int:
    """``--jobs``: a whole number, 0 (one per core) or more."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{jobs} workers: give 1 or more, or 0 for one per "
                                         "core")
    return jobs


