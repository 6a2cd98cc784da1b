"""A variant's blocks to cell specs: prose merged into markdown cells, samples split
into code cells with their expected output, installs and videos as code cells."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from notebook_gen.convert.metadata import TAG_INSTALL, TAG_RAISES, TAG_SKIP
from notebook_gen.convert.samples import CodeRun, prints_to_stdout, split_sample
from notebook_gen.model import Block, CellSpec, Install, Prose, Sample, Video


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


def _runs(sample: Sample) -> list[CodeRun]:
    """The sample's cells; an output fence that followed it is its last cell's output."""
    runs = split_sample(sample.source, sample.line)
    if sample.output is None or not runs:
        return runs
    last = runs[-1]
    output = sample.output if last.output is None else f"{last.output}\n{sample.output}"
    return [*runs[:-1], replace(last, output=output)]


def _sample_cells(sample: Sample, skip: re.Pattern[str] | None) -> Iterator[CellSpec]:
    for run in _runs(sample):
        tags: list[str] = []
        if run.raises:
            tags.append(TAG_RAISES)
        if skip is not None and skip.search(run.code):
            tags.append(TAG_SKIP)
        printed = run.output is not None and not run.raises and prints_to_stdout(run.code)
        yield CellSpec("code", run.code, run.line, run.output, tuple(tags), run.flags,
                       framework=sample.scope.framework,
                       output_kind="stream" if printed else "execute_result")


def compile_skip_patterns(patterns: Iterable[str]) -> re.Pattern[str] | None:
    joined = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(joined) if joined else None


def _code_cells(block: Block, skip: re.Pattern[str] | None) -> list[CellSpec]:
    if isinstance(block, Sample):
        return list(_sample_cells(block, skip))
    if isinstance(block, Install):
        return [CellSpec("code", block.source, block.line, tags=(TAG_INSTALL,),
                         framework=block.scope.framework)]
    if isinstance(block, Video):
        return [CellSpec("code", video_cell_source(block.video_id), block.line,
                         video_embed(block.video_id), hidden_input=True,
                         output_kind="display_html")]
    return []


def cell_specs(blocks: Iterable[Block], skip: re.Pattern[str] | None,
               memo: dict[int, list[CellSpec]] | None = None) -> list[CellSpec]:
    """The cells of one variant, in page order. A page's variants share most blocks:
    ``memo`` (by block identity, for one page's blocks) makes each code block's cells
    once for all of them."""
    cells: list[CellSpec] = []
    memo = {} if memo is None else memo
    for item in _prose_cells(blocks):
        if isinstance(item, CellSpec):
            cells.append(item)
            continue
        made = memo.get(id(item))
        if made is None:
            made = memo[id(item)] = _code_cells(item, skip)
        cells.extend(made)
    return cells


# ``<Youtube id="..."/>``: a code cell that shows the video (its input hidden), with the
# video already in its output.
def video_embed(video_id: str) -> str:
    """The iframe that shows the video: the cell's code displays it, and the cell
    stores it as its output so that the video shows before the cell runs."""
    url = f"https://www.youtube.com/embed/{video_id}"
    return (
        f'<iframe width="560" height="315" src="{url}" title="YouTube video player" '
        'frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; '
        'gyroscope; picture-in-picture" allowfullscreen></iframe>'
    )


def video_cell_source(video_id: str) -> str:
    """A Colab form cell (``#@title``) that embeds the video with an IPython iframe."""
    iframe = video_embed(video_id)
    return "\n".join([
        "#@title",
        "from IPython.display import HTML",
        "",
        f"HTML({json.dumps(iframe)})",
    ])
