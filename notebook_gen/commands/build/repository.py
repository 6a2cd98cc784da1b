"""Where the output folder lives on GitHub, for the index's "Open in Colab" links.

A Colab link names a repository, a branch and the notebook's path from the repository root.
The repository comes from ``--repository`` (or the settings) or, when neither gives one, from
``git remote get-url origin`` of the repository holding the output folder. The path comes from
``--notebooks-path`` or from ``-o`` taken relative to the repository root (the git top level,
else the working folder): a path that would climb out of the root (``../x``) is refused, since
Colab would be sent outside the repository.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.builder.output.index import IndexLinks, repository_path
from notebook_gen.commands.options import UsageError
from notebook_gen.links.urls import branch_problem

_GITHUB = re.compile(
    r"^(?:(?:https?|git)://(?:[^@/]+@)?github\.com/|ssh://(?:[^@/]+@)?github\.com(?::\d+)?/"
    r"|[^@/\s]+@github\.com:)(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?/?$")
_OWNER_NAME = re.compile(r"^[\w.-]+/[\w.-]+$")


def github_repository(url: str) -> str | None:
    """``OWNER/NAME`` of a GitHub remote URL (https, ssh or scp-like), else None."""
    found = _GITHUB.match(url.strip())
    return found["repo"] if found else None


def _git(folder: Path, *args: str) -> str | None:
    """One git query's output, or None (no git, not a repository, no such remote)."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, check=False, timeout=10,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def git_toplevel(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path`` (which need not exist yet)."""
    folder = path.resolve()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    return Path(top).resolve() if top else None


def clean_notebooks_path(path: str) -> str:
    """``--notebooks-path``, normalised; one that leaves the repository is a usage error."""
    try:
        return repository_path(path)
    except ValueError as error:
        raise UsageError(f"--notebooks-path {error}") from None


@dataclass
class Placement:
    """The index's links, and the line that says how they were decided (if any)."""

    links: IndexLinks
    notes: list[str] = field(default_factory=list)


def _given_repository(given: str) -> str | None:
    if given == "":
        return None  # asked for relative links
    repository = github_repository(given) or given.strip().strip("/")
    if not _OWNER_NAME.match(repository):
        raise UsageError(f"--repository {given!r}: expected OWNER/NAME (or a GitHub URL)")
    return repository


def place(out: Path, repository: str | None, branch: str, notebooks_path: str | None,
          project: Path | None = None) -> Placement:
    """Where ``out`` is on GitHub. ``repository`` None means "infer it", ``""`` means none;
    ``notebooks_path`` None means "derive it from ``out``", relative to the git top level, or
    else ``project`` (the folder whose ``pyproject.toml`` gave the settings; default: the
    working folder)."""
    if (problem := branch_problem(branch)) is not None:
        raise UsageError(f"--branch {branch!r}: not a valid git branch name ({problem})")
    git_top = git_toplevel(out) if repository is None else None  # git asked only if needed
    if repository is not None:
        found, inferred = _given_repository(repository), False
    else:
        origin = _git(git_top, "remote", "get-url", "origin") if git_top else None
        found = github_repository(origin) if origin else None
        inferred = found is not None
    path = None if notebooks_path is None else clean_notebooks_path(notebooks_path)
    if not found:
        return Placement(IndexLinks(None, branch), [] if repository == "" else [
            "index: relative links (no GitHub repository: --repository OWNER/NAME or a "
            "GitHub 'origin' remote gives Colab links)"])
    if path is None:  # not given: derived from out, relative to the repository's root
        if repository is not None:
            git_top = git_toplevel(out)
        top = git_top or (project.resolve() if project else None)
        path = _path_in(out, top or Path.cwd().resolve())
        if path is None:
            return Placement(IndexLinks(None, branch), [
                f"index: relative links: {out} is outside the repository root "
                f"{top or Path.cwd()} (--notebooks-path gives its path in {found})"])
    links = IndexLinks(found, branch, path)
    if not inferred:
        return Placement(links)
    return Placement(links, [f"index: Colab links to {found}, branch {branch}, folder "
                             f"{path or '.'} (repository from git remote origin; "
                             "--repository overrides it)"])


def _path_in(out: Path, root: Path) -> str | None:
    """``out`` relative to ``root`` (``notebooks_out``), or None when outside it."""
    resolved = out.resolve()
    if not resolved.is_relative_to(root):
        return None
    relative = resolved.relative_to(root).as_posix()
    return "" if relative == "." else relative


def repository_of(folder: Path, given: str | None) -> str | None:
    """``OWNER/NAME`` of ``folder`` on GitHub: ``given`` (``--repository``; checked, ``""``
    meaning none), else the GitHub ``origin`` remote of the git work tree holding ``folder``,
    else None. For the links of other commands' reports, as :func:`place` finds it."""
    if given is not None:
        return _given_repository(given)
    top = git_toplevel(folder)
    origin = _git(top, "remote", "get-url", "origin") if top else None
    return github_repository(origin) if origin else None
