"""Property tests: pages generated from the dialect's grammar always convert, every notebook
validates, every Python sample line reaches a code cell in page order, and converting is
deterministic.

The generator builds a page and, independently of the converter, the list of Python lines
it holds: doctest samples are read with :class:`doctest.DocTestParser`, other samples line
by line. ``HYPOTHESIS_PROFILE=long`` runs many more examples.
"""

from __future__ import annotations

import doctest
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from notebook_gen.convert.notebook import NotebookDict, dumps
from notebook_gen.convert.page import convert_page
from notebook_gen.convert.parse import selects_page
from notebook_gen.errors import PageError

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
LONG = PROFILE == "long"
settings.register_profile("long", max_examples=3000, deadline=None)


def examples(default: int) -> settings:
    """``default`` examples in ``make test``, fifteen times as many in the long profile."""
    return settings(max_examples=default * 15 if LONG else default, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- a page as lines, with the Python lines it holds --------------------------------------

@dataclass
class Piece:
    """Some lines of a page, and the expected lines of each Python sample among them."""

    lines: list[str] = field(default_factory=list)
    samples: list[list[str]] = field(default_factory=list)

    def __add__(self, other: Piece) -> Piece:
        return Piece(self.lines + other.lines, self.samples + other.samples)


def joined(pieces: list[Piece], blank: Callable[[int], bool] = lambda _: True) -> Piece:
    """Pieces one after the other, separated by a blank line where ``blank(i)``."""
    out = Piece()
    for i, piece in enumerate(pieces):
        # An HTML block runs to the next blank line (CommonMark): give it one.
        after_html = bool(out.lines) and out.lines[-1].lstrip("> -1.").startswith("<div")
        if i and (blank(i) or after_html):
            out.lines.append("")
        out = out + piece
    return out


def prefixed(piece: Piece, first: str, rest: str) -> Piece:
    """Every line behind a container marker (a quote's ``> ``, a list item's ``- ``)."""
    lines = []
    for i, line in enumerate(piece.lines):
        marker = first if i == 0 else rest
        lines.append(marker + line if line else marker.rstrip())
    return Piece(lines, piece.samples)


_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")


def doctest_lines(body: list[str]) -> list[str]:
    """The source lines of a doctest sample, as the standard library reads them."""
    parser = doctest.DocTestParser()
    lines: list[str] = []
    # Directives are removed first: doctest rejects flags it does not know (IGNORE_RESULT).
    text = "\n".join(_DIRECTIVE.sub("", line) for line in body) + "\n"
    for example in parser.get_examples(text):
        lines.extend(line.rstrip() for line in example.source.splitlines())
    return [line for line in lines if line.strip()]


# --- words ----------------------------------------------------------------------------------

LETTERS = st.characters(categories=("Lu", "Ll", "Lo"), exclude_characters="ªº")
WORD_CHARS = st.characters(categories=("L", "N", "Zs", "Mn", "So"),
                           include_characters=".,;:!?()'\"-/%&*_=+", exclude_characters="\u3000")

words = st.builds(lambda first, rest: first + rest, LETTERS, st.text(WORD_CHARS, max_size=30))
identifier = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True)
anchor = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
literal_text = st.text(st.characters(categories=("L", "N", "Zs", "So"), exclude_characters="\x85"),
                       max_size=12)

inline = st.one_of(
    words,
    st.builds(lambda t, p: f"{t} [{p}](./{p}) {t}", words, identifier),
    st.builds(lambda t, p: f"{t} [`{p}`] and [`~transformers.{p}.run`]", words, identifier),
    st.builds(lambda t: f"{t} \\\\( x^2 \\\\) `code {t}`", words),
    st.builds(lambda t: f"**{t}** see https://example.org/{len(t)}", words),
)


@st.composite
def prose(draw: st.DrawFn) -> Piece:
    return Piece(draw(st.lists(inline, min_size=1, max_size=3)))


@st.composite
def heading(draw: st.DrawFn) -> Piece:
    level = "#" * draw(st.integers(1, 6))
    suffix = draw(st.one_of(st.just(""), anchor.map(lambda a: f"[[{a}]]")))
    return Piece([f"{level} {draw(words).strip() or 'Title'}{suffix}"])


# --- code -----------------------------------------------------------------------------------

statement = st.one_of(
    st.builds(lambda n, t: f"{n} = {t!r}", identifier, literal_text),
    st.builds(lambda n, i: f"{n} = {i} * 2", identifier, st.integers(-10**6, 10**6)),
    st.builds(lambda n: f"print({n})", identifier),
    st.builds(lambda n: f"{n}.to('cuda')", identifier),
    st.builds(lambda n, t: f"{n} = [{t!r}]  # {t}", identifier, literal_text),
)


@st.composite
def plain_code(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            lines += [f"for {draw(identifier)} in range(3):", "    " + draw(statement)]
        elif kind == 1:
            lines.append("")
        else:
            lines.append(draw(statement))
    if not any(line.strip() for line in lines):
        lines.append(draw(statement))
    return lines


output_line = st.one_of(
    literal_text.filter(lambda t: t.strip() and not t.lstrip().startswith((">>>", "..."))),
    st.integers().map(str),
    st.builds(lambda t: f"{{'label': {t!r}, 'score': 0.99}}", literal_text),
)
directive = st.sampled_from(["", "  # doctest: +SKIP", "  # doctest: +IGNORE_RESULT",
                             "  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE"])


@st.composite
def doctest_code(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines += [f">>> for {draw(identifier)} in range(2):" + draw(directive),
                      "...     " + draw(statement), "..."]
        else:
            lines.append(">>> " + draw(statement) + draw(directive))
        kind = draw(st.integers(0, 3))
        if kind == 1:
            lines += draw(st.lists(output_line, min_size=1, max_size=3))
        elif kind == 2:
            lines += ["Traceback (most recent call last):", "  ...", "ValueError: " + draw(words)]
    return lines


FENCES = (("```", "```"), ("~~~", "~~~"), ("````", "````"))


@st.composite
def python_fence(draw: st.DrawFn) -> Piece:
    is_doctest = draw(st.booleans())
    body = draw(doctest_code()) if is_doctest else draw(plain_code())
    opener, closer = draw(st.sampled_from(FENCES))
    infos = ["py", "python", "py title=\"example.py\""] + ([""] if is_doctest else [])
    info = draw(st.sampled_from(infos))
    expected = doctest_lines(body) if is_doctest else [b.rstrip() for b in body if b.strip()]
    return Piece([opener + info, *body, closer], [expected])


@st.composite
def other_fence(draw: st.DrawFn) -> Piece:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return Piece(["```bash", f"pip install {draw(identifier)}", "```"])
    if choice == 1:
        return Piece(["```json", '{"a": ' + str(draw(st.integers())) + "}", "```"])
    if choice == 2:  # a Markdown fence showing a Python fence: prose, not a sample
        return Piece(["````md", "```py", draw(statement), "```", "````"])
    return Piece(["```", draw(words), "```"])


@st.composite
def leaf(draw: st.DrawFn) -> Piece:
    return draw(st.one_of(
        prose(), prose(), heading(), python_fence(), python_fence(), other_fence(),
        st.just(Piece(["<Youtube id=\"dQw4w9WgXcQ\"/>"])),
        st.just(Piece(['<div class="flex"><img src="a.png"/></div>'])),
        st.just(Piece(["[[open-in-colab]]"])),
    ))


# --- containers -----------------------------------------------------------------------------

def blocks(inner: st.SearchStrategy[Piece], max_size: int = 3) -> st.SearchStrategy[Piece]:
    return st.lists(inner, min_size=1, max_size=max_size).map(joined)


def tip(inner: st.SearchStrategy[Piece]) -> st.SearchStrategy[Piece]:
    opener = st.sampled_from(["<Tip>", "<Tip warning={true}>", "<tip>"])
    return st.builds(lambda o, body: Piece([o]) + body + Piece(["</Tip>" if o != "<tip>"
                                                               else "</tip>"]),
                     opener, blocks(inner))


def quote(inner: st.SearchStrategy[Piece]) -> st.SearchStrategy[Piece]:
    return blocks(inner).map(lambda body: prefixed(body, "> ", "> "))


def alert(inner: st.SearchStrategy[Piece]) -> st.SearchStrategy[Piece]:
    kind = st.sampled_from(["TIP", "WARNING", "NOTE", "IMPORTANT"])
    return st.builds(lambda k, body: prefixed(Piece([f"[!{k}]"]) + body, "> ", "> "),
                     kind, blocks(inner))


def list_items(inner: st.SearchStrategy[Piece]) -> st.SearchStrategy[Piece]:
    ordered = st.booleans()

    def items(is_ordered: bool, bodies: list[Piece]) -> Piece:
        marker, rest = ("1. ", "   ") if is_ordered else ("- ", "  ")
        return joined([prefixed(body, marker, rest) for body in bodies])

    return st.builds(items, ordered, st.lists(blocks(inner, 2), min_size=1, max_size=3))


def content(depth: int) -> st.SearchStrategy[Piece]:
    """Blocks that may sit anywhere, nested up to ``depth`` containers deep."""
    if depth == 0:
        return leaf()
    inner = content(depth - 1)
    return st.one_of(leaf(), leaf(), leaf(), tip(inner), quote(inner), alert(inner),
                     list_items(inner))


FRAMEWORK_TAGS = ("pt", "tf", "jax", "flax")
OPTION_IDS = ("PyTorch", "TensorFlow", "pipeline", "AutoModel", "jax")


@st.composite
def framework_block(draw: st.DrawFn) -> Piece:
    tags = draw(st.lists(st.sampled_from(FRAMEWORK_TAGS), min_size=1, max_size=3, unique=True))
    children = [Piece([f"<{tag}>"]) + draw(blocks(content(1))) + Piece([f"</{tag}>"])
                for tag in tags]
    return Piece(["<frameworkcontent>"]) + joined(children) + Piece(["</frameworkcontent>"])


@st.composite
def options_block(draw: st.DrawFn) -> Piece:
    ids = draw(st.lists(st.sampled_from(OPTION_IDS), min_size=1, max_size=3, unique=True))
    children = [Piece([f'<hfoption id="{option}">']) + draw(blocks(content(1)))
                + Piece(["</hfoption>"]) for option in ids]
    name = draw(identifier)
    return Piece([f'<hfoptions id="{name}">']) + joined(children) + Piece(["</hfoptions>"])


@st.composite
def pages(draw: st.DrawFn) -> Piece:
    top = st.one_of(content(2), content(1), framework_block(), options_block())
    parts = draw(st.lists(top, min_size=1, max_size=6))
    head = [Piece(["<!--Copyright 2024 The Authors. Licensed under the Apache License.-->"]),
            Piece(["[[open-in-colab]]"])] if draw(st.booleans()) else []
    # Blank lines between blocks, or none: tags and fences must hold without them.
    gaps = draw(st.lists(st.booleans(), min_size=len(parts) + 2, max_size=len(parts) + 2))
    return joined([*head, *parts], blank=lambda i: gaps[i] or i < len(head) + 1)


# --- properties -----------------------------------------------------------------------------

def validate(notebook: NotebookDict) -> None:
    node = nbformat.reads(dumps(notebook), as_version=4)
    nbformat.validate(node)


def code_lines(notebook: NotebookDict) -> list[str]:
    return [line.rstrip() for cell in notebook["cells"] if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).split("\n")]


def assert_in_order(expected: list[str], actual: list[str]) -> None:
    """Every expected line appears in ``actual``, in the same order."""
    position = 0
    for line in expected:
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            pytest.fail(f"sample line {line!r} missing from the code cells (or out of order)"
                        f"\ncode lines: {actual}")


def page_text(piece: Piece, newline: str = "\n") -> str:
    return newline.join(piece.lines) + newline


@examples(300)
@given(pages())
def test_generated_pages_convert_validate_keep_samples_and_are_deterministic(page: Piece
                                                                             ) -> None:
    text = page_text(page)
    first = convert_page(text, "en/generated.md")
    assert "mixed" in first.notebooks
    for notebook in first.notebooks.values():
        validate(notebook)
    expected = [line for sample in page.samples for line in sample]
    assert_in_order(expected, code_lines(first.notebooks["mixed"]))
    second = convert_page(text, "en/generated.md")
    assert {k: dumps(v) for k, v in first.notebooks.items()} == \
        {k: dumps(v) for k, v in second.notebooks.items()}


@examples(100)
@given(pages(), st.sampled_from(["\r\n", "\r"]), st.booleans())
def test_crlf_and_bom_convert_like_the_plain_page(page: Piece, newline: str, bom: bool) -> None:
    plain = convert_page(page_text(page), "en/p.md")
    other = convert_page(("\ufeff" if bom else "") + page_text(page, newline), "en/p.md")
    assert {k: dumps(v) for k, v in plain.notebooks.items()} == \
        {k: dumps(v) for k, v in other.notebooks.items()}


# --- arbitrary text: never anything but a PageError -----------------------------------------

FRAGMENTS = (
    "```py", "```", "~~~", "````", "```python", ">>> x = 1", "... y", "<Tip>", "</Tip>",
    "<frameworkcontent>", "</frameworkcontent>", "<pt>", "</pt>", "<tf>", "</tf>", "<jax>",
    "</jax>", '<hfoptions id="a">', "</hfoptions>", '<hfoption id="PyTorch">', "</hfoption>",
    "> [!TIP]", "> ", "- ", "1. ", "    ", "## Title[[anchor]]", "[[open-in-colab]]", "---",
    "title: x", "<!-- licence -->", "<!--", "-->", '<Youtube id="x"/>', "<div>", "</div>",
    "\\\\( a \\\\)", "[`Trainer`]", "[x](./y)", "\t", "", "|a|b|", "|-|-|",
)


@st.composite
def junk_pages(draw: st.DrawFn) -> str:
    line = st.one_of(
        st.lists(st.sampled_from(FRAGMENTS), max_size=3).map("".join),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=20),
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(draw(st.lists(line, max_size=25)))


@examples(300)
@given(junk_pages())
def test_arbitrary_text_converts_or_raises_a_page_error_with_a_line(text: str) -> None:
    try:
        result = convert_page(text, "en/junk.md")
    except PageError as error:
        assert error.path == "en/junk.md"
        assert error.line is not None and error.line >= 1
        return
    for notebook in result.notebooks.values():
        validate(notebook)
    again = convert_page(text, "en/junk.md")
    assert dumps(result.notebooks["mixed"]) == dumps(again.notebooks["mixed"])


# --- broken structure: recovered with a warning, never a crash ------------------------------

@examples(100)
@given(pages(), st.data())
def test_dropping_a_tag_line_gives_a_structure_warning_and_notebooks(page: Piece,
                                                                     data: st.DataObject) -> None:
    tag_line = re.compile(r"[> ]*</?(Tip|tip|frameworkcontent|pt|tf|jax|flax|hfoptions?)\b.*")
    tag_lines = [i for i, line in enumerate(page.lines) if tag_line.fullmatch(line)]
    if not tag_lines:
        return
    dropped = data.draw(st.sampled_from(tag_lines))
    lines = page.lines[:dropped] + page.lines[dropped + 1:]
    result = convert_page("\n".join(lines), "en/broken.md")
    assert any(w.kind == "structure" and w.line for w in result.warnings), \
        "a dropped tag line went unnoticed"
    for notebook in result.notebooks.values():
        validate(notebook)


# --- reading the page: selection as conversion, prose never shown as code ------------------

_BLOCKS_ONLY = MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)


@examples(100)
@given(st.one_of(pages().map(page_text), junk_pages()))
def test_selection_reads_the_page_as_conversion_does(text: str) -> None:
    """The shortcut (parse up to the first marker) agrees with a parse of the whole page,
    and a selected page's notebooks hold no marker line outside code."""
    selected = selects_page(text)
    assert selected == selects_page(text, prefix=False)
    try:
        result = convert_page(text, "en/p.md")
    except PageError:
        return
    markdown = [cell for cell in result.notebooks["mixed"]["cells"]
                if cell["cell_type"] == "markdown"]
    prose_lines = [line for cell in markdown for token in _BLOCKS_ONLY.parse(
        "".join(cell["source"])) if token.type in ("paragraph_open", "heading_open")
        and token.map for line in "".join(cell["source"]).split("\n")[slice(*token.map)]]
    if selected:
        assert not any(line.strip() == "[[open-in-colab]]" for line in prose_lines)


@examples(100)
@given(pages())
def test_no_markdown_cell_is_an_indented_code_block(page: Piece) -> None:
    for notebook in convert_page(page_text(page), "en/p.md").notebooks.values():
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                tokens = _BLOCKS_ONLY.parse("".join(cell["source"]))
                assert not [t for t in tokens if t.type == "code_block"], cell["source"]
