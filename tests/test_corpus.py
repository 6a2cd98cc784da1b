"""The real workload: every page of the transformers docs tree (skipped when absent).

An independent check re-finds the Python samples with plain markdown-it-py (dialect tag
lines blanked out, as the dialect makes them stand alone), strips prompts with the
standard library's doctest parser, and requires every sample line to reach a code cell
of the page's mixed notebook, in page order.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from notebook_gen import PageError, convert_page
from notebook_gen.convert.dialect.prose import has_colab_marker
from notebook_gen.convert.notebook import dumps
from notebook_gen.convert.page import normalize_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/transformers/docs/source"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")

_TAG_LINE = re.compile(
    r"^\s*</?(frameworkcontent|pt|tf|jax|flax|hfoptions|hfoption|tip|youtube)\b[^<>]*>\s*$",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")
_PYTHON = {"py", "python", "python3", "py3", "pycon", "ipython", "ipython3"}


def sample_lines(text: str) -> list[str]:
    """Code lines of every Python sample, found without notebook_gen's parser."""
    text = "\n".join("" if _TAG_LINE.match(line) else line for line in text.split("\n"))
    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence":
            continue
        language = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
        body = token.content
        if language not in _PYTHON and not (not language and body.lstrip().startswith(">>>")):
            continue
        lines.extend(_code_lines(body))
    return [line for line in lines if line.strip()]


def _code_lines(body: str) -> list[str]:
    if ">>>" not in body:
        return body.split("\n")
    try:
        examples = doctest.DocTestParser().get_examples(body)
    except ValueError:  # inconsistent indentation: doctest gives up, so do it by hand
        return [_DIRECTIVE.sub("", line.lstrip()[4:]) for line in body.split("\n")
                if line.lstrip().startswith((">>> ", "... "))]
    return [_DIRECTIVE.sub("", line) for ex in examples for line in ex.source.split("\n")]


def code_cell_lines(notebook: dict) -> list[str]:
    return [line for cell in notebook["cells"] if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).split("\n")]


def _in_order(needles: list[str], haystack: list[str]) -> list[str]:
    """The needles not found in haystack in order (compared without outer whitespace)."""
    missing: list[str] = []
    position = 0
    stripped = [line.strip() for line in haystack]
    for needle in needles:
        try:
            position = stripped.index(needle.strip(), position) + 1
        except ValueError:
            missing.append(needle)
    return missing


def test_every_page_converts_validates_and_loses_no_sample_line() -> None:
    pages = sorted(CORPUS.rglob("*.md"))
    assert len(pages) == 779
    totals = {"pages": 0, "notebooks": 0, "sample_lines": 0, "lost": 0, "failed": 0,
              "colab_pages": 0, "colab_notebooks": 0, "colab_sample_lines": 0}
    lost: dict[str, list[str]] = {}
    failures: list[str] = []
    for page in pages:
        rel = page.relative_to(CORPUS).as_posix()
        text = page.read_text(encoding="utf-8")
        expected = sample_lines(normalize_text(text))
        totals["pages"] += 1
        try:
            result = convert_page(text, rel)
        except PageError as error:
            failures.append(str(error))
            totals["failed"] += 1
            continue
        totals["notebooks"] += len(result.notebooks)
        totals["sample_lines"] += len(expected)
        if has_colab_marker(text):
            totals["colab_pages"] += 1
            totals["colab_notebooks"] += len(result.notebooks)
            totals["colab_sample_lines"] += len(expected)
        for notebook in result.notebooks.values():
            nbformat.validate(nbformat.reads(dumps(notebook), as_version=4))
        missing = _in_order(expected, code_cell_lines(result.notebooks["mixed"]))
        if missing:
            lost[rel] = missing
            totals["lost"] += len(missing)
    print(f"\ncorpus: {totals}")
    assert lost == {}
    # Pages the converter rejects must be broken Markdown, named with file and line.
    assert all(re.match(r"^[\w/.-]+\.md:\d+: ", failure) for failure in failures), failures
    assert totals["failed"] <= 1, failures
