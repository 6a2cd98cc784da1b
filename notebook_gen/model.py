"""Plain data passed between the stages of a page's conversion.

page text -> tokens (parse) -> blocks (blocks) -> blocks of one variant (variants)
-> cell specs (cells) -> notebook (notebook)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    """Where a block sits in the page's component structure."""

    framework: str | None = None
    """The framework block it is in (a name from the framework registry), if any."""


@dataclass(frozen=True)
class Prose:
    """Markdown, already rewritten for a notebook (anchors, tips, math, links)."""

    text: str
    line: int
    scope: Scope = Scope()
    starts_cell: bool = False
    """A heading: the markdown cell ends before it."""
    mixed_only: bool = False
    """A framework label, meaningful only where several frameworks are shown."""


@dataclass(frozen=True)
class Sample:
    """A Python sample as written in the page (doctest prompts still in)."""

    source: str
    line: int
    """Page line (1-based) of the sample's first line."""
    scope: Scope = Scope()
    output: str | None = None
    """What it printed, from a fence of its own right after it (``python out``)."""


@dataclass(frozen=True)
class Install:
    """A shell block of package installs, run in the notebook as ``!pip install ...``."""

    source: str
    line: int
    scope: Scope = Scope()


@dataclass(frozen=True)
class Video:
    """An embedded YouTube video."""

    video_id: str
    line: int
    scope: Scope = Scope()


Block = Prose | Sample | Install | Video


@dataclass(frozen=True)
class CellSpec:
    """One notebook cell, before it is given an id and serialised."""

    kind: str
    """``markdown`` or ``code``."""
    source: str
    line: int
    expected_output: str | None = None
    tags: tuple[str, ...] = ()
    doctest_flags: tuple[str, ...] = ()
    hidden_input: bool = False
    origin: str | None = None
    """Where a cell that is not from the page came from (``en/_config.py``)."""
    framework: str | None = None
    """The framework block a code cell comes from, if any (lint checks its imports)."""
    output_kind: str = "execute_result"
    """How the expected output is stored: ``execute_result`` (a value), ``stream`` (what
    ``print`` wrote) or ``display_html`` (an HTML display, e.g. an embedded video)."""


@dataclass(frozen=True)
class PageInfo:
    """What the page says about itself, outside its body."""

    title: str | None = None
    extra_pip: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = field(default_factory=tuple)
