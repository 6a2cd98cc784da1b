"""A variant's blocks to cell specs: prose merged into markdown cells, samples split
into code cells with their expected output, installs and videos as code cells."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from notebook_gen.convert.dialect.video import video_cell_source
from notebook_gen.convert.metadata import TAG_INSTALL, TAG_RAISES, TAG_SKIP
from notebook_gen.convert.samples import split_sample
from notebook_gen.model import Block, CellSpec, Install, Prose, Sample, Video

DEFAULT_SKIP_PATTERNS = (
    r"\b(?:notebook_login|login|upload_file|upload_folder|create_repo)\(",
    r"\.push_to_hub\(",
)
"""Code that needs an interactive login or writes to a hub: never run by the nightly check.
(One alternation, not six patterns: it is searched in every code cell of every build.)"""


def _markdown(group: list[Prose]) -> CellSpec:
    return CellSpec("markdown", "\n\n".join(p.text for p in group), group[0].line)


def _prose_cells(blocks: Iterable[Block]) -> Iterator[Block | CellSpec]:
    """Merge runs of prose into markdown cells; a heading starts a new one."""
    group: list[Prose] = []
    for block in blocks:
        if isinstance(block, Prose):
            if group and block.starts_cell:
                yield _markdown(group)
                group = []
            group.append(block)
            continue
        if group:
            yield _markdown(group)
            group = []
        yield block
    if group:
        yield _markdown(group)


def _sample_cells(sample: Sample, skip: re.Pattern[str] | None) -> Iterator[CellSpec]:
    for run in split_sample(sample.source, sample.line):
        tags: list[str] = []
        if run.raises:
            tags.append(TAG_RAISES)
        if skip is not None and skip.search(run.code):
            tags.append(TAG_SKIP)
        yield CellSpec("code", run.code, run.line, run.output, tuple(tags), run.flags,
                       framework=sample.scope.framework)


def compile_skip_patterns(patterns: Iterable[str]) -> re.Pattern[str] | None:
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(joined) if joined else None


def cell_specs(blocks: Iterable[Block], skip: re.Pattern[str] | None) -> list[CellSpec]:
    """The cells of one variant, in page order."""
    cells: list[CellSpec] = []
    for item in _prose_cells(blocks):
        if isinstance(item, CellSpec):
            cells.append(item)
        elif isinstance(item, Sample):
            cells.extend(_sample_cells(item, skip))
        elif isinstance(item, Install):
            cells.append(CellSpec("code", item.source, item.line, tags=(TAG_INSTALL,),
                                  framework=item.scope.framework))
        elif isinstance(item, Video):
            source = video_cell_source(item.video_id)
            cells.append(CellSpec("code", source, item.line, hidden_input=True))
    return cells
