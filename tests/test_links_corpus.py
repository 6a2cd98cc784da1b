"""The transformers corpus: how many API references and relative links resolve, with and
without an ``--external`` inventory of a second library (the made-up ``datasets`` of
``tests/fixtures/links/datasets``).

Skipped when ``../shared/corpus/transformers/docs/source`` (from the repository
root) is absent. Run with ``-s`` to see the figures (timings are printed, never
asserted: ``make bench`` measures speed).
"""

from __future__ import annotations

import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from notebook_gen.builder.inputs.discover import tree_pages
from notebook_gen.links.check import check_tree
from notebook_gen.links.external import ExternalDocs, ExternalSpec, load_external
from notebook_gen.links.inventory import Inventory
from notebook_gen.links.resolve import LinkResolver, Rewritten
from notebook_gen.links.scanner import blank_fences
from notebook_gen.links.urls import LinkContext
from tests.test_links_public import LIBRARY_DOCS

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "transformers"
DOCS = CORPUS / "docs" / "source"
pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="transformers corpus not present")


@cache
def _pages() -> tuple[tuple[str, str, str], ...]:
    return tuple((lang, page, blank_fences(path.read_text("utf-8")))
                 for lang, page, path in tree_pages(DOCS).pages)


def _rewrite_all(externals: tuple[ExternalDocs, ...] = ()) -> list[Rewritten]:
    resolver = LinkResolver(Inventory.from_tree(tree_pages(DOCS)), package="transformers",
                            externals=externals)
    return [resolver.rewrite_with_stats(text, LinkContext(lang=lang, page=page))
            for lang, page, text in _pages()]


def _unresolved(done: list[Rewritten]) -> list[tuple[str, str, int, str, str]]:
    return [(lang, page, ref.line, ref.name, ref.reason)
            for (lang, page, _), rewritten in zip(_pages(), done, strict=True)
            for ref in rewritten.unresolved]


def _by_reason(unresolved: list[tuple[str, str, int, str, str]]) -> Counter[str]:
    return Counter(reason.split(":")[0] for *_, reason in unresolved)


def test_corpus_figures() -> None:
    started = time.perf_counter()
    inventory = Inventory.from_tree(tree_pages(DOCS))
    scan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    done = _rewrite_all()
    rewrite_seconds = time.perf_counter() - started
    refs = sum(d.refs_found for d in done)
    resolved = sum(d.refs_resolved for d in done)
    links = sum(d.links_found for d in done)
    landed = sum(d.links_resolved for d in done)
    report = check_tree(tree_pages(DOCS), "transformers")

    print(f"\npages {len(_pages())}, [[autodoc]] entries {len(inventory.entries)}")
    print(f"inventory scan {scan_seconds:.3f} s, rewrite of every page {rewrite_seconds:.3f} s")
    print(f"API references found {refs}, resolved {resolved}, unresolved {refs - resolved}")
    for reason, count in _by_reason(_unresolved(done)).most_common():
        print(f"  {count:5d}  {reason}")
    print(f"relative links found {links}, landing on a page or file {landed}")
    print(
        f"link check: {len(report.broken)} broken among {report.relative_links} relative"
        f" links and {report.anchors} links with an #anchor"
    )
    kinds = Counter(b.message.split("`: ")[1].split(" `")[0] for b in report.broken)
    for kind, count in kinds.most_common():
        print(f"  {count:5d}  {kind}")

    assert len(_pages()) == 779
    assert resolved / refs > 0.85
    assert landed / links > 0.95
    assert len(report.broken) < 0.07 * report.relative_links


def test_an_external_inventory_resolves_the_other_library_references() -> None:
    without = _unresolved(_rewrite_all())
    external = load_external(ExternalSpec("datasets", LIBRARY_DOCS), tree_pages)
    with_it = _unresolved(_rewrite_all((external,)))
    print(f"\nunresolved without --external: {len(without)} {dict(_by_reason(without))}")
    print(f"unresolved with --external datasets=<fixture>: {len(with_it)} "
          f"{dict(_by_reason(with_it))}")

    def into_datasets(ref: tuple[str, str, int, str, str]) -> bool:
        return ref[3].lstrip("~").startswith("datasets.")

    # Every other reference is as it was; of the datasets ones, only those the fixture
    # library cannot tell apart (``datasets.map``: a member of two classes) stay.
    assert [r for r in with_it if not into_datasets(r)] == [
        r for r in without if not into_datasets(r)]
    before = [r for r in without if into_datasets(r)]
    after = [r for r in with_it if into_datasets(r)]
    assert len(before) > 100
    assert {r[3] for r in after} == {"~datasets.map"}
    assert all(r[4].startswith("ambiguous") for r in after)
