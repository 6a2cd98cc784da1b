"""Rewrite cases from ``fixtures/links/rewrite.txt``, plus properties of the rewrite."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.resolve import LinkResolver
from notebook_gen.links.urls import LinkContext
from tests.test_links_support import (
    DOCS,
    FIXTURES,
    PACKAGE,
    Case,
    check_rewrite,
    read_cases,
)

CASES = read_cases(FIXTURES / "rewrite.txt")


@pytest.fixture(scope="module")
def resolver() -> LinkResolver:
    return LinkResolver(Inventory.from_tree(tree_pages(DOCS)), package=PACKAGE)


@pytest.mark.parametrize("case", CASES, ids=[c.title for c in CASES])
def test_rewrite_case(case: Case, resolver: LinkResolver) -> None:
    check_rewrite(case, resolver)


def test_stats_count_references_and_links(resolver: LinkResolver) -> None:
    done = resolver.rewrite_with_stats(
        "[`Trainer`] [`Nope`] [a](training) [b](nowhere) [c](https://x.y)",
        LinkContext(package=PACKAGE, page="index"),
    )
    assert (done.refs_found, done.refs_resolved) == (2, 1)
    assert (done.links_found, done.links_resolved) == (2, 1)


_PROSE = st.text(st.sampled_from(list("ab `[]()<>!#./~\n")), max_size=60)


@given(_PROSE)
def test_rewrite_never_fails_and_keeps_text_without_links(text: str) -> None:
    resolver = LinkResolver(Inventory(), package=PACKAGE)
    out, _ = resolver.rewrite(text, LinkContext(package=PACKAGE), 1)
    if "[" not in text and "<" not in text:
        assert out == text


@given(st.text(st.sampled_from(list("ab[]()./")), max_size=30))
def test_code_spans_are_left_alone(inner: str) -> None:
    resolver = LinkResolver(Inventory(), package=PACKAGE)
    text = f"see `{inner.replace('`', '')}x` end"
    out, _ = resolver.rewrite(text, LinkContext(package=PACKAGE), 1)
    assert out == text
