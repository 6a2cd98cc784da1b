"""The real workload: every page of the transformers docs tree (skipped when absent).

One ``build --all`` of the whole tree (as a user runs it, in a subprocess) and checks on
what it wrote:

* it exits 0 without ``--strict``: broken pages are recovered with warnings, not lost;
* every page has the three notebooks the docs site's Colab menu links (mixed, PyTorch,
  TensorFlow), and every notebook validates;
* no markdown cell parses into an indented code block (prose shown as code);
* no sample line is lost. An independent check re-finds the Python samples with plain
  markdown-it-py (dialect tag lines blanked out, as the dialect makes them stand alone;
  ``python out`` fences are outputs, as DIALECT.md says), strips prompts with the standard
  library's doctest parser, and requires every sample line to reach a code cell of the
  page's mixed notebook, in page order.
"""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pytest
from markdown_it import MarkdownIt

from notebook_gen.builder.inputs.discover import Page, find_languages, find_pages
from notebook_gen.convert.page import normalize_text
from notebook_gen.convert.parse import selects_page

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/transformers/docs/source"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")

_TAG_LINE = re.compile(
    r"^\s*</?(frameworkcontent|pt|tf|jax|flax|hfoptions|hfoption|tip|youtube)\b[^<>]*>\s*$",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")
_PYTHON = {"py", "python", "python3", "py3", "pycon", "ipython", "ipython3"}
SITE_MENU = ("", "pytorch/", "tensorflow/")
"""Folders of the three notebooks the docs site links for every page."""


def sample_lines(text: str) -> list[str]:
    """Code lines of every Python sample, found without notebook_gen's parser."""
    text = "\n".join("" if _TAG_LINE.match(line) else line for line in text.split("\n"))
    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence":
            continue
        words = token.info.strip().lower().split()
        language = words[0] if words else ""
        body = token.content
        if "out" in words[1:]:
            continue  # ```python out: an output, never code
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


def code_cell_lines(notebook: dict[str, Any]) -> list[str]:
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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str],
                                                             Path]:
    """``notebook-gen build --all`` of the corpus, run from an empty folder (no settings)."""
    work = tmp_path_factory.mktemp("corpus")
    done = subprocess.run([sys.executable, "-m", "notebook_gen", "build", str(CORPUS), "-o",
                           str(work / "out"), "--all", "--jobs", "2"],
                          cwd=work, capture_output=True, text=True, check=False)
    print(f"\n{done.stdout}", end="")
    return done, work / "out"


@cache
def corpus_pages() -> list[Page]:
    pages, errors = find_pages(CORPUS, find_languages(CORPUS))
    assert not errors
    return pages


def _notebook(out: Path, page: Page, folder: str = "") -> dict[str, Any]:
    path = out / page.notebook_path(folder.rstrip("/") or None)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_build_of_every_page_exits_0_without_strict(built) -> None:
    done, _ = built
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "error" not in done.stdout.splitlines()[-1]
    by_kind = re.search(r"^\d+ warnings in \d+ files \((.*)\):$", done.stderr, re.MULTILINE)
    print(f"warnings by kind: {by_kind[1] if by_kind else None}")


def test_every_page_has_the_three_notebooks_of_the_site_menu_and_they_validate(built) -> None:
    _, out = built
    assert len(corpus_pages()) == 779
    for page in corpus_pages():
        mixed = _notebook(out, page)
        nbformat.validate(nbformat.from_dict(mixed))
        split = mixed["metadata"]["notebook_gen"]["frameworks"]
        for folder in SITE_MENU[1:]:
            variant = _notebook(out, page, folder)
            if split:
                nbformat.validate(nbformat.from_dict(variant))
            else:  # the same cells as the mixed notebook: valid as it is
                assert variant["cells"] == mixed["cells"], page.rel


def test_no_markdown_cell_holds_an_indented_code_block(built) -> None:
    _, out = built
    blocks_only = MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)
    sources = {"".join(cell["source"]) for path in out.rglob("*.ipynb")
               for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
               if cell["cell_type"] == "markdown"}
    indented = [source for source in sources
                if any(token.type == "code_block" for token in blocks_only.parse(source))]
    print(f"markdown cells (distinct): {len(sources)}, with an indented code block: "
          f"{len(indented)}")
    assert indented == []


def test_no_sample_line_is_lost(built) -> None:
    _, out = built
    totals = Counter[str]()
    lost: dict[str, list[str]] = {}
    for page in corpus_pages():
        text = page.path.read_text(encoding="utf-8")
        expected = sample_lines(normalize_text(text))
        totals["sample_lines"] += len(expected)
        totals["colab_pages"] += selects_page(text)
        missing = _in_order(expected, code_cell_lines(_notebook(out, page)))
        if missing:
            lost[page.rel] = missing
            totals["lost"] += len(missing)
    print(f"corpus: {dict(totals)}")
    assert lost == {}
    assert totals["colab_pages"] == 123
