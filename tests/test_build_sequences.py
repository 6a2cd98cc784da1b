"""One truth, as a property: whatever happened to a docs tree and its output folder between
builds, a build leaves the folder that a fresh build would make, and ``--check`` agrees.

Hypothesis draws a sequence of what happens to a checkout: pages edited (also keeping their
size and getting their old mtime back, as ``cp -p`` or a branch switch can), renamed, moved
between folders and back, deleted and added; notebooks edited by hand (same size, mtime
restored); files aged so that their ``stat`` is trusted; and builds of every language or of
one (``--lang``). After the sequence, one plain build must leave exactly what a fresh build
into an empty folder makes, and ``build --check`` must then exit 0.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notebook_gen.builder.build import BuildOptions, build
from notebook_gen.convert.options import ConvertOptions
from notebook_gen.links.urls import LinkContext
from tests.buildtree import CONFIG, tree_bytes, write_pages

LANGS = ("en", "ko")
NAMES = ("alpha", "beta", "gamma")
FOLDERS = ("", "tasks/", "other/")  # "tasks" and "other" are as long: a move keeps sizes
LONG_AGO_NS = 1_000_000_000_000_000_000
MACHINE_LOCAL = {".notebook-gen-snapshot.json", ".notebook-gen.lock"}

PAGE = """# {name}

[[open-in-colab]]

Revision {rev} of this page.

```py
>>> value = {rev}
>>> value + 1
{next}
```
"""

SPLIT_PAGE = """# {name}

[[open-in-colab]]

Revision {rev}.

<frameworkcontent>
<pt>

```py
>>> torch_value = {rev}
```

</pt>
<tf>

```py
>>> tf_value = {rev}
```

</tf>
</frameworkcontent>
"""


def page_text(name: str, rev: int) -> str:
    template = SPLIT_PAGE if name == "gamma" else PAGE
    return template.format(name=name, rev=rev % 10, next=rev % 10 + 1)


class Checkout:
    """A docs tree and its output folder, and the steps that happen to them."""

    def __init__(self, root: Path) -> None:
        self.source = root / "docs" / "source"
        self.out = root / "out"
        self.fresh = root / "fresh"
        self.revisions: dict[str, int] = {}
        pages = {"_config.py": CONFIG}
        for lang in LANGS:
            for name in NAMES[:2]:
                pages[f"{lang}/{name}.md"] = page_text(name, 0)
                self.revisions[f"{lang}/{name}.md"] = 0
        write_pages(self.source, pages)
        self.options = BuildOptions(
            source=self.source, out=self.out, jobs=1, package="transformers",
            convert=ConvertOptions(link_context=LinkContext(package="transformers")))

    def pages(self) -> list[str]:
        return sorted(self.revisions)

    def pick(self, index: int) -> str | None:
        pages = self.pages()
        return pages[index % len(pages)] if pages else None

    def edit(self, index: int, same_size: bool) -> None:
        rel = self.pick(index)
        if rel is None:
            return
        path = self.source / rel
        before = path.stat()
        self.revisions[rel] += 1
        name = Path(rel).stem
        text = page_text(name, self.revisions[rel])
        if not same_size:
            text += "\nOne more line.\n" * (self.revisions[rel] % 3 + 1)
        path.write_text(text, encoding="utf-8")
        if same_size and len(text.encode()) == before.st_size:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    def move(self, index: int, folder: str) -> None:
        rel = self.pick(index)
        if rel is None:
            return
        lang, name = rel.split("/")[0], Path(rel).name
        target = f"{lang}/{folder}{name}"
        if target == rel or target in self.revisions:
            return
        (self.source / target).parent.mkdir(parents=True, exist_ok=True)
        (self.source / rel).rename(self.source / target)
        self.revisions[target] = self.revisions.pop(rel)

    def delete(self, index: int) -> None:
        rel = self.pick(index)
        if rel is not None:
            (self.source / rel).unlink()
            del self.revisions[rel]

    def add(self, lang: str, name: str, folder: str) -> None:
        rel = f"{lang}/{folder}{name}.md"
        if any(Path(page).name == f"{name}.md" and page.startswith(lang)
               for page in self.revisions):
            return  # one page of a name per language: a collision is another test's subject
        write_pages(self.source, {rel: page_text(name, 0)})
        self.revisions[rel] = 0

    def hand_edit(self, index: int) -> None:
        notebooks = sorted(self.out.rglob("*.ipynb")) if self.out.exists() else []
        if not notebooks:
            return
        path = notebooks[index % len(notebooks)]
        before = path.stat()
        data = path.read_bytes()
        edited = data.replace(b'"nbformat_minor": 5', b'"nbformat_minor": 4', 1)
        if edited == data:
            edited = data.replace(b'"nbformat_minor": 4', b'"nbformat_minor": 5', 1)
        path.write_bytes(edited)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    def age(self) -> None:
        for folder in (self.source, self.out):
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith(".notebook-gen-"):
                    os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))

    def build(self, lang: str | None) -> None:
        langs = (lang,) if lang else ()
        build(replace(self.options, langs=langs))


def steps() -> st.SearchStrategy[tuple[object, ...]]:
    index = st.integers(0, 7)
    return st.one_of(
        st.tuples(st.just("edit"), index, st.booleans()),
        st.tuples(st.just("move"), index, st.sampled_from(FOLDERS)),
        st.tuples(st.just("delete"), index),
        st.tuples(st.just("add"), st.sampled_from(LANGS), st.sampled_from(NAMES),
                  st.sampled_from(FOLDERS)),
        st.tuples(st.just("hand_edit"), index),
        st.tuples(st.just("age")),
        st.tuples(st.just("build"), st.sampled_from((None, "en", "ko"))),
    )


def without_local(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items()
            if Path(path).name not in MACHINE_LOCAL}


@pytest.fixture(autouse=True)
def _no_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@settings(max_examples=int(os.environ.get("SEQUENCE_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(steps(), min_size=1, max_size=10))
@example([("delete", 0)] * 4)  # every page gone (hypothesis found it)
@example([("move", 0, "tasks/"), ("build", "en"), ("move", 0, "other/"), ("hand_edit", 1)])
def test_after_any_sequence_a_build_equals_a_fresh_build_and_check_agrees(
        sequence: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        checkout = Checkout(Path(folder))
        checkout.build(None)
        for step in sequence:
            getattr(checkout, str(step[0]))(*step[1:])
        report = build(checkout.options)
        assert report.ok, report.errors
        fresh = build(replace(checkout.options, out=checkout.fresh))
        assert fresh.ok, fresh.errors
        made = without_local(tree_bytes(checkout.fresh)) if checkout.fresh.exists() else {}
        kept = without_local(tree_bytes(checkout.out))
        if not made:  # every page is gone: a fresh build makes nothing, and the folder
            # keeps only the manifest, recording no page
            assert set(kept) <= {".notebook-gen-manifest.json"}, sorted(kept)
            assert '"pages": {}' in kept.get(".notebook-gen-manifest.json", b"{}").decode()
        else:
            assert kept == made
        check = build(replace(checkout.options, check=True))
        assert check.ok, (check.stale, check.errors)
