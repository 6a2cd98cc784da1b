"""The output folder as a build sees it: files written atomically and only when changed,
or, in check mode, compared and reported stale; removals limited to the folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notebook_gen.build.write import Content, has_content, write_if_changed
from notebook_gen.errors import PageError

WRITTEN, UNCHANGED, STALE, REMOVED = "written", "unchanged", "stale", "removed"


LEAVES = "output path leaves the output folder; not written"


def _stays_inside(out: Path, folder: str) -> bool:
    """Whether ``out/folder`` (symlinks and ``..`` resolved) is ``out`` or inside it."""
    return (out / folder).resolve().is_relative_to(out.resolve())


def safe_target(out: Path, relative: str) -> Path:
    """``out / relative``, refusing paths that leave the output folder."""
    target = (out / relative).resolve()
    if not target.is_relative_to(out.resolve()):
        raise PageError(relative, None, LEAVES)
    return target


@dataclass(frozen=True)
class OutputFolder:
    out: Path
    check: bool = False
    """Write nothing: say what would change."""
    refused: list[PageError] = field(default_factory=list)
    """Paths that would have left the folder (from a tampered manifest, say): nothing was
    written or deleted for them; the build reports them as errors and goes on."""

    _folders: dict[str, bool] = field(default_factory=dict, repr=False)
    """Parent folders already checked: resolving each file's path was a fifth of a build."""

    def _target(self, relative: str) -> Path | None:
        parent, _, name = relative.rpartition("/")
        inside = self._folders.get(parent)
        if inside is None:
            inside = _stays_inside(self.out, parent)
            self._folders[parent] = inside
        if inside and name not in ("", ".", ".."):
            return self.out / relative
        self.refused.append(PageError(relative, None, LEAVES))
        return None

    def put(self, relative: str, content: Content) -> str | None:
        """Make ``relative`` hold ``content``: ``written``, ``unchanged``, (check) ``stale``,
        or None when the path is refused."""
        target = self._target(relative)
        if target is None:
            return None
        if self.check:
            return UNCHANGED if has_content(target, content) else STALE
        return WRITTEN if write_if_changed(target, content) else UNCHANGED

    def remove(self, relative: str) -> str | None:
        """Delete a file this tool generated: ``removed``, (check) ``stale``, or None if absent
        or refused."""
        target = self._target(relative)
        if target is None or not target.is_file():
            return None
        if self.check:
            return STALE
        target.unlink()
        return REMOVED

    def read_head(self, relative: str, size: int = 400) -> str | None:
        """The start of an existing file (to recognise one this tool wrote), or None."""
        try:
            with safe_target(self.out, relative).open(encoding="utf-8", errors="replace") as f:
                return f.read(size)
        except OSError:
            return None
