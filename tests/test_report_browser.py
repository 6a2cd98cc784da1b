"""The HTML report as a browser reads it: headless Chromium loads the file a real run wrote,
and the test reads the DOM Chromium built (``--dump-dom``), not the bytes written.

Skipped where no Chromium is installed (``.ci/run`` installs Debian's when it can).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from notebook_gen.commands import execute as command

FILES = Path(__file__).parent / "files"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")


@dataclass
class Node:
    """An element of the DOM, with its attributes, children and text."""

    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def find_all(self, tag: str, css: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if child.tag == tag and (css is None or css in child.attrs.get("class", "").split()):
                found.append(child)
            found += child.find_all(tag, css)
        return found

    @property
    def text(self) -> str:
        return "".join(self.parts) + "".join(child.text for child in self.children)


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"meta", "br", "img", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def _browser(*args: str, profile: Path) -> subprocess.CompletedProcess[bytes]:
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", *args],
        capture_output=True, timeout=120, check=True,
    )


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Node, str]:
    """A real run in a GitHub checkout: a page with two variants that fail, one that
    raises control characters and markup, one that passes."""
    repo = tmp_path_factory.mktemp("checkout")
    _git(repo, "init", "-q")
    _git(repo, "remote", "add", "origin", "git@github.com:acme/docs.git")
    notebooks = repo / "notebooks_out"
    (notebooks / "en" / "pytorch").mkdir(parents=True)
    shutil.copy(FILES / "Raises.ipynb", notebooks / "en" / "raises.ipynb")
    shutil.copy(FILES / "Raises.ipynb", notebooks / "en" / "pytorch" / "raises.ipynb")
    shutil.copy(FILES / "RaisesControlCharacters.ipynb", notebooks / "en" / "control.ipynb")
    shutil.copy(FILES / "Pass.ipynb", notebooks / "en" / "pass.ipynb")
    html = repo / "report.html"
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["execute", str(notebooks), "-q", "--html", str(html)])
    assert args.func(args) == 1
    profile = tmp_path_factory.mktemp("profile")
    screenshot = repo / "report.png"
    _browser(f"--screenshot={screenshot}", "--window-size=1200,900", html.as_uri(),
             profile=profile)
    dom = _browser("--dump-dom", html.as_uri(), profile=profile).stdout.decode()
    builder = _TreeBuilder()
    builder.feed(dom)
    return screenshot, builder.root, dom


def test_the_browser_renders_the_report(report: tuple[Path, Node, str]) -> None:
    screenshot, _, _ = report
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 5000


def test_one_row_per_page_with_its_notebooks_under_it(report: tuple[Path, Node, str]) -> None:
    _, root, _ = report
    pages = {body.attrs["data-page"]: body for body in root.find_all("tbody", "page")}
    assert sorted(pages) == ["docs/source/en/pass.md", "docs/source/en/raises.md",
                             "docs/source/en/raisescontrolcharacters.md"]
    raises = pages["docs/source/en/raises.md"]
    rows = raises.find_all("tr", "notebook")
    assert [row.attrs["data-notebook"] for row in rows] == ["en/raises.ipynb",
                                                            "en/pytorch/raises.ipynb"]
    assert [row.find_all("span", "label")[0].text for row in rows] == ["Mixed", "PyTorch"]
    assert all(row.find_all("span", "failed") for row in rows)  # each its own verdict
    assert raises.find_all("th")[0].find_all("span", "failed")  # and the page's


def test_links_point_at_the_page_line_and_at_colab(report: tuple[Path, Node, str]) -> None:
    _, root, _ = report
    hrefs = {a.attrs["href"] for a in root.find_all("a")}
    blob = "acme/docs/blob/main"
    assert f"https://github.com/{blob}/docs/source/en/raises.md#L20" in hrefs
    assert f"https://github.com/{blob}/docs/source/en/raises.md" in hrefs
    assert (f"https://colab.research.google.com/github/{blob}/notebooks_out/en/pytorch/"
            "raises.ipynb") in hrefs
    assert all(href.startswith(("https://github.com/", "https://colab.research.google.com/"))
               for href in hrefs)


def test_each_failure_message_once_shown_as_text(report: tuple[Path, Node, str]) -> None:
    _, root, dom = report
    summaries = [summary.text for summary in root.find_all("summary")]
    message = ("code cell 2 (docs/source/en/raises.md:20) raised ValueError: "
               "the docs are out of date")
    # the page's two notebooks hold the same code: one run, its failure shown once, and
    # the other notebook's row says it shares that run
    assert summaries.count(message) == 1
    assert root.find_all("body")[0].text.count(message) == 1  # and nowhere else
    shared = [div.text for div in root.find_all("div", "shared")]
    assert shared == ["shares the run of en/pytorch/raises.ipynb: the same failure"]
    control = next(text for text in summaries if "coloured" in text)
    assert "coloured, a bell \\x07, a form feed \\x0c and <b>markup</b>" in control
    assert not root.find_all("b")  # markup from the notebook is text, not elements
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", dom)  # no raw control bytes

